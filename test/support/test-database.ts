import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.js';

// One template per test run (named by the run's pid), so parallel runs on one server never collide.
const TEMPLATE = `nf_tpl_${process.env.NF_TEST_RUN ?? 'x'}`;

/** The server URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function serverUrl(): string {
  const url = process.env.NF_TEST_SERVER_URL;
  if (!url) throw new Error('NF_TEST_SERVER_URL is unset: run tests through `npm test` (jest global setup)');
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrates the template database once per test run (the first file to ask does it, under a lock). */
async function ensureTemplate(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [TEMPLATE]);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${TEMPLATE}`);
    await runMigrations(withDatabase(serverUrl(), TEMPLATE));
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [TEMPLATE]);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own, cloned from the migrated template (a file-level copy,
 * so it takes milliseconds). With `migrated: false` the database is empty instead.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `nf_test_${process.env.NF_TEST_RUN ?? 'x'}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    if (options.migrated === false) {
      await client.query(`CREATE DATABASE ${name}`);
      return;
    }
    await ensureTemplate(client);
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
        return;
      } catch (error) {
        // Two files cloning at the same instant may briefly see each other on the template.
        if (attempt < 20 && /being accessed by other users/.test(String(error))) {
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
          continue;
        }
        throw error;
      }
    }
  });
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
