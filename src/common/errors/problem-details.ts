import { DomainError, ErrorCode, HTTP_STATUS_OF } from './domain-error.js';

/** RFC 9457 problem details, as every REST error is sent. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'Invalid input',
  MALFORMED_REQUEST: 'Malformed request',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  PASSWORD_CHANGE_REQUIRED: 'Password change required',
  ACCOUNT_LOCKED: 'Account locked',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  UNPROCESSABLE: 'Unprocessable request',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  QUERY_TOO_COMPLEX: 'Query too complex',
  RATE_LIMITED: 'Too many requests',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL_SERVER_ERROR: 'Internal server error',
};

/** Details that are safe to send to a client (never `cause`, which may hold a stack or SQL). */
export function publicDetails(error: DomainError): Record<string, unknown> {
  const { cause: _cause, fields: _fields, ...rest } = error.details;
  return rest;
}

/** The members of a problem+json body that details never replace (RFC 9457's own and newforce's). */
const PROBLEM_MEMBERS: ReadonlySet<string> = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'errors']);

/**
 * A detail's name in problem+json: one that would replace a problem member goes out as
 * `current<Name>` (a conflict's `status`, the record's state, becomes `currentStatus`).
 */
function problemExtensionName(key: string): string {
  return PROBLEM_MEMBERS.has(key) ? `current${key[0].toUpperCase()}${key.slice(1)}` : key;
}

/** The problem+json body for a DomainError; its `status` is always the HTTP status sent. */
export function toProblemDetails(error: DomainError, instance?: string, requestId?: string): ProblemDetails {
  const extensions = Object.fromEntries(Object.entries(publicDetails(error)).map(([key, value]) => [problemExtensionName(key), value]));
  return {
    ...extensions,
    type: `urn:newforce:problem:${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[error.code],
    status: HTTP_STATUS_OF[error.code],
    detail: error.message,
    instance,
    code: error.code,
    requestId,
    ...(error.details.fields?.length ? { errors: error.details.fields } : {}),
  };
}
