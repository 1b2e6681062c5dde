import { Role } from '../src/access/role.enum.js';
import { ensureDepartment, ensureRegion, type ActorClient } from './support/actors.js';
import { createStation } from './support/care.js';
import { makeGrid, square } from './support/governance-fixtures.js';
import { createEnterprise, setupNingyuan } from './support/organizing.js';
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

  /** A region as a reference, by its code. */
  async function regionRef(code: string): Promise<Ref> {
    const [row] = await t.dataSource.query('SELECT id, code, name FROM region WHERE code = $1', [code]);
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

  describe('grids, enrolments, teams, enterprises, party organisations, events and assistance cases', () => {
    let officer: ActorClient;
    let departments: Record<string, string>;

    beforeAll(async () => {
      ({ departments } = await setupNingyuan(t.dataSource));
      await ensureRegion(t.dataSource, '431126100002');
      officer = await t.as(Role.ORG_OFFICER);
    });

    it("names a grid's community and township, and an enrolment's grid", async () => {
      const made = await makeGrid(t, admin, { communityCode: '431126100002', boundary: square(112.2, 25.6, 112.25, 25.65), code: 'REF-B' });
      const where = { communityCode: '431126100002', community: await regionRef('431126100002'), township: await regionRef('431126100') };
      expect(where.community!.name).toBeTruthy();
      const listed = (await admin.get('/api/v1/grids?limit=100').expect(200)).body.items.find((g: { id: string }) => g.id === made.id);
      expect(listed).toMatchObject(where);
      expect((await admin.get(`/api/v1/grids/${made.id}`).expect(200)).body).toMatchObject(where);
      expect((await t.http().get('/api/v1/grids/at?lat=25.62&lng=112.22').expect(200)).body).toMatchObject({ id: made.id, ...where });

      const worker = await t.asWorker();
      const enrolled = await worker.gql<{ enrolInGrid: { id: string } }>('mutation($g: ID!) { enrolInGrid(gridId: $g) { id } }', { g: made.id });
      expect(enrolled.errors).toBeUndefined();
      const grid = { id: made.id, code: 'REF-B', name: '网格 REF-B' };
      const enrolments = (await made.gridWorker.get(`/api/v1/grid-enrolments?gridId=${made.id}`).expect(200)).body.items;
      expect(enrolments).toEqual([expect.objectContaining({ id: enrolled.data!.enrolInGrid.id, gridId: made.id, grid })]);
      const confirmed = await made.gridWorker.post(`/api/v1/grid-enrolments/${enrolled.data!.enrolInGrid.id}/confirm`).expect(201);
      expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', grid });
    });

    it("names a volunteer team's township (its leader stays an id)", async () => {
      const leader = await t.asWorker();
      const created = await admin
        .post('/api/v1/volunteer-teams')
        .send({ name: '小哥先锋队', kind: 'VANGUARD', townshipCode: '431126100', leaderWorkerId: leader.id })
        .expect(201);
      const township = await regionRef('431126100');
      expect(created.body).toMatchObject({ townshipId: township!.id, township, leaderWorkerId: leader.id });
      const listed = (await admin.get('/api/v1/volunteer-teams?limit=100').expect(200)).body.items.find((v: { id: string }) => v.id === created.body.id);
      expect(listed.township).toEqual(township);
    });

    it("names an enterprise's township and supervising department, and a party organisation's region", async () => {
      const [a, b] = [await createEnterprise(officer, { industry: 'FOOD_DELIVERY' }), await createEnterprise(officer, { industry: 'FOOD_DELIVERY' })];
      const expected = { township: await regionRef('431126100'), supervisingDepartment: await departmentRef(departments.MARKET_REGULATION) };
      expect(expected.supervisingDepartment!.code).toBe('431126:MARKET_REGULATION');
      expect((await officer.get(`/api/v1/enterprises/${a}`).expect(200)).body).toMatchObject({ townshipCode: '431126100', ...expected });
      const page = (await officer.get('/api/v1/enterprises?limit=100').expect(200)).body.items;
      expect(page.find((e: { id: string }) => e.id === b)).toMatchObject(expected);

      const organisation = await officer
        .post('/api/v1/party-organizations')
        .send({
          name: '外卖行业联合党支部',
          kind: 'BRANCH',
          formationMode: 'INDUSTRY_JOINT',
          regionCode: '431126',
          establishedOn: '2023-07-01',
          enterpriseIds: [a, b],
        })
        .expect(201);
      const county = await regionRef('431126');
      expect(county).toMatchObject({ code: '431126', name: '宁远县' });
      expect(organisation.body).toMatchObject({ regionCode: '431126', region: county });
      const listed = (await officer.get('/api/v1/party-organizations?limit=100').expect(200)).body.items;
      expect(listed.find((o: { id: string }) => o.id === organisation.body.id).region).toEqual(county);
    });

    it("names a welfare event's organising department and station, null when it is held at an address", async () => {
      const station = await createStation(officer);
      const startsAt = new Date(Date.now() + 86_400_000).toISOString();
      const endsAt = new Date(Date.now() + 90_000_000).toISOString();
      const base = { title: '爱心早餐', kind: 'FREE_MEAL', organizerDepartmentId: departments.TRADE_UNION, startsAt, endsAt };
      const atStation = await officer
        .post('/api/v1/events')
        .send({ ...base, stationId: station.id })
        .expect(201);
      const union = await departmentRef(departments.TRADE_UNION);
      expect(atStation.body).toMatchObject({ stationId: station.id, station: await refOf('station', station.id), organizerDepartment: union });
      const atAddress = await officer
        .post('/api/v1/events')
        .send({ ...base, address: '宁远县图书馆', regionCode: '431126100' })
        .expect(201);
      expect(atAddress.body).toMatchObject({ stationId: null, station: null, organizerDepartment: union });
      const listed = (await officer.get('/api/v1/events?limit=100').expect(200)).body.items;
      expect(listed.find((e: { id: string }) => e.id === atStation.body.id).station).toEqual(await refOf('station', station.id));
      const published = await officer.post(`/api/v1/events/${atAddress.body.id}/publish`).expect(200);
      expect(published.body.organizerDepartment).toEqual(union);
    });

    it("names an assistance case's station and handling department, null until assigned", async () => {
      const station = await createStation(officer);
      const opened = await officer
        .post('/api/v1/assistance-cases')
        .send({ category: 'LABOR_CONTRACT', description: '未签合同', workerPhone: '13800138124', stationId: station.id })
        .expect(201);
      expect(opened.body).toMatchObject({ station: await refOf('station', station.id), departmentId: null, department: null });
      const assigned = await officer.post(`/api/v1/assistance-cases/${opened.body.id}/assignment`).send({ departmentId: departments.TRADE_UNION }).expect(200);
      const union = await departmentRef(departments.TRADE_UNION);
      expect(assigned.body.department).toEqual(union);
      expect((await officer.get(`/api/v1/assistance-cases/${opened.body.id}`).expect(200)).body).toMatchObject({
        department: union,
        timeline: expect.any(Array),
      });
      const listed = (await officer.get('/api/v1/assistance-cases?limit=100').expect(200)).body.items;
      expect(listed.find((c: { id: string }) => c.id === opened.body.id)).toMatchObject({ station: await refOf('station', station.id), department: union });
    });
  });
});
