/** Stable error codes clients switch on; messages are for people and may change. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNPROCESSABLE = 'UNPROCESSABLE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** HTTP status of each code, used by the REST translation (problem+json). */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.MALFORMED_REQUEST]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.ACCOUNT_LOCKED]: 423,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.UNPROCESSABLE]: 422,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** One problem with one input field; `field` is a dotted path such as `sites.0.lat`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type services throw. The global exception filter translates it to GraphQL
 * `extensions.code` and to `application/problem+json`, so no edge formats errors itself.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Bad input, naming the field(s) at fault. */
  static badInput(message: string, fields: FieldError[] = []): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, message, { fields });
  }

  /** A single bad field: the message names it. */
  static badField(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { fields: [{ field, message }] });
  }

  static notFound(entity: string, id?: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, id ? `${entity} ${id} not found` : `${entity} not found`, { entity });
  }

  static conflict(message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.CONFLICT, message, details);
  }

  static forbidden(message = 'You are not allowed to do this'): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(message = 'Sign in first'): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, message);
  }
}
