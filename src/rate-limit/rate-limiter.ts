import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { JobQueue } from '../jobs/job-queue.js';

/** Limits (count per window): the unauthenticated entry points per client IP, then what a signed-in worker may try. */
export const RATE_LIMITS = {
  login: { limit: 20, windowMs: 60_000 },
  refresh: { limit: 60, windowMs: 60_000 },
  workerCodeRequest: { limit: 10, windowMs: 10 * 60_000 },
  workerLogin: { limit: 20, windowMs: 60_000 },
  /** New ID numbers a worker puts on their own profile, whatever the answers (each tells whether a number is registered). */
  workerIdNumber: { limit: 5, windowMs: 24 * 3600_000 },
  /** Wrong rotating check-in codes a worker may scan (counted by `hit` on failure, checked by `assertUnder` first). */
  wrongCheckInCode: { limit: 10, windowMs: 3600_000 },
  /** Open311 reads per client IP, and service requests each Open311 client (API key) may post. */
  open311Read: { limit: 300, windowMs: 60_000 },
  open311Post: { limit: 60, windowMs: 60_000 },
} as const;

/** pg-boss queue of the hourly removal of windows that have ended. */
export const RATE_LIMIT_SWEEP_QUEUE = 'rate-limit-sweep';

/** Longest key stored as given (the column's length); longer ones are stored as their SHA-256. */
const MAX_KEY_LENGTH = 200;

/**
 * Counts one hit: starts a window (1 hit, ending `$2` ms from now) when the key has none or its
 * window has ended, else adds one to it. Returns the count and the whole seconds until the window ends.
 */
export const RATE_LIMIT_HIT_SQL = `
  INSERT INTO rate_limit_window AS w (key, hits, resets_at) VALUES ($1, 1, now() + $2::int * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.resets_at <= now() THEN 1 ELSE w.hits + 1 END,
    resets_at = CASE WHEN w.resets_at <= now() THEN EXCLUDED.resets_at ELSE w.resets_at END
  RETURNING hits, ceil(extract(epoch FROM w.resets_at - now()))::int AS retry_after_seconds`;

/**
 * Fixed-window counters in PostgreSQL, used by the auth services so REST and GraphQL calls share
 * one limit (a guard on HTTP routes would miss GraphQL mutations), and every instance shares them:
 * a client gets the same limit however many instances serve it. One statement per check; windows
 * are timed by the database's clock, so instances with drifting clocks agree.
 */
@Injectable()
export class RateLimiter implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.recurring(RATE_LIMIT_SWEEP_QUEUE, '17 * * * *', () => this.sweep(), { pollingIntervalSeconds: 60, expireInSeconds: 600 });
  }

  /** Counts one hit for `key`; throws RATE_LIMITED (with retryAfterSeconds) past the limit. */
  async hit(key: string, rule: { limit: number; windowMs: number }): Promise<void> {
    const [window] = await this.dataSource.query<{ hits: number; retry_after_seconds: number }[]>(RATE_LIMIT_HIT_SQL, [storedKey(key), rule.windowMs]);
    if (window.hits > rule.limit) throw limited(window.retry_after_seconds, rule.limit);
  }

  /** Throws RATE_LIMITED while `key` has used its whole limit, without counting: for limits that count only failures. */
  async assertUnder(key: string, rule: { limit: number; windowMs: number }): Promise<void> {
    const [window] = await this.dataSource.query<{ hits: number; retry_after_seconds: number }[]>(
      'SELECT hits, ceil(extract(epoch FROM resets_at - now()))::int AS retry_after_seconds FROM rate_limit_window WHERE key = $1 AND resets_at > now()',
      [storedKey(key)],
    );
    if (window && window.hits >= rule.limit) throw limited(window.retry_after_seconds, rule.limit);
  }

  /** Removes the windows that have ended (a key seen again simply starts a new one). */
  async sweep(): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_window WHERE resets_at <= now()');
  }
}

function storedKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : createHash('sha256').update(key).digest('hex');
}

/** The RATE_LIMITED error of every limit: the seconds to wait and the limit, which the error filter sends as Retry-After and RateLimit-*. */
export function limited(secondsLeft: number, limit: number, what = 'Too many requests'): DomainError {
  const retryAfterSeconds = Math.max(1, secondsLeft);
  return new DomainError(ErrorCode.RATE_LIMITED, `${what}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
}
