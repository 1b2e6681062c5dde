import type { Observable } from 'rxjs';
import type { EventBus } from '../../outbox/event-bus.js';
import type { OutboxEvent } from '../../outbox/event-types.js';
import type { OutboxService } from '../../outbox/outbox.service.js';

/** Events replayed per outbox read. */
const REPLAY_BATCH = 500;

/** What one subscription wants: its event types, an optional cursor, and a per-event scope check. */
export interface StreamOptions<T> {
  types: readonly string[];
  /** Resume after this sequence: missed events are replayed from the outbox first. */
  after?: number;
  /** Whether this caller may see this event now (checked per event); also maps it to the message. */
  accept: (event: OutboxEvent) => Promise<T | null> | T | null;
  /** Messages that are not outbox events (a roster sync's progress), sent as they come, between the events. */
  extra?: Observable<T>;
}

/**
 * An async iterator of one subscription: replays from the outbox after the cursor, then goes on with
 * the bus's live events, with no gap and no duplicate (live events arriving during the replay are
 * held and only those past the replay's last sequence are sent). Closing it unsubscribes at once.
 */
export function eventStream<T>(bus: EventBus, outbox: OutboxService, options: StreamOptions<T>): AsyncIterableIterator<T> {
  const held: OutboxEvent[] = [];
  const ready: T[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const types = new Set(options.types);

  const live = bus.events$.subscribe((event) => {
    if (!types.has(event.type)) return;
    held.push(event);
    wake?.();
  });
  let last = options.after ?? bus.lastSequence;

  const emit = (value: T) => {
    const next = waiting.shift();
    if (next) next({ value, done: false });
    else ready.push(value);
  };
  const extra = options.extra?.subscribe((value) => {
    if (!closed) emit(value);
  });
  const close = () => {
    if (closed) return;
    closed = true;
    live.unsubscribe();
    extra?.unsubscribe();
    wake?.();
    for (const next of waiting.splice(0)) next({ value: undefined, done: true });
  };

  void (async () => {
    try {
      if (options.after !== undefined) {
        for (;;) {
          const batch = await outbox.after(last, REPLAY_BATCH, options.types);
          for (const event of batch) {
            if (closed) return;
            last = event.sequence;
            const message = await options.accept(event);
            if (message !== null) emit(message);
          }
          if (batch.length < REPLAY_BATCH) break;
        }
      }
      while (!closed) {
        const event = held.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (event.sequence <= last) continue;
        last = event.sequence;
        const message = await options.accept(event);
        if (message !== null && !closed) emit(message);
      }
    } catch {
      close();
    }
  })();

  return {
    next: () => {
      const value = ready.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: () => {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw: (error?: unknown) => {
      close();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
