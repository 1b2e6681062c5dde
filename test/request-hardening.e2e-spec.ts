import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Role } from '../src/access/role.enum.js';
import { ensureDepartment, type ActorClient } from './support/actors.js';
import { ensureTownship } from './support/care.js';
import { createEnterprise, setupNingyuan } from './support/organizing.js';
import { PROBE_TABLE_SQL, ProbeModule } from './support/probe.module.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** `depth` arrays inside each other: `[[[…]]]`. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** `depth` objects inside each other: `{"a":{"a":…1}}`. */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A cursor as this service encodes them (base64url JSON), holding anything. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type OpenApiSchema = { properties?: Record<string, { nullable?: boolean }>; required?: string[] };
/** Every PATCH route of the committed OpenAPI document, with the optional fields of its body and which of those may be null. */
function patchRoutes(): { path: string; optional: string[]; nullable: string[] }[] {
  const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
    components: { schemas: Record<string, OpenApiSchema> };
  };
  return Object.entries(doc.paths).flatMap(([path, operations]) => {
    const ref = operations.patch?.requestBody?.content?.['application/json']?.schema?.$ref;
    if (!ref) return [];
    const schema = doc.components.schemas[ref.split('/').pop()!];
    const optional = Object.keys(schema.properties ?? {}).filter((name) => !(schema.required ?? []).includes(name));
    return [{ path, optional, nullable: optional.filter((name) => schema.properties![name].nullable) }];
  });
}

describe('request hardening (issue 19)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], captureLogs: true });
    await t.dataSource.query(PROBE_TABLE_SQL);
    await ensureTownship(t);
  });
  afterAll(() => t.close());

  const postJson = (path: string, body: string) => t.http().post(path).set('content-type', 'application/json').send(body);

  describe('JSON bodies are bounded before anything parses or validates them', () => {
    it.each([
      ['a megabyte of nested arrays', `{"username":${nestedArrays(500_000)},"password":"x"}`],
      ['a megabyte of nested objects', `{"username":${nestedObjects(170_000)},"password":"x"}`],
      ['just past the depth limit', `{"username":${nestedArrays(64)},"password":"x"}`],
    ])('refuses %s on the anonymous login with 400 problem+json naming the nesting', async (_name, body) => {
      const response = await postJson('/api/v1/auth/login', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      // MALFORMED_REQUEST is the body parser's answer; validation would have said BAD_USER_INPUT about username.
      expect(response.body).toMatchObject({ code: 'MALFORMED_REQUEST', detail: expect.stringMatching(/nested deeper than 32 levels/) });
    });

    it('refuses an object or array with too many members, or too many values in all, before validation', async () => {
      const keys = `{${Array.from({ length: 10_001 }, (_, i) => `"k${i}":1`).join(',')}}`;
      const wide = await postJson('/api/v1/auth/login', keys).expect(400);
      expect(wide.body).toMatchObject({ code: 'MALFORMED_REQUEST', detail: expect.stringMatching(/more than 10000 members/) });
      const long = await postJson('/api/v1/auth/login', `{"username":[${Array(10_001).fill(1).join(',')}]}`).expect(400);
      expect(long.body.code).toBe('MALFORMED_REQUEST');
      const many = await postJson(
        '/api/v1/auth/login',
        `{"username":[${Array(5)
          .fill(`[${Array(5_000).fill(1).join(',')}]`)
          .join(',')}]}`,
      ).expect(400);
      expect(many.body).toMatchObject({ code: 'MALFORMED_REQUEST', detail: expect.stringMatching(/more than 20000 values/) });
    });

    it('lets a body within the limits through to validation, which names the field', async () => {
      const response = await postJson('/api/v1/auth/login', `{"username":${nestedArrays(30)},"password":"x"}`).expect(400);
      expect(response.body.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('username');
    });

    it('keeps strings that look like nesting as they are', async () => {
      const label = '[[[[{{{{'.repeat(5);
      const response = await postJson('/api/v1/probe/items', JSON.stringify({ label, count: 1 })).expect(201);
      expect(response.body.label).toBe(label);
      await t.dataSource.query('DELETE FROM probe_item');
    });

    it('answers GraphQL clients the GraphQL way: 400 with errors[].extensions.code', async () => {
      const body = `{"query":"query($x: [Int]) { health { status } }","variables":{"x":${nestedArrays(100_000)}}}`;
      const response = await postJson('/graphql', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/nested deeper than 32 levels/),
          extensions: expect.objectContaining({ code: 'MALFORMED_REQUEST' }),
        }),
      ]);
      const broken = await postJson('/graphql', '{"query":').expect(400);
      expect(broken.body.errors[0].extensions.code).toBe('MALFORMED_REQUEST');
    });
  });

  describe('conflicts', () => {
    let officer: ActorClient;
    let unionId: string;
    beforeAll(async () => {
      officer = await t.as(Role.ORG_OFFICER);
      unionId = await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION');
    });

    it('answers 409 when the conflict names the record’s status, which goes out as currentStatus', async () => {
      const created = await officer
        .post('/api/v1/events')
        .send({
          title: '爱心早餐',
          kind: 'FREE_MEAL',
          organizerDepartmentId: unionId,
          address: '宁远县图书馆',
          regionCode: '431126100',
          startsAt: '2030-06-08T00:00:00.000Z',
          endsAt: '2030-06-08T02:00:00.000Z',
        })
        .expect(201);
      await officer.post(`/api/v1/events/${created.body.id}/cancel`).expect(200);
      const edit = await officer.patch(`/api/v1/events/${created.body.id}`).send({ title: '改名' });
      expect(edit.status).toBe(409);
      expect(edit.body).toMatchObject({ status: 409, code: 'CONFLICT', currentStatus: 'CANCELLED', allowed: [] });
      const gql = await officer.gql('mutation($id: ID!) { updateWelfareEvent(eventId: $id, input: { title: "改名" }) { id } }', { id: created.body.id });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'CANCELLED' });
    });
  });

  describe('bad input is a 400 naming the field, never a 500', () => {
    let admin: ActorClient;
    let officer: ActorClient;
    let worker: ActorClient;
    beforeAll(async () => {
      await setupNingyuan(t.dataSource);
      admin = await t.as(Role.ADMIN);
      officer = await t.as(Role.ORG_OFFICER);
      worker = await t.asWorker();
    });

    it('names an id that is not a UUID, in GraphQL and REST, with no stack trace for an expected error (issue 17)', async () => {
      const gql = await officer.gql('{ enterprise(id: "not-a-uuid") { id } }');
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'must be a UUID' }] });
      expect(gql.errors?.[0].extensions).not.toHaveProperty('stacktrace');
      const missing = await officer.gql(`{ enterprise(id: "${randomUUID()}") { id } }`);
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(missing.errors?.[0].extensions).not.toHaveProperty('stacktrace');
      const rest = await officer.get('/api/v1/enterprises/not-a-uuid');
      expect(rest.status).toBe(400);
      expect(rest.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ field: 'id', message: 'must be a UUID' }] });
    });

    const routes = patchRoutes();
    it('covers many PATCH routes', () => expect(routes.length).toBeGreaterThanOrEqual(10));

    it.each(routes.filter((r) => r.optional.length > r.nullable.length).map((r) => [r.path, r] as const))(
      'PATCH %s refuses null for each field that can only be left out, naming it',
      async (_path, route) => {
        const client = route.path === '/api/v1/me/profile' ? worker : admin;
        const url = route.path.replace('{id}', randomUUID()).replace('{code}', 'NO_SUCH_CODE');
        const response = await client.patch(url).send(Object.fromEntries(route.optional.map((field) => [field, null])));
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('BAD_USER_INPUT');
        const refused = (response.body.errors as { field: string; message: string }[]).filter((e) => /null/.test(e.message)).map((e) => e.field);
        expect(refused.sort()).toEqual(route.optional.filter((field) => !route.nullable.includes(field)).sort());
      },
    );

    it('refuses null on real records over GraphQL with BAD_USER_INPUT and extensions.fields, changing nothing', async () => {
      const enterpriseId = await createEnterprise(officer, { name: '宁远快送' });
      const enterprise = await officer.gql('mutation($id: ID!) { updateEnterprise(id: $id, input: { name: null, address: null }) { id name } }', {
        id: enterpriseId,
      });
      expect(enterprise.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: expect.arrayContaining([expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'address' })]),
      });
      const item = await admin.post('/api/v1/ledger/items').send({ countyCode: '431126', key: 'HARDENING', label: '加固清', position: 9 }).expect(201);
      const label = await admin.gql('mutation($id: ID!) { updateLedgerItem(id: $id, input: { label: null }) { id } }', { id: item.body.id });
      expect(label.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'label' })] });
      const rest = await admin.patch(`/api/v1/ledger/items/${item.body.id}`).send({ label: null }).expect(400);
      expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'label' })]);
      const [stored] = await t.dataSource.query('SELECT name FROM enterprise WHERE id = $1', [enterpriseId]);
      expect(stored.name).toBe('宁远快送');
    });

    it('still takes null where the contract says it clears a value', async () => {
      const created = await officer
        .post('/api/v1/events')
        .send({
          title: '义诊',
          kind: 'FREE_MEAL',
          organizerDepartmentId: await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION'),
          address: '宁远县图书馆',
          regionCode: '431126100',
          startsAt: '2030-06-08T00:00:00.000Z',
          endsAt: '2030-06-08T02:00:00.000Z',
          description: '说明',
        })
        .expect(201);
      const edited = await officer.patch(`/api/v1/events/${created.body.id}`).send({ description: null }).expect(200);
      expect(edited.body.description).toBeNull();
    });

    it('refuses NUL characters, which PostgreSQL cannot store, naming the field (the anonymous login included)', async () => {
      const rest = await t.http().post('/api/v1/auth/login').send({ username: 'admin\u0000x', password: 'whatever-1' }).expect(400);
      expect(rest.body.errors).toEqual([{ field: 'username', message: expect.stringMatching(/NUL/) }]);
      const gql = await t.gql('mutation($u: String!) { login(username: $u, password: "whatever-1") { accessToken } }', { u: 'admin\u0000x' });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'username', message: expect.stringMatching(/NUL/) }] });
      const query = await officer.get('/api/v1/enterprises').query({ search: 'a\u0000b' }).expect(400);
      expect(query.body.errors).toEqual([expect.objectContaining({ field: 'search' })]);
      const param = await officer.get('/api/v1/regions/4311%00').expect(400);
      expect(param.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      const nested = await admin
        .post('/api/v1/grids')
        .send({
          code: 'G-NUL',
          name: '网格\u0000',
          communityCode: '431126100001',
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [111.9, 25.6],
                [112.0, 25.6],
                [112.0, 25.7],
                [111.9, 25.6],
              ],
            ],
          },
        })
        .expect(400);
      expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    });

    it.each([
      ['an object where the sort value goes', [{ a: 1 }, randomUUID()]],
      ['text where a time goes', ['not a time', randomUUID()]],
      ['a year PostgreSQL cannot read', ['+099999-01-01T00:00:00.000Z', randomUUID()]],
      ['something other than an id', ['2024-01-01T00:00:00.000Z', 'not-an-id']],
      ['more than a keyset', ['2024-01-01T00:00:00.000Z', randomUUID(), 3]],
      ['no array at all', { after: 1 }],
    ])('refuses a cursor holding %s, naming the argument', async (_name, value) => {
      const rest = await officer
        .get('/api/v1/enterprises')
        .query({ cursor: cursorOf(value) })
        .expect(400);
      expect(rest.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      const gql = await officer.gql('query($after: String) { enterprises(first: 5, after: $after) { totalCount } }', { after: cursorOf(value) });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: expect.any(String) }] });
    });

    it('refuses integers beyond 32 bits and dates PostgreSQL cannot store or that do not exist, naming each field', async () => {
      const item = await admin
        .post('/api/v1/ledger/items')
        .send({ countyCode: '431126', key: 'WIDE', label: '宽', position: 2 ** 31 })
        .expect(400);
      expect(item.body.errors).toEqual([expect.objectContaining({ field: 'position' })]);
      const event = await officer
        .post('/api/v1/events')
        .send({
          title: '爱心早餐',
          kind: 'FREE_MEAL',
          organizerDepartmentId: await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION'),
          address: '宁远县图书馆',
          regionCode: '431126100',
          startsAt: '+099999-06-08T00:00:00.000Z',
          endsAt: '+099999-06-08T02:00:00.000Z',
        })
        .expect(400);
      expect(event.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['endsAt', 'startsAt']);
      const dissolved = await officer.post(`/api/v1/party-organizations/${randomUUID()}/dissolution`).send({ dissolvedOn: '2024-02-30' }).expect(400);
      expect(dissolved.body.errors).toEqual([expect.objectContaining({ field: 'dissolvedOn' })]);
    });
  });

  describe('logs', () => {
    it('never log the parameters of a failed SQL statement, only what failed', async () => {
      const secret = '13912345678';
      const response = await postJson('/api/v1/probe/items/failing-query', JSON.stringify({ value: secret })).expect(500);
      const lines = t.logs.filter((line) => line.requestId === response.body.requestId);
      expect(JSON.stringify(lines)).toMatch(/no_such_probe_table/);
      expect(JSON.stringify(t.logs)).not.toContain(secret);
    });
  });

  describe('client addresses', () => {
    it('trusts no X-Forwarded-For by default: rate limits and the audit log see the connecting address', async () => {
      expect(t.config.trustProxy).toBe(false);
      await t.http().post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.9').send({ username: 'nobody.here', password: 'wrong-password' }).expect(401);
      const [entry] = await t.dataSource.query(`SELECT host(ip) AS ip FROM audit_entry WHERE action = 'auth.login' AND actor_label = 'nobody.here'`);
      expect(entry.ip).not.toBe('203.0.113.9');
      expect(entry.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    });
  });
});

describe('during a database outage', () => {
  let t: TestApp;
  let admin: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    admin = new pg.Client({ connectionString: process.env.NF_TEST_SERVER_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  it('answers REST with 503 SERVICE_UNAVAILABLE and GraphQL with that code, both with Retry-After, and serves again once the database is back', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.database.name]);

    const login = await t.http().post('/api/v1/auth/login').send({ username: 'someone', password: 'whatever-1' });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Number(login.headers['retry-after'])).toBeGreaterThan(0);
    const list = await officer.get('/api/v1/enterprises');
    expect(list.status).toBe(503);
    expect(list.headers['retry-after']).toBe(login.headers['retry-after']);
    const gql = await t.http().post('/graphql').set('authorization', `Bearer ${officer.token}`).send({ query: '{ enterprises(first: 1) { totalCount } }' });
    // GraphQL answers an execution error with 200 and { data, errors } (Nest keeps it so for clients that need it).
    expect(gql.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: Number(login.headers['retry-after']) });
    expect(gql.headers['retry-after']).toBe(login.headers['retry-after']);
    await t.http().get('/health/ready').expect(503);

    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
    await officer.get('/api/v1/enterprises').expect(200);
  });
});

describe('bounded work per request (issue 19, item 5)', () => {
  let t: TestApp;
  let officer: ActorClient;
  let locker: pg.Client;

  beforeAll(async () => {
    // A short statement limit, so a statement held up by a lock runs past it quickly.
    t = await startTestApp({ env: { DATABASE_STATEMENT_TIMEOUT_MS: '500' } });
    await setupNingyuan(t.dataSource);
    officer = await t.as(Role.ORG_OFFICER);
    locker = new pg.Client({ connectionString: t.database.url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  const aliased = (field: string, count: number, selection: string) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}(regionCode: "431126") { ${selection} }`).join(' ')} }`;

  it('refuses a request that asks for a priced field more than five times under aliases, before any resolver runs', async () => {
    const response = await officer.gql(aliased('overview', 6, 'regionCode'));
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', repeats: 6, maxRepeats: 5 });
    expect(response.errors?.[0].message).toMatch(/Query\.overview/);
    expect(response.data ?? null).toBeNull();
  });

  it('prices region-wide aggregates by their cost, so a handful of them reach the cost limit', async () => {
    const five = await officer.gql(aliased('overview', 5, 'regionCode'));
    expect(five.errors).toBeUndefined();
    const mixed = `{ ${aliased('overview', 5, 'regionCode').slice(1, -1)} ${aliased('stationCoverage', 4, 'regionCode').slice(1, -1).replace(/a(\d)/g, 'c$1')} }`;
    const response = await officer.gql(mixed);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 5000 });
    expect(Number(response.errors?.[0].extensions.cost)).toBeGreaterThan(5000);
  });

  it('ends a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS with 503 and Retry-After, and serves again after', async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE department IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const held = await officer.get('/api/v1/departments?countyCode=431126');
    const waited = Date.now() - started;
    await locker.query('ROLLBACK');
    expect(held.status).toBe(503);
    expect(held.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    expect(waited).toBeLessThan(5000);
    await officer.get('/api/v1/departments?countyCode=431126').expect(200);
  });
});
