import { Role } from '../src/access/role.enum.js';
import { ensureDepartment, randomSocialCreditCode, type ActorClient } from './support/actors.js';
import { createEnterprise, createEntry, createWorker, randomIdNumber, randomPhone, setupNingyuan } from './support/organizing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('安家行动: workers and enterprises', () => {
  let t: TestApp;
  let officer: ActorClient;
  let departments: Record<string, string>;
  let townshipOfficeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ departments, townshipOfficeId } = await setupNingyuan(t.dataSource));
    officer = await t.as(Role.ORG_OFFICER);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { n: number }[])[0].n;

  describe('workers', () => {
    it('records a worker with personal data masked in the answer and encrypted at rest', async () => {
      const idNumber = randomIdNumber();
      const created = await officer
        .post('/api/v1/workers')
        .send({ name: '欧阳小明', phone: '13912345678', idNumber, gender: 'MALE', industry: 'FOOD_DELIVERY', townshipCode: '431126100' })
        .expect(201);
      expect(created.body).toMatchObject({
        name: '欧**明',
        phone: '139****5678',
        idNumber: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`,
        townshipCode: '431126100',
        countyCode: '431126',
      });
      const [row] = await t.dataSource.query('SELECT name_cipher, phone_cipher FROM worker WHERE id = $1', [created.body.id]);
      expect(row.name_cipher).not.toContain('欧阳');
      expect(row.phone_cipher).not.toContain('13912345678');
    });

    it('refuses a second record with the same ID number, naming the existing one, and writes nothing', async () => {
      const idNumber = randomIdNumber();
      const first = await createWorker(officer, { idNumber });
      const before = await count('SELECT count(*)::int AS n FROM worker');
      const again = await officer.post('/api/v1/workers').send({ name: '李四', phone: randomPhone(), idNumber }).expect(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT', existingWorkerId: first });
      const gql = await officer.gql('mutation($i: CreateWorkerInput!) { createWorker(input: $i) { id } }', { i: { name: '李四', idNumber } });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingWorkerId: first });
      expect(await count('SELECT count(*)::int AS n FROM worker')).toBe(before);
    });

    it('refuses a second record with the same phone when no ID number is given', async () => {
      const phone = randomPhone();
      const first = await createWorker(officer, { phone });
      const again = await officer.post('/api/v1/workers').send({ name: '李四', phone }).expect(409);
      expect(again.body.existingWorkerId).toBe(first);
    });

    it('refuses a worker with neither phone nor ID number, naming the field', async () => {
      const bad = await officer.post('/api/v1/workers').send({ name: '无名' }).expect(400);
      expect(bad.body.errors[0].field).toBe('phone');
    });

    it("lists workers masked, filters by exact phone, and hides workers outside a township officer's region", async () => {
      const phone = randomPhone();
      const id = await createWorker(officer, { phone, townshipCode: '431126101' });
      const found = await officer.get(`/api/v1/workers?phone=${phone}`).expect(200);
      expect(found.body.items).toEqual([expect.objectContaining({ id, phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` })]);
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      await township.get(`/api/v1/workers/${id}`).expect(404);
      const mine = await township.get('/api/v1/workers?limit=100').expect(200);
      expect(mine.body.items.every((w: { townshipCode: string }) => w.townshipCode === '431126100')).toBe(true);
    });

    it('merges a duplicate into the kept record, moving its ledger entry, filling missing data, in one audited step', async () => {
      const idNumber = randomIdNumber();
      const kept = await createWorker(officer, { phone: randomPhone() });
      const duplicate = await createWorker(officer, { phone: randomPhone(), idNumber });
      const entryId = await createEntry(officer, duplicate);
      const merged = await officer.post('/api/v1/workers/merge').send({ sourceId: duplicate, targetId: kept }).expect(200);
      expect(merged.body).toMatchObject({ id: kept, idNumber: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}` });
      const [entry] = await t.dataSource.query('SELECT worker_id FROM ledger_entry WHERE id = $1', [entryId]);
      expect(entry.worker_id).toBe(kept);
      const source = await officer.get(`/api/v1/workers/${duplicate}`).expect(200);
      expect(source.body.mergedIntoId).toBe(kept);
      const [audit] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_entry WHERE action = 'worker.merge' AND entity_id = $1`, [kept]);
      expect(audit).toMatchObject({ actor_id: officer.id, changes: { sourceId: duplicate, moved: { 'ledger_entry.worker_id': 1 } } });
      // A record with the same ID number is now refused, naming the kept record.
      const again = await officer.post('/api/v1/workers').send({ name: '王五', idNumber }).expect(409);
      expect(again.body.existingWorkerId).toBe(kept);
    });

    it('refuses to merge when both records are in the ledger, and changes nothing', async () => {
      const a = await createWorker(officer);
      const b = await createWorker(officer);
      await createEntry(officer, a);
      await createEntry(officer, b);
      const refused = await officer.gql('mutation($i: MergeWorkersInput!) { mergeWorkers(input: $i) { id } }', { i: { sourceId: a, targetId: b } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', table: 'ledger_entry' });
      const [row] = await t.dataSource.query('SELECT merged_into_id FROM worker WHERE id = $1', [a]);
      expect(row.merged_into_id).toBeNull();
    });

    it('refuses to merge two records with different ID numbers', async () => {
      const a = await createWorker(officer, { idNumber: randomIdNumber() });
      const b = await createWorker(officer, { idNumber: randomIdNumber() });
      const refused = await officer.post('/api/v1/workers/merge').send({ sourceId: a, targetId: b }).expect(409);
      expect(refused.body.code).toBe('CONFLICT');
    });

    it('lets only WORKER_MANAGE holders create or merge workers', async () => {
      const department = await t.as(Role.DEPARTMENT_OFFICER);
      await department.post('/api/v1/workers').send({ name: '李四', phone: randomPhone() }).expect(403);
      const worker = await t.asWorker();
      await worker.get('/api/v1/workers').expect(403);
    });
  });

  describe('enterprises', () => {
    it('derives the supervising department from the county rules (food delivery → market regulation)', async () => {
      const created = await officer
        .post('/api/v1/enterprises')
        .send({
          name: '宁远县美团配送站',
          socialCreditCode: randomSocialCreditCode(),
          industry: 'FOOD_DELIVERY',
          townshipCode: '431126100',
          address: '舜陵街道九嶷路 1 号',
          contactName: '李小龙',
          contactPhone: '13712345678',
          workerHeadcount: 120,
        })
        .expect(201);
      expect(created.body).toMatchObject({
        supervisingDepartmentId: departments.MARKET_REGULATION,
        supervisionOverridden: false,
        contactName: '李*龙',
        contactPhone: '137****5678',
        workerHeadcount: 120,
        townshipCode: '431126100',
      });
      const [row] = await t.dataSource.query('SELECT contact_name_cipher, contact_phone_cipher FROM enterprise WHERE id = $1', [created.body.id]);
      expect(row.contact_name_cipher).not.toContain('李小龙');
      expect(row.contact_phone_cipher).not.toContain('13712345678');
    });

    it('routes an industry without a county department to the township office', async () => {
      const id = await createEnterprise(officer, { industry: 'OTHER' });
      const got = await officer.get(`/api/v1/enterprises/${id}`).expect(200);
      expect(got.body.supervisingDepartmentId).toBe(townshipOfficeId);
    });

    it('refuses a social credit code that fails the GB 32100 checksum, naming the field, and writes nothing', async () => {
      const valid = randomSocialCreditCode();
      const broken = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
      const before = await count('SELECT count(*)::int AS n FROM enterprise');
      const refused = await officer
        .post('/api/v1/enterprises')
        .send({ name: '错码企业', socialCreditCode: broken, industry: 'LOGISTICS', townshipCode: '431126100' })
        .expect(400);
      expect(refused.body.errors[0].field).toBe('socialCreditCode');
      const gql = await officer.gql('mutation($i: CreateEnterpriseInput!) { createEnterprise(input: $i) { id } }', {
        i: { name: '错码企业', socialCreditCode: broken, industry: 'LOGISTICS', townshipCode: '431126100' },
      });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'socialCreditCode' }] });
      expect(await count('SELECT count(*)::int AS n FROM enterprise')).toBe(before);
    });

    it('refuses a second enterprise with the same social credit code', async () => {
      const code = randomSocialCreditCode();
      const first = await createEnterprise(officer, { socialCreditCode: code });
      const again = await officer
        .post('/api/v1/enterprises')
        .send({ name: '重复', socialCreditCode: code, industry: 'LOGISTICS', townshipCode: '431126100' })
        .expect(409);
      expect(again.body.existingEnterpriseId).toBe(first);
    });

    it('re-derives the department when the industry changes', async () => {
      const id = await createEnterprise(officer, { industry: 'FOOD_DELIVERY' });
      const changed = await officer.patch(`/api/v1/enterprises/${id}`).send({ industry: 'FREIGHT_TRUCKING' }).expect(200);
      expect(changed.body.supervisingDepartmentId).toBe(departments.TRANSPORT);
    });

    it('lets an officer override the department with a reason that is kept and audited; a later industry change re-derives it', async () => {
      const id = await createEnterprise(officer, { industry: 'EXPRESS_COURIER' });
      const noReason = await officer.put(`/api/v1/enterprises/${id}/supervision`).send({ departmentId: departments.POSTAL }).expect(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const reason = '快递企业由邮政管理局监管 couriers go to the postal bureau';
      const overridden = await officer.put(`/api/v1/enterprises/${id}/supervision`).send({ departmentId: departments.POSTAL, reason }).expect(200);
      expect(overridden.body).toMatchObject({ supervisingDepartmentId: departments.POSTAL, supervisionOverridden: true, supervisionOverrideReason: reason });
      const [audit] = await t.dataSource.query(
        `SELECT actor_id, reason, changes FROM audit_entry WHERE action = 'enterprise.supervision.override' AND entity_id = $1`,
        [id],
      );
      expect(audit).toMatchObject({
        actor_id: officer.id,
        reason,
        changes: { supervisingDepartmentId: { from: departments.TRADE_UNION, to: departments.POSTAL } },
      });
      const department = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: departments.TRADE_UNION });
      await department.put(`/api/v1/enterprises/${id}/supervision`).send({ departmentId: departments.TRADE_UNION, reason }).expect(403);
      const reclassified = await officer.patch(`/api/v1/enterprises/${id}`).send({ industry: 'DOMESTIC_SERVICE' }).expect(200);
      expect(reclassified.body).toMatchObject({ supervisingDepartmentId: departments.TRADE_UNION, supervisionOverridden: false });
    });

    it('shows a department officer only the enterprises its department supervises, and lets it edit only those', async () => {
      const market = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: departments.MARKET_REGULATION });
      const ours = await createEnterprise(officer, { industry: 'FOOD_DELIVERY' });
      const theirs = await createEnterprise(officer, { industry: 'LOGISTICS' });
      const list = await market.get('/api/v1/enterprises?limit=100').expect(200);
      const ids = list.body.items.map((e: { id: string }) => e.id);
      expect(ids).toContain(ours);
      expect(ids).not.toContain(theirs);
      expect(list.body.items.every((e: { supervisingDepartmentId: string }) => e.supervisingDepartmentId === departments.MARKET_REGULATION)).toBe(true);
      await market.get(`/api/v1/enterprises/${theirs}`).expect(404);
      const edit = await market.patch(`/api/v1/enterprises/${theirs}`).send({ name: '改名' }).expect(404);
      expect(edit.body.code).toBe('NOT_FOUND');
      await market.patch(`/api/v1/enterprises/${ours}`).send({ workerHeadcount: 5 }).expect(200);
      const refused = await market
        .post('/api/v1/enterprises')
        .send({ name: '物流公司', socialCreditCode: randomSocialCreditCode(), industry: 'LOGISTICS', townshipCode: '431126100' })
        .expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    });

    it('shows an instructor only the enterprises actively assigned to them', async () => {
      const instructor = await t.as(Role.INSTRUCTOR);
      const assigned = await createEnterprise(officer);
      const other = await createEnterprise(officer);
      await officer.post('/api/v1/instructor-assignments').send({ instructorId: instructor.id, enterpriseId: assigned }).expect(201);
      const list = await instructor.get('/api/v1/enterprises').expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([assigned]);
      await instructor.get(`/api/v1/enterprises/${other}`).expect(404);
    });

    it('keeps a township officer to enterprises in their township', async () => {
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126101' });
      const elsewhere = await createEnterprise(officer, { townshipCode: '431126100' });
      await township.get(`/api/v1/enterprises/${elsewhere}`).expect(404);
      const outside = await township
        .post('/api/v1/enterprises')
        .send({ name: '越界', socialCreditCode: randomSocialCreditCode(), industry: 'LOGISTICS', townshipCode: '431126100' })
        .expect(400);
      expect(outside.body.errors[0].field).toBe('townshipCode');
    });

    it('filters by name (trigram), industry, organisation coverage and instructor', async () => {
      const name = `九嶷山货运${Date.now()}`;
      const id = await createEnterprise(officer, { name, industry: 'FREIGHT_TRUCKING', townshipCode: '431126101' });
      const byName = await officer.get(`/api/v1/enterprises?search=${encodeURIComponent('九嶷山货')}`).expect(200);
      expect(byName.body.items.map((e: { id: string }) => e.id)).toContain(id);
      const byIndustry = await officer.gql<{ enterprises: { edges: { node: { id: string; industry: string } }[] } }>(
        '{ enterprises(industry: FREIGHT_TRUCKING, regionCode: "431126101", hasOrganization: false, hasInstructor: false, first: 50) { edges { node { id industry } } } }',
      );
      expect(byIndustry.data!.enterprises.edges.map((e) => e.node.id)).toContain(id);
      const withInstructor = await officer.get('/api/v1/enterprises?hasInstructor=true&limit=100').expect(200);
      expect(withInstructor.body.items.map((e: { id: string }) => e.id)).not.toContain(id);
    });

    it('keeps platform API keys working for enterprises', async () => {
      const platform = await t.asPlatform();
      const me = await platform.gql<{ me: { role: string } }>('{ me { role } }');
      expect(me.data?.me.role).toBe('PLATFORM');
    });

    it('loads enterprise relations through DataLoaders: the same number of statements for 5 and 50 enterprises', async () => {
      const region = '431126101';
      const dept = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
      for (let i = 0; i < 50; i++) await createEnterprise(officer, { industry: 'LOGISTICS', townshipCode: region });
      const query = `query($n: Int!) { enterprises(first: $n, regionCode: "${region}") { totalCount edges { node { id supervisingDepartment { id name } partyOrganization { id } activeInstructorAssignment { id } memberCounts { full probationary } } } } }`;
      type Page = { enterprises: { edges: { node: { supervisingDepartment: { id: string } } }[] } };
      const small = await t.queries.measure(() => officer.gql<Page>(query, { n: 5 }));
      const large = await t.queries.measure(() => officer.gql<Page>(query, { n: 50 }));
      expect(large.result.data!.enterprises.edges).toHaveLength(50);
      expect(large.result.data!.enterprises.edges[0].node.supervisingDepartment.id).toBe(dept);
      expect(small.count).toBeGreaterThan(0);
      expect(large.count).toBe(small.count);
    });

    it('audits every enterprise mutation', async () => {
      const id = await createEnterprise(officer);
      const [entry] = await t.dataSource.query(`SELECT entity_type, actor_id FROM audit_entry WHERE entity_id = $1 AND action = 'POST /api/v1/enterprises'`, [
        id,
      ]);
      expect(entry).toMatchObject({ entity_type: 'Enterprise', actor_id: officer.id });
    });
  });
});
