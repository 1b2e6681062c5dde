// Shared by the dashboard benchmarks: a throwaway database, the production-like config, a staff token.
import { fork, type Serializable } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
  chmodSync(dir, 0o755); // the server runs as the unprivileged postgres user when we are root
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
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: String(poolSize),
    CODE_SENDER: 'webhook',
    CODE_SENDER_URL: 'http://127.0.0.1:9/sms',
    JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
    PII_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 7).toString('base64')}`,
    PII_BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
    // A load run is a few callers sending thousands of requests a second: counted as ever, never refused.
    QUOTA_USER_PER_MINUTE: '10000000',
    QUOTA_KEY_PER_MINUTE: '10000000',
  });
}

/** Runs SQL with timing, for the seed log on stderr. */
export async function timed(client: pg.Client, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const started = Date.now();
  await client.query(sql, params);
  process.stderr.write(`  ${label}: ${Date.now() - started} ms\n`);
}

/** What one autocannon run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** The figures of an autocannon result that the benchmarks report. */
export function summarise(result: {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/**
 * Runs the load generator in a child process (the benchmark's own script with `--load`), so
 * autocannon never shares the servers' event loop or CPU accounting.
 */
export function loadInChild<Job extends object>(script: string, job: Job): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--load'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result) => {
      resolve(result as LoadResult);
      child.kill();
    });
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
    child.send(job as unknown as Serializable);
  });
}

/** A benchmark script's entry: `main` normally; the load generator when forked by loadInChild. */
export function benchEntry<Job>(main: () => Promise<void>, runLoad: (job: Job) => Promise<LoadResult>): void {
  if (process.argv.includes('--load')) {
    process.once('message', (job: Job) => void runLoad(job).then((result) => process.send!(result)));
    return;
  }
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
