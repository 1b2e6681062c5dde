/** One key's counts on this instance, in its current window. */
interface Tally {
  limit: number;
  windowMs: number;
  /** The shared total PostgreSQL last returned for this window (every instance's flushed calls). */
  shared: number;
  /** Calls sent in the flush now running, not yet answered. */
  inFlight: number;
  /** Calls counted here since the last flush. */
  pending: number;
  /** When the window ends (monotonic ms): estimated until PostgreSQL answers, then its own. */
  resetsAt: number;
  /** Whether `shared` came from PostgreSQL in this window (until then this instance knows only its own calls). */
  known: boolean;
}

/** What counting one call decided. */
export interface QuotaVerdict {
  allowed: boolean;
  limit: number;
  /** Calls left in the window after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until the window ends (at least 1 when refused). */
  resetSeconds: number;
  /** Flush now rather than at the next tick: this instance does not know the shared total, or the caller nears its quota. */
  urgent: boolean;
}

/** Increments taken for one flush: keys in order, with their calls and window lengths. */
export interface QuotaBatch {
  keys: string[];
  hits: number[];
  windowsMs: number[];
}

/** A key's shared total and the ms until its window ends, as PostgreSQL returns them. */
export interface SharedWindow {
  key: string;
  hits: number;
  resetInMs: number;
}

/**
 * Flush at once when the calls counted here reach this share of what is left of the quota: near the
 * quota every call is flushed at once, far from it a burst waits for the next tick.
 */
const URGENT_SHARE = 0.1;

/**
 * Per-key call counts in one process (pure: no I/O, time passed in), to be added to shared totals in
 * batches. A call is allowed while the last shared total plus the calls this instance has counted
 * since (sent or not) stays under the limit, so between two flushes every other instance's calls are
 * unknown here: together instances may allow a few calls past the limit (docs/ARCHITECTURE.md §12).
 */
export class QuotaTally {
  private readonly tallies = new Map<string, Tally>();

  /** Counts one call for `key` at `now` (monotonic ms) under `limit` calls per `windowMs`; a refused call is not counted. */
  take(key: string, limit: number, windowMs: number, now: number): QuotaVerdict {
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { limit, windowMs, shared: 0, inFlight: 0, pending: 0, resetsAt: now + windowMs, known: false };
      this.tallies.set(key, tally);
    } else if (now >= tally.resetsAt) {
      // A new window: what was counted in the last one no longer matters (a flush still running keeps its count).
      Object.assign(tally, { limit, windowMs, shared: 0, pending: 0, resetsAt: now + windowMs, known: false });
    }
    const used = tally.shared + tally.inFlight + tally.pending;
    // Whole milliseconds first: `(now + windowMs) - now` may come out a hair over windowMs.
    const seconds = Math.ceil(Math.round(tally.resetsAt - now) / 1000);
    if (used >= limit) return { allowed: false, limit, remaining: 0, resetSeconds: Math.max(1, seconds), urgent: false };
    tally.pending += 1;
    const left = limit - tally.shared - tally.inFlight;
    const urgent = !tally.known || tally.pending >= Math.max(1, Math.floor(left * URGENT_SHARE));
    return { allowed: true, limit, remaining: limit - used - 1, resetSeconds: Math.max(0, seconds), urgent };
  }

  /** Takes every key's calls not yet flushed, as one batch (keys sorted); they count as in flight until settled or restored. */
  drain(): QuotaBatch {
    const batch: QuotaBatch = { keys: [], hits: [], windowsMs: [] };
    for (const key of [...this.tallies.keys()].sort()) {
      const tally = this.tallies.get(key)!;
      if (tally.pending === 0) continue;
      batch.keys.push(key);
      batch.hits.push(tally.pending);
      batch.windowsMs.push(tally.windowMs);
      tally.inFlight += tally.pending;
      tally.pending = 0;
    }
    return batch;
  }

  /** Takes in what PostgreSQL returned for a flushed batch at `now`: the shared totals, which include the batch. */
  settle(batch: QuotaBatch, windows: readonly SharedWindow[], now: number): void {
    const byKey = new Map(windows.map((window) => [window.key, window]));
    batch.keys.forEach((key, i) => {
      const tally = this.tallies.get(key);
      if (!tally) return;
      tally.inFlight = Math.max(0, tally.inFlight - batch.hits[i]);
      const window = byKey.get(key);
      if (!window) return;
      tally.shared = window.hits;
      tally.resetsAt = now + window.resetInMs;
      tally.known = true;
    });
  }

  /** Puts back a batch whose flush failed, so the next flush sends it again. */
  restore(batch: QuotaBatch): void {
    batch.keys.forEach((key, i) => {
      const tally = this.tallies.get(key);
      if (!tally) return;
      tally.inFlight = Math.max(0, tally.inFlight - batch.hits[i]);
      tally.pending += batch.hits[i];
    });
  }

  /** Forgets keys whose window ended with nothing left to send, so memory follows the callers of the last minute. */
  prune(now: number): void {
    for (const [key, tally] of this.tallies) {
      if (now >= tally.resetsAt && tally.pending === 0 && tally.inFlight === 0) this.tallies.delete(key);
    }
  }

  /** Keys counted here (for tests and the log). */
  get size(): number {
    return this.tallies.size;
  }
}
