import { Role } from '../src/access/role.enum.js';
import type { ActorClient } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const GUANGDONG = [
  'code,name,parentCode',
  '440000,广东省,',
  '440100,广州市,440000',
  '440106,天河区,440100',
  '440106001,五山街道,440106',
  '440106002,员村街道,440106',
  '440106001001,华工社区,440106001',
  '440106002001,"员村一横路社区, 东",440106002',
].join('\n');

// Ningyuan (431126) and Lanshan (431127) townships; the chain 430000 → 431100 → 431126 comes from t.as() (created without rules).
const YONGZHOU = ['code,name,parentCode', '431126100,舜陵街道,431126', '431126101,桐山街道,431126', '431127,蓝山县,431100', '431127100,塔峰镇,431127'].join(
  '\n',
);

describe('reference data: regions, departments, industries, supervision rules', () => {
  let t: TestApp;
  let admin: ActorClient;
  let officer: ActorClient;

  const count = async (sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);
  const regionCount = () => count('SELECT count(*) AS n FROM region');
  const importCsv = (client: ActorClient, csv: string, dryRun = false) =>
    client.post(`/api/v1/regions/import?dryRun=${dryRun}`).set('content-type', 'text/csv').send(csv);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
    officer = await t.as(Role.ORG_OFFICER);
  });
  afterAll(() => t.close());

  describe('CSV import', () => {
    it('creates a province down to its communities with ltree paths, counties seeded with the default rules', async () => {
      const response = await importCsv(admin, GUANGDONG).expect(200);
      expect(response.body).toMatchObject({ dryRun: false, written: true, totals: { created: 7, updated: 0, unchanged: 0, rejected: 0 } });
      expect(response.body.rows[0]).toEqual({ line: 2, code: '440000', outcome: 'CREATED' });

      const community = (await admin.get('/api/v1/regions/440106002001').expect(200)).body;
      expect(community).toMatchObject({
        name: '员村一横路社区, 东',
        level: 'COMMUNITY',
        parentCode: '440106002',
        path: '440000.440100.440106.440106002.440106002001',
        countyCode: '440106',
      });
      const city = (await admin.get('/api/v1/regions/440100').expect(200)).body;
      expect(city).toMatchObject({ level: 'CITY', path: '440000.440100', countyCode: null });
      expect(await count(`SELECT count(*) AS n FROM supervision_rule WHERE county_code = '440106'`)).toBe(10);
    });

    it('reports a re-import row by row as UNCHANGED or UPDATED and renames', async () => {
      const renamed = GUANGDONG.replace('五山街道', '五山街道办事处');
      const response = await importCsv(admin, renamed).expect(200);
      expect(response.body.totals).toEqual({ created: 0, updated: 1, unchanged: 6, rejected: 0 });
      expect(response.body.rows.find((r: { code: string }) => r.code === '440106001')).toMatchObject({ outcome: 'UPDATED' });
      expect((await admin.get('/api/v1/regions/440106001').expect(200)).body.name).toBe('五山街道办事处');
    });

    it('rejects bad rows with a reason each and writes nothing, not even the good rows', async () => {
      const before = await regionCount();
      const csv = [
        'code,name,parentCode',
        '440106003,新街道,440106', // fine on its own
        '44010X,坏代码,440100',
        '440106003,重复,440106',
        '440106004,,440106',
        '440106005,街道,440100',
        '440107001,街道,440106',
        '440299,某区,440200',
      ].join('\n');
      const response = await importCsv(admin, csv).expect(200);
      expect(response.body).toMatchObject({ written: false, totals: { created: 1, rejected: 6 } });
      expect(response.body.message).toMatch(/Nothing was written/);
      const byLine = Object.fromEntries(
        response.body.rows.map((r: { line: number; outcome: string; reason?: string }) => [r.line, `${r.outcome}: ${r.reason ?? ''}`]),
      );
      expect(byLine[2]).toBe('CREATED: ');
      expect(byLine[3]).toMatch(/REJECTED: code 44010X is not a GB\/T 2260 region code/);
      expect(byLine[4]).toMatch(/REJECTED: duplicate code: 440106003 already appears on line 2/);
      expect(byLine[5]).toMatch(/REJECTED: name is empty/);
      expect(byLine[6]).toMatch(/REJECTED: a TOWNSHIP must have a COUNTY parent, but 440100 is a CITY/);
      expect(byLine[7]).toMatch(/REJECTED: 440107001 does not lie within 440106/);
      expect(byLine[8]).toMatch(/REJECTED: unknown parent 440200/);
      expect(await regionCount()).toBe(before);
      await admin.get('/api/v1/regions/440106003').expect(404);
    });

    it('writes nothing on a dry run but reports what would happen', async () => {
      const before = await regionCount();
      const response = await importCsv(admin, 'code,name,parentCode\n440106003,新街道,440106', true).expect(200);
      expect(response.body).toMatchObject({ dryRun: true, written: false, totals: { created: 1 } });
      expect(await regionCount()).toBe(before);

      const gql = await admin.gql('mutation($csv: String!) { importRegions(csv: $csv, dryRun: true) { written rows { code outcome } } }', {
        csv: 'code,name,parentCode\n440106003,新街道,440106',
      });
      expect(gql.data).toEqual({ importRegions: { written: false, rows: [{ code: '440106003', outcome: 'CREATED' }] } });
      expect(await regionCount()).toBe(before);
    });

    it('accepts JSON {csv} as well as text/csv, and refuses a file without the header naming csv', async () => {
      const ok = await admin.post('/api/v1/regions/import').send({ csv: 'code,name,parentCode\n440000,广东省,' }).expect(200);
      expect(ok.body.rows).toEqual([{ line: 2, code: '440000', outcome: 'UNCHANGED' }]);
      const bad = await importCsv(admin, '440000,广东省,\n').expect(400);
      expect(bad.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ field: 'csv', message: expect.stringContaining('header') }] });
    });
  });

  describe('region queries', () => {
    it('lists a subtree with path <@ and the direct children of a region', async () => {
      type Regions = { regions: { totalCount: number; edges: { node: { code: string } }[] } };
      const subtree = await admin.gql<Regions>('{ regions(within: "440100", level: COMMUNITY) { totalCount edges { node { code } } } }');
      expect(subtree.data!.regions.edges.map((e) => e.node.code)).toEqual(['440106001001', '440106002001']);
      const whole = await admin.gql<Regions>('{ regions(within: "440106") { totalCount } }');
      expect(whole.data!.regions.totalCount).toBe(5);
      const children = await admin.get('/api/v1/regions').query({ parentCode: '440106', limit: 1 }).expect(200);
      expect(children.body.items.map((r: { code: string }) => r.code)).toEqual(['440106001']);
      const next = await admin.get('/api/v1/regions').query({ parentCode: '440106', cursor: children.body.nextCursor }).expect(200);
      expect(next.body).toMatchObject({ items: [{ code: '440106002' }], nextCursor: null });
    });

    it('lets a platform key read the region codes its roster records carry, and nothing it may not change (issue 17)', async () => {
      const platform = await t.asPlatform();
      const children = await platform.get('/api/v1/regions').query({ parentCode: '440106' }).expect(200);
      expect(children.body.items.map((r: { code: string }) => r.code)).toEqual(['440106001', '440106002']);
      await platform.post('/api/v1/departments').send({ name: '某部门', kind: 'OTHER', regionCode: '431126' }).expect(403);
    });

    it('answers NOT_FOUND naming an unknown code', async () => {
      const rest = await admin.get('/api/v1/regions/440999').expect(404);
      expect(rest.body.detail).toContain('440999');
      const gql = await admin.gql('{ region(code: "440999") { name } }');
      expect(gql.errors?.[0]).toMatchObject({ message: expect.stringContaining('440999'), extensions: { code: 'NOT_FOUND' } });
    });

    it('lists the industries with their Chinese labels', async () => {
      const rest = await officer.get('/api/v1/industries').expect(200);
      expect(rest.body).toHaveLength(10);
      expect(rest.body[0]).toEqual({ code: 'FOOD_DELIVERY', label: '外卖配送' });
      const gql = await officer.gql<{ industries: { code: string; label: string }[] }>('{ industries { code label } }');
      expect(gql.data!.industries.find((i) => i.code === 'LIVE_STREAMING')).toEqual({ code: 'LIVE_STREAMING', label: '网络直播' });
    });
  });

  describe('departments and supervision routing (主管单位)', () => {
    const departmentIds: Record<string, string> = {};

    beforeAll(async () => {
      await importCsv(admin, YONGZHOU).expect(200);
      const create = async (key: string, name: string, kind: string, regionCode: string) => {
        const response = await admin.post('/api/v1/departments').send({ name, kind, regionCode }).expect(201);
        departmentIds[key] = response.body.id;
      };
      await create('cyberspace', '宁远县委网信办', 'CYBERSPACE', '431126');
      await create('market', '宁远县市场监督管理局', 'MARKET_REGULATION', '431126');
      await create('transport', '宁远县交通运输局', 'TRANSPORT', '431126');
      await create('union', '宁远县总工会', 'TRADE_UNION', '431126');
      await create('shunling', '舜陵街道办事处', 'TOWNSHIP', '431126100');
      await create('lanshanUnion', '蓝山县总工会', 'TRADE_UNION', '431127');
      await create('lanshanPost', '蓝山县邮政管理局', 'POSTAL', '431127');
    });

    const resolve = (client: ActorClient, industry: string, townshipCode: string) =>
      client.gql<{ supervisingDepartment: { id: string; kind: string; regionCode: string } }>(
        'query($industry: Industry!, $township: String!) { supervisingDepartment(industry: $industry, townshipCode: $township) { id kind regionCode } }',
        { industry, township: townshipCode },
      );

    it.each([
      ['NEW_MEDIA', 'cyberspace'],
      ['ONLINE_SHOP', 'cyberspace'],
      ['LIVE_STREAMING', 'cyberspace'],
      ['FOOD_DELIVERY', 'market'],
      ['FREIGHT_TRUCKING', 'transport'],
      ['LOGISTICS', 'transport'],
      ['RIDE_HAILING', 'transport'],
      ['DOMESTIC_SERVICE', 'union'],
      ['EXPRESS_COURIER', 'union'],
      ['OTHER', 'shunling'],
    ])('routes a Ningyuan %s enterprise to its default department', async (industry, key) => {
      const response = await resolve(officer, industry, '431126100');
      expect(response.errors).toBeUndefined();
      expect(response.data!.supervisingDepartment.id).toBe(departmentIds[key]);
    });

    it('routes by the edited rule of a county whose couriers go to the postal bureau, leaving other counties alone', async () => {
      expect((await resolve(officer, 'EXPRESS_COURIER', '431127100')).data!.supervisingDepartment.id).toBe(departmentIds.lanshanUnion);
      const put = await admin.put('/api/v1/supervision-rules/431127/EXPRESS_COURIER').send({ departmentKind: 'POSTAL' }).expect(200);
      expect(put.body).toEqual({ countyCode: '431127', industry: 'EXPRESS_COURIER', industryLabel: '快递', departmentKind: 'POSTAL' });
      expect((await resolve(officer, 'EXPRESS_COURIER', '431127100')).data!.supervisingDepartment.id).toBe(departmentIds.lanshanPost);
      expect((await resolve(officer, 'EXPRESS_COURIER', '431126100')).data!.supervisingDepartment.id).toBe(departmentIds.union);
      const rules = await officer.get('/api/v1/supervision-rules').query({ countyCode: '431127' }).expect(200);
      expect(rules.body).toHaveLength(10);
      expect(rules.body.find((r: { industry: string }) => r.industry === 'EXPRESS_COURIER').departmentKind).toBe('POSTAL');
      const gql = await officer.gql<{ supervisionRules: { industry: string; departmentKind: string }[] }>(
        '{ supervisionRules(countyCode: "431126") { industry departmentKind } }',
      );
      expect(gql.data!.supervisionRules.find((r) => r.industry === 'EXPRESS_COURIER')!.departmentKind).toBe('TRADE_UNION');
    });

    it('answers NOT_FOUND naming the missing department', async () => {
      const market = await resolve(officer, 'FOOD_DELIVERY', '431127100');
      expect(market.errors?.[0]).toMatchObject({ message: 'No MARKET_REGULATION department in county 431127', extensions: { code: 'NOT_FOUND' } });
      const township = await resolve(officer, 'OTHER', '431126101');
      expect(township.errors?.[0]).toMatchObject({ message: 'No TOWNSHIP department for township 431126101', extensions: { code: 'NOT_FOUND' } });
    });

    it('refuses a second department of the same kind in a county, and one in a region of the wrong level', async () => {
      const before = await count('SELECT count(*) AS n FROM department');
      const duplicate = await admin.post('/api/v1/departments').send({ name: '另一个总工会', kind: 'TRADE_UNION', regionCode: '431126' }).expect(409);
      expect(duplicate.body.code).toBe('CONFLICT');
      const wrongLevel = await admin.post('/api/v1/departments').send({ name: '街道', kind: 'TOWNSHIP', regionCode: '431126' }).expect(400);
      expect(wrongLevel.body.errors).toEqual([{ field: 'regionCode', message: expect.stringContaining('belongs to a TOWNSHIP') }]);
      expect(await count('SELECT count(*) AS n FROM department')).toBe(before);
    });

    it("renames a department and lists a county's departments with township offices", async () => {
      const patched = await admin.patch(`/api/v1/departments/${departmentIds.market}`).send({ name: '宁远县市场监管局' }).expect(200);
      expect(patched.body).toMatchObject({ name: '宁远县市场监管局', kind: 'MARKET_REGULATION', regionCode: '431126', countyCode: '431126' });
      const list = await officer.get('/api/v1/departments').query({ countyCode: '431126' }).expect(200);
      expect(list.body.map((d: { kind: string }) => d.kind).sort()).toEqual(['CYBERSPACE', 'MARKET_REGULATION', 'TOWNSHIP', 'TRADE_UNION', 'TRANSPORT']);
    });

    it('refuses OTHER as a supervising kind, naming departmentKind', async () => {
      const response = await admin.put('/api/v1/supervision-rules/431126/LOGISTICS').send({ departmentKind: 'OTHER' }).expect(400);
      expect(response.body.errors).toEqual([{ field: 'departmentKind', message: expect.any(String) }]);
    });
  });

  describe('who may change reference data', () => {
    it('refuses a non-admin staff user FORBIDDEN on import, department and rule edits, writing nothing', async () => {
      const regions = await regionCount();
      const csv = 'code,name,parentCode\n440106009,偷偷加的街道,440106';
      expect((await importCsv(officer, csv).expect(403)).body.code).toBe('FORBIDDEN');
      const gql = await officer.gql('mutation($csv: String!) { importRegions(csv: $csv) { written } }', { csv });
      expect(gql.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(await regionCount()).toBe(regions);

      await officer.put('/api/v1/supervision-rules/431126/FOOD_DELIVERY').send({ departmentKind: 'TOWNSHIP' }).expect(403);
      const rule = await t.dataSource.query(`SELECT department_kind FROM supervision_rule WHERE county_code = '431126' AND industry = 'FOOD_DELIVERY'`);
      expect(rule[0].department_kind).toBe('MARKET_REGULATION');

      const departments = await count('SELECT count(*) AS n FROM department');
      await officer.post('/api/v1/departments').send({ name: '某部门', kind: 'OTHER', regionCode: '431126' }).expect(403);
      expect(await count('SELECT count(*) AS n FROM department')).toBe(departments);
    });

    it('refuses anonymous callers UNAUTHENTICATED, even for reading', async () => {
      const rest = await t.http().get('/api/v1/regions').expect(401);
      expect(rest.body.code).toBe('UNAUTHENTICATED');
      const anonymousImport = await t
        .http()
        .post('/api/v1/regions/import')
        .set('content-type', 'text/csv')
        .send('code,name,parentCode\n450000,广西,')
        .expect(401);
      expect(anonymousImport.body.code).toBe('UNAUTHENTICATED');
      const gql = await t.gql('{ industries { code } }');
      expect(gql.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      await admin.get('/api/v1/regions/450000').expect(404);
    });
  });
});
