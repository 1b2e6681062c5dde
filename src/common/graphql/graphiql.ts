import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPHQL_PATH } from './graphql.module.js';

/** Where the IDE's files are served (same origin as /graphql, so the IDE needs no network beyond the app). */
export const GRAPHIQL_ASSETS_PATH = `${GRAPHQL_PATH}/ide`;

const require = createRequire(import.meta.url);

/**
 * The files GraphiQL runs from, taken from the installed packages: GraphiQL 3's UMD bundle and
 * stylesheet, React 18's UMD builds (React 19 ships none), and the start script below. No CDN.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** A file inside an installed package (through its package.json: the packages' `exports` do not list their UMD builds). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Starts GraphiQL on the page (a file of its own: the Content-Security-Policy allows no inline script). */
const START_SCRIPT = `'use strict';
(function () {
  var fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(GRAPHQL_PATH)} });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: 'headers',
    headers: '{\\n  "Authorization": "Bearer <令牌 / access token>"\\n}',
    defaultQuery: '# newforce GraphQL — 在 Headers 中填入令牌 / put your bearer token in Headers\\n{\\n  health { status }\\n  labels(enum: "IssueStatus") { value zh en }\\n}\\n',
  }));
})();
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newforce GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">GraphiQL…</div>
<script src="${GRAPHIQL_ASSETS_PATH}/react.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/react-dom.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/graphiql.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/start.js"></script>
</body>
</html>
`;

/** A browser asking for /graphql (HTML, no operation in the query string) gets the IDE; clients get GraphQL. */
function wantsIde(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const [path, query = ''] = request.url.split('?', 2);
  if (path !== GRAPHQL_PATH && path !== `${GRAPHQL_PATH}/`) return false;
  if (new URLSearchParams(query).has('query')) return false;
  return String(request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves GraphiQL at /graphql for browsers, from the app's own files: no request leaves the
 * machine, so it works offline and behind any firewall. Apollo's landing page stays disabled.
 */
export function serveGraphiQL(fastify: FastifyInstance): void {
  const files = new Map<string, { body: Buffer | string; type: string }>();
  for (const [name, asset] of Object.entries(ASSETS)) files.set(name, { body: readFileSync(packageFile(asset.pkg, asset.file)), type: asset.type });
  files.set('start.js', { body: START_SCRIPT, type: 'text/javascript' });

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (!wantsIde(request)) return done();
    void reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(PAGE);
  });
  fastify.get(`${GRAPHIQL_ASSETS_PATH}/:file`, (request, reply) => {
    const file = files.get((request.params as { file: string }).file);
    if (!file) return reply.code(404).type('text/plain').send('Not Found');
    return reply.header('cache-control', 'public, max-age=3600').type(`${file.type}; charset=utf-8`).send(file.body);
  });
}
