import type { AddressInfo } from 'node:net';
import { StationInspectionsService } from '../src/care/station-inspections/station-inspections.service.js';
import { AppConfig, loadConfig } from '../src/config/app-config.js';
import { DEMO_FIGURES, isDemoSeeded, seedDemoCounty, type DemoSeedResult } from '../src/demo/demo-seed.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PLATFORMS } from '../src/demo/ningyuan.data.js';
import { GovernanceFiguresService } from '../src/governance/figures/governance-figures.service.js';
import { socketTransport } from './support/socket-transport.js';
import { PRODUCTION_ENV, startTestApp, type TestApp } from './support/test-app.js';

// The seed runs once for the file (about 20 s on a quiet box, minutes on a loaded one); each test reads what it built.
let t: TestApp;
let seeded: DemoSeedResult;
let countyPath: string;

let baseUrl: string;
const transport = socketTransport(() => baseUrl);

beforeAll(async () => {
  // The production quotas, not the specs' raised ones: the seed's few accounts make thousands of calls, uncounted.
  const production = new AppConfig();
  t = await startTestApp({
    env: { QUOTA_USER_PER_MINUTE: String(production.QUOTA_USER_PER_MINUTE), QUOTA_KEY_PER_MINUTE: String(production.QUOTA_KEY_PER_MINUTE) },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  seeded = await seedDemoCounty(t.app, { transport });
  [{ path: countyPath }] = await t.dataSource.query(`SELECT path::text AS path FROM region WHERE code = '431126'`);
}, 600_000);
afterAll(() => t.close());

const one = async (sql: string): Promise<number> => Number(Object.values((await t.dataSource.query(sql))[0])[0]);
/** Riders the two platforms' rosters hold. */
const DEMO_RIDERS = DEMO_PLATFORMS.reduce((n, p) => n + p.riders, 0);
/** Signs in a demo account and returns its authorization header. */
const signedIn = async (username: string) => {
  const login = await t.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
  return { authorization: `Bearer ${login.body.accessToken}` };
};

describe('demo county figures (the article, from data)', () => {
  it('seeds Ningyuan through the API and reports what it built', () => {
    expect(seeded.seeded).toBe(true);
    expect(seeded.counts).toMatchObject({
      enterprises: 17,
      volunteerTeams: 62,
      teamMembers: 467,
      gridEnrollees: 167,
      issuesResolved: 102,
      rosterSyncs: 2,
      rosterRiders: DEMO_RIDERS,
    });
  });

  it('finds 15 party members in the ledger (verification not REJECTED)', async () => {
    expect(await one(`SELECT count(*) FROM ledger_entry WHERE county_code = '431126' AND verification <> 'REJECTED'`)).toBe(
      DEMO_FIGURES.partyMembersIdentified,
    );
  });

  it('has 3 active party organisations, one per formation mode, the standalone one with ≥3 full members', async () => {
    const rows: { formation_mode: string; n: number }[] = await t.dataSource.query(
      `SELECT formation_mode, count(*)::int AS n FROM party_organization WHERE dissolved_on IS NULL AND county_code = '431126' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { formation_mode: 'DISPATCHED', n: 1 },
      { formation_mode: 'INDUSTRY_JOINT', n: 1 },
      { formation_mode: 'STANDALONE', n: 1 },
    ]);
    expect(
      await one(
        `SELECT count(*) FROM ledger_entry e JOIN party_organization_enterprise poe ON poe.enterprise_id = e.enterprise_id
       JOIN party_organization o ON o.id = poe.organization_id WHERE o.formation_mode = 'STANDALONE' AND e.membership = 'FULL' AND e.verification <> 'REJECTED'`,
      ),
    ).toBeGreaterThanOrEqual(3);
  });

  it('has 10 instructors on active assignments, each at a different enterprise without an organisation', async () => {
    expect(await one(`SELECT count(DISTINCT instructor_id) FROM instructor_assignment WHERE ended_on IS NULL AND county_code = '431126'`)).toBe(
      DEMO_FIGURES.instructors,
    );
    expect(await one(`SELECT count(DISTINCT enterprise_id) FROM instructor_assignment WHERE ended_on IS NULL`)).toBe(10);
    expect(
      await one(
        `SELECT count(*) FROM instructor_assignment a JOIN party_organization_enterprise poe ON poe.enterprise_id = a.enterprise_id WHERE a.ended_on IS NULL`,
      ),
    ).toBe(0);
  });

  it('has 11 open stations, all certified under 六有 v1', async () => {
    expect(await one(`SELECT count(*) FROM station WHERE status = 'OPEN' AND county_code = '431126'`)).toBe(DEMO_FIGURES.stations);
    expect(await t.app.get(StationInspectionsService).countCertified(countyPath)).toBe(DEMO_FIGURES.certifiedStations);
    expect(
      await one(
        `SELECT count(DISTINCT a.station_id) FROM station_audit a JOIN audit_standard s ON s.id = a.standard_id WHERE s.code = 'LIU_YOU' AND s.version = 1 AND a.passed`,
      ),
    ).toBe(11);
  });

  it('held a 100-portion free breakfast at the library 爱心驿站, a 共享清凉 event, and opened sign-up for a health check', async () => {
    const events: {
      kind: string;
      status: string;
      registration_required: boolean;
      served_count: number;
      capacity: number | null;
      confirmed: number;
      station: string;
      starts_at: Date;
    }[] = await t.dataSource.query(
      `SELECT e.kind, e.status, e.registration_required, e.served_count, e.capacity, s.name AS station, e.starts_at,
                (SELECT count(*)::int FROM event_registration r WHERE r.event_id = e.id AND r.status = 'CONFIRMED') AS confirmed
         FROM welfare_event e JOIN station s ON s.id = e.station_id ORDER BY e.kind`,
    );
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e]));
    expect(byKind.FREE_MEAL).toMatchObject({ status: 'COMPLETED', registration_required: false, served_count: 100, station: '宁远县图书馆爱心驿站' });
    expect(byKind.COOLING).toMatchObject({ status: 'COMPLETED', registration_required: false, served_count: 80 });
    expect(byKind.HEALTH_CHECK).toMatchObject({ status: 'PUBLISHED', registration_required: true, capacity: 30 });
    expect(byKind.HEALTH_CHECK.confirmed).toBeGreaterThan(0);
    expect(byKind.HEALTH_CHECK.starts_at.getTime()).toBeGreaterThan(Date.now());
  });

  it('mobilised 467 workers in 62 teams, 167 of them in grids, and solved 102 problems (by GovernanceFiguresService)', async () => {
    const figures = t.app.get(GovernanceFiguresService);
    const now = new Date();
    for (const from of [new Date(0), new Date(now.getTime() - 365 * 86_400_000)]) {
      expect(await figures.figures(countyPath, from, now)).toMatchObject({
        workersMobilized: DEMO_FIGURES.workersMobilized,
        volunteerTeams: DEMO_FIGURES.volunteerTeams,
        gridEnrollees: DEMO_FIGURES.gridEnrollees,
        issuesResolved: DEMO_FIGURES.issuesResolved,
      });
    }
  });

  it('has three members’ self-reported volunteer hours waiting for a decision, none of them by a leader', async () => {
    expect(seeded.counts).toMatchObject({ pendingVolunteerHours: 3 });
    expect(
      await one(`SELECT count(*) FROM volunteer_hours h JOIN volunteer_activity a ON a.id = h.activity_id JOIN volunteer_team vt ON vt.id = a.team_id
                 WHERE h.status = 'PENDING' AND h.source = 'SELF' AND h.worker_id <> vt.leader_worker_id`),
    ).toBe(3);
  });

  it('gets the same governance figures by plain SQL, with about 20 problems still open', async () => {
    expect(await one(`SELECT count(DISTINCT worker_id) FROM volunteer_team_member WHERE left_on IS NULL`)).toBe(467);
    expect(await one(`SELECT count(*) FROM volunteer_team WHERE county_code = '431126'`)).toBe(62);
    expect(await one(`SELECT count(DISTINCT worker_id) FROM grid_enrolment WHERE confirmed_at IS NOT NULL AND ended_at IS NULL`)).toBe(167);
    expect(await one(`SELECT count(*) FROM governance_issue WHERE county_code = '431126' AND status IN ('RESOLVED', 'CLOSED')`)).toBe(102);
    expect(await one(`SELECT count(*) FROM governance_issue WHERE status IN ('REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')`)).toBe(20);
    // Workers on record who are not mobilised exist too: the figure is a filter, not a table count.
    expect(await one(`SELECT count(*) FROM worker`)).toBeGreaterThan(467);
  });

  it('dates everything in the past year (the event ahead excepted)', async () => {
    const yearAgo = Date.now() - 365 * 86_400_000;
    const range: { earliest: Date; latest: Date }[] = await t.dataSource.query(
      `SELECT min(x) AS earliest, max(x) AS latest FROM (
         SELECT reported_at AS x FROM governance_issue UNION ALL SELECT resolved_at FROM governance_issue WHERE resolved_at IS NOT NULL
         UNION ALL SELECT closed_at FROM governance_issue WHERE closed_at IS NOT NULL UNION ALL SELECT confirmed_at FROM grid_enrolment
         UNION ALL SELECT joined_on::timestamptz FROM volunteer_team_member UNION ALL SELECT audited_on::timestamptz FROM station_audit
         UNION ALL SELECT started_on::timestamptz FROM instructor_assignment UNION ALL SELECT established_on::timestamptz FROM party_organization
         UNION ALL SELECT starts_at FROM welfare_event WHERE status = 'COMPLETED') d`,
    );
    expect(range[0].earliest.getTime()).toBeGreaterThan(yearAgo);
    expect(range[0].latest.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('the county overview reproduces the article', () => {
  it('answers overview(regionCode: "431126") with exactly the article\'s figures', async () => {
    const org = await t.http().post('/api/v1/auth/login').send({ username: 'org', password: DEMO_PASSWORD }).expect(200);
    const response = await t.gql<{ overview: Record<string, unknown> }>(
      `{ overview(regionCode: "431126") {
          partyMembersIdentified partyOrganizations { total byFormationMode { mode count } } instructors
          stations certifiedStations eventsHeld workersServed workersMobilized volunteerTeams gridEnrollees issuesResolved } }`,
      {},
      { authorization: `Bearer ${org.body.accessToken}` },
    );
    expect(response.errors).toBeUndefined();
    const overview = response.data!.overview;
    expect(overview).toMatchObject({
      partyMembersIdentified: 15,
      instructors: 10,
      stations: 11,
      certifiedStations: 11,
      workersMobilized: 467,
      volunteerTeams: 62,
      gridEnrollees: 167,
      issuesResolved: 102,
    });
    const organizations = overview.partyOrganizations as { total: number; byFormationMode: { mode: string; count: number }[] };
    expect(organizations.total).toBe(3);
    expect(Object.fromEntries(organizations.byFormationMode.map((m) => [m.mode, m.count]))).toEqual({ STANDALONE: 1, INDUSTRY_JOINT: 1, DISPATCHED: 1 });
    // 100 breakfasts plus the 共享清凉 hand-out: workers served counts every portion handed out.
    expect(overview.workersServed as number).toBeGreaterThanOrEqual(100);
  });
});

describe('platform rosters (uploaded through the roster API)', () => {
  it.each(DEMO_PLATFORMS.map((p) => [p.name, p] as const))(
    '%s has its riders on the roster from one COMMITTED snapshot with its consent reference',
    async (_name, platform) => {
      const syncs = await t.http().get('/api/v1/roster/syncs').set('x-api-key', platform.apiKey).expect(200);
      expect(syncs.body.items).toEqual([
        expect.objectContaining({ status: 'COMMITTED', mode: 'SNAPSHOT', consentRef: platform.consentRef, created: platform.riders, rejected: 0 }),
      ]);
      const riders = await t.http().get('/api/v1/roster/workers?active=true&limit=100').set('x-api-key', platform.apiKey).expect(200);
      expect(riders.body.items).toHaveLength(100);
      expect(riders.body.items[0].externalId).toMatch(new RegExp(`^${platform.externalIdPrefix}-\\d{6}$`));
      expect(await one(`SELECT count(*) FROM roster_rider r JOIN enterprise e ON e.id = r.enterprise_id WHERE r.active AND e.name = '${platform.name}'`)).toBe(
        platform.riders,
      );
    },
  );

  it("declares the platforms' party members, who match the ledger and add nothing to it", async () => {
    const matched: { name: string; matched: number; created: number }[] = await t.dataSource.query(
      `SELECT e.name, s.matched_party_members AS matched, s.ledger_entries_created AS created
         FROM roster_sync s JOIN enterprise e ON e.id = s.enterprise_id ORDER BY e.name`,
    );
    expect(matched).toEqual([
      { name: '美团外卖（宁远）', matched: 4, created: 0 },
      { name: '饿了么（宁远）', matched: 2, created: 0 },
    ]);
    expect(await one(`SELECT count(*) FROM ledger_entry WHERE channel = 'ROSTER_MATCH'`)).toBe(0);
  });

  it('gives rosterCounts riders by township and by site, some riding for both platforms', async () => {
    const response = await t.gql<{ rosterCounts: { activeRiders: number; workers: number; byTownship: unknown[]; bySite: { riders: number }[] } }>(
      `{ rosterCounts(regionCode: "431126") { activeRiders workers byTownship { regionCode regionName riders } bySite { siteName riders platforms } } }`,
      {},
      await signedIn('org'),
    );
    expect(response.errors).toBeUndefined();
    const counts = response.data!.rosterCounts;
    expect(counts.activeRiders).toBe(DEMO_RIDERS);
    expect(counts.workers).toBeGreaterThan(0);
    expect(counts.workers).toBeLessThan(DEMO_RIDERS);
    expect(counts.byTownship.length).toBeGreaterThanOrEqual(5);
    expect(counts.bySite.length).toBeGreaterThanOrEqual(10);
    expect(counts.bySite.every((site) => site.riders > 0)).toBe(true);
  });

  it('gives stationCoverage figures: most riders within 1 km of a certified station, the uncovered sites with their nearest station', async () => {
    const response = await t.gql<{
      stationCoverage: {
        riders: number;
        coveredRiders: number;
        share: number;
        sites: number;
        coveredSites: number;
        uncoveredSites: { riders: number; nearestStation: { distanceMeters: number } | null }[];
        byTownship: { townshipCode: string; riders: number }[];
      };
    }>(
      `{ stationCoverage(regionCode: "431126") { riders coveredRiders share sites coveredSites
           uncoveredSites { siteName riders townshipCode nearestStation { code distanceMeters } }
           byTownship { townshipCode riders coveredRiders share } } }`,
      {},
      await signedIn('org'),
    );
    expect(response.errors).toBeUndefined();
    const coverage = response.data!.stationCoverage;
    expect(coverage.riders).toBe(DEMO_RIDERS);
    expect(coverage.coveredRiders).toBeGreaterThan(0);
    expect(coverage.coveredRiders).toBeLessThan(coverage.riders);
    expect(coverage.share).toBeGreaterThan(0.5);
    // 12 delivery sites; the three rural ones and the one at the east end of 天堂街道 have no station within 1 km.
    expect([coverage.sites, coverage.coveredSites]).toEqual([12, 8]);
    expect(coverage.uncoveredSites.length).toBe(coverage.sites - coverage.coveredSites);
    for (const site of coverage.uncoveredSites) expect(site.nearestStation!.distanceMeters).toBeGreaterThan(1000);
    expect(coverage.byTownship.length).toBeGreaterThanOrEqual(5);
  });
});

describe('demo accounts and keys', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.role] as const))('%s signs in with the demo password as %s', async (username, role) => {
    const login = await t.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'staff', role, mustChangePassword: false });
  });

  it.each(DEMO_PLATFORMS.map((p) => [p.apiKey, p.name] as const))('the key %s authenticates as the platform %s', async (apiKey, name) => {
    const me = await t.http().get('/api/v1/me').set('x-api-key', apiKey).expect(200);
    expect(me.body.role).toBe('PLATFORM');
    const [{ enterprise }] = await t.dataSource.query('SELECT name AS enterprise FROM enterprise WHERE id = $1', [me.body.enterpriseId]);
    expect(enterprise).toBe(name);
  });
});

describe('seeding again and production', () => {
  it('changes nothing when the demo is already there', async () => {
    const tables = [
      'staff_user',
      'region',
      'department',
      'enterprise',
      'api_key',
      'worker',
      'ledger_entry',
      'party_organization',
      'instructor_assignment',
      'station',
      'station_audit',
      'welfare_event',
      'event_registration',
      'volunteer_team',
      'volunteer_team_member',
      'grid',
      'grid_enrolment',
      'governance_issue',
      'governance_issue_event',
      'roster_sync',
      'roster_rider',
      'audit_entry',
    ];
    const count = () => t.dataSource.query(`SELECT ${tables.map((name) => `(SELECT count(*)::int FROM ${name}) AS ${name}`).join(', ')}`);
    const before = await count();
    expect(await isDemoSeeded(t.dataSource)).toBe(true);
    expect(await seedDemoCounty(t.app, { transport })).toMatchObject({ seeded: false });
    expect(await count()).toEqual(before);
  });

  it('refuses DEMO_MODE=on in production, naming DEMO_MODE', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, DEMO_MODE: 'on' })).toThrow(/DEMO_MODE/);
    expect(loadConfig(PRODUCTION_ENV).demoMode).toBe(false);
  });
});
