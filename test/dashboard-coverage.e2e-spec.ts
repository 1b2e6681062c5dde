import { randomUUID } from 'node:crypto';
import { Role } from '../src/access/role.enum.js';
import { shanghaiDate } from '../src/common/clock/shanghai.js';
import { STATION_COVERAGE_SQL } from '../src/dashboard/coverage/station-coverage.sql.js';
import type { ActorClient } from './support/actors.js';
import { DashboardFixtures } from './support/dashboard-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const A = '431126100';
const B = '431126101';
const C = { lat: 25.6, lng: 111.9 };
const COVERAGE = `query($r: String!, $radius: Int, $first: Int) { stationCoverage(regionCode: $r, radiusMeters: $radius, uncoveredFirst: $first) {
  regionCode radiusMeters riders coveredRiders share sites coveredSites
  uncoveredSites { siteName riders townshipCode lat lng nearestStation { code distanceMeters } }
  byTownship { townshipCode riders coveredRiders share sites coveredSites } } }`;

interface Coverage {
  riders: number;
  coveredRiders: number;
  share: number | null;
  sites: number;
  coveredSites: number;
  uncoveredSites: {
    siteName: string;
    riders: number;
    townshipCode: string;
    lat: number;
    lng: number;
    nearestStation: { code: string; distanceMeters: number } | null;
  }[];
  byTownship: { townshipCode: string; riders: number; coveredRiders: number; share: number | null; sites: number; coveredSites: number }[];
}

const day = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));

describe('station coverage (驿站覆盖)', () => {
  let t: TestApp;
  let county: ActorClient;
  let f: DashboardFixtures;

  /** The point `metres` due north of `from`, measured by earthdistance itself (a meridian arc: metres / earth() radians). */
  async function north(from: { lat: number; lng: number }, metres: number): Promise<{ lat: number; lng: number; distance: number }> {
    const [row] = await t.dataSource.query(
      `SELECT p.lat, earth_distance(ll_to_earth($1, $2), ll_to_earth(p.lat, $2)) AS distance FROM (SELECT $1 + degrees($3 / earth()) AS lat) p`,
      [from.lat, from.lng, metres],
    );
    return { lat: row.lat, lng: from.lng, distance: row.distance };
  }

  async function riders(townshipCode: string, site: { lat: number; lng: number }, siteName: string, count: number, active = true): Promise<void> {
    const township = await f.region(townshipCode);
    for (let i = 0; i < count; i++) {
      await t.dataSource.query(
        `INSERT INTO roster_rider (enterprise_id, external_id, county_code, region_id, township_id, worker_id, name_masked, phone_index, phone_masked,
                                   site_name, site_lat, site_lng, row_hash, active)
         VALUES ($1, $2, $3, $4, $4, $5, '张*', repeat('0', 64), '139****0000', $6, $7, $8, repeat('0', 64), $9)`,
        [randomUUID(), randomUUID(), townshipCode.slice(0, 6), township, randomUUID(), siteName, site.lat, site.lng, active],
      );
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = new DashboardFixtures(t.dataSource);
    for (const code of [A, B, '431127100']) await f.region(code);

    // C: open and certified. U: open, never audited, 100 m from site X. Z: certified but closed, 100 m from site Y.
    const certified = await f.station(A, 'OPEN', '2024-01-01T00:00:00+08:00', C, 'COV-C');
    await f.audit(certified, day(-10), true, day(300));
    const x = { lat: C.lat, lng: C.lng + 0.1 }; // ~10 km east
    const y = { lat: C.lat, lng: C.lng + 0.2 }; // ~20 km east
    await f.station(B, 'OPEN', '2024-01-01T00:00:00+08:00', await north(x, 100), 'COV-U');
    const closed = await f.station(B, 'CLOSED', '2024-01-01T00:00:00+08:00', await north(y, 100), 'COV-Z');
    await f.audit(closed, day(-10), true, day(300));

    const at999 = await north(C, 999);
    const at1001 = await north(C, 1001);
    expect(at999.distance).toBeCloseTo(999, 6);
    expect(at1001.distance).toBeCloseTo(1001, 6);
    await riders(A, at999, '999 米点位', 3);
    await riders(A, at999, '999 米点位', 2, false); // deactivated riders do not count
    await riders(A, at1001, '1001 米点位', 5);
    await riders(B, x, 'X 点位', 2);
    await riders(B, y, 'Y 点位', 1);
    await riders('431127100', C, '邻县点位', 4); // another county's riders

    county = await t.as(Role.ORG_OFFICER, { regionCode: '431126' });
  });
  afterAll(() => t.close());

  it('counts a site 999 m from an open certified station as covered and one 1,001 m away as not', async () => {
    const response = await county.gql<{ stationCoverage: Coverage }>(COVERAGE, { r: '431126' });
    expect(response.errors).toBeUndefined();
    const coverage = response.data!.stationCoverage;
    expect(coverage).toMatchObject({ riders: 11, coveredRiders: 3, sites: 4, coveredSites: 1 });
    expect(coverage.share).toBeCloseTo(3 / 11, 10);
  });

  it('ranks uncovered sites by riders affected, each with its nearest open station (certified or not) and distance', async () => {
    const { uncoveredSites } = (await county.gql<{ stationCoverage: Coverage }>(COVERAGE, { r: '431126' })).data!.stationCoverage;
    expect(uncoveredSites.map((s) => [s.siteName, s.riders, s.townshipCode, s.nearestStation?.code])).toEqual([
      ['1001 米点位', 5, A, 'COV-C'],
      ['X 点位', 2, B, 'COV-U'], // the uncertified station is near, but does not cover
      ['Y 点位', 1, B, 'COV-U'], // the closed certified station is nearer, but closed
    ]);
    expect(uncoveredSites[0].nearestStation!.distanceMeters).toBeCloseTo(1001, 6);
    expect(uncoveredSites[1].nearestStation!.distanceMeters).toBeCloseTo(100, 6);
  });

  it('gives the same figure per township', async () => {
    const { byTownship } = (await county.gql<{ stationCoverage: Coverage }>(COVERAGE, { r: '431126' })).data!.stationCoverage;
    expect(byTownship).toEqual([
      { townshipCode: A, riders: 8, coveredRiders: 3, share: 3 / 8, sites: 2, coveredSites: 1 },
      { townshipCode: B, riders: 3, coveredRiders: 0, share: 0, sites: 2, coveredSites: 0 },
    ]);
  });

  it('takes the radius: 1,002 m also covers the site at 1,001 m', async () => {
    const coverage = (await county.gql<{ stationCoverage: Coverage }>(COVERAGE, { r: '431126', radius: 1002 })).data!.stationCoverage;
    expect(coverage).toMatchObject({ riders: 11, coveredRiders: 8, coveredSites: 2 });
  });

  it('shows a township officer only their township, and refuses the county and other townships with NOT_FOUND', async () => {
    const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: B });
    const own = await township.gql<{ stationCoverage: Coverage }>(COVERAGE, { r: B });
    expect(own.data!.stationCoverage).toMatchObject({ riders: 3, coveredRiders: 0, share: 0 });
    for (const code of ['431126', A]) {
      const refused = await township.gql(COVERAGE, { r: code });
      expect(refused.errors![0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('refuses a radius out of range, naming radiusMeters', async () => {
    const response = await county.gql(COVERAGE, { r: '431126', radius: 0 });
    expect(response.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.errors![0].extensions)).toContain('radiusMeters');
    const rest = await county.get('/api/v1/dashboard/station-coverage?regionCode=431126&radiusMeters=999999');
    expect(rest.status).toBe(400);
    expect(JSON.stringify(rest.body)).toContain('radiusMeters');
  });

  it('serves the same over REST', async () => {
    const response = await county.get('/api/v1/dashboard/station-coverage?regionCode=431126');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ radiusMeters: 1000, riders: 11, coveredRiders: 3 });
    expect(response.body.uncoveredSites).toHaveLength(3);
  });

  it('lists uncovered sites in one statement whatever their number (no N+1)', async () => {
    await county.get('/api/v1/me').expect(200); // the caller is read once and then remembered
    const one = await t.queries.measure(() => county.gql(COVERAGE, { r: '431126', first: 1 }));
    const three = await t.queries.measure(() => county.gql(COVERAGE, { r: '431126', first: 3 }));
    expect((one.result.data as { stationCoverage: Coverage }).stationCoverage.uncoveredSites).toHaveLength(1);
    expect(three.count).toBe(one.count);
    expect(three.count).toBe(2); // the region, STATION_COVERAGE_SQL
  });

  it('finds stations through the GiST index on ll_to_earth (box search and nearest)', async () => {
    const region: { path: string }[] = await t.dataSource.query(`SELECT path::text AS path FROM region WHERE code = '431126'`);
    const plan: { 'QUERY PLAN': string }[] = await t.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query(`EXPLAIN ${STATION_COVERAGE_SQL}`, ['', day(0), 1000, region[0].path, '431126', 20]);
    });
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    expect(text.match(/ix_station_earth/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/Order By: \(.*<->/);
  });
});
