import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

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
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'currentPassword',
  'accessToken',
  'refreshToken',
  'apiKey',
  'phone',
  'idNumber',
  'phoneNumber',
  'verificationCode',
];
const REDACT_PATHS = ['req.headers["x-api-key"]', 'headers["x-api-key"]', ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`])];

// What a failed SQL statement carries that may hold personal data: its parameter values, and
// PostgreSQL's detail, which quotes the values of a violated key ("Key (phone_index)=(…) exists").
const SQL_VALUE_KEYS = new Set(['parameters', 'detail']);

/** A copy of a serialized error's members with SQL values left out (the original is not touched). */
function withoutSqlValues(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => withoutSqlValues(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      SQL_VALUE_KEYS.has(key) && member !== undefined && member !== null
        ? Array.isArray(member)
          ? `[${member.length} values redacted]`
          : '[REDACTED]'
        : withoutSqlValues(member, depth + 1),
    ]),
  );
}

/**
 * How an error is logged: pino's usual fields (type, message, stack, own properties) without the
 * values of a failed SQL statement (TypeORM's QueryFailedError keeps them as `parameters`). The
 * statement itself, PostgreSQL's code and message are kept: they say what failed.
 */
export function serializeError(error: unknown): unknown {
  return error instanceof Error ? withoutSqlValues(pino.stdSerializers.err(error)) : withoutSqlValues(error);
}

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
      err: serializeError,
      // Paths only: query strings may carry personal data.
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** How the console shows log lines: `pretty` (one readable line per event) or `json` (one JSON object per line). */
export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT resolved: `auto` is pretty on a terminal and JSON otherwise (pipes, files, CI). */
export function resolveLogFormat(setting: 'auto' | 'pretty' | 'json', output: ConsoleOutput): LogFormat {
  if (setting !== 'auto') return setting;
  return output.interactive ? 'pretty' : 'json';
}

/**
 * The console of a command a person runs (`npm start`, `npm run seed:demo`): log lines, the banner,
 * and on a terminal one status line (start-up progress) kept below them and updated in place.
 */
export class ConsoleOutput {
  private status = '';

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {}

  /** Whether a person watches a terminal (the status line is shown only there). */
  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /** Writes `text` (whole lines, ending in a newline) above the status line. */
  write(text: string): void {
    if (!this.status) {
      this.stream.write(text);
      return;
    }
    this.stream.write(`\r\x1b[2K${text}${this.status}`);
  }

  /** Shows `text` as the status line, replacing the last one; an empty text removes it. Terminals only. */
  setStatus(text: string): void {
    if (!this.interactive) return;
    this.status = fitToWidth(text, this.stream.columns || 80);
    this.stream.write(`\r\x1b[2K${this.status}`);
  }
}

/** Cuts a status line to the terminal's width (CJK characters take two columns), so `\r` can redraw it. */
function fitToWidth(text: string, columns: number): string {
  let width = 0;
  let out = '';
  for (const char of text) {
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
    if (width > columns - 1) return `${out}…`;
    out += char;
  }
  return out;
}

/**
 * The logger of a command a person runs: the root logger's lines, written to `output` as JSON or,
 * with `pretty`, as one readable line per event (time, level, message, then the fields on the same line).
 */
export function createConsoleLogger(level: string, format: LogFormat, output: ConsoleOutput): Logger {
  if (format === 'json') return createRootLogger(level, { write: (line: string) => output.write(line) });
  const prettify = pinoPretty.prettyFactory({
    colorize: output.interactive,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
  });
  return createRootLogger(level, { write: (line: string) => output.write(prettify(line)) });
}

/** Nest's start-up chatter (a line per module, controller and route): logged at debug, not info. */
const BOOTSTRAP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'GraphQLModule']);

/** Lets Nest's own logging (start-up, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context && BOOTSTRAP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
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
