import PgBoss from 'pg-boss';
import { BENCH_TOWNSHIPS, riderRecord, toNdjson } from '../bench/roster-data.js';
import { RateLimiter } from '../src/rate-limit/rate-limiter.js';
import { Role } from '../src/access/role.enum.js';
import { StaffService } from '../src/auth/staff/staff.service.js';
import { IssuesService } from '../src/governance/issues/issues.service.js';
import { actorClient, type ActorClient } from './support/actors.js';
import { ensureDepartment, ensureRegion, makeGrid, square } from './support/governance-fixtures.js';
import { randomPhone, setupNingyuan } from './support/organizing.js';
import { CONSENT, settle, sleep, type Platform } from './support/roster.js';
import { startTestInstances, type TestApp } from './support/test-app.js';

// Both instances as a deployment behind a reverse proxy on loopback would run them: client
// addresses from X-Forwarded-For, and the problem jobs on their production schedule.
const ENV = { TRUST_PROXY: 'loopback', ISSUE_JOBS_CRON: '*/5 * * * *' };
/** The pg-boss queue of the problem jobs (超期督办 overdue supervision, auto-close). */
const ISSUE_JOBS = 'governance-issue-jobs';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }';
const REPORT = 'mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { id status } } }';
const TRANSITION = 'mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { id status } }';
const ONE = 'query($id: ID!) { governanceIssue(id: $id) { status overdue autoClosed timeline { action } } }';

describe('two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  // Started together on a database pg-boss has not set up yet, as two replicas' first start
  // (twice one app's work, so twice the usual time allowed).
  beforeAll(async () => {
    [a, b] = await startTestInstances(2, { env: ENV });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** The same signed-in caller (staff or worker), talking to instance B. */
  const onB = (client: ActorClient): ActorClient => actorClient(b.app, client.id, ['authorization', `Bearer ${client.token}`], client.refreshToken);
  /** The same platform API key, talking to instance B. */
  const platformOnB = (platform: Platform): Platform => ({
    ...actorClient(b.app, platform.id, ['x-api-key', platform.token]),
    enterpriseId: platform.enterpriseId,
  });
  /** Instance A for even attempts, B for odd ones: what round-robin gives one client. */
  const alternate = (i: number) => (i % 2 === 0 ? a : b);

  describe('sign-in and code limits are one budget per client address, whichever instance answers', () => {
    let ip = 0;
    // Each test comes from its own address, so one test's counts never touch another's.
    const from = () => `10.19.0.${++ip}`;
    const login = (t: TestApp, address: string, username = 'nobody.here') =>
      t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ username, password: 'wrong-password-1' });

    it('refuses the 21st staff sign-in attempt within a minute, over REST and GraphQL, with the seconds to wait', async () => {
      const address = from();
      for (let i = 0; i < 20; i++) await login(alternate(i), address).expect(401);
      const rest = await login(a, address).expect(429);
      expect(rest.body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(rest.body.retryAfterSeconds).toBeGreaterThan(0);
      expect(rest.body.retryAfterSeconds).toBeLessThanOrEqual(60);
      const gql = await b.gql(LOGIN, { u: 'nobody.here', p: 'wrong-password-1' }, { 'x-forwarded-for': address });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // Other addresses keep their own budget.
      await login(b, from()).expect(401);
    });

    it('refuses the 11th worker code request within 10 minutes', async () => {
      const address = from();
      const ask = (t: TestApp) => t.http().post('/api/v1/auth/worker-code').set('x-forwarded-for', address).send({ phone: randomPhone() });
      for (let i = 0; i < 10; i++) await ask(alternate(i)).expect(200);
      const limited = await ask(b).expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(limited.body.retryAfterSeconds).toBeGreaterThan(9 * 60);
      expect(limited.body.retryAfterSeconds).toBeLessThanOrEqual(10 * 60);
    });

    it('refuses the 21st worker sign-in attempt within a minute', async () => {
      const address = from();
      const attempt = (t: TestApp) => t.http().post('/api/v1/auth/worker-login').set('x-forwarded-for', address).send({ phone: randomPhone(), code: '000000' });
      for (let i = 0; i < 20; i++) await attempt(alternate(i)).expect(401);
      const limited = await attempt(a).expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    });

    it('counts each attempt with one SQL statement, and opens a new window once the old one has passed', async () => {
      const key = `probe:${from()}`;
      const rule = { limit: 1, windowMs: 1000 };
      const { count } = await a.queries.measure(async () => a.app.get(RateLimiter).hit(key, rule));
      expect(count).toBe(1);
      await expect((async () => b.app.get(RateLimiter).hit(key, rule))()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      await sleep(1100);
      await b.app.get(RateLimiter).hit(key, rule);
    });
  });

  describe('problem deadline and auto-close jobs run once for all instances', () => {
    let reporter: ActorClient;
    let gridWorker: ActorClient;
    let transportOfficer: ActorClient;
    let spots = 0;

    beforeAll(async () => {
      const admin = await a.as(Role.ADMIN);
      gridWorker = (await makeGrid(a, admin, { communityCode: '431126100001', boundary: square(111.9, 25.6, 111.95, 25.65), code: 'M-001' })).gridWorker;
      transportOfficer = await a.as(Role.DEPARTMENT_OFFICER, { departmentId: await ensureDepartment(a.dataSource, '431126', 'TRANSPORT') });
      reporter = await a.asWorker();
    });

    /** A road problem reported, accepted and dispatched to transport (and resolved, when asked). */
    async function dispatched(resolve = false): Promise<string> {
      const i = spots++;
      const reported = await reporter.gql<{ reportIssue: { issue: { id: string } } }>(REPORT, {
        input: { category: 'ROAD_TRAFFIC', description: '井盖缺失 manhole cover missing', lat: 25.6012 + i * 0.0013, lng: 111.9012 },
      });
      const id = reported.data!.reportIssue.issue.id;
      const steps: [ActorClient, Record<string, unknown>][] = [
        [gridWorker, { action: 'ACCEPT' }],
        [gridWorker, { action: 'DISPATCH' }],
      ];
      if (resolve) steps.push([transportOfficer, { action: 'START' }], [transportOfficer, { action: 'RESOLVE', note: '已补装 replaced' }]);
      for (const [client, input] of steps) {
        const response = await client.gql(TRANSITION, { id, input });
        expect(response.errors).toBeUndefined();
      }
      return id;
    }
    const events = async (id: string, action: string) =>
      (await a.dataSource.query('SELECT count(*)::int AS n FROM governance_issue_event WHERE issue_id = $1 AND action = $2', [id, action]))[0].n;

    it('are scheduled in pg-boss once, and one run supervises an overdue problem and closes an unrated one exactly once', async () => {
      expect(await a.dataSource.query('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', [ISSUE_JOBS])).toEqual([
        { cron: '*/5 * * * *', timezone: 'Asia/Shanghai' },
      ]);
      const overdue = await dispatched();
      const unrated = await dispatched(true);
      await a.dataSource.query(`UPDATE governance_issue SET deadline_at = now() - interval '1 hour' WHERE id = $1`, [overdue]);
      await a.dataSource.query(`UPDATE governance_issue SET resolved_at = now() - interval '8 days' WHERE id = $1`, [unrated]);

      // Two cron ticks arriving together (as two instances' clocks might send them).
      const cron = new PgBoss({ connectionString: a.database.url, schema: 'pgboss', supervise: false, schedule: false, max: 2 });
      await cron.start();
      try {
        await Promise.all([cron.send(ISSUE_JOBS, {}), cron.send(ISSUE_JOBS, {})]);
      } finally {
        await cron.stop({ graceful: false, wait: true });
      }
      const states = async () =>
        (await a.dataSource.query<{ state: string }[]>('SELECT state FROM pgboss.job WHERE name = $1', [ISSUE_JOBS])).map((r) => r.state);
      for (let i = 0; i < 300 && (await states()).some((s) => s !== 'completed'); i++) await sleep(100);
      expect((await states()).length).toBeGreaterThan(0);
      expect(new Set(await states())).toEqual(new Set(['completed']));

      expect(await events(overdue, 'MARK_OVERDUE')).toBe(1);
      expect((await a.dataSource.query('SELECT count(*)::int AS n FROM governance_issue_supervision WHERE issue_id = $1', [overdue]))[0].n).toBe(1);
      expect(await events(unrated, 'AUTO_CLOSE')).toBe(1);
      const seen = await onB(reporter).gql<{ governanceIssue: { status: string; autoClosed: boolean } }>(ONE, { id: unrated });
      expect(seen.data!.governanceIssue).toMatchObject({ status: 'CLOSED', autoClosed: true });
    });

    it('supervises a problem once when both instances run the overdue job at the same moment', async () => {
      const id = await dispatched();
      await a.dataSource.query(`UPDATE governance_issue SET deadline_at = now() - interval '1 hour' WHERE id = $1`, [id]);
      const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => alternate(i).app.get(IssuesService).markOverdue()));
      expect(runs.reduce((sum, n) => sum + n, 0)).toBe(1);
      expect(await events(id, 'MARK_OVERDUE')).toBe(1);
    });
  });

  describe('uploads, imports and sessions are the same whichever instance is asked', () => {
    it('applies a roster upload received by A; B shows its status and changes, and returns the same sync for its Idempotency-Key', async () => {
      for (const code of BENCH_TOWNSHIPS) await ensureRegion(a.dataSource, code);
      const platform = await a.asPlatform();
      const platformB = platformOnB(platform);
      const body = toNdjson(Array.from({ length: 5 }, (_, i) => riderRecord(i + 1, { prefix: '137', sites: 20 })));
      const headers = { 'content-type': 'application/x-ndjson', 'x-consent-ref': CONSENT, 'idempotency-key': 'many-instances-1' };
      const posted = await platform.post('/api/v1/roster/syncs?mode=snapshot').set(headers).send(body).expect(202);
      expect(await settle(platformB, posted.body.id)).toMatchObject({ status: 'COMMITTED', received: 5, created: 5 });
      const changes = await platformB.get(`/api/v1/roster/syncs/${posted.body.id}/changes?kind=created&limit=100`).expect(200);
      expect(changes.body.items).toHaveLength(5);
      const replayed = await platformB.post('/api/v1/roster/syncs?mode=snapshot').set(headers).send(body).expect(202);
      expect(replayed.body.id).toBe(posted.body.id);
    });

    it('commits on B a ledger import validated on A, once', async () => {
      await setupNingyuan(a.dataSource);
      const officer = await a.as(Role.ORG_OFFICER);
      const csv = `姓名,联系电话,党员类别,所在乡镇代码\n孙八,${randomPhone()},正式党员,431126100\n`;
      const report = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
      expect(report.body.token).toEqual(expect.any(String));
      const committed = await onB(officer).post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(200);
      expect(committed.body).toMatchObject({ entriesCreated: 1 });
      expect((await officer.post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(409)).body.code).toBe('CONFLICT');
    });

    it('prints the initial administrator password once when both instances start on a fresh database, and that password signs in', async () => {
      await a.dataSource.query(`UPDATE staff_user SET role = 'AUDITOR', region_id = (SELECT id FROM region WHERE code = '431126') WHERE role = 'ADMIN'`);
      const printed: string[] = [];
      await Promise.all([a, b].map((t) => t.app.get(StaffService).ensureInitialAdmin((line) => printed.push(line))));
      expect(printed).toHaveLength(1);
      const password = /admin \/ (\S+)/.exec(printed[0])![1];
      await b.http().post('/api/v1/auth/login').set('x-forwarded-for', '10.19.1.1').send({ username: 'admin', password }).expect(200);
    });

    it('rotates on B a refresh token issued by A, and A then refuses the used one', async () => {
      const user = await a.as(Role.AUDITOR);
      const rotated = await b.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      await a.http().get('/api/v1/me').set('authorization', `Bearer ${rotated.body.accessToken}`).expect(200);
      await a.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    });
  });
});
