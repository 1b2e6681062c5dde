import { readFileSync } from 'node:fs';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { buildPermissionMap } from '../src/access/permission-map.js';
import { Role } from '../src/access/role.enum.js';
import { LABELS } from '../src/common/labels/labels.js';
import { completeOpenApiDocument, regexMaxLength } from '../src/common/openapi/openapi-contract.js';
import { handlerParameterTypes } from '../src/common/openapi/openapi.js';
import { PRODUCTION_ENV, startTestApp, type TestApp } from './support/test-app.js';

/** Issue 17: what integrators meet around the core API: the GraphiQL IDE, labels at run time, CORS. */
describe('integrator surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://front.example.org, https://admin.example.org' } });
  }, 60_000);
  afterAll(() => t?.close());

  // First: the apps other tests start in this process (production, no CORS) bring their own secrets.
  describe('input bounds', () => {
    it('enforces the documented bounds: a cursor longer than its maxLength is BAD_USER_INPUT naming it', async () => {
      const admin = await t.as(Role.ADMIN);
      const long = await admin.get(`/api/v1/staff-users?cursor=${'a'.repeat(513)}`).expect(400);
      expect(long.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });
  });

  describe('GraphiQL at /graphql', () => {
    it("serves a browser the IDE page that loads only the app's own files (no CDN), with the header editor on", async () => {
      const page = await t.http().get('/graphql').set('accept', 'text/html,application/xhtml+xml').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(sources.sort()).toEqual([
        '/graphql/ide/graphiql.min.css',
        '/graphql/ide/graphiql.min.js',
        '/graphql/ide/react-dom.production.min.js',
        '/graphql/ide/react.production.min.js',
        '/graphql/ide/start.js',
      ]);
      expect(page.text).not.toMatch(/apollographql|https?:\/\//);
      expect(page.headers['content-security-policy']).not.toMatch(/apollographql|https:/);
      for (const source of sources) {
        const asset = await t.http().get(source).expect(200);
        expect(asset.headers['content-type']).toMatch(source.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      }
      const start = await t.http().get('/graphql/ide/start.js').expect(200);
      expect(start.text).toContain('isHeadersEditorEnabled: true');
      await t.http().get('/graphql/ide/missing.js').expect(404);
    });

    it('still answers GraphQL clients at /graphql: POST, and GET with a query', async () => {
      const post = await t.gql('{ health { status } }');
      expect(post.data).toEqual({ health: { status: 'ok' } });
      const get = await t.http().get('/graphql').query({ query: '{ health { status } }' }).set('apollo-require-preflight', 'true').expect(200);
      expect(get.body).toEqual({ data: { health: { status: 'ok' } } });
    });

    it('is off in production unless GRAPHQL_IDE=on', async () => {
      const production = await startTestApp({ env: { ...PRODUCTION_ENV } });
      try {
        const page = await production.http().get('/graphql').set('accept', 'text/html');
        expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);
        expect(page.text).not.toContain('graphiql');
        await production.http().get('/graphql/ide/graphiql.min.js').expect(404);
      } finally {
        await production.close();
      }
      const enabled = await startTestApp({ env: { ...PRODUCTION_ENV, GRAPHQL_IDE: 'on' } });
      try {
        const page = await enabled.http().get('/graphql').set('accept', 'text/html').expect(200);
        expect(page.text).toContain('/graphql/ide/graphiql.min.js');
      } finally {
        await enabled.close();
      }
    }, 60_000);
  });

  describe('labels at run time', () => {
    it('labels(enum:) answers every value with its Chinese and English label, without signing in', async () => {
      const { data, errors } = await t.gql<{ labels: { value: string; zh: string; en: string }[] }>('{ labels(enum: "IssueStatus") { value zh en } }');
      expect(errors).toBeUndefined();
      expect(data!.labels).toContainEqual({ value: 'ACCEPTED', zh: '已受理', en: 'Accepted' });
      expect(data!.labels.map((l) => l.value)).toEqual(Object.keys(LABELS.IssueStatus.values));
    });

    it('GET /api/v1/labels/{enum} answers the same list from the same source', async () => {
      const rest = await t.http().get('/api/v1/labels/IssueStatus').expect(200);
      const { data } = await t.gql<{ labels: unknown[] }>('{ labels(enum: "IssueStatus") { value zh en } }');
      expect(rest.body).toEqual(data!.labels);
      const roles = await t.http().get('/api/v1/labels/Role').expect(200);
      expect(roles.body).toContainEqual({ value: 'GRID_WORKER', zh: '网格员', en: 'Grid worker' });
    });

    it('an unknown enum is BAD_USER_INPUT naming the field, over GraphQL and REST', async () => {
      const { errors } = await t.gql('{ labels(enum: "Nope") { value } }');
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors![0].extensions.fields).toEqual([expect.objectContaining({ field: 'enum' })]);
      expect(errors![0].message).toContain('IssueStatus');
      // An expected error is an answer, not a bug: no stack trace, even outside production.
      expect(errors![0].extensions).not.toHaveProperty('stacktrace');
      const invalid = await t.gql('{ labels { value } }');
      expect(invalid.errors![0].extensions).not.toHaveProperty('stacktrace');
      const rest = await t.http().get('/api/v1/labels/Nope').expect(400);
      expect(rest.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(rest.body.code).toBe('BAD_USER_INPUT');
      expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'enum' })]);
    });
  });

  describe('CORS', () => {
    const FRONT = 'https://front.example.org';

    it("a configured origin's preflight gets every method and header the API uses", async () => {
      for (const path of ['/graphql', '/api/v1/roster/syncs', '/api/v1/me']) {
        const preflight = await t
          .http()
          .options(path)
          .set('origin', FRONT)
          .set('access-control-request-method', 'PATCH')
          .set('access-control-request-headers', 'authorization, content-type, idempotency-key, x-api-key, x-consent-ref')
          .expect(204);
        expect(preflight.headers['access-control-allow-origin']).toBe(FRONT);
        const methods = preflight.headers['access-control-allow-methods'].split(/,\s*/);
        expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
        const headers = preflight.headers['access-control-allow-headers'].toLowerCase().split(/,\s*/);
        expect(headers).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-api-key', 'x-consent-ref']));
        expect(preflight.headers.vary).toMatch(/origin/i);
      }
    });

    it("a configured origin's request carries Access-Control-Allow-Origin and the readable headers", async () => {
      const answer = await t
        .http()
        .post('/graphql')
        .set('origin', 'https://admin.example.org')
        .set('content-type', 'application/json')
        .send({ query: '{ health { status } }' })
        .expect(200);
      expect(answer.headers['access-control-allow-origin']).toBe('https://admin.example.org');
      expect(answer.headers['access-control-expose-headers']).toMatch(/X-Request-Id/i);
      expect(answer.headers['access-control-expose-headers']).toMatch(/Retry-After/i);
    });

    it("an unconfigured origin's preflight is refused with a clear 403 problem (not 404, not a CSRF message)", async () => {
      for (const path of ['/graphql', '/api/v1/me', '/api/v1/no-such-route']) {
        const refused = await t.http().options(path).set('origin', 'https://evil.example.com').set('access-control-request-method', 'POST').expect(403);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
        expect(refused.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
        expect(refused.body.detail).toContain('https://evil.example.com');
        expect(refused.body.detail).toContain('CORS_ORIGINS');
        expect(refused.text).not.toMatch(/csrf/i);
      }
      // A simple request from elsewhere is served without CORS headers: the browser keeps the answer from the page.
      const simple = await t.http().get('/health').set('origin', 'https://evil.example.com').expect(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('with no origins configured, a preflight says cross-origin requests are not enabled', async () => {
      const closed = await startTestApp();
      try {
        const refused = await closed.http().options('/graphql').set('origin', FRONT).set('access-control-request-method', 'POST').expect(403);
        expect(refused.body.detail).toMatch(/not enabled.*CORS_ORIGINS/);
      } finally {
        await closed.close();
      }
    }, 60_000);
  });

  describe('the REST contract (openapi.json)', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const committed = JSON.parse(readFileSync('openapi.json', 'utf8')) as any;
    const operations = Object.entries(
      committed.paths as Record<string, Record<string, { security?: unknown[]; summary?: string; responses: Record<string, unknown> }>>,
    ).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })));

    it('holds no secret: the demo password is nowhere in it', () => {
      expect(JSON.stringify(committed)).not.toContain('newforce-demo');
    });

    it('sets servers, and every operation a summary, a security requirement (empty for public ones) and problem+json errors with 429 headers', () => {
      expect(committed.servers).toEqual([expect.objectContaining({ url: '/' })]);
      for (const { key, operation } of operations) {
        expect([key, typeof operation.summary]).toEqual([key, 'string']);
        expect([key, Array.isArray(operation.security)]).toEqual([key, true]);
        for (const status of ['400', '429', '500'])
          expect([key, status, operation.responses[status]]).toEqual([key, status, { $ref: expect.stringMatching(/^#\/components\/responses\/Problem/) }]);
      }
      expect(operations.find((o) => o.key === 'POST /api/v1/auth/login')!.operation.security).toEqual([]);
      expect(operations.find((o) => o.key === 'GET /api/v1/me')!.operation.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
      expect(operations.find((o) => o.key === 'POST /api/v1/roster/syncs')!.operation.security).toEqual([{ 'api-key': [] }]);
      expect(Object.keys(committed.components.responses.Problem429.headers)).toEqual(
        expect.arrayContaining(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
      );
      expect(committed.components.responses.Problem429.content).toHaveProperty(['application/problem+json']);
    });

    it('describes its schemas (at least 95 % of properties, Chinese first, then English) and every parameter', () => {
      const properties = Object.entries(committed.components.schemas as Record<string, { properties?: Record<string, { description?: string }> }>).flatMap(
        ([schema, { properties = {} }]) =>
          Object.entries(properties).map(([name, property]) => ({ name: `${schema}.${name}`, description: property.description })),
      );
      const undescribed = properties.filter((p) => !p.description).map((p) => p.name);
      expect({ share: 1 - undescribed.length / properties.length >= 0.95, undescribed }).toMatchObject({ share: true });
      const bilingual = properties.filter((p) => p.description && /^[^/]*\p{Script=Han}[^/]*\/ .*[A-Za-z]/su.test(p.description));
      expect(bilingual.length / properties.length).toBeGreaterThanOrEqual(0.95);
      const parameters = operations.flatMap(({ key, operation }) =>
        ((operation as { parameters?: { name: string; description?: string }[] }).parameters ?? []).map((p) => ({ key, ...p })),
      );
      expect(parameters.filter((p) => !p.description).map((p) => `${p.key} ${p.name}`)).toEqual([]);
      expect(parameters.length).toBeGreaterThan(100);
    });

    it('publishes every property with its type: a nullable string, date or number is not a bare object', () => {
      const bare = Object.entries(committed.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>).flatMap(
        ([schema, { properties = {} }]) =>
          Object.entries(properties)
            .filter(([, p]) => p.type === 'object' && !p.properties && !p.additionalProperties && !p.allOf)
            .map(([name]) => `${schema}.${name}`),
      );
      expect(bare).toEqual([]);
      expect(committed.components.schemas.GovernanceIssueDto.properties.address).toMatchObject({ type: 'string', nullable: true });
      expect(committed.components.schemas.GovernanceIssueDto.properties.rating).toMatchObject({ type: 'integer', nullable: true });
    });

    it('carries no credential in a path: the ledger import commit takes its token in the body', () => {
      expect(operations.map((o) => o.key)).toContain('POST /api/v1/ledger/imports/commit');
      expect(operations.map((o) => o.key).filter((key) => /\{(token|password|api-?key|secret)\}/i.test(key))).toEqual([]);
    });

    it('bounds every string and array input by the validation itself: nothing is left unbounded', async () => {
      const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
      expect(completeOpenApiDocument(document, buildPermissionMap(t.app), handlerParameterTypes(t.app))).toEqual([]);
      expect([regexMaxLength(/^\d{6}(\d{3}){0,2}$/), regexMaxLength(/^[A-Z0-9-]{3,32}$/), regexMaxLength(/^\d+$/), regexMaxLength('abc')]).toEqual([
        12,
        32,
        undefined,
        undefined,
      ]);
    });

    it('answers a rate-limited call with 429, Retry-After and RateLimit-* headers', async () => {
      let answer: { status: number; headers: Record<string, string> } | undefined;
      for (let i = 0; i < 25; i++) {
        answer = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' });
        if (answer.status === 429) break;
      }
      expect(answer!.status).toBe(429);
      expect(answer!.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer!.headers).toMatchObject({ 'ratelimit-limit': '20', 'ratelimit-remaining': '0', 'ratelimit-reset': answer!.headers['retry-after'] });
    });
  });
});
