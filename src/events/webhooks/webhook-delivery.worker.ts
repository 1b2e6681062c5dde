import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { PersonalDataService } from '../../common/personal-data/personal-data.service.js';
import { AppConfig } from '../../config/app-config.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { EventBus } from '../../outbox/event-bus.js';
import { EventsPool } from '../../outbox/events-pool.js';
import { WebhookNotices } from './webhook-notices.js';
import { webhookHeaders } from './webhook-signature.js';
import { checkWebhookUrl } from './webhook-url.js';
import { CLAIM_DELIVERIES_SQL, DELIVERIES_SUCCEEDED_SQL, DELIVERY_FAILED_SQL, ENDPOINT_FAILED_SQL, ENDPOINT_SUCCEEDED_SQL } from './webhooks.sql.js';

/** Deliveries one instance has in flight at most. */
const MAX_IN_FLIGHT = 128;
/** How long a success waits for others to be recorded with it. */
const SUCCESS_BATCH_MS = 5;
/** A claimed delivery is this instance's for this long (a dead instance's claims lapse and are retried). */
const LEASE_SECONDS = 60;
/** Most of a response body kept. */
const BODY_LIMIT = 1024;
/** Longest wait between two retries of one delivery. */
const MAX_BACKOFF_MS = 3_600_000;
/** An endpoint failing this long is disabled. */
const DISABLE_AFTER_MS = 3 * 86_400_000;
/** pg-boss queue of the periodic sweep (retries that came due, lapsed leases). */
export const WEBHOOK_SWEEP_QUEUE = 'events.webhook-sweep';

interface Claimed {
  id: string;
  event_id: string;
  event_sequence: string;
  attempts: number;
  first_failed_at: Date | null;
  endpoint_id: string;
  endpoint_failing_since: Date | null;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** What one attempt gave. */
interface Attempt {
  ok: boolean;
  code: number | null;
  body: string | null;
  latencyMs: number;
  error: string | null;
  retryAfterMs: number | null;
}

/**
 * Sends webhook deliveries: at least once, in sequence order per (endpoint, subject), a failing
 * endpoint never holding back another. Deliveries live in PostgreSQL; each instance claims the
 * head of each (endpoint, subject) with FOR UPDATE SKIP LOCKED and a lease, so no delivery is
 * sent by two instances at once, and one whose sender died is sent again (same webhook-id) when
 * its lease lapses. Woken by the event bus (new events), by each finished delivery, and by a
 * pg-boss recurring sweep plus a 1 s local timer (retries coming due).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDelivery');
  private inFlight = 0;
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  private readonly running = new Set<Promise<void>>();
  /** Successes waiting to be recorded together (one statement for many), and the flush that will record them. */
  private successes: { id: string; code: number | null; body: string | null; latencyMs: number }[] = [];
  private flushing?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly personalData: PersonalDataService,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly pool: EventsPool,
    private readonly notices: WebhookNotices,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    this.subscription = this.bus.events$.subscribe(() => this.wake());
    this.timer = setInterval(() => this.wake(), 1000);
    this.timer.unref();
    await this.jobs.recurring(WEBHOOK_SWEEP_QUEUE, '* * * * *', () => this.pump(), { pollingIntervalSeconds: 30, expireInSeconds: 120 });
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await Promise.allSettled([...this.running]);
  }

  /** Asks for a pump soon (coalesced). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    void this.pump();
  }

  /** Claims and starts as many due deliveries as there is room for. */
  async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        for (;;) {
          const room = MAX_IN_FLIGHT - this.inFlight;
          if (room <= 0 || this.stopped) break;
          const claimed = await this.claim(room);
          for (const delivery of claimed) this.start(delivery);
          if (claimed.length < room) break;
        }
      } while (this.pumpAgain && !this.stopped);
    } catch (error) {
      if (!this.stopped) this.logger.warn(`Claiming deliveries failed: ${(error as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  private start(delivery: Claimed): void {
    this.inFlight++;
    const run = this.deliver(delivery)
      .catch((error: Error) => this.logger.warn(`Delivery ${delivery.id} could not be recorded: ${error.message}`))
      .finally(() => {
        this.inFlight--;
        this.running.delete(run);
        // Refill in batches (each claim scans the pending heads): at half capacity, or when idle.
        if (this.inFlight <= MAX_IN_FLIGHT / 2) this.wake();
      });
    this.running.add(run);
  }

  // The head (lowest sequence) of each (endpoint, subject) still pending, due, not leased, on an enabled endpoint.
  private async claim(limit: number): Promise<Claimed[]> {
    return this.pool.query<Claimed>(CLAIM_DELIVERIES_SQL, [limit, LEASE_SECONDS]);
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const attempt = await this.send(delivery);
    if (attempt.ok) {
      await this.recordSuccess({ id: delivery.id, code: attempt.code, body: attempt.body, latencyMs: attempt.latencyMs });
      // Only an endpoint that was failing when this was claimed has anything to clear.
      if (delivery.endpoint_failing_since) await this.pool.query(ENDPOINT_SUCCEEDED_SQL, [delivery.endpoint_id]);
      return;
    }
    const now = Date.now();
    const firstFailedAt = delivery.first_failed_at ? new Date(delivery.first_failed_at).getTime() : now;
    const deadAt = firstFailedAt + this.config.WEBHOOK_RETRY_HOURS * 3_600_000;
    const backoff = Math.min(MAX_BACKOFF_MS, this.config.WEBHOOK_RETRY_BASE_MS * 2 ** Math.min(delivery.attempts - 1, 20));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    const next = now + Math.max(jittered, attempt.retryAfterMs ?? 0);
    const dead = next > deadAt;
    await this.pool.query(DELIVERY_FAILED_SQL, [
      delivery.id,
      dead ? 'DEAD' : 'PENDING',
      new Date(next),
      new Date(firstFailedAt),
      attempt.code,
      attempt.body,
      attempt.latencyMs,
      attempt.error?.slice(0, 500) ?? null,
    ]);
    await this.pool.query(ENDPOINT_FAILED_SQL, [delivery.endpoint_id, DISABLE_AFTER_MS / 1000]);
    // It may have just been disabled: its owner's next call reads the list again.
    if (delivery.endpoint_failing_since) this.notices.invalidate();
  }

  /**
   * Records a success with the others that finish within the same few milliseconds, in one
   * statement; resolves once it is recorded (until then the delivery still counts as in flight, and
   * its subject's next event waits). A crash before the record re-sends it, same webhook-id.
   */
  private recordSuccess(success: { id: string; code: number | null; body: string | null; latencyMs: number }): Promise<void> {
    this.successes.push(success);
    this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, SUCCESS_BATCH_MS)).then(async () => {
      const batch = this.successes;
      this.successes = [];
      this.flushing = undefined;
      await this.pool.query(DELIVERIES_SUCCEEDED_SQL, [
        batch.map((s) => s.id),
        batch.map((s) => s.code),
        batch.map((s) => s.body),
        batch.map((s) => s.latencyMs),
      ]);
    });
    return this.flushing;
  }

  /** One POST: Standard Webhooks headers and body, the configured timeout, no redirects, ≤ 1 KB of the answer kept. */
  private async send(delivery: Claimed): Promise<Attempt> {
    const started = Date.now();
    const fail = (error: string, code: number | null = null, body: string | null = null, retryAfterMs: number | null = null): Attempt => ({
      ok: false,
      code,
      body,
      latencyMs: Date.now() - started,
      error,
      retryAfterMs,
    });
    try {
      if (!this.config.WEBHOOK_ALLOW_PRIVATE_URLS) await checkWebhookUrl(delivery.url, false);
      const secrets = [this.personalData.decrypt(delivery.secret_sealed)];
      if (delivery.previous_secret_sealed && delivery.previous_secret_until && new Date(delivery.previous_secret_until).getTime() > Date.now()) {
        secrets.push(this.personalData.decrypt(delivery.previous_secret_sealed));
      }
      const body = JSON.stringify({ type: delivery.type, timestamp: new Date(delivery.created_at).toISOString(), data: delivery.payload });
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { ...webhookHeaders(secrets, delivery.event_id, Math.floor(Date.now() / 1000), body), 'user-agent': 'newforce-webhooks/1' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      const text = await readLimited(response);
      if (response.status >= 200 && response.status < 300)
        return { ok: true, code: response.status, body: text, latencyMs: Date.now() - started, error: null, retryAfterMs: null };
      return fail(`HTTP ${response.status}`, response.status, text, retryAfterMs(response.headers.get('retry-after')));
    } catch (error) {
      const message = (error as Error).name === 'TimeoutError' ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` : (error as Error).message;
      return fail(message);
    }
  }
}

/** At most BODY_LIMIT bytes of the answer (the rest is not read). */
async function readLimited(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return (
    Buffer.concat(chunks)
      .subarray(0, BODY_LIMIT)
      .toString('utf8')
      .replace(/\uFFFD$/, '') || null
  );
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from now. */
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
