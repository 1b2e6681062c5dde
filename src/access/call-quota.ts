import type { FastifyReply } from 'fastify';
import type { Actor } from './actor.js';

/** The token under which rate-limit/ provides the quota the guard charges (access/ imports no feature). */
export const CALL_QUOTA = Symbol('CALL_QUOTA');

/** Counts authenticated calls against their caller's quota (per API key, per signed-in person). */
export interface CallQuota {
  /**
   * Counts one call by `actor` and puts `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
   * on `reply`; throws RATE_LIMITED (with retryAfterSeconds and limit) past the quota. Synchronous:
   * it sends no statement on the request's path.
   */
  charge(actor: Actor, reply: FastifyReply): void;
}
