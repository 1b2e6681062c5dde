import pg from 'pg';
import { Role } from '../src/access/role.enum.js';
import type { ActorClient } from './support/actors.js';
import { DashboardFixtures } from './support/dashboard-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const A = '431126100'; // 舜陵街道, the township officer's
const B = '431126101';
const OTHER = '431127100'; // another county
const PERIOD = { from: '2024-01-01T00:00:00+08:00', to: '2024-03-01T00:00:00+08:00' };

const FIGURES = `partyMembersIdentified partyOrganizations { total byFormationMode { mode count } } instructors stations certifiedStations
  eventsHeld workersServed workersMobilized volunteerTeams gridEnrollees issuesResolved issuesOnTimeRate
  enterprises { total covered withOrganization withInstructorOnly uncovered } eventsByKind { kind held workersServed }`;
const OVERVIEW = `query($r: String!, $from: DateTime, $to: DateTime) { overview(regionCode: $r, from: $from, to: $to) { regionCode asOfDay ${FIGURES} } }`;
const MONTHLY = `query($r: String!, $from: DateTime, $to: DateTime) { overview(regionCode: $r, from: $from, to: $to) { monthly {
  month partyMembersIdentified partyOrganizations instructors stations certifiedStations eventsHeld workersServed workersMobilized volunteerTeams gridEnrollees issuesResolved } } }`;

type Figures = Record<string, unknown> & { partyOrganizations: { total: number; byFormationMode: { mode: string; count: number }[] } };

describe('dashboard overview (总览)', () => {
  let t: TestApp;
  let county: ActorClient;
  let township: ActorClient;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new DashboardFixtures(t.dataSource);
    for (const code of [A, B, OTHER, '431126100001']) await f.region(code);

    // 五个清台账: A has 2 counted (one rejected, one after the period); B 1; one county-level; one in another county.
    await f.ledgerEntry('431126', A, 'VERIFIED', '2024-01-10T10:00:00+08:00');
    await f.ledgerEntry('431126', A, 'UNVERIFIED', '2024-02-10T10:00:00+08:00');
    await f.ledgerEntry('431126', B, 'VERIFIED', '2024-01-05T10:00:00+08:00');
    await f.ledgerEntry('431126', A, 'REJECTED', '2024-01-10T10:00:00+08:00');
    await f.ledgerEntry('431126', null, 'VERIFIED', '2023-12-01T10:00:00+08:00');
    await f.ledgerEntry('431126', A, 'VERIFIED', '2024-03-05T10:00:00+08:00');
    await f.ledgerEntry('431127', OTHER, 'VERIFIED', '2024-01-10T10:00:00+08:00');

    // Enterprises: A1 (organisation), A2 (instructor only), B1 (organisation and instructor), B2 (nothing), A3 (after the period), X (elsewhere).
    const [a1, a2, b1, b2, x] = [await f.enterprise(A), await f.enterprise(A), await f.enterprise(B), await f.enterprise(B), await f.enterprise(OTHER)];
    await f.enterprise(A, '2024-03-10T00:00:00+08:00');
    await f.partyOrganization(A, 'STANDALONE', '2024-01-15', null, [a1]);
    await f.partyOrganization('431126', 'INDUSTRY_JOINT', '2023-06-01', null, [b1]);
    await f.partyOrganization(B, 'DISPATCHED', '2024-02-01', null);
    await f.partyOrganization(A, 'DISPATCHED', '2023-01-01', '2024-02-10'); // dissolved in February
    await f.partyOrganization(OTHER, 'STANDALONE', '2023-01-01', null, [x]);

    const [i1, i2, i3, i4] = [
      await f.staff('INSTRUCTOR', '431126'),
      await f.staff('INSTRUCTOR', '431126'),
      await f.staff('INSTRUCTOR', '431126'),
      await f.staff('INSTRUCTOR', '431127'),
    ];
    await f.assignment(i1, a2, '431126', '2024-01-01', null);
    await f.assignment(i1, a1, '431126', '2024-02-01', null);
    await f.assignment(i2, b1, '431126', '2024-01-01', '2024-02-15');
    await f.assignment(i3, b1, '431126', '2024-02-16', null);
    await f.assignment(i4, x, '431127', '2024-01-01', null);
    void b2;

    // Stations: S1 certified, S2 suspended and failed, S3 opened in February, S4 closed (passed), S5 after the period, S6 elsewhere.
    const s1 = await f.station(A, 'OPEN', '2024-01-05T00:00:00+08:00');
    await f.audit(s1, '2024-01-10', true, '2025-01-09');
    const s2 = await f.station(A, 'SUSPENDED', '2023-12-01T00:00:00+08:00');
    await f.audit(s2, '2024-01-10', false, '2025-01-09');
    await f.station(B, 'OPEN', '2024-02-10T00:00:00+08:00');
    const s4 = await f.station(B, 'CLOSED', '2023-12-01T00:00:00+08:00');
    await f.audit(s4, '2024-01-10', true, '2025-01-09');
    await f.station(A, 'OPEN', '2024-03-10T00:00:00+08:00');
    const s6 = await f.station(OTHER, 'OPEN', '2023-12-01T00:00:00+08:00');
    await f.audit(s6, '2024-01-10', true, '2025-01-09');

    // Events: 100 breakfasts in A (January), a health check in B with 2 of 3 attending (February); not counted: published, after, elsewhere.
    await f.event(A, 'FREE_MEAL', 'COMPLETED', '2024-01-20T07:00:00+08:00', { servedCount: 100 });
    const check = await f.event(B, 'HEALTH_CHECK', 'COMPLETED', '2024-02-05T09:00:00+08:00', { registrationRequired: true });
    await f.registration(check, true);
    await f.registration(check, true);
    await f.registration(check, false);
    await f.event(A, 'LEGAL_AID', 'PUBLISHED', '2024-02-10T09:00:00+08:00');
    await f.event('431126', 'FREE_MEAL', 'COMPLETED', '2024-03-05T07:00:00+08:00', { servedCount: 50 });
    await f.event(OTHER, 'FREE_MEAL', 'COMPLETED', '2024-01-20T07:00:00+08:00', { servedCount: 80 });

    // 新星闪耀: team T1 in A (W1 leader, W2 joins in February), T2 in B (W3, February); grid in A: W4 (January), W1 (February).
    const [w1, w2, w3, w4] = [await f.worker(), await f.worker(), await f.worker(), await f.worker()];
    await f.team(A, '2024-01-05T00:00:00+08:00', [
      { workerId: w1, joinedOn: '2024-01-05' },
      { workerId: w2, joinedOn: '2024-02-01' },
    ]);
    await f.team(B, '2024-02-10T00:00:00+08:00', [{ workerId: w3, joinedOn: '2024-02-10' }]);
    const grid = await f.grid('431126100001');
    await f.enrolment(grid, w4, '2024-01-15T00:00:00+08:00');
    await f.enrolment(grid, w1, '2024-02-02T00:00:00+08:00');
    await f.issue(A, 'CLOSED', '2024-01-18T00:00:00+08:00', '2024-01-20T00:00:00+08:00', '2024-01-21T00:00:00+08:00'); // on time
    await f.issue(B, 'RESOLVED', '2024-02-05T00:00:00+08:00', '2024-02-10T00:00:00+08:00', '2024-02-09T00:00:00+08:00'); // late
    await f.issue(A, 'DISPATCHED', '2024-02-20T00:00:00+08:00', null, '2024-02-23T00:00:00+08:00');

    county = await t.as(Role.ORG_OFFICER, { regionCode: '431126' });
    township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: A });
  });
  afterAll(() => t.close());

  it('gives a county officer the exact figures of the county over a half-open period (stocks as of its end, flows within it)', async () => {
    const response = await county.gql<{ overview: Figures }>(OVERVIEW, { r: '431126', ...PERIOD });
    expect(response.errors).toBeUndefined();
    const o = response.data!.overview;
    expect(o).toMatchObject({
      regionCode: '431126',
      asOfDay: '2024-02-29',
      partyMembersIdentified: 4,
      instructors: 2,
      stations: 3,
      certifiedStations: 1,
      eventsHeld: 2,
      workersServed: 102,
      volunteerTeams: 2,
      gridEnrollees: 2,
      workersMobilized: 4,
      issuesResolved: 2,
      issuesOnTimeRate: 0.5,
      enterprises: { total: 4, covered: 3, withOrganization: 2, withInstructorOnly: 1, uncovered: 1 },
    });
    expect(o.partyOrganizations).toEqual({
      total: 3,
      byFormationMode: [
        { mode: 'STANDALONE', count: 1 },
        { mode: 'INDUSTRY_JOINT', count: 1 },
        { mode: 'DISPATCHED', count: 1 },
      ],
    });
    expect(o.eventsByKind).toEqual([
      { kind: 'FREE_MEAL', held: 1, workersServed: 100 },
      { kind: 'HEALTH_CHECK', held: 1, workersServed: 2 },
    ]);
  });

  it("gives a township officer only their township's numbers", async () => {
    const response = await township.gql<{ overview: Figures }>(OVERVIEW, { r: A, ...PERIOD });
    expect(response.errors).toBeUndefined();
    expect(response.data!.overview).toMatchObject({
      partyMembersIdentified: 2,
      partyOrganizations: { total: 1 },
      instructors: 1,
      stations: 2,
      certifiedStations: 1,
      eventsHeld: 1,
      workersServed: 100,
      volunteerTeams: 1,
      gridEnrollees: 2,
      workersMobilized: 3,
      issuesResolved: 1,
      issuesOnTimeRate: 1,
      enterprises: { total: 2, covered: 2, withOrganization: 1, withInstructorOnly: 1, uncovered: 0 },
    });
  });

  it.each([
    ['the county above their township', '431126'],
    ['a neighbouring township', B],
    ['another county', '431127'],
    ['an unknown region', '431126999'],
  ])('refuses a township officer asking for %s with NOT_FOUND', async (_what, code) => {
    const response = await township.gql(OVERVIEW, { r: code, ...PERIOD });
    expect(response.data).toBeNull();
    expect(response.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(response.errors![0].message).toContain(code);
  });

  it('refuses a county officer asking for another county, and over REST too', async () => {
    expect((await county.gql(OVERVIEW, { r: '431127', ...PERIOD })).errors![0].extensions.code).toBe('NOT_FOUND');
    const rest = await county.get('/api/v1/dashboard/overview?regionCode=431127');
    expect(rest.status).toBe(404);
  });

  it('refuses a worker (no DASHBOARD_READ) and an anonymous caller', async () => {
    const worker = await t.asWorker();
    expect((await worker.gql(OVERVIEW, { r: '431126' })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(OVERVIEW, { r: '431126' })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a period that does not start before it ends, naming from, and a malformed region code', async () => {
    const backwards = await county.gql(OVERVIEW, { r: '431126', from: PERIOD.to, to: PERIOD.from });
    expect(backwards.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(backwards.errors![0].extensions)).toContain('from');
    const malformed = await county.get('/api/v1/dashboard/overview?regionCode=43x');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('regionCode');
  });

  it('counts everything up to now when no period is given', async () => {
    const response = await county.gql<{ overview: Figures }>(OVERVIEW, { r: '431126' });
    expect(response.errors).toBeUndefined();
    // Adds the entry of 5 March, the enterprise and station of 10 March and the breakfast of 5 March.
    expect(response.data!.overview).toMatchObject({ partyMembersIdentified: 5, stations: 4, eventsHeld: 3, workersServed: 152, instructors: 2 });
  });

  it('gives a monthly series: each month the figure over that month (flows within it, stocks at its end)', async () => {
    const response = await county.gql<{ overview: { monthly: Record<string, unknown>[] } }>(MONTHLY, { r: '431126', ...PERIOD });
    expect(response.errors).toBeUndefined();
    expect(response.data!.overview.monthly).toEqual([
      {
        month: '2024-01',
        partyMembersIdentified: 3,
        partyOrganizations: 3,
        instructors: 2,
        stations: 2,
        certifiedStations: 1,
        eventsHeld: 1,
        workersServed: 100,
        workersMobilized: 2,
        volunteerTeams: 1,
        gridEnrollees: 1,
        issuesResolved: 1,
      },
      {
        month: '2024-02',
        partyMembersIdentified: 4,
        partyOrganizations: 3,
        instructors: 2,
        stations: 3,
        certifiedStations: 1,
        eventsHeld: 1,
        workersServed: 2,
        workersMobilized: 4,
        volunteerTeams: 2,
        gridEnrollees: 2,
        issuesResolved: 1,
      },
    ]);
  });

  it('serves the same figures and series over REST', async () => {
    const response = await county.get(
      `/api/v1/dashboard/overview?regionCode=431126&from=${encodeURIComponent(PERIOD.from)}&to=${encodeURIComponent(PERIOD.to)}`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ partyMembersIdentified: 4, eventsHeld: 2, workersServed: 102, partyOrganizations: { total: 3 } });
    expect(response.body.monthly.map((m: { month: string }) => m.month)).toEqual(['2024-01', '2024-02']);
    expect(response.body.seriesContext).toBeUndefined();
  });

  it('computes the headline figures in a fixed number of statements', async () => {
    await county.get('/api/v1/me').expect(200); // the caller is read once and then remembered
    const { count } = await t.queries.measure(() => county.gql(OVERVIEW, { r: '431126', ...PERIOD }));
    // region (1) + OVERVIEW_SQL (1) + GovernanceFiguresService without breakdowns (2)
    expect(count).toBe(4);
  });

  it('lets dashboards asking at the same time share the computation, and never answers with figures older than the request', async () => {
    const NOW = `query { overview(regionCode: "431126") { stations partyMembersIdentified } }`;
    const before = (await county.gql<{ overview: { stations: number } }>(NOW)).data!.overview.stations;
    // Hold the first computation at the station table until all 20 requests have arrived.
    // (Its own connection, outside the app, so its statements are not counted.)
    const blocker = new pg.Client({ connectionString: t.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE station IN ACCESS EXCLUSIVE MODE');
    const shared = t.queries.measure(() => Promise.all(Array.from({ length: 20 }, () => county.gql<{ overview: { stations: number } }>(NOW))));
    for (let waited = 0; waited < 100; waited++) {
      const {
        rows: [{ n }],
      } = await blocker.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await blocker.query('ROLLBACK');
    await blocker.end();
    const { result, count } = await shared;
    expect(result.every((r) => r.data?.overview.stations === before)).toBe(true);
    // Alone: 20 × 4 statements. Shared: each request still checks its region (1; its caller is
    // remembered from the request above), and two computations of 3 run — the held one, and one for
    // everyone who arrived while it ran.
    expect(count).toBe(20 * 1 + 2 * 3);
    // A station opened just before a request is in its answer.
    await new DashboardFixtures(t.dataSource).station(A, 'OPEN', new Date(Date.now() - 60_000).toISOString());
    expect((await county.gql<{ overview: { stations: number } }>(NOW)).data!.overview.stations).toBe(before + 1);
  });
});
