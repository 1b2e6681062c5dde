import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

export type NodeEnv = 'development' | 'test' | 'production';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
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
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL URL; when unset an embedded PostgreSQL starts under EMBEDDED_PG_DIR. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL keeps its data. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** Port of the embedded PostgreSQL. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT = 54320;

  /** Connections in the pool. */
  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest request body in bytes for ordinary JSON requests (streamed uploads have their own routes). */
  @Transform(toInt) @IsInt() @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Allowed CORS origins, comma-separated; `*` for any; empty for none. */
  @IsString()
  CORS_ORIGINS = '';

  /** Deepest GraphQL selection allowed. */
  @Transform(toInt) @IsInt() @Min(2) @Max(50)
  GRAPHQL_MAX_DEPTH = 10;

  /** Highest GraphQL query cost allowed (each field 1, lists multiplied by first/last). */
  @Transform(toInt) @IsInt() @Min(10)
  GRAPHQL_MAX_COST = 5000;

  /** Serve the GraphQL landing page and introspection; defaults to on outside production. */
  @IsOptional() @Transform(toBool) @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }
}

/** The name of every variable AppConfig reads, in declaration order (optional ones included). */
export const CONFIG_KEYS: readonly string[] = [
  ...new Set([...Object.keys(new AppConfig()), 'DATABASE_URL', 'GRAPHQL_INTROSPECTION']),
];

/** Thrown when the environment is missing or malformed; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from an environment map (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${JSON.stringify(picked[e.property] ?? '')}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}
