import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import type { CallQuota } from '../access/call-quota.js';
import { AppConfig } from '../config/app-config.js';
import { QUOTA_FLUSH_SQL } from './call-quota.sql.js';
import { QuotaTally, type QuotaBatch } from './quota-tally.js';
import { limited } from './rate-limiter.js';

/** Quotas count calls a minute. */
export const QUOTA_WINDOW_MS = 60_000;
/** Longest a flush may wait for a connection or its statement: a flush that fails is sent again with the next one. */
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Per-key and per-user quotas on every authenticated call (docs/ARCHITECTURE.md §12): each platform
 * API key may make QUOTA_KEY_PER_MINUTE calls a minute, each signed-in person (staff or worker)
 * QUOTA_USER_PER_MINUTE, REST and GraphQL together, whichever instance answers. The global guard
 * charges each HTTP request once, in memory (no statement on the request's path); every
 * QUOTA_FLUSH_MS, and at once when a caller nears its quota or is new to this instance, the counts go
 * to the shared windows in `rate_limit_window` in one statement on a connection of the quota's own,
 * which returns the shared totals the next calls are judged by. Between two flushes an instance does
 * not see the others' calls, so together they may let a caller a few calls past the quota.
 */
@Injectable()
export class CallQuotaService implements CallQuota, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Quotas');
  private readonly tally = new QuotaTally();
  private pool?: pg.Pool;
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Immediate;
  private running?: Promise<void>;
  private again = false;
  /** Whether the last flush failed (then urgent flushes wait for the next tick, and the failure is logged once). */
  private failing = false;
  /** Open `uncounted` runs: while any is, no call is counted. */
  private uncountedRuns = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.QUOTA_FLUSH_MS);
    this.timer.unref();
  }

  /** Counts one call by `actor`, with the RateLimit-* headers on the answer; RATE_LIMITED past the quota. */
  charge(actor: Actor, reply: FastifyReply): void {
    if (this.uncountedRuns > 0) return;
    const limit = actor.kind === 'platform' ? this.config.QUOTA_KEY_PER_MINUTE : this.config.QUOTA_USER_PER_MINUTE;
    const verdict = this.tally.take(quotaKey(actor), limit, QUOTA_WINDOW_MS, performance.now());
    if (verdict.urgent && !this.failing) this.flushSoon();
    if (!verdict.allowed) throw limited(verdict.resetSeconds, limit, `Quota of ${limit} calls a minute used up`);
    void reply
      .header('ratelimit-limit', String(limit))
      .header('ratelimit-remaining', String(verdict.remaining))
      .header('ratelimit-reset', String(verdict.resetSeconds));
  }

  /**
   * Runs `work` with no call counted or refused, whoever makes it: for the demo seed, which builds the
   * county through the API (a few accounts, thousands of calls) before the service takes any traffic.
   */
  async uncounted<T>(work: () => Promise<T>): Promise<T> {
    this.uncountedRuns += 1;
    try {
      return await work();
    } finally {
      this.uncountedRuns -= 1;
    }
  }

  /**
   * Sends the calls counted here and takes in the shared totals; resolves when every call counted
   * before it was sent (a flush already running is followed by another). Never rejects.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        let again = true;
        while (again) {
          this.again = false;
          again = (await this.flushOnce()) && this.again;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.soon) clearImmediate(this.soon);
    // What this instance counted still counts on the others.
    await this.flush();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /** Flushes after the calls of this turn of the event loop, so a burst goes out as one statement. */
  private flushSoon(): void {
    this.soon ??= setImmediate(() => {
      this.soon = undefined;
      void this.flush();
    });
  }

  /** One flush; false when it failed (its calls are kept for the next). */
  private async flushOnce(): Promise<boolean> {
    this.tally.prune(performance.now());
    const batch = this.tally.drain();
    if (batch.keys.length === 0) return true;
    try {
      const rows = await this.send(batch);
      this.tally.settle(
        batch,
        rows.map((row) => ({ key: row.key, hits: row.hits, resetInMs: row.reset_in_ms })),
        performance.now(),
      );
      if (this.failing) this.logger.log('Quota counts are shared again');
      this.failing = false;
      return true;
    } catch (error) {
      this.tally.restore(batch);
      if (!this.failing)
        this.logger.warn(
          `Quota counts could not be shared (${error instanceof Error ? error.message : String(error)}); each instance counts alone until PostgreSQL answers`,
        );
      this.failing = true;
      return false;
    }
  }

  private async send(batch: QuotaBatch): Promise<{ key: string; hits: number; reset_in_ms: number }[]> {
    if (!this.pool) {
      // A connection of its own: flushes neither wait for the request pool nor show in its statement counts.
      this.pool = new pg.Pool({
        connectionString: (this.dataSource.options as { url?: string }).url,
        max: 1,
        application_name: 'newforce quotas',
        connectionTimeoutMillis: FLUSH_TIMEOUT_MS,
        statement_timeout: FLUSH_TIMEOUT_MS,
      });
      // A dropped idle connection is an 'error' on the pool; the next flush simply gets a new one.
      this.pool.on('error', () => undefined);
    }
    const result = await this.pool.query<{ key: string; hits: number; reset_in_ms: number }>(QUOTA_FLUSH_SQL, [batch.keys, batch.hits, batch.windowsMs]);
    return result.rows;
  }
}

/** The shared window's key: one per API key (platforms), one per person (staff, workers). */
function quotaKey(actor: Actor): string {
  return `quota:${actor.kind}:${actor.id}`;
}
