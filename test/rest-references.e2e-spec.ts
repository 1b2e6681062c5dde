import { Role } from '../src/access/role.enum.js';
import { ensureDepartment, ensureRegion, type ActorClient } from './support/actors.js';
import { createStation } from './support/care.js';
import { makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// REST lists and records name what they reference ({id, code, name}) beside the bare ids
// integrators already use, read for a whole page at once (issue 17).

type Ref = { id: string; code: string; name: string } | null;

describe('REST responses name what they reference', () => {
  let t: TestApp;
  let admin: ActorClient;

  /** A reference as the database holds it: a region, grid, category or station by its own code and name. */
  async function refOf(table: 'region' | 'grid' | 'issue_category' | 'station', id: string): Promise<Ref> {
    const [row] = await t.dataSource.query(`SELECT id, code, name FROM ${table} WHERE id = $1`, [id]);
    return row;
  }
  /** A department as a reference: it has no code, so "region code:kind". */
  async function departmentRef(id: string): Promise<Ref> {
    const [row] = await t.dataSource.query(
      `SELECT d.id, r.code || ':' || d.kind AS code, d.name FROM department d JOIN region r ON r.id = d.region_id WHERE d.id = $1`,
      [id],
    );
    return row;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
  });
  afterAll(() => t.close());

  describe('problems', () => {
    let township: ActorClient;
    let gridWorker: ActorClient;
    let grid: { id: string; code: string };
    let transport: string;
    let reporter: ActorClient;
    let spotIndex = 0;
    /** A fresh spot in the grid, 130 m from every other (never a likely duplicate). */
    const spot = () => {
      const i = spotIndex++;
      return { lat: 25.6012 + (i % 35) * 0.0013, lng: 111.9012 + Math.floor(i / 35) * 0.0013 };
    };
    const report = async (input: Record<string, unknown> = {}) =>
      (
        await reporter
          .post('/api/v1/governance/issues')
          .send({ category: 'ROAD_TRAFFIC', description: '井盖缺失 cover missing', ...spot(), ...input })
          .expect(201)
      ).body;

    beforeAll(async () => {
      const made = await makeGrid(t, admin, { communityCode: '431126100001', boundary: square(111.9, 25.6, 111.95, 25.65), code: 'REF-A' });
      grid = made;
      gridWorker = made.gridWorker;
      await ensureRegion(t.dataSource, '431126200');
      township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126' });
      transport = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
      reporter = await t.asWorker();
    });

    it('names category, grid, township and department of each listed problem, and null where there is none', async () => {
      const dispatched = (await report()).issue;
      await gridWorker.post(`/api/v1/governance/issues/${dispatched.id}/transitions`).send({ action: 'ACCEPT' }).expect(201);
      await gridWorker.post(`/api/v1/governance/issues/${dispatched.id}/transitions`).send({ action: 'DISPATCH', departmentId: transport }).expect(201);
      // Outside every grid, in the township given, not yet dispatched: no grid, no department.
      const loose = (await report({ category: 'SANITATION', lat: 25.3, lng: 112.3, townshipCode: '431126200' })).issue;

      const page = await township.get('/api/v1/governance/issues?limit=100').expect(200);
      const listed = (id: string) => page.body.items.find((i: { id: string }) => i.id === id);
      const first = listed(dispatched.id);
      const [categoryId, townshipId] = [first.categoryId, first.townshipId];
      expect(first).toMatchObject({ gridId: grid.id, departmentId: transport });
      expect(first.category).toEqual(await refOf('issue_category', categoryId));
      expect(first.category.code).toBe('ROAD_TRAFFIC');
      expect(first.grid).toEqual({ id: grid.id, code: 'REF-A', name: '网格 REF-A' });
      expect(first.township).toEqual(await refOf('region', townshipId));
      expect(first.township.code).toBe('431126100');
      expect(first.department).toEqual({ id: transport, code: '431126:TRANSPORT', name: 'TRANSPORT 431126' });

      const second = listed(loose.id);
      expect(second).toMatchObject({ gridId: null, departmentId: null, grid: null, department: null });
      expect(second.category).toMatchObject({ id: second.categoryId, code: 'SANITATION' });
      expect(second.township).toEqual(await refOf('region', second.townshipId));
      expect(second.township.code).toBe('431126200');
    });

    it('names them in single-record answers too: reading, reporting and each workflow step', async () => {
      const reported = await report();
      expect(reported.issue.grid).toEqual({ id: grid.id, code: 'REF-A', name: '网格 REF-A' });
      expect(reported.issue.department).toBeNull();
      const accepted = (await gridWorker.post(`/api/v1/governance/issues/${reported.issue.id}/transitions`).send({ action: 'ACCEPT' }).expect(201)).body;
      expect(accepted.township.code).toBe('431126100');
      const sent = (
        await gridWorker.post(`/api/v1/governance/issues/${reported.issue.id}/transitions`).send({ action: 'DISPATCH', departmentId: transport }).expect(201)
      ).body;
      expect(sent.department).toEqual(await departmentRef(transport));
      const read = (await township.get(`/api/v1/governance/issues/${reported.issue.id}`).expect(200)).body;
      expect(read).toMatchObject({ category: sent.category, grid: sent.grid, township: sent.township, department: sent.department });
      // A likely duplicate, shown to the reporter in the public view, is named as well.
      const again = await reporter
        .post('/api/v1/governance/issues')
        .send({ category: 'ROAD_TRAFFIC', description: '同一处 the same spot', lat: reported.issue.lat, lng: reported.issue.lng })
        .expect(201);
      expect(again.body.issue).toBeNull();
      expect(again.body.likelyDuplicates[0]).toMatchObject({ id: reported.issue.id, grid: sent.grid, department: sent.department });
    });

    it('lists 50 problems in as many statements as 5: their references are read for the page at once', async () => {
      while (spotIndex < 52) await report();
      const five = await t.queries.measure(() => township.get('/api/v1/governance/issues?limit=5').expect(200));
      const fifty = await t.queries.measure(() => township.get('/api/v1/governance/issues?limit=50').expect(200));
      expect(fifty.result.body.items).toHaveLength(50);
      expect(fifty.result.body.items.every((i: { category: Ref; township: Ref }) => i.category && i.township)).toBe(true);
      expect(fifty.count).toBe(five.count);
      // The caller, the page, and the references of the whole page.
      expect(fifty.count).toBeLessThanOrEqual(3);
    });
  });

  describe('stations', () => {
    let officer: ActorClient;
    let market: string;

    beforeAll(async () => {
      await ensureRegion(t.dataSource, '431126100');
      officer = await t.as(Role.ORG_OFFICER);
      market = await ensureDepartment(t.dataSource, '431126', 'MARKET_REGULATION');
    });

    it('names the township and running department of each listed station; a county-run station has none', async () => {
      const run = await createStation(officer, { departmentId: market });
      const own = await createStation(officer);
      const page = await officer.get('/api/v1/stations?limit=100').expect(200);
      const listed = (id: string) => page.body.items.find((s: { id: string }) => s.id === id);
      const township = await refOf('region', listed(run.id).townshipId);
      expect(township!.code).toBe('431126100');
      expect(listed(run.id)).toMatchObject({ departmentId: market, township, department: await departmentRef(market) });
      expect(listed(run.id).department.code).toBe('431126:MARKET_REGULATION');
      expect(listed(own.id)).toMatchObject({ departmentId: null, township, department: null });
      const one = (await officer.get(`/api/v1/stations/${run.id}`).expect(200)).body;
      expect(one).toMatchObject({ township, department: await departmentRef(market) });
    });

    it('lists 50 stations in as many statements as 5', async () => {
      await t.dataSource.query(
        `INSERT INTO station (code, name, kind, host_venue, address, lat, lng, township_id, department_id, county_code, status)
         SELECT 'RF-' || g, '站' || g, 'COURIER_STATION', 'SHOP', '-', 25.6, 111.9, (SELECT id FROM region WHERE code = '431126100'),
                CASE WHEN g % 2 = 0 THEN $1::uuid END, '431126', 'OPEN'
         FROM generate_series(1, 50) g`,
        [market],
      );
      const five = await t.queries.measure(() => officer.get('/api/v1/stations?limit=5').expect(200));
      const fifty = await t.queries.measure(() => officer.get('/api/v1/stations?limit=50').expect(200));
      expect(fifty.result.body.items).toHaveLength(50);
      expect(fifty.result.body.items.every((s: { township: Ref }) => s.township?.code === '431126100')).toBe(true);
      expect(fifty.count).toBe(five.count);
      // The caller, the page, then amenities, certification and references of the whole page.
      expect(fifty.count).toBeLessThanOrEqual(5);
    });
  });
});
