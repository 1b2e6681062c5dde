import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, HTTP_STATUS_OF } from './domain-error.js';
import { publicDetails, toProblemDetails } from './problem-details.js';
import { toDomainError } from './to-domain-error.js';
import { GRAPHQL_PATH } from '../graphql/graphql.module.js';
import { currentRequestId } from '../logging/logger.js';

const logger = new Logger('Errors');

/** Logs what the client must not see: the stack of an unexpected failure. */
export function logIfUnexpected(error: DomainError): void {
  if (error.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    logger.error(error.details.cause instanceof Error ? error.details.cause : String(error.details.cause));
  }
}

/**
 * Headers of an error a client should retry later: `Retry-After` (the database is unavailable, a
 * limit was reached) and, past a rate limit, `RateLimit-Limit`, `RateLimit-Remaining` (0) and
 * `RateLimit-Reset` (seconds until the window ends).
 */
function retryHeaders(error: DomainError): [string, string][] {
  const seconds = error.details.retryAfterSeconds;
  if (typeof seconds !== 'number') return [];
  const headers: [string, string][] = [['retry-after', String(seconds)]];
  if (error.code === ErrorCode.RATE_LIMITED) {
    const limit = error.details.limit;
    if (typeof limit === 'number') headers.push(['ratelimit-limit', String(limit)]);
    headers.push(['ratelimit-remaining', '0'], ['ratelimit-reset', String(seconds)]);
  }
  return headers;
}

/** A DomainError as the GraphQL error clients see: `extensions.code`, field list, request id. */
export function toGraphQLError(error: DomainError): GraphQLError {
  const retry = retryHeaders(error);
  return new GraphQLError(error.message, {
    extensions: {
      ...publicDetails(error),
      code: error.code,
      ...(error.details.fields?.length ? { fields: error.details.fields } : {}),
      requestId: currentRequestId(),
      // Apollo sends the answer with this status and these headers.
      http: { status: HTTP_STATUS_OF[error.code], ...(retry.length ? { headers: new Map(retry) } : {}) },
    },
  });
}

/**
 * Sends a DomainError as `application/problem+json`, or, to a GraphQL client whose request failed
 * before GraphQL could read it (a malformed or oversized body), as a GraphQL answer: `{ errors }`.
 */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: DomainError): void {
  const path = request.url.split('?')[0];
  const status = HTTP_STATUS_OF[error.code];
  for (const [name, value] of retryHeaders(error)) void reply.header(name, value);
  if (path === GRAPHQL_PATH) {
    const { http: _http, ...extensions } = toGraphQLError(error).extensions;
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ errors: [{ message: error.message, extensions }] });
    return;
  }
  const problem = toProblemDetails(error, path, String(request.id));
  void reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

/**
 * The one place errors are translated: services throw DomainError (or anything else), and this
 * filter turns it into GraphQL `extensions.code` or RFC 9457 problem details.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    const error = toDomainError(exception);
    logIfUnexpected(error);
    if (host.getType<GqlContextType>() === 'graphql') return toGraphQLError(error);
    const http = host.switchToHttp();
    sendProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), error);
    return undefined;
  }
}
