// Shared by the dashboard benchmarks: a throwaway database, the production-like config, a staff token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';

/** A database for a run: a throwaway one on DATABASE_URL's server, or an embedded server in a temporary directory. */
export async function openDatabase(prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `${prefix}_${process.pid}`;
    const admin = new pg.Client({ connectionString: given });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async close() {
        const c = new pg.Client({ connectionString: given });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-'));
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: 54000 + (process.pid % 1000), persistent: false });
  return {
    url: embedded.url,
    async close() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The service as production runs it (silent logs), with a pool of `poolSize`. */
export function benchConfig(poolSize: number): AppConfig {
  return loadConfig({
    NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: String(poolSize), CODE_SENDER: 'webhook',
    CODE_SENDER_URL: 'http://127.0.0.1:9/sms', JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
    PII_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 7).toString('base64')}`, PII_BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
  });
}

/** Runs SQL with timing, for the seed log on stderr. */
export async function timed(client: pg.Client, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const started = Date.now();
  await client.query(sql, params);
  process.stderr.write(`  ${label}: ${Date.now() - started} ms\n`);
}
