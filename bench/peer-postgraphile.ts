/**
 * The peer of `npm run bench:peer`: PostGraphile v4 (a devDependency) serving the database given in
 * PEER_DATABASE_URL from its `public` schema, as its documentation runs it in production: NODE_ENV=production,
 * no GraphiQL, no query log, no schema watching, the pool the same size as the app's (PEER_POOL_SIZE).
 * Forked by bench/peer.ts; it answers `{ port }` once listening, and on `{ record: true }` keeps every SQL
 * statement its pool sends (text, values, whether named) until `{ record: false }`, which it answers with them.
 *
 * PostGraphile v4 runs only on graphql 15 while the app needs 16, so npm installs several copies of graphql
 * 15 under PostGraphile's packages. graphql-js cannot mix copies (its types are checked by class), so every
 * `graphql` and `graphile-build` this process loads is resolved to the copy PostGraphile itself uses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pg from 'pg';

process.env.NODE_ENV = 'production';
const require = createRequire(import.meta.url);

/** One statement as PostGraphile sent it. */
export interface PeerStatement {
  text: string;
  values: unknown[];
  named: boolean;
}

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const Module = require('node:module') as { _resolveFilename: Resolve };
const postgraphileMain = require.resolve('postgraphile');
const pinned: Record<string, string> = {
  graphql: dirname(require.resolve('graphql/package.json', { paths: [postgraphileMain] })),
  'graphile-build': dirname(require.resolve('graphile-build/package.json', { paths: [postgraphileMain] })),
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const name = request.split('/')[0];
  const root = pinned[name];
  return resolveFilename.call(this, root ? root + request.slice(name.length) : request, parent, ...rest);
};

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const { postgraphile } = require('postgraphile') as { postgraphile: (pool: pg.Pool, schema: string, options: Record<string, unknown>) => Handler };

const url = process.env.PEER_DATABASE_URL!;
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PEER_POOL_SIZE ?? 10) });
let recorded: PeerStatement[] | undefined;
pool.on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
    if (recorded) {
      if (typeof config === 'string') recorded.push({ text: config, values: Array.isArray(values) ? values : [], named: false });
      else if (config && typeof config === 'object' && 'text' in config) {
        const c = config as { text: string; values?: unknown[]; name?: string };
        recorded.push({ text: c.text, values: c.values ?? [], named: Boolean(c.name) });
      }
    }
    return query(config, values, ...rest);
  };
});

const handler = postgraphile(pool, 'public', {
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  legacyRelations: 'omit',
  retryOnInitFail: false,
  showErrorStack: false,
  extendedErrors: ['errcode'],
});

const server = createServer(handler);
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message: { record: boolean }) => {
  if (message.record) recorded = [];
  else {
    process.send!({ statements: recorded ?? [] });
    recorded = undefined;
  }
});
process.on('disconnect', () => process.exit(0));
