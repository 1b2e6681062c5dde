import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import type { ActorClient } from './support/actors.js';
import { ensureRegion, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const GRID_AT =
  'query($lat: Float!, $lng: Float!) { gridAt(lat: $lat, lng: $lng) { id code communityCode centroidLat centroidLng boundary { type coordinates } } }';
const ENROL = 'mutation($gridId: ID!) { enrolInGrid(gridId: $gridId) { id status gridId } }';
const CONFIRM = 'mutation($id: ID!) { confirmGridEnrolment(id: $id) { id status confirmedAt } }';
const POINTS = '{ myPoints { enrolmentMonths resolvedReports pointsPerEnrolmentMonth pointsPerResolvedReport points } }';

describe('grids and mobile-grid enrolment (网格、流动网格报到)', () => {
  let t: TestApp;
  let admin: ActorClient;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(undefined));

  const gridAt = async (lat: number, lng: number) => (await t.gql<{ gridAt: { code: string } | null }>(GRID_AT, { lat, lng })).data!.gridAt;

  describe('boundaries and gridAt', () => {
    it('stores a GeoJSON boundary as a polygon, returns it as GeoJSON with its centroid', async () => {
      const grid = await makeGrid(t, admin, { boundary: square(111.0, 25.0, 111.02, 25.01), code: 'E-001' });
      const found = await t.gql<{ gridAt: { id: string; boundary: unknown; centroidLat: number; centroidLng: number; communityCode: string } }>(GRID_AT, {
        lat: 25.005,
        lng: 111.01,
      });
      expect(found.data!.gridAt).toMatchObject({ id: grid.id, communityCode: '431126100001', boundary: square(111.0, 25.0, 111.02, 25.01) });
      expect(found.data!.gridAt.centroidLat).toBeCloseTo(25.005, 9);
      expect(found.data!.gridAt.centroidLng).toBeCloseTo(111.01, 9);
    });

    it("counts a point exactly on an edge or a corner as inside (within PostgreSQL's 1e-6 tolerance), and a point just outside as in no grid", async () => {
      await makeGrid(t, admin, { boundary: square(111.1, 25.1, 111.2, 25.2), code: 'E-002' });
      expect(await gridAt(25.15, 111.15)).toMatchObject({ code: 'E-002' });
      expect(await gridAt(25.15, 111.2)).toMatchObject({ code: 'E-002' }); // east edge
      expect(await gridAt(25.1, 111.15)).toMatchObject({ code: 'E-002' }); // south edge
      expect(await gridAt(25.2, 111.2)).toMatchObject({ code: 'E-002' }); // corner
      // PostgreSQL's geometric operators compare with a tolerance of 1e-6 (EPSILON): ~1 cm off the edge
      // still counts as on it; 2e-6° (~0.2 m) outside is outside.
      expect(await gridAt(25.15, 111.2000001)).toMatchObject({ code: 'E-002' });
      expect(await gridAt(25.15, 111.200002)).toBeNull(); // ~0.2 m east
      expect(await gridAt(25.099998, 111.15)).toBeNull(); // ~0.2 m south
      const rest = await t.http().get('/api/v1/grids/at?lat=25.15&lng=111.2').expect(200);
      expect(rest.body.code).toBe('E-002');
    });

    it('gives a point on an edge two grids share to the grid with the lowest code', async () => {
      await makeGrid(t, admin, { boundary: square(111.3, 25.3, 111.4, 25.4), code: 'F-002' });
      await makeGrid(t, admin, { boundary: square(111.4, 25.3, 111.5, 25.4), code: 'F-001' });
      expect(await gridAt(25.35, 111.4)).toMatchObject({ code: 'F-001' });
      expect(await gridAt(25.35, 111.39)).toMatchObject({ code: 'F-002' });
    });

    it('finds candidates through the GiST index on the boundary', async () => {
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.query('SET enable_seqscan = off');
        const plan: { 'QUERY PLAN': string }[] = await runner.query(
          `EXPLAIN SELECT id FROM grid WHERE boundary @> polygon(box(point(111.15, 25.15), point(111.15, 25.15))) AND boundary @> point(111.15, 25.15)`,
        );
        expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/ix_grid_boundary/);
      } finally {
        await runner.release();
      }
    });

    it("refuses bad boundaries, unknown communities, communities outside the caller's region and non-grid-worker accounts, naming the field", async () => {
      const base = { code: 'BAD-1', name: '坏网格', communityCode: '431126100001', boundary: square(0, 0, 1, 1) };
      const cases: [Record<string, unknown>, string][] = [
        [{ boundary: { type: 'Point', coordinates: [[[1, 2]]] } }, 'boundary.type'],
        [
          { boundary: { type: 'Polygon', coordinates: [square(0, 0, 1, 1).coordinates[0], square(0.2, 0.2, 0.4, 0.4).coordinates[0]] } },
          'boundary.coordinates',
        ],
        [
          {
            boundary: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 1],
                ],
              ],
            },
          },
          'boundary.coordinates',
        ],
        [
          {
            boundary: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [181, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          },
          'boundary.coordinates.0.1',
        ],
        [{ communityCode: '431126999001' }, 'communityCode'],
        [{ gridWorkerId: (await t.as(Role.TOWNSHIP_OFFICER)).id }, 'gridWorkerId'],
      ];
      for (const [change, field] of cases) {
        const response = await admin
          .post('/api/v1/grids')
          .send({ ...base, ...change })
          .expect(400);
        expect([field, response.body.errors[0].field]).toEqual([field, field]);
      }
      const otherTownship = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
      const outside = await otherTownship.gql('mutation($i: CreateGridInput!) { createGrid(input: $i) { id } }', { i: base });
      expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'communityCode' }] });
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM grid WHERE code = 'BAD-1'`))[0].n).toBe(0);
      await makeGrid(t, admin, { code: 'DUP-1', boundary: square(10, 10, 11, 11) });
      const taken = await admin
        .post('/api/v1/grids')
        .send({ ...base, code: 'DUP-1' })
        .expect(409);
      expect(taken.body.code).toBe('CONFLICT');
    });

    it('lets a township officer draw grids in their township; grid workers read only their own grids', async () => {
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      await ensureRegion(t.dataSource, '431126100002');
      const made = await township.gql<{ createGrid: { id: string; code: string } }>('mutation($i: CreateGridInput!) { createGrid(input: $i) { id code } }', {
        i: { code: 'T-001', name: '镇网格', communityCode: '431126100002', boundary: square(20, 20, 21, 21) },
      });
      expect(made.data!.createGrid.code).toBe('T-001');
      const own = await makeGrid(t, admin, { code: 'GW-001', boundary: square(30, 30, 31, 31) });
      const listed = await own.gridWorker.gql<{ grids: { edges: { node: { code: string } }[] } }>('{ grids(first: 100) { edges { node { code } } } }');
      expect(listed.data!.grids.edges.map((e) => e.node.code)).toEqual(['GW-001']);
      await own.gridWorker.get(`/api/v1/grids/${made.data!.createGrid.id}`).expect(404);
      const otherTownship = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
      await otherTownship.get(`/api/v1/grids/${made.data!.createGrid.id}`).expect(404);
    });
  });

  describe('GeoJSON import', () => {
    const feature = (code: string, boundary = square(40, 40, 41, 41), communityCode = '431126100001') => ({
      type: 'Feature',
      properties: { code, name: `导入 ${code}`, communityCode },
      geometry: boundary,
    });

    it('creates grids from a FeatureCollection and updates them by code on a second import', async () => {
      const first = await admin
        .post('/api/v1/grids/import')
        .send({ type: 'FeatureCollection', features: [feature('IMP-1'), feature('IMP-2', square(41, 40, 42, 41))] })
        .expect(201);
      expect(first.body).toEqual({ created: 2, updated: 0 });
      const second = await admin
        .post('/api/v1/grids/import')
        .send({ type: 'FeatureCollection', features: [feature('IMP-1', square(40, 40, 40.5, 40.5))] })
        .expect(201);
      expect(second.body).toEqual({ created: 0, updated: 1 });
      expect(await gridAt(40.75, 40.75)).toBeNull();
      expect(await gridAt(40.25, 40.25)).toMatchObject({ code: 'IMP-1' });
    });

    it('writes nothing when one feature is bad, naming it', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM grid'))[0].n;
      const openRing = {
        type: 'Polygon',
        coordinates: [
          [
            [50, 50],
            [51, 50],
            [51, 51],
            [50, 51],
          ],
        ],
      };
      const bad = await admin
        .post('/api/v1/grids/import')
        .send({ type: 'FeatureCollection', features: [feature('IMP-3', square(50, 50, 51, 51)), feature('IMP-4', openRing)] })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('features.1.geometry.coordinates');
      const noCode = await admin
        .post('/api/v1/grids/import')
        .send({ type: 'FeatureCollection', features: [{ ...feature('x'), properties: { name: 'n', communityCode: '431126100001' } }] })
        .expect(400);
      expect(noCode.body.errors[0].field).toBe('features.0.properties.code');
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM grid'))[0].n).toBe(before);
    });
  });

  describe('enrolment and points', () => {
    it('enrols a worker in one grid at a time; the grid worker confirms; leaving frees them', async () => {
      const grid = await makeGrid(t, admin, { code: 'EN-001', boundary: square(60, 60, 61, 61) });
      const second = await makeGrid(t, admin, { code: 'EN-002', boundary: square(61, 60, 62, 61) });
      const worker = await t.asWorker();
      const enrolled = await worker.gql<{ enrolInGrid: { id: string; status: string } }>(ENROL, { gridId: grid.id });
      expect(enrolled.data!.enrolInGrid.status).toBe('PENDING');
      const twice = await worker.gql(ENROL, { gridId: second.id });
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'gridId' });
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM grid_enrolment WHERE worker_id = $1', [worker.id]))[0].n).toBe(1);

      const id = enrolled.data!.enrolInGrid.id;
      expect((await second.gridWorker.gql(CONFIRM, { id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await worker.gql(CONFIRM, { id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const confirmed = await grid.gridWorker.gql<{ confirmGridEnrolment: { status: string } }>(CONFIRM, { id });
      expect(confirmed.data!.confirmGridEnrolment.status).toBe('CONFIRMED');
      expect((await grid.gridWorker.gql(CONFIRM, { id })).errors?.[0].extensions.code).toBe('CONFLICT');

      const left = await worker.gql<{ leaveGrid: { status: string; endedAt: string } }>('mutation { leaveGrid { status endedAt } }');
      expect(left.data!.leaveGrid.status).toBe('ENDED');
      expect((await worker.gql('mutation { leaveGrid { status } }')).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await worker.gql<{ enrolInGrid: { status: string } }>(ENROL, { gridId: second.id })).data!.enrolInGrid.status).toBe('PENDING');
      expect((await worker.gql<{ myGridEnrolment: { gridId: string } }>('{ myGridEnrolment { gridId } }')).data!.myGridEnrolment.gridId).toBe(second.id);
    });

    it('keeps one open enrolment per worker even under concurrent requests', async () => {
      const a = await makeGrid(t, admin, { code: 'EN-003', boundary: square(62, 60, 63, 61) });
      const b = await makeGrid(t, admin, { code: 'EN-004', boundary: square(63, 60, 64, 61) });
      const worker = await t.asWorker();
      const results = await Promise.all([a.id, b.id, a.id, b.id].map((gridId) => worker.gql(ENROL, { gridId })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(3);
    });

    it("lists enrolments of the grid worker's grids with masked workers, without N+1 queries", async () => {
      const grid = await makeGrid(t, admin, { code: 'EN-005', boundary: square(64, 60, 65, 61) });
      for (let i = 0; i < 7; i++) await (await t.asWorker()).gql(ENROL, { gridId: grid.id });
      const query = 'query($first: Int) { gridEnrolments(first: $first) { totalCount edges { node { status worker { id phone name } } } } }';
      const page = await grid.gridWorker.gql<{ gridEnrolments: { totalCount: number; edges: { node: { worker: { phone: string } } }[] } }>(query, {
        first: 50,
      });
      expect(page.data!.gridEnrolments.totalCount).toBe(7);
      expect(page.data!.gridEnrolments.edges.every((e) => /^\d{3}\*{4}\d{4}$/.test(e.node.worker.phone))).toBe(true);
      const five = await t.queries.measure(() => grid.gridWorker.gql(query, { first: 5 }));
      const fifty = await t.queries.measure(() => grid.gridWorker.gql(query, { first: 50 }));
      expect(five.count).toBeGreaterThan(0);
      expect(fifty.count).toBe(five.count);
    });

    it("awards points per full confirmed month and per resolved report, at the county's configurable rates", async () => {
      const t0 = new Date('2033-01-15T00:00:00.000Z');
      clock.set(t0);
      const grid = await makeGrid(t, admin, { code: 'PT-001', boundary: square(70, 70, 71, 71) });
      const worker = await t.asWorker();
      const enrolment = await worker.gql<{ enrolInGrid: { id: string } }>(ENROL, { gridId: grid.id });
      await grid.gridWorker.gql(CONFIRM, { id: enrolment.data!.enrolInGrid.id });
      clock.set(new Date('2033-03-20T00:00:00.000Z'));
      const points = await worker.gql<{ myPoints: Record<string, number> }>(POINTS);
      expect(points.data!.myPoints).toEqual({ enrolmentMonths: 2, resolvedReports: 0, pointsPerEnrolmentMonth: 10, pointsPerResolvedReport: 5, points: 20 });

      const issueId: string = (
        await t.dataSource.query(
          `INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, township_id, county_code, reporter_worker_id, status, resolved_at)
         SELECT now(), c.id, 'x', 0, 0, '{}', r.id, '431126', $1, 'RESOLVED', now() FROM issue_category c, region r WHERE c.code = 'OTHER' AND r.code = '431126100'
         RETURNING id`,
          [worker.id],
        )
      )[0].id;
      expect(issueId).toBeDefined();
      await admin.put('/api/v1/governance/points-rules/431126').send({ enrolmentMonth: 3, resolvedReport: 7 }).expect(200);
      const after = await worker.gql<{ myPoints: Record<string, number> }>(POINTS);
      expect(after.data!.myPoints).toEqual({ enrolmentMonths: 2, resolvedReports: 1, pointsPerEnrolmentMonth: 3, pointsPerResolvedReport: 7, points: 13 });
      const township = await t.as(Role.TOWNSHIP_OFFICER);
      await township.put('/api/v1/governance/points-rules/431126').send({ enrolmentMonth: 100, resolvedReport: 100 }).expect(403);
      const bad = await admin.put('/api/v1/governance/points-rules/431126').send({ enrolmentMonth: -1, resolvedReport: 1 }).expect(400);
      expect(bad.body.errors[0].field).toBe('enrolmentMonth');
      expect((await admin.get('/api/v1/governance/points-rules/431126').expect(200)).body).toEqual({ scope: '431126', enrolmentMonth: 3, resolvedReport: 7 });
    });
  });
});
