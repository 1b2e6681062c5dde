import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, CONFIG_KEYS, ConfigError, loadConfig } from './app-config.js';
import { PROJECT_ROOT } from './version.js';

/** `.env.example` as entries: `KEY=value` is set, `# KEY=value` is documented but commented out. */
function readEnvExample(): { key: string; value: string; commented: boolean }[] {
  const text = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8');
  return text.split('\n').flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [{ key: match[2], value: match[3], commented: Boolean(match[1]) }] : [];
  });
}

/** Calls `work` and returns the ConfigError it throws (failing when it throws nothing). */
function configErrorOf(work: () => unknown): ConfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig', () => {
  describe('.env.example', () => {
    const entries = readEnvExample();

    it('lists exactly the variables AppConfig reads, each once', () => {
      const keys = entries.map((e) => e.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual([...CONFIG_KEYS].sort());
    });

    it('gives the defaults for the variables it sets', () => {
      const set = Object.fromEntries(entries.filter((e) => !e.commented).map((e) => [e.key, e.value]));
      expect(loadConfig(set)).toEqual(loadConfig({}));
    });

    it('documents each variable with a comment line above it', () => {
      const lines = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8').split('\n');
      for (const { key } of entries) {
        const at = lines.findIndex((line) => new RegExp(`^(#\\s*)?${key}=`).test(line.trim()));
        expect({ key, comment: lines[at - 1]?.startsWith('# ') }).toEqual({ key, comment: true });
      }
    });
  });

  it('knows every declared field, optional ones included', () => {
    expect(CONFIG_KEYS).toEqual(expect.arrayContaining(['NODE_ENV', 'PORT', 'DATABASE_URL', 'GRAPHQL_INTROSPECTION']));
  });

  describe('malformed values stop loading with an error naming the variable', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['DATABASE_URL', 'mysql://x'],
      ['LOG_LEVEL', 'loud'],
      ['NODE_ENV', 'staging'],
      ['GRAPHQL_INTROSPECTION', 'maybe'],
      ['DATABASE_POOL_SIZE', '0'],
      ['ISSUE_JOBS_CRON', 'every 5 minutes'],
    ])('%s=%s', (key, value) => {
      const error = configErrorOf(() => loadConfig({ [key]: value }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toContain(`${key}=${JSON.stringify(value)}`);
      expect(error.message).toContain(key);
    });

    it('names every bad variable at once', () => {
      const error = configErrorOf(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' }));
      expect(error.problems.map((p) => p.split('=')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    });
  });

  it('uses the defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect({ ...config }).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      EMBEDDED_PG_DIR: '.data/postgres',
      EMBEDDED_PG_PORT: 54320,
      DATABASE_POOL_SIZE: 10,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      BODY_LIMIT_BYTES: 1_048_576,
      CORS_ORIGINS: '',
      GRAPHQL_MAX_DEPTH: 10,
      GRAPHQL_MAX_COST: 5000,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.GRAPHQL_INTROSPECTION).toBeUndefined();
    expect(config.HOST).toBeUndefined();
  });

  describe('HOST', () => {
    it('listens on loopback only in demo mode (its passwords are published) and on every interface otherwise', () => {
      expect(loadConfig({}).listenHost).toBe('127.0.0.1');
      expect(loadConfig({ DEMO_MODE: 'on', DATABASE_URL: 'postgres://db/n' }).listenHost).toBe('127.0.0.1');
      expect(loadConfig({ DATABASE_URL: 'postgres://db/n' }).listenHost).toBe('0.0.0.0');
      expect(loadConfig({ DEMO_MODE: 'off' }).listenHost).toBe('0.0.0.0');
    });

    it('is used as set, demo mode or not', () => {
      expect(loadConfig({ HOST: '0.0.0.0' }).listenHost).toBe('0.0.0.0');
      expect(loadConfig({ HOST: '::1', DATABASE_URL: 'postgres://db/n' }).listenHost).toBe('::1');
    });
  });

  it('reports every problem on one line', () => {
    const error = configErrorOf(() => loadConfig({ PORT: 'abc', LOG_FORMAT: 'fancy' }));
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(/^invalid configuration: .*LOG_FORMAT="fancy".*; .*PORT="abc"|^invalid configuration: .*PORT="abc".*; .*LOG_FORMAT="fancy"/);
  });

  it('treats empty strings as unset and ignores unknown variables', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', SOMETHING_ELSE: 'x' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });

  it('converts numbers and accepts postgres:// and postgresql:// URLs', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/n' }).DATABASE_URL).toBe('postgres://u:p@db:5432/n');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/n' }).DATABASE_URL).toBe('postgresql://db/n');
  });

  describe('production', () => {
    it('refuses to start without real secrets, naming each missing variable', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', CODE_SENDER: 'webhook', CODE_SENDER_URL: 'https://sms.example/send' })).toThrow(
        /JWT_SECRET is required[\s\S]*PII_ENCRYPTION_KEYS is required[\s\S]*PII_BLIND_INDEX_KEY is required/,
      );
    });

    it('refuses to start without a real SMS sender for worker codes', () => {
      const secrets = {
        JWT_SECRET: 'x'.repeat(32),
        PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
      };
      expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/CODE_SENDER must be webhook/);
      expect(() => loadConfig({ NODE_ENV: 'production', ...secrets, CODE_SENDER: 'webhook' })).toThrow(/CODE_SENDER_URL is required/);
      expect(loadConfig({ NODE_ENV: 'production', ...secrets, CODE_SENDER: 'webhook', CODE_SENDER_URL: 'https://sms.example/send' }).isProduction).toBe(true);
    });

    it('refuses the in-memory code sender outside tests and a key id that names no key', () => {
      expect(() => loadConfig({ NODE_ENV: 'development', CODE_SENDER: 'memory' })).toThrow(/CODE_SENDER=memory/);
      expect(() => loadConfig({ PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`, PII_ENCRYPTION_KEY_ID: 'k2' })).toThrow(
        /PII_ENCRYPTION_KEY_ID/,
      );
    });
  });

  describe('GRAPHQL_INTROSPECTION', () => {
    const PRODUCTION = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
      CODE_SENDER: 'webhook',
      CODE_SENDER_URL: 'https://sms.example/send',
    };
    it.each([
      ['production', false],
      ['development', true],
      ['test', true],
    ] as const)('defaults to %s → %s', (nodeEnv, expected) => {
      expect(loadConfig(nodeEnv === 'production' ? PRODUCTION : { NODE_ENV: nodeEnv }).introspection).toBe(expected);
    });

    it('can be switched on in production and off elsewhere', () => {
      expect(loadConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
      expect(loadConfig({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: '0' }).introspection).toBe(false);
    });
  });

  describe('DEMO_MODE', () => {
    const PRODUCTION = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
      CODE_SENDER: 'webhook',
      CODE_SENDER_URL: 'https://sms.example/send',
    };

    it('is on by default with the embedded database and off with DATABASE_URL', () => {
      expect(loadConfig({}).demoMode).toBe(true);
      expect(loadConfig({ DATABASE_URL: 'postgres://db/n' }).demoMode).toBe(false);
      expect(loadConfig({ DATABASE_URL: 'postgres://db/n', DEMO_MODE: 'on' }).demoMode).toBe(true);
      expect(loadConfig({ DEMO_MODE: 'off' }).demoMode).toBe(false);
    });

    it('is off by default in production, even with the embedded database', () => {
      expect(loadConfig(PRODUCTION).demoMode).toBe(false);
      expect(loadConfig({ ...PRODUCTION, DEMO_MODE: 'off' }).demoMode).toBe(false);
    });

    it('is refused in production when switched on, naming DEMO_MODE', () => {
      const error = configErrorOf(() => loadConfig({ ...PRODUCTION, DEMO_MODE: 'on' }));
      expect(error.problems).toEqual([expect.stringContaining('DEMO_MODE')]);
      expect(error.message).toMatch(/DEMO_MODE=on is refused when NODE_ENV=production/);
    });

    it('accepts only auto, on and off', () => {
      expect(configErrorOf(() => loadConfig({ DEMO_MODE: 'yes' })).problems[0]).toContain('DEMO_MODE="yes"');
    });
  });
});
