import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';

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
} as const;

/**
 * Fixed-window counters kept in memory, used by the auth services so REST and GraphQL calls share
 * one limit (a guard on HTTP routes would miss GraphQL mutations). Per instance: with several
 * instances the effective limit multiplies, which is acceptable for abuse damping.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  /** Counts one hit for `key`; throws RATE_LIMITED (with retryAfterSeconds) past the limit. */
  hit(key: string, rule: { limit: number; windowMs: number }, now = Date.now()): void {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + rule.windowMs };
      this.windows.set(key, window);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    window.count += 1;
    if (window.count > rule.limit) throw limited(window.resetAt, now);
  }

  /** Throws RATE_LIMITED while `key` has used its whole limit, without counting: for limits that count only failures. */
  assertUnder(key: string, rule: { limit: number; windowMs: number }, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window && window.resetAt > now && window.count >= rule.limit) throw limited(window.resetAt, now);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

function limited(resetAt: number, now: number): DomainError {
  const retryAfterSeconds = Math.ceil((resetAt - now) / 1000);
  return new DomainError(ErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
