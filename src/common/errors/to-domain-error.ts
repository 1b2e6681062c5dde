import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { EntityNotFoundError, OptimisticLockVersionMismatchError, QueryFailedError } from 'typeorm';
import { PersonalDataFormatError } from '../personal-data/personal-data-format.js';
import { DomainError, ErrorCode } from './domain-error.js';

const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.MALFORMED_REQUEST, 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.MALFORMED_REQUEST, 'The request body is empty but its content type is JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is larger than this endpoint accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'This content type is not accepted here'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.MALFORMED_REQUEST, 'Content-Length does not match the body'],
};

// SQLSTATEs of a database that cannot serve now: a lost connection (class 08), a server shutting
// down or starting (57P01-57P03), too many connections (53300).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
// Socket errors of a server that cannot be reached.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// What node-postgres and its pool say when a connection is lost or none can be had in time, and
// what PostgreSQL says of a database closed to connections (SQLSTATE 55000, a code shared with
// unrelated refusals, so the message decides).
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed)|is not currently accepting connections/;

/** Seconds a client is told to wait (Retry-After) when the database cannot serve. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error means the database cannot be reached or cannot serve now (as opposed to a
 * statement it refused): the error itself, the driver error TypeORM wraps, or what caused it.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNREACHABLE.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((e) => e !== error && isDatabaseUnavailable(e, depth + 1));
}

// SQLSTATEs of a value PostgreSQL refused to store (class 22, data exception).
const VALUE_REFUSALS: Record<string, string> = {
  '22001': 'A value is longer than its field allows',
  '22003': 'A number is out of range',
  '22007': 'A date or time has the wrong format',
  '22008': 'A date or time is out of range',
  '22009': 'A date or time is out of range',
  '22021': 'A text contains characters that cannot be stored (such as NUL)',
  '22P05': 'A text contains characters that cannot be stored',
};

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: ErrorCode.UNPROCESSABLE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * Turns anything thrown while serving a request into a DomainError, the single shape both APIs
 * translate. Unknown errors become INTERNAL_SERVER_ERROR with a generic message (`cause` kept for the log).
 */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof GraphQLError) {
    const code = String(exception.extensions?.code ?? ErrorCode.BAD_USER_INPUT);
    return new DomainError((code in ErrorCode ? code : ErrorCode.BAD_USER_INPUT) as ErrorCode, exception.message);
  }
  if (exception instanceof PersonalDataFormatError) return DomainError.badField(exception.field, exception.message);
  if (exception instanceof OptimisticLockVersionMismatchError) {
    return DomainError.conflict('Someone else changed this record; reload it and try again');
  }
  if (exception instanceof EntityNotFoundError) return new DomainError(ErrorCode.NOT_FOUND, 'Not found');
  if (!(exception instanceof HttpException) && isDatabaseUnavailable(exception)) {
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly', { retryAfterSeconds: RETRY_AFTER_SECONDS });
  }
  if (exception instanceof QueryFailedError) {
    const pg = exception.driverError as { code?: string; constraint?: string; column?: string };
    // query_canceled: the statement ran past DATABASE_STATEMENT_TIMEOUT_MS (or was cancelled by an operator).
    if (pg?.code === '57014') {
      return new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The request took longer than the database allows for one statement; narrow it or try again shortly',
        { retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
    // unique_violation, or exclusion_violation (a worker's phone and ID number are unique through exclusion constraints)
    if (pg?.code === '23505' || pg?.code === '23P01') {
      return DomainError.conflict('A record with the same unique value already exists', { constraint: pg.constraint });
    }
    if (pg?.code === '22P02') return DomainError.badInput('A value has the wrong format');
    // A value PostgreSQL cannot store that validation let through (validation names the field
    // first; the message here never repeats the value, which may be personal data).
    if (pg?.code && VALUE_REFUSALS[pg.code]) return DomainError.badInput(VALUE_REFUSALS[pg.code]);
    if (pg?.code === '23502' && pg.column) return DomainError.badField(camelCase(pg.column), 'must not be null');
  }
  if (exception instanceof HttpException) {
    // Nest hands Fastify's own errors (a body it could not parse) over as HttpExceptions caused by them.
    const cause = exception.cause as { code?: unknown } | undefined;
    if (typeof cause?.code === 'string' && FASTIFY_CODES[cause.code]) return toDomainError(cause);
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return new DomainError(
      STATUS_CODES[status] ?? (status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR),
      Array.isArray(message) ? message.join('; ') : String(message),
    );
  }
  const fastify = exception as { code?: string; statusCode?: number; message?: string };
  if (fastify && typeof fastify.code === 'string' && FASTIFY_CODES[fastify.code]) {
    const [code, message] = FASTIFY_CODES[fastify.code];
    return new DomainError(code, `${message}${fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' && fastify.message ? ` (${fastify.message})` : ''}`);
  }
  if (fastify && typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new DomainError(STATUS_CODES[fastify.statusCode] ?? ErrorCode.BAD_USER_INPUT, fastify.message ?? 'Bad request');
  }
  return new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { cause: exception });
}
