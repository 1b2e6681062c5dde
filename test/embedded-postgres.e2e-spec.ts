import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';

/** Resolves when nothing listens on `port` on the loopback interface. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port from 54390 upwards, starting at a random offset so parallel runs rarely collide. */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 54390 + Math.floor(Math.random() * 500);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port found for the embedded PostgreSQL');
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let root: string;
  let server: EmbeddedDatabase | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nf-embedded-pg-'));
    // The server runs as the unprivileged `postgres` user, which must be able to reach its data dir.
    chmodSync(root, 0o755);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps its data across a stop and a start on the same directory', async () => {
    const dir = join(root, 'data');
    const port = await freePort();

    server = await startEmbeddedPostgres({ dir, port });
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
    await query(server.url, 'CREATE TABLE keepsake (id int PRIMARY KEY, label text NOT NULL)');
    await query(server.url, 'INSERT INTO keepsake (id, label) VALUES ($1, $2)', [1, '小哥驿站']);
    await server.stop();
    server = undefined;

    server = await startEmbeddedPostgres({ dir, port });
    expect(await query(server.url, 'SELECT id, label FROM keepsake')).toEqual([{ id: 1, label: '小哥驿站' }]);
    await server.stop();
    server = undefined;
  }, 60_000);
});
