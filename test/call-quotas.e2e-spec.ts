import { Role } from '../src/access/role.enum.js';
import { CallQuotaService } from '../src/rate-limit/call-quota.service.js';
import { actorClient, type ActorClient } from './support/actors.js';
import { startTestApp, startTestInstances, type TestApp } from './support/test-app.js';

// Per-person and per-API-key quotas on every authenticated call (issue 17), with quotas small
// enough to use up in a test: 5 calls a minute for a person, 8 for a platform key.
const ENV = { QUOTA_USER_PER_MINUTE: '5', QUOTA_KEY_PER_MINUTE: '8' };

/** One GraphQL request with the client's credentials, answered with its headers. */
const gqlOf = (client: ActorClient, query: string) => client.post('/graphql').set('content-type', 'application/json').send({ query });

/** The RateLimit-* headers of an answer, as numbers. */
const quotaHeaders = (headers: Record<string, string>) => ({
  limit: Number(headers['ratelimit-limit']),
  remaining: Number(headers['ratelimit-remaining']),
  reset: Number(headers['ratelimit-reset']),
});

describe('quotas on authenticated calls', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
  });
  afterAll(() => t.close());

  it('tells a signed-in person their quota on every answer, and answers past it with 429, Retry-After and RateLimit-* over REST and GraphQL', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await officer.get('/api/v1/me').expect(200));
    expect(answers.map((answer) => quotaHeaders(answer.headers).remaining)).toEqual([4, 3, 2, 1, 0]);
    for (const answer of answers) {
      expect(quotaHeaders(answer.headers).limit).toBe(5);
      expect(quotaHeaders(answer.headers).reset).toBeGreaterThan(0);
      expect(quotaHeaders(answer.headers).reset).toBeLessThanOrEqual(60);
    }

    const refused = await officer.get('/api/v1/me').expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(quotaHeaders(refused.headers)).toEqual({ limit: 5, remaining: 0, reset: retryAfter });

    // GraphQL answers as it does every error once execution started (status 200, extensions.code), with the same headers.
    const gql = await gqlOf(officer, '{ me { id kind } }').expect(200);
    expect(gql.body.data).toBeNull();
    expect(gql.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(gql.headers['retry-after']).toMatch(/^\d+$/);
    expect(quotaHeaders(gql.headers)).toMatchObject({ limit: 5, remaining: 0 });
  });

  it('leaves everyone else their own quota', async () => {
    const first = await t.asWorker();
    for (let i = 0; i < 5; i++) await first.get('/api/v1/me').expect(200);
    await first.get('/api/v1/me').expect(429);
    const second = await t.asWorker();
    const answer = await second.get('/api/v1/me').expect(200);
    expect(quotaHeaders(answer.headers)).toMatchObject({ limit: 5, remaining: 4 });
  });

  it('counts one GraphQL request once, however many root fields it asks for, and says so in its headers', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    const answer = await gqlOf(officer, '{ me { id } again: me { kind } labels(enum: "IssueStatus") { value } }').expect(200);
    expect(answer.body.errors).toBeUndefined();
    expect(quotaHeaders(answer.headers)).toMatchObject({ limit: 5, remaining: 4 });
    const next = await gqlOf(officer, '{ me { id } }').expect(200);
    expect(quotaHeaders(next.headers).remaining).toBe(3);
  });

  it('gives each platform API key a quota of its own (QUOTA_KEY_PER_MINUTE)', async () => {
    const platform = await t.asPlatform();
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await platform.get('/api/v1/regions').expect(200));
    expect(answers.map((answer) => quotaHeaders(answer.headers))).toEqual(
      Array.from({ length: 8 }, (_, i) => ({ limit: 8, remaining: 7 - i, reset: expect.any(Number) })),
    );
    const refused = await platform.get('/api/v1/regions').expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(quotaHeaders(refused.headers)).toMatchObject({ limit: 8, remaining: 0 });
    // Another key of the same platform is counted apart.
    const otherKey = await t.asPlatform(platform.enterpriseId);
    expect(quotaHeaders((await otherKey.get('/api/v1/regions').expect(200)).headers)).toMatchObject({ limit: 8, remaining: 7 });
  });

  it('counts calls the permission check refuses, but not health probes or calls without credentials', async () => {
    const worker = await t.asWorker();
    const forbidden = await worker.get('/api/v1/staff-users').expect(403);
    expect(quotaHeaders(forbidden.headers)).toMatchObject({ limit: 5, remaining: 4 });
    const probe = await worker.get('/health').expect(200);
    expect(probe.headers['ratelimit-limit']).toBeUndefined();
    const anonymous = await t.http().get('/api/v1/labels/IssueStatus').expect(200);
    expect(anonymous.headers['ratelimit-limit']).toBeUndefined();
    expect(quotaHeaders((await worker.get('/api/v1/me').expect(200)).headers).remaining).toBe(3);
  });

  it('sends no statement to the request pool for the count', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    await officer.get('/api/v1/me').expect(200);
    const { statements } = await t.queries.measure(async () => {
      for (let i = 0; i < 3; i++) await officer.get('/api/v1/me').expect(200);
      await t.app.get(CallQuotaService).flush();
    });
    expect(statements.filter((sql) => sql.includes('rate_limit_window'))).toEqual([]);
  });
});

describe('quotas shared by two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = await startTestInstances(2, { env: ENV });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** The same caller's credentials, talking to instance B. */
  const onB = (client: ActorClient): ActorClient => actorClient(b.app, client.id, ['authorization', `Bearer ${client.token}`]);
  const flushed = (t: TestApp) => t.app.get(CallQuotaService).flush();

  it('counts a person’s calls on both instances against one quota', async () => {
    const onA = await a.as(Role.ORG_OFFICER);
    for (let i = 0; i < 3; i++) await onA.get('/api/v1/me').expect(200);
    await flushed(a);
    // B has not seen this caller: it allows the call and learns the shared count at once.
    expect(quotaHeaders((await onB(onA).get('/api/v1/me').expect(200)).headers).remaining).toBe(4);
    await flushed(b);
    expect(quotaHeaders((await onB(onA).get('/api/v1/me').expect(200)).headers).remaining).toBe(0);
    await flushed(b);
    const refused = await onB(onA).get('/api/v1/me').expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    // A hears of B's calls with its next flush.
    await onA.get('/api/v1/me');
    await flushed(a);
    await onA.get('/api/v1/me').expect(429);
  });

  it('keeps the shared count in rate_limit_window, one row per caller, where the hourly sweep removes ended windows', async () => {
    const onA = await a.as(Role.ORG_OFFICER);
    await onA.get('/api/v1/me').expect(200);
    await flushed(a);
    const rows = await a.dataSource.query<{ hits: number }[]>('SELECT hits FROM rate_limit_window WHERE key = $1', [`quota:staff:${onA.id}`]);
    expect(rows).toEqual([{ hits: 1 }]);
  });
});
