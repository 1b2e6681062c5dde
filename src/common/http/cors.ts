import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { toProblemDetails } from '../errors/problem-details.js';

/** Every method the API uses. */
export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Every request header the API reads. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Api-Key',
  'X-Consent-Ref',
  'X-Request-Id',
  // Apollo Client's CSRF-prevention and operation-name headers.
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
] as const;
/** Response headers a browser front end may read. */
export const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  // Tells the owner of a disabled webhook endpoint why (events/webhooks/webhook-notices.ts).
  'Newforce-Notice',
] as const;
/** How long a browser may keep a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/** The configured origins: `CORS_ORIGINS` split on commas; `*` allows any. */
export function parseCorsOrigins(value: string): { any: boolean; origins: ReadonlySet<string> } {
  const list = value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return { any: list.includes('*'), origins: new Set(list.filter((origin) => origin !== '*')) };
}

/**
 * CORS for browser front ends. A configured origin gets every method and header the API uses; a
 * preflight (OPTIONS with Access-Control-Request-Method) from any other origin is refused with a
 * 403 problem+json that says why and what to configure, rather than reaching a route (a 404, or
 * Apollo's CSRF message on /graphql). A simple request from another origin is served without CORS
 * headers, so the browser keeps its answer from the page, as the same-origin policy says.
 */
export function addCors(fastify: FastifyInstance, corsOrigins: string): void {
  const { any, origins } = parseCorsOrigins(corsOrigins);
  const allowed = (origin: string) => any || origins.has(origin);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return done();
    void reply.header('vary', 'Origin');
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!allowed(origin)) {
      if (!preflight) return done();
      const error = DomainError.forbidden(
        origins.size === 0 && !any
          ? `Cross-origin requests are not enabled on this server (origin ${origin.slice(0, 200)}): list your front end's origin in CORS_ORIGINS`
          : `Origin ${origin.slice(0, 200)} is not allowed: add it to CORS_ORIGINS (comma-separated)`,
      );
      void reply
        .code(403)
        .type('application/problem+json')
        .send(toProblemDetails(error, request.url.split('?')[0], String(request.id)));
      return;
    }
    void reply.header('access-control-allow-origin', origin);
    void reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
    if (!preflight) return done();
    void reply
      .code(204)
      .header('access-control-allow-methods', CORS_METHODS.join(', '))
      .header('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '))
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE))
      .header('content-length', '0')
      .send();
  });
}
