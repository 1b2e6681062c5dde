import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** What every log line within one request carries. */
export interface RequestContext {
  requestId: string;
}

/** Holds the current request's context so any log line can name its request. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The current request id, if the caller runs inside a request. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

// Personal data and secrets never reach a log line, whatever object carries them.
const SECRET_KEYS = [
  'authorization', 'cookie', 'password', 'newPassword', 'currentPassword', 'accessToken', 'refreshToken',
  'apiKey', 'phone', 'idNumber', 'phoneNumber', 'verificationCode',
];
const REDACT_PATHS = [
  'req.headers["x-api-key"]',
  'headers["x-api-key"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** The root pino logger: JSON lines, secrets and personal data redacted, request id mixed in. */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'newforce' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    // Fastify's request loggers already carry requestId as a binding; other lines get it here.
    mixin: (_merge, _level, logger) => {
      const requestId = currentRequestId();
      return requestId && !('requestId' in logger.bindings()) ? { requestId } : {};
    },
    serializers: {
      // Paths only: query strings may carry personal data.
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Lets Nest's own logging (start-up, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    if (message instanceof Error) {
      this.logger.error({ err: message, context: stackOrContext }, message.message);
      return;
    }
    this.logger.error({ context: context ?? stackOrContext, stack: context ? stackOrContext : undefined }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
