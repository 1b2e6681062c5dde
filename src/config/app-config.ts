import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export type NodeEnv = 'development' | 'test' | 'production';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every environment variable newforce reads, typed and validated once at start-up.
 * `.env.example` lists the same variables; a test keeps the two in step.
 */
export class AppConfig {
  /** development | test | production; production hides stack traces and introspection. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: NodeEnv = 'development';

  /** HTTP port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to listen on; unset: 127.0.0.1 in demo mode (its passwords are published), 0.0.0.0 otherwise. */
  @IsOptional()
  @IsString()
  HOST?: string;

  /** PostgreSQL URL; when unset an embedded PostgreSQL starts under EMBEDDED_PG_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL keeps its data. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** Port of the embedded PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54320;

  /** Connections in the pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Console log format: `auto` (readable lines on a terminal, JSON otherwise), `pretty`, `json`. */
  @IsIn(['auto', 'pretty', 'json'])
  LOG_FORMAT: 'auto' | 'pretty' | 'json' = 'auto';

  /** Largest request body in bytes for ordinary JSON requests (streamed uploads have their own routes). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /**
   * Which proxies may set X-Forwarded-For (client IPs for rate limits and the audit log): `false`
   * (none: the connecting address counts), `true`, or addresses/CIDRs/`loopback`, comma-separated.
   * Behind a reverse proxy name it (`loopback` when it runs on the same host); trusting one that is
   * not there lets any client choose its address and walk past the per-IP limits.
   */
  @IsString()
  TRUST_PROXY = 'false';

  /** Allowed CORS origins, comma-separated; `*` for any; empty for none. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Calls a signed-in person (staff or worker) may make a minute, REST and GraphQL together (one
   * GraphQL request counts once); past it → 429 RATE_LIMITED. Shared by every instance (rate-limit/call-quota.service.ts).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  QUOTA_USER_PER_MINUTE = 600;

  /** Calls one platform API key may make a minute, as QUOTA_USER_PER_MINUTE. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  QUOTA_KEY_PER_MINUTE = 1200;

  /**
   * How often (ms) each instance adds the calls it counted to the shared totals in PostgreSQL (at once
   * when a caller nears its quota). Between two flushes instances may together let a caller a few
   * calls past the quota; shorter means tighter and more statements.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  QUOTA_FLUSH_MS = 250;

  /** Deepest GraphQL selection allowed. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 10;

  /**
   * Longest a single SQL statement of a request may run, in milliseconds (0 = no limit). A request
   * over it gets 503 SERVICE_UNAVAILABLE with Retry-After instead of holding a connection; background
   * jobs that need longer (roster apply, retention purge) lift it for their own statements.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 10_000;

  /** Highest GraphQL query cost allowed (each field 1, lists multiplied by first/last, priced fields their price: common/graphql/field-costs.ts). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COST = 5000;

  /** Answer GraphQL introspection; defaults to on outside production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** Serve the GraphiQL IDE (from local assets) at /graphql in a browser: `on`, `off`; unset: on outside production. */
  @IsOptional()
  @IsIn(['on', 'off'])
  GRAPHQL_IDE?: 'on' | 'off';

  /** HMAC secret for access tokens (32+ characters). Required in production; generated into SECRETS_FILE elsewhere. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Access-token lifetime in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * How long an instance may remember a signed-in caller's account instead of reading it on each request,
   * in seconds; a committed change to it is heard at once regardless (auth/caller-cache.ts). 0: read every time.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  CALLER_CACHE_SECONDS = 60;

  /** Refresh-token lifetime in days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Keys for personal data, `id:base64key` comma-separated (32-byte keys; old ids stay for reading and re-encryption). Required in production. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]{43,44})*$/, {
    message: 'PII_ENCRYPTION_KEYS must be id:base64key pairs separated by commas, each key 32 bytes',
  })
  PII_ENCRYPTION_KEYS?: string;

  /** Which of PII_ENCRYPTION_KEYS encrypts new values (defaults to the first). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/)
  PII_ENCRYPTION_KEY_ID?: string;

  /** HMAC-SHA256 key (base64, 32 bytes) for blind indexes; must differ from the encryption keys. Required in production. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/=_-]{43,44}$/, { message: 'PII_BLIND_INDEX_KEY must be a base64 32-byte key' })
  PII_BLIND_INDEX_KEY?: string;

  /** Where development keys are generated and kept when the variables above are unset (never in production). */
  @IsString()
  SECRETS_FILE = '.data/secrets.json';

  /** Username of the initial ADMIN created on the first start. */
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,40}$/, { message: 'ADMIN_USERNAME must be 3-40 lower-case letters, digits, _ . -' })
  ADMIN_USERNAME = 'admin';

  /** Password of the initial ADMIN; when unset a one-time password is printed once and must be changed at first login. */
  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  /** How worker login codes are sent: `webhook` (production), `log` (development), `memory` (tests). */
  @IsIn(['log', 'webhook', 'memory'])
  CODE_SENDER = 'log';

  /** With CODE_SENDER=webhook: the SMS gateway URL that receives `{ phone, code, expiresInSeconds }` as JSON. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'CODE_SENDER_URL must be an http(s) URL' })
  CODE_SENDER_URL?: string;

  /** Demo county (宁远县 Ningyuan) with accounts, keys and data: `auto` (on with the embedded database outside production), `on`, `off`. */
  @IsIn(['auto', 'on', 'off'])
  DEMO_MODE: 'auto' | 'on' | 'off' = 'auto';

  /** Roster sync: the largest share of rejected rows (percent) a sync may carry; above it the whole sync fails and changes nothing. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  ROSTER_MAX_REJECTED_PERCENT = 5;

  /** Roster sync: the largest share of a platform's active riders (percent) one snapshot may deactivate without `allowMassDeactivation=true`. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  ROSTER_MAX_DEACTIVATED_PERCENT = 20;

  /** Roster: days a rider who left a platform's roster is kept before the retention job purges them (PIPL art. 19). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  ROSTER_RETENTION_DAYS = 180;

  /** Roster: syncs this instance applies at once (syncs of one platform always run one after the other). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  ROSTER_SYNC_CONCURRENCY = 2;

  /**
   * Roster: a sync whose body reaches this many rows starts applying while the rest is still being
   * received (in one transaction all the same); smaller syncs are applied once the whole body is in.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ROSTER_APPLY_WHILE_RECEIVING_ROWS = 50_000;

  /** Roster: rows of a body staged per COPY statement, so a sync applying while it is received sees them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ROSTER_STAGE_COMMIT_ROWS = 25_000;

  /** Roster: seconds a sync applying while it is received waits for more rows before it fails as stalled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  ROSTER_UPLOAD_IDLE_SECONDS = 300;

  /**
   * When the problem jobs (超期督办 overdue supervision, auto-close) run: a 5-field cron in
   * Asia/Shanghai time, registered once for all instances (set the same on each); `off` unschedules them.
   */
  @Matches(/^(off|\S+( \S+){4})$/, { message: 'ISSUE_JOBS_CRON must be a 5-field cron expression or off' })
  ISSUE_JOBS_CRON = '*/5 * * * *';

  /** Events: days an outbox event is kept (for replay and resumed subscriptions) before the retention job purges it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  EVENT_RETENTION_DAYS = 30;

  /** Webhooks: allow endpoint URLs that resolve to loopback, private, link-local or metadata addresses (local work and tests only). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_URLS = false;

  /** Webhooks: first retry delay in milliseconds; each later retry doubles it (with jitter), up to an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 5_000;

  /** Webhooks: hours a delivery is retried before it is dead (listed and replayable). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  WEBHOOK_RETRY_HOURS = 24;

  /** Webhooks: milliseconds a receiver has to answer one delivery. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** When a working day closes (Asia/Shanghai, `HH:MM`): a deadline of N working days ends at this time on the Nth working day after dispatch. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'WORKING_DAY_CLOSES_AT must be a time of day, HH:MM' })
  WORKING_DAY_CLOSES_AT = '18:00';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** TRUST_PROXY in the form Fastify takes. */
  get trustProxy(): boolean | string[] {
    if (this.TRUST_PROXY === 'true' || this.TRUST_PROXY === 'false') return this.TRUST_PROXY === 'true';
    return this.TRUST_PROXY.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** Whether the demo county is seeded and its accounts printed: DEMO_MODE, or with `auto` the embedded database outside production. */
  get demoMode(): boolean {
    if (this.DEMO_MODE === 'auto') return !this.DATABASE_URL && !this.isProduction;
    return this.DEMO_MODE === 'on';
  }

  /** Where the server listens: HOST when set, else loopback only in demo mode and every interface otherwise. */
  get listenHost(): string {
    return this.HOST ?? (this.demoMode ? '127.0.0.1' : '0.0.0.0');
  }

  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }

  /** Whether a browser opening /graphql gets the GraphiQL IDE. */
  get graphqlIde(): boolean {
    return this.GRAPHQL_IDE === undefined ? !this.isProduction : this.GRAPHQL_IDE === 'on';
  }
}

/** The name of every variable AppConfig reads, in declaration order (optional ones included). */
const OPTIONAL_KEYS = [
  'HOST',
  'DATABASE_URL',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_IDE',
  'JWT_SECRET',
  'PII_ENCRYPTION_KEYS',
  'PII_ENCRYPTION_KEY_ID',
  'PII_BLIND_INDEX_KEY',
  'ADMIN_PASSWORD',
  'CODE_SENDER_URL',
];
export const CONFIG_KEYS: readonly string[] = [...new Set([...Object.keys(new AppConfig()), ...OPTIONAL_KEYS])];

/** Rules that span variables: production needs real secrets and a real code sender. */
function crossFieldProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.isProduction) {
    for (const key of ['JWT_SECRET', 'PII_ENCRYPTION_KEYS', 'PII_BLIND_INDEX_KEY'] as const) {
      if (!config[key]) problems.push(`${key} is required when NODE_ENV=production`);
    }
    if (config.CODE_SENDER !== 'webhook') problems.push('CODE_SENDER must be webhook when NODE_ENV=production (workers need real SMS codes)');
    if (config.DEMO_MODE === 'on') problems.push('DEMO_MODE=on is refused when NODE_ENV=production (demo accounts share a published password)');
  }
  if (config.CODE_SENDER === 'webhook' && !config.CODE_SENDER_URL) problems.push('CODE_SENDER_URL is required when CODE_SENDER=webhook');
  if (config.CODE_SENDER === 'memory' && config.NODE_ENV !== 'test') problems.push('CODE_SENDER=memory is only for NODE_ENV=test');
  if (
    config.PII_ENCRYPTION_KEY_ID &&
    config.PII_ENCRYPTION_KEYS &&
    !config.PII_ENCRYPTION_KEYS.split(',').some((pair) => pair.split(':')[0] === config.PII_ENCRYPTION_KEY_ID)
  ) {
    problems.push('PII_ENCRYPTION_KEY_ID names no key in PII_ENCRYPTION_KEYS');
  }
  return problems;
}

/** Thrown when the environment is missing or malformed; the message names every bad variable, on one line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates configuration from an environment map (process.env by default). `fromFile`
 * names the variables that came from `.env`, so a bad one is reported with where it was set.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: { fromFile?: ReadonlySet<string> } = {}): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) =>
          `${e.property}=${JSON.stringify(picked[e.property] ?? '')}${options.fromFile?.has(e.property) ? ' (in .env)' : ''}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
