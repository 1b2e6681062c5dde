import { PROBE_TABLE_SQL, ProbeModule } from './support/probe.module.js';
import { PRODUCTION_ENV, startTestApp, type TestApp } from './support/test-app.js';

describe('service foundation (HTTP, GraphQL, errors, logs)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], captureLogs: true, env: { BODY_LIMIT_BYTES: '4096' } });
    await t.dataSource.query(PROBE_TABLE_SQL);
  });
  afterAll(() => t.close());

  const probeCount = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM probe_item'))[0].n);

  describe('health', () => {
    it('reports alive on /health and ready with migrations applied on /health/ready', async () => {
      await t.http().get('/health').expect(200, { status: 'ok', version: '0.1.0' });
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body).toEqual({ ready: true, database: 'up', migrations: 'applied', phase: 'serving' });
    });

    it('reports not ready (503) when a migration is missing from the database', async () => {
      const [last] = await t.dataSource.query('SELECT * FROM migrations ORDER BY id DESC LIMIT 1');
      await t.dataSource.query('DELETE FROM migrations WHERE id = $1', [last.id]);
      try {
        const response = await t.http().get('/health/ready').expect(503);
        expect(response.body.migrations).toBe('pending');
      } finally {
        await t.dataSource.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [last.id, last.timestamp, last.name]);
      }
    });
  });

  describe('requests', () => {
    it('gives every response a request id, echoing a well-formed X-Request-Id', async () => {
      const own = await t.http().get('/health').set('x-request-id', 'abc-123').expect(200);
      expect(own.headers['x-request-id']).toBe('abc-123');
      const generated = await t.http().get('/health').set('x-request-id', 'not valid!').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sends security headers', async () => {
      const response = await t.http().get('/health');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('sends the same security headers on GraphQL answers, unknown paths and refused bodies', async () => {
      const names = [
        'content-security-policy',
        'strict-transport-security',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
        'cross-origin-opener-policy',
      ];
      const pick = (headers: Record<string, string>) => Object.fromEntries(names.map((name) => [name, headers[name]]));
      const health = pick((await t.http().get('/health')).headers);
      expect(Object.values(health).every(Boolean)).toBe(true);
      expect(pick((await t.http().post('/graphql').send({ query: '{ health { status } }' })).headers)).toEqual(health);
      expect(pick((await t.http().get('/no/such/path').expect(404)).headers)).toEqual(health);
      expect(pick((await t.http().post('/graphql').set('content-type', 'application/json').send('{"query":').expect(400)).headers)).toEqual(health);
    });

    it('serves Swagger UI and the OpenAPI document from the service itself', async () => {
      const ui = await t.http().get('/docs').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const asset = await t.http().get('/docs/swagger-ui-bundle.js').expect(200);
      expect(asset.text.length).toBeGreaterThan(100_000);
      const doc = await t.http().get('/docs/openapi.json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(doc.body.components.securitySchemes).toHaveProperty('bearer');
      expect(doc.body.components.securitySchemes).toHaveProperty('api-key');
    });

    it('answers an unknown path with 404 problem+json', async () => {
      const response = await t.http().get('/api/v1/no-such-thing').expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/v1/no-such-thing' });
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    });

    it('logs JSON lines with the request id and redacts credentials and personal data', async () => {
      const response = await t.http().get('/health').set('authorization', 'Bearer top-secret').set('x-api-key', 'nf_key_secret');
      const id = response.headers['x-request-id'];
      const lines = t.logs.filter((line) => line.requestId === id);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(t.logs)).not.toContain('top-secret');
      expect(JSON.stringify(t.logs)).not.toContain('nf_key_secret');
    });
  });

  describe('bad input is refused with a clear 4xx and nothing is written', () => {
    it('refuses malformed JSON', async () => {
      const response = await t.http().post('/api/v1/probe/items').set('content-type', 'application/json').send('{"label": "a",');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.body.detail).toMatch(/not valid JSON/);
      expect(await probeCount()).toBe(0);
    });

    it('refuses unknown fields, naming them', async () => {
      const response = await t.http().post('/api/v1/probe/items').send({ label: 'a', count: 1, admin: true });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors).toEqual([{ field: 'admin', message: 'is not an accepted field' }]);
      expect(await probeCount()).toBe(0);
    });

    it('refuses wrong types, naming each field', async () => {
      const response = await t.http().post('/api/v1/probe/items').send({ label: 42, count: 'many' });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(new Set(fields)).toEqual(new Set(['label', 'count']));
      expect(response.body.detail).toContain('count');
      expect(await probeCount()).toBe(0);
    });

    it('refuses an oversized body with 413', async () => {
      const response = await t
        .http()
        .post('/api/v1/probe/items')
        .send({ label: 'x'.repeat(5000), count: 1 });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await probeCount()).toBe(0);
    });

    it('refuses a content type the endpoint does not read with 415', async () => {
      const response = await t.http().post('/api/v1/probe/items').set('content-type', 'application/xml').send('<a/>');
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await probeCount()).toBe(0);
    });

    it('accepts the same request once it is valid', async () => {
      const response = await t.http().post('/api/v1/probe/items').send({ label: 'ok', count: 1 }).expect(201);
      expect(response.body).toMatchObject({ label: 'ok', count: 1 });
      expect(await probeCount()).toBe(1);
      await t.dataSource.query('DELETE FROM probe_item');
    });
  });

  describe('GraphQL', () => {
    it('answers a query', async () => {
      const response = await t.gql('{ health { status } readiness { ready migrations } }');
      expect(response.data).toEqual({ health: { status: 'ok' }, readiness: { ready: true, migrations: 'applied' } });
    });

    it('gives every error an extensions.code', async () => {
      const parse = await t.gql('{ health { status ');
      expect(parse.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const validation = await t.gql('{ noSuchField }');
      expect(validation.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const args = await t.gql('{ probeItems(first: 500) { totalCount } }');
      expect(args.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(args.errors?.[0].extensions.fields).toEqual([{ field: 'first', message: expect.stringContaining('100') }]);
      const internal = await t.gql('{ probeFail }');
      expect(internal.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    });

    it('refuses a query deeper than GRAPHQL_MAX_DEPTH with QUERY_TOO_COMPLEX', async () => {
      const deep = (n: number): string => (n === 0 ? 'level' : `level child { ${deep(n - 1)} }`);
      const ok = await t.gql(`{ probeDeep { ${deep(8)} } }`);
      expect(ok.errors).toBeUndefined();
      const tooDeep = await t.gql(`{ probeDeep { ${deep(12)} } }`);
      expect(tooDeep.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 10 });
      expect(tooDeep.data ?? null).toBeNull();
    });

    it('refuses a query costlier than GRAPHQL_MAX_COST, counting list sizes', async () => {
      const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: probeItems(first: 100) { edges { node { label count } } }`).join(' ');
      const response = await t.gql(`{ ${aliases} }`);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 5000 });
    });

    it('measures a repeated document again for each page size, directive and operation it is sent with', async () => {
      // The same text (so Apollo's cached DocumentNode) first passes, then must be refused for a page size that costs too much.
      const sized = `query Sized($n: Int = 100, $deep: Boolean!) { ${Array.from({ length: 60 }, (_, i) => `a${i}: probeItems(first: $n) { ...E }`).join(' ')} }
        fragment E on ProbeItemConnection { edges { node { label count @include(if: $deep) } } }
        query Small { probeItems(first: 100) { totalCount } }`;
      const gql = (operationName: string, variables: Record<string, unknown>) =>
        t
          .http()
          .post('/graphql')
          .send({ query: sized, operationName, variables })
          .then((r) => r.body as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] });
      expect(sized.length).toBeLessThan(4096);
      expect((await gql('Sized', { n: 1, deep: true })).errors).toBeUndefined();
      expect((await gql('Sized', { n: 1, deep: true })).errors).toBeUndefined();
      expect((await gql('Sized', { n: 100, deep: true })).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 5000 });
      expect((await gql('Sized', { n: 1, deep: true })).errors).toBeUndefined();
      // Fewer fields per item (the directive) and the default page size (absent, not null) are other inputs too.
      expect((await gql('Sized', { n: 25, deep: false })).errors).toBeUndefined();
      expect((await gql('Sized', { n: 25, deep: true })).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
      expect((await gql('Sized', { n: null, deep: true })).errors).toBeUndefined();
      expect((await gql('Sized', { deep: true })).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
      expect((await gql('Small', {})).errors).toBeUndefined();
    });

    it('refuses variables of the wrong type the same way each time the document is sent', async () => {
      const query = 'query($n: Int) { probeItems(first: $n) { totalCount } }';
      const first = await t
        .http()
        .post('/graphql')
        .send({ query, variables: { n: 'many' } })
        .expect(400);
      expect(
        (
          await t
            .http()
            .post('/graphql')
            .send({ query, variables: { n: 2 } })
            .expect(200)
        ).body.errors,
      ).toBeUndefined();
      const again = await t
        .http()
        .post('/graphql')
        .send({ query, variables: { n: 'many' } })
        .expect(400);
      expect(first.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(again.body.errors).toEqual(first.body.errors);
    });

    it('tells caches not to store GraphQL answers', async () => {
      const response = await t.http().post('/graphql').send({ query: '{ health { status } }' }).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
    });
  });

  describe('pagination', () => {
    beforeAll(async () => {
      await t.dataSource.query(
        `INSERT INTO probe_item (label, count, created_at)
         SELECT 'item ' || i, i, timestamptz '2026-01-01' + i * interval '1 minute' FROM generate_series(1, 45) i`,
      );
    });

    type Page = {
      probeItems: {
        totalCount: number;
        edges: { cursor: string; node: { label: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string };
      };
    };
    const page = (args: string) =>
      t.gql<Page>(`{ probeItems(${args}) { totalCount edges { cursor node { label } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);

    it('walks a GraphQL connection forward with first/after and back with last/before', async () => {
      const one = (await page('first: 20')).data!.probeItems;
      expect(one.totalCount).toBe(45);
      expect(one.edges.map((e) => e.node.label).slice(0, 2)).toEqual(['item 1', 'item 2']);
      expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const two = (await page(`first: 20, after: "${one.pageInfo.endCursor}"`)).data!.probeItems;
      expect(two.edges[0].node.label).toBe('item 21');
      const three = (await page(`first: 20, after: "${two.pageInfo.endCursor}"`)).data!.probeItems;
      expect(three.edges.map((e) => e.node.label)).toEqual(['item 41', 'item 42', 'item 43', 'item 44', 'item 45']);
      expect(three.pageInfo.hasNextPage).toBe(false);
      const back = (await page(`last: 3, before: "${three.pageInfo.startCursor}"`)).data!.probeItems;
      expect(back.edges.map((e) => e.node.label)).toEqual(['item 38', 'item 39', 'item 40']);
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const tail = (await page('last: 2')).data!.probeItems;
      expect(tail.edges.map((e) => e.node.label)).toEqual(['item 44', 'item 45']);
    });

    it('refuses a cursor it did not issue, naming the argument', async () => {
      const response = await page('first: 5, after: "garbage"');
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: expect.any(String) }] });
    });

    it('walks a REST list with cursor and limit until nextCursor is null', async () => {
      const labels: string[] = [];
      let cursor: string | null = null;
      do {
        const response: { body: { items: { label: string }[]; nextCursor: string | null } } = await t
          .http()
          .get('/api/v1/probe/items')
          .query({ limit: 20, ...(cursor ? { cursor } : {}) })
          .expect(200);
        labels.push(...response.body.items.map((i: { label: string }) => i.label));
        cursor = response.body.nextCursor;
      } while (cursor);
      expect(labels).toHaveLength(45);
      expect(new Set(labels).size).toBe(45);
      const bad = await t.http().get('/api/v1/probe/items').query({ cursor: 'nope' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      const tooMany = await t.http().get('/api/v1/probe/items').query({ limit: 1000 }).expect(400);
      expect(tooMany.body.errors[0].field).toBe('limit');
    });
  });
});

describe('production mode', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ imports: [ProbeModule], env: PRODUCTION_ENV })));
  afterAll(() => t.close());

  it('turns introspection off', async () => {
    const response = await t.gql('{ __schema { queryType { name } } }');
    expect(response.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides internal messages and stack traces', async () => {
    const response = await t.gql('{ probeFail }');
    expect(response.errors?.[0].message).toBe('Internal server error');
    expect(response.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|secret internal detail|at /);
  });
});

describe('development mode', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ imports: [ProbeModule], env: { NODE_ENV: 'development', CODE_SENDER: 'log' } })));
  afterAll(() => t.close());

  it('shows stack traces to developers', async () => {
    const response = await t.gql('{ probeFail }');
    expect(response.errors?.[0].extensions.stacktrace).toBeDefined();
  });
});
