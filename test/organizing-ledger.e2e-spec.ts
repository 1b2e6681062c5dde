import ExcelJS from 'exceljs';
import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { LedgerService } from '../src/organizing/ledger/ledger.service.js';
import { ensureRegion, type ActorClient } from './support/actors.js';
import { createEnterprise, createEntry, createWorker, randomIdNumber, randomPhone, setupNingyuan } from './support/organizing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Collects a binary response body (supertest buffers only known types). */
const binary = (res: unknown, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('安家行动: the five-clear ledger', () => {
  let t: TestApp;
  let officer: ActorClient;
  let enterpriseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await setupNingyuan(t.dataSource);
    officer = await t.as(Role.ORG_OFFICER);
    enterpriseId = await createEnterprise(officer, { name: '宁远县顺丰速运', industry: 'EXPRESS_COURIER' });
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { n: number }[])[0].n;

  describe('entries', () => {
    it('adds an unverified entry with the worker masked, item states and derived completeness', async () => {
      const workerId = await createWorker(officer, { name: '张小三', phone: '13800001111' });
      const created = await officer
        .post('/api/v1/ledger/entries')
        .send({
          workerId,
          membership: 'FULL',
          channel: 'DOOR_VISIT',
          enterpriseId,
          joinedOn: '2015-07-01',
          relationOrganizationName: '东莞市某社区党委',
          relationRegionName: '广东省东莞市',
          flowStatus: 'INFLOW',
          items: [
            { key: 'HEADCOUNT', clear: true },
            { key: 'CONTACT', clear: true, note: '电话已核实' },
          ],
        })
        .expect(201);
      expect(created.body).toMatchObject({
        verification: 'UNVERIFIED',
        membership: 'FULL',
        flowStatus: 'INFLOW',
        channel: 'DOOR_VISIT',
        enterpriseId,
        countyCode: '431126',
        worker: { id: workerId, name: '张*三', phone: '138****1111' },
        completeness: { clearCount: 2, totalCount: 5, complete: false },
      });
      expect(created.body.items.map((i: { label: string }) => i.label)).toEqual(['底数清', '基本情况清', '流动去向清', '联系方式清', '作用发挥清']);
    });

    it('keeps one entry per worker: a second is refused naming the first, and nothing is written', async () => {
      const workerId = await createWorker(officer);
      const first = await createEntry(officer, workerId);
      const before = await count('SELECT count(*)::int AS n FROM ledger_entry');
      const again = await officer
        .post('/api/v1/ledger/entries')
        .send({ workerId, membership: 'PROBATIONARY', channel: 'PHONE', townshipCode: '431126100' })
        .expect(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT', existingEntryId: first });
      expect(await count('SELECT count(*)::int AS n FROM ledger_entry')).toBe(before);
    });

    it('refuses channels officers do not type in, an unknown item key and a worker that does not exist, naming each field', async () => {
      const workerId = await createWorker(officer);
      const channel = await officer
        .post('/api/v1/ledger/entries')
        .send({ workerId, membership: 'FULL', channel: 'SELF_REPORT', townshipCode: '431126100' })
        .expect(400);
      expect(channel.body.errors[0].field).toBe('channel');
      const item = await officer
        .post('/api/v1/ledger/entries')
        .send({ workerId, membership: 'FULL', channel: 'PHONE', townshipCode: '431126100', items: [{ key: 'NOPE', clear: true }] })
        .expect(400);
      expect(item.body.errors[0].field).toBe('items.0.key');
      const worker = await officer
        .post('/api/v1/ledger/entries')
        .send({ workerId: '00000000-0000-4000-8000-000000000000', membership: 'FULL', channel: 'PHONE' })
        .expect(400);
      expect(worker.body.errors[0].field).toBe('workerId');
      expect(await count('SELECT count(*)::int AS n FROM ledger_entry WHERE worker_id = $1', [workerId])).toBe(0);
    });

    it('verifies UNVERIFIED → VERIFIED with who and when, and refuses any other step with CONFLICT listing the allowed ones', async () => {
      const at = new Date('2023-12-01T02:00:00.000Z');
      t.app.get(Clock).set(at);
      try {
        const id = await createEntry(officer, await createWorker(officer));
        const verified = await officer.post(`/api/v1/ledger/entries/${id}/verification`).send({ decision: 'VERIFIED', note: '已电话核实' }).expect(200);
        expect(verified.body).toMatchObject({ verification: 'VERIFIED', verifiedById: officer.id, verifiedAt: at.toISOString() });
        const again = await officer.post(`/api/v1/ledger/entries/${id}/verification`).send({ decision: 'REJECTED' }).expect(409);
        expect(again.body).toMatchObject({ code: 'CONFLICT', from: 'VERIFIED', to: 'REJECTED', allowed: [] });
        const other = await officer.gql(
          `mutation { verifyLedgerEntry(id: "${await createEntry(officer, await createWorker(officer))}", input: { decision: UNVERIFIED }) { id } }`,
        );
        expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', allowed: ['VERIFIED', 'REJECTED'] });
      } finally {
        t.app.get(Clock).set(undefined);
      }
    });

    it('lets only LEDGER_VERIFY holders verify (a township officer may add but not verify)', async () => {
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      const id = await createEntry(township, await createWorker(officer));
      await township.post(`/api/v1/ledger/entries/${id}/verification`).send({ decision: 'VERIFIED' }).expect(403);
    });

    it('sets one item and derives completeness; the entry is complete when every active item is clear', async () => {
      const id = await createEntry(officer, await createWorker(officer));
      for (const key of ['HEADCOUNT', 'BASIC_INFO', 'WHEREABOUTS', 'CONTACT'])
        await officer.put(`/api/v1/ledger/entries/${id}/items/${key}`).send({ clear: true }).expect(200);
      const last = await officer
        .put(`/api/v1/ledger/entries/${id}/items/ROLE`)
        .send({ clear: true, note: '参加志愿服务', checkedOn: '2023-11-20' })
        .expect(200);
      expect(last.body.completeness).toEqual({ clearCount: 5, totalCount: 5, complete: true });
      expect(last.body.items.find((i: { key: string }) => i.key === 'ROLE')).toMatchObject({ clear: true, note: '参加志愿服务', checkedOn: '2023-11-20' });
      const complete = await officer.get('/api/v1/ledger/entries?complete=true&limit=100').expect(200);
      expect(complete.body.items.map((e: { id: string }) => e.id)).toContain(id);
    });

    it('shows party membership only to LEDGER_READ holders: department officers and workers are refused', async () => {
      const id = await createEntry(officer, await createWorker(officer));
      const department = await t.as(Role.DEPARTMENT_OFFICER);
      await department.get(`/api/v1/ledger/entries/${id}`).expect(403);
      const refused = await department.gql('{ ledgerEntries(first: 5) { totalCount } }');
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const worker = await t.asWorker();
      await worker.get('/api/v1/ledger/entries').expect(403);
    });

    it('scopes entries: a township officer sees their township, an instructor only members at assigned enterprises', async () => {
      const elsewhere = await createEntry(officer, await createWorker(officer, { townshipCode: '431126101' }), { townshipCode: '431126101' });
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      await township.get(`/api/v1/ledger/entries/${elsewhere}`).expect(404);
      const instructor = await t.as(Role.INSTRUCTOR);
      const assigned = await createEnterprise(officer);
      const member = await createEntry(officer, await createWorker(officer), { enterpriseId: assigned });
      await officer.post('/api/v1/instructor-assignments').send({ instructorId: instructor.id, enterpriseId: assigned }).expect(201);
      const list = await instructor.get('/api/v1/ledger/entries').expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([member]);
      await instructor.get(`/api/v1/ledger/entries/${elsewhere}`).expect(404);
    });

    it('scopes an entry placed at its county alone (no township): county and city officers see it, township officers do not', async () => {
      const atCounty = await createEntry(officer, await createWorker(officer));
      await t.dataSource.query('UPDATE ledger_entry SET township_id = NULL WHERE id = $1', [atCounty]);
      const inTownship = await createEntry(officer, await createWorker(officer), { townshipCode: '431126100' });
      const city = await t.as(Role.ORG_OFFICER, { regionCode: '431100' });
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      const listed = async (caller: typeof officer, query = '') =>
        (await caller.get(`/api/v1/ledger/entries?limit=100${query}`).expect(200)).body.items.map((e: { id: string }) => e.id) as string[];
      expect(await listed(officer)).toEqual(expect.arrayContaining([atCounty, inTownship]));
      expect(await listed(city)).toEqual(expect.arrayContaining([atCounty, inTownship]));
      expect(await listed(township)).toContain(inTownship);
      expect(await listed(township)).not.toContain(atCounty);
      await township.get(`/api/v1/ledger/entries/${atCounty}`).expect(404);
      // Filtered by region: the county's filter holds both, the township's only the one placed there.
      expect(await listed(officer, '&regionCode=431126')).toEqual(expect.arrayContaining([atCounty, inTownship]));
      expect(await listed(officer, '&regionCode=431126100')).toContain(inTownship);
      expect(await listed(officer, '&regionCode=431126100')).not.toContain(atCounty);
      const counted = await city.gql<{ ledgerEntries: { totalCount: number } }>('{ ledgerEntries(first: 1, regionCode: "431126") { totalCount } }');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE county_code = '431126'`);
      expect(counted.data!.ledgerEntries.totalCount).toBe(n);
    });

    it('lets a worker report themselves: an unverified SELF_REPORT entry, once', async () => {
      const worker = await t.asWorker();
      const report =
        'mutation($i: SelfReportInput!) { reportMyPartyMembership(input: $i) { id channel verification membership countyCode worker { id phone } } }';
      const noPlace = await worker.gql(report, { i: { membership: 'FULL' } });
      expect(noPlace.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'townshipCode' }] });
      const done = await worker.gql<{
        reportMyPartyMembership: { id: string; channel: string; verification: string; countyCode: string; worker: { id: string; phone: string } };
      }>(report, { i: { membership: 'PROBATIONARY', townshipCode: '431126100', relationOrganizationName: '某村党支部' } });
      expect(done.data!.reportMyPartyMembership).toMatchObject({
        channel: 'SELF_REPORT',
        verification: 'UNVERIFIED',
        countyCode: '431126',
        worker: { id: worker.id, phone: `${worker.phone.slice(0, 3)}****${worker.phone.slice(-4)}` },
      });
      const twice = await worker.gql(report, { i: { membership: 'FULL', townshipCode: '431126100' } });
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingEntryId: done.data!.reportMyPartyMembership.id });
      const mine = await worker.gql<{ myLedgerEntry: { id: string } }>('{ myLedgerEntry { id } }');
      expect(mine.data!.myLedgerEntry.id).toBe(done.data!.reportMyPartyMembership.id);
      const staff = await officer.gql('mutation { reportMyPartyMembership(input: { membership: FULL, townshipCode: "431126100" }) { id } }');
      expect(staff.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it("serves the roster feature: createFromRosterMatch joins the caller's transaction and never duplicates", async () => {
      const ledger = t.app.get(LedgerService);
      const workerId = await createWorker(officer);
      const other = await createWorker(officer);
      const first = await t.dataSource.transaction((manager) => ledger.createFromRosterMatch(manager, { workerId, countyCode: '431126', enterpriseId }));
      expect(first.created).toBe(true);
      const second = await t.dataSource.transaction((manager) => ledger.createFromRosterMatch(manager, { workerId, countyCode: '431126' }));
      expect(second).toEqual({ entryId: first.entryId, created: false });
      await expect(
        t.dataSource.transaction(async (manager) => {
          await ledger.createFromRosterMatch(manager, { workerId: other, countyCode: '431126' });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await t.dataSource.transaction((manager) => ledger.workerIdsInLedger(manager, [workerId, other]))).toEqual([workerId]);
      const [row] = await t.dataSource.query('SELECT channel, verification FROM ledger_entry WHERE id = $1', [first.entryId]);
      expect(row).toEqual({ channel: 'ROSTER_MATCH', verification: 'UNVERIFIED' });
    });

    it('loads entry relations through DataLoaders: the same number of statements for 5 and 50 entries', async () => {
      for (let i = 0; i < 50; i++) await createEntry(officer, await createWorker(officer, { townshipCode: '431126101' }), { townshipCode: '431126101' });
      type Page = { ledgerEntries: { edges: { node: { worker: { name: string }; items: unknown[] } }[] } };
      const query = `query($n: Int!) { ledgerEntries(first: $n, regionCode: "431126101") { totalCount edges { node { id worker { id name phone } enterprise { id name } attachedOrganization { id } items { key clear } completeness { clearCount totalCount complete } } } } }`;
      const small = await t.queries.measure(() => officer.gql<Page>(query, { n: 5 }));
      const large = await t.queries.measure(() => officer.gql<Page>(query, { n: 50 }));
      expect(large.result.data!.ledgerEntries.edges).toHaveLength(50);
      expect(large.result.data!.ledgerEntries.edges[0].node.worker.name).toBe('王*明');
      expect(small.count).toBeGreaterThan(0);
      expect(large.count).toBe(small.count);
    });
  });

  describe('five-clear items', () => {
    it('lets an admin rename, add and retire items; completeness follows the active ones', async () => {
      await ensureRegion(t.dataSource, '431127');
      const admin = await t.as(Role.ADMIN);
      const items = await admin.get('/api/v1/ledger/items?countyCode=431127').expect(200);
      expect(items.body.map((i: { key: string }) => i.key)).toEqual(['HEADCOUNT', 'BASIC_INFO', 'WHEREABOUTS', 'CONTACT', 'ROLE']);
      const role = items.body.find((i: { key: string }) => i.key === 'ROLE');
      const renamed = await admin.patch(`/api/v1/ledger/items/${role.id}`).send({ label: '作用发挥好' }).expect(200);
      expect(renamed.body).toMatchObject({ key: 'ROLE', label: '作用发挥好' });
      const added = await admin.gql<{ createLedgerItem: { key: string; position: number } }>(
        'mutation { createLedgerItem(input: { countyCode: "431127", key: "STUDY", label: "学习教育清" }) { key position } }',
      );
      expect(added.data!.createLedgerItem).toMatchObject({ key: 'STUDY', position: 60 });
      const duplicate = await admin.post('/api/v1/ledger/items').send({ countyCode: '431127', key: 'STUDY', label: '重复' }).expect(409);
      expect(duplicate.body.field).toBe('key');
      await admin.patch(`/api/v1/ledger/items/${role.id}`).send({ retired: true }).expect(200);
      const active = await admin.gql<{ ledgerItems: { key: string }[] }>('{ ledgerItems(countyCode: "431127") { key } }');
      expect(active.data!.ledgerItems.map((i) => i.key)).toEqual(['HEADCOUNT', 'BASIC_INFO', 'WHEREABOUTS', 'CONTACT', 'STUDY']);
      await officer.post('/api/v1/ledger/items').send({ countyCode: '431126', key: 'OTHER', label: '其他' }).expect(403);
    });
  });

  describe('export and import', () => {
    it('exports the ledger as a streamed .xlsx with Chinese headers and masked personal data whose rows match the database', async () => {
      const response = await officer
        .get('/api/v1/ledger/export?countyCode=431126')
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      expect(response.headers['content-type']).toContain(XLSX);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="ledger-431126.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).getCell(1).value).toBe('新就业群体党员“五个清”台账');
      const header = (sheet.getRow(2).values as string[]).slice(1);
      expect(header.slice(0, 6)).toEqual(['序号', '姓名', '性别', '身份证号', '联系电话', '党员类别']);
      expect(header.slice(-6)).toEqual(['底数清', '基本情况清', '流动去向清', '联系方式清', '作用发挥清', '完成度']);
      const rows: string[][] = [];
      sheet.eachRow((row, number) => {
        if (number > 2) rows.push((row.values as string[]).slice(1));
      });
      const stored: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE county_code = '431126'`);
      expect(rows).toHaveLength(stored[0].n);
      const [first] = await t.dataSource.query(
        `SELECT w.name_masked, w.phone_masked, e.membership FROM ledger_entry e JOIN worker w ON w.id = e.worker_id WHERE e.county_code = '431126' ORDER BY e.created_at, e.id LIMIT 1`,
      );
      expect(rows[0].slice(1, 2)).toEqual([first.name_masked]);
      expect(rows[0][4]).toBe(first.phone_masked);
      expect(rows[0][5]).toBe(first.membership === 'FULL' ? '正式党员' : '预备党员');
      const text = rows.flat().join(' ');
      expect(text).not.toMatch(/1\d{10}/);
      expect(text).not.toContain('张小三');
      const [audit] = await t.dataSource.query(`SELECT actor_id FROM audit_entry WHERE action = 'ledger.export'`);
      expect(audit.actor_id).toBe(officer.id);
    });

    it('validates a CSV with bad rows: reports each row, hands out no token, writes nothing', async () => {
      const before = await count('SELECT count(*)::int AS n FROM ledger_entry');
      const workersBefore = await count('SELECT count(*)::int AS n FROM worker');
      const csv = [
        '姓名,联系电话,身份证号,党员类别,入党时间,所在乡镇代码,底数清',
        `李一,${randomPhone()},,正式党员,2012-07-01,431126100,是`,
        '李二,12345,,正式党员,2012-07-01,431126100,是',
        `李三,${randomPhone()},,群众,2012-02-30,431126100,也许`,
      ].join('\n');
      const report = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
      expect(report.body).toMatchObject({ token: null, totals: { rows: 3, valid: 1, rejected: 2 } });
      expect(report.body.rows[0]).toMatchObject({ line: 2, valid: true, name: '李*', errors: [] });
      expect(report.body.rows[1].errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
      expect(report.body.rows[2].errors.map((e: { field: string }) => e.field).sort()).toEqual(['joinedOn', 'membership', '底数清']);
      expect(await count('SELECT count(*)::int AS n FROM ledger_entry')).toBe(before);
      expect(await count('SELECT count(*)::int AS n FROM worker')).toBe(workersBefore);
      expect(await count('SELECT count(*)::int AS n FROM ledger_import')).toBe(0);
    });

    it('judges "joined in the future" by the Shanghai calendar: today is accepted at 03:00 Shanghai, tomorrow is not', async () => {
      // 2024-06-06T19:00Z is 2024-06-07 03:00 in Shanghai, still 2024-06-06 in UTC.
      t.app.get(Clock).set(new Date('2024-06-06T19:00:00Z'));
      try {
        const csv = [
          '姓名,联系电话,身份证号,党员类别,入党时间,所在乡镇代码,底数清',
          `周一,${randomPhone()},,正式党员,2024-06-07,431126100,是`,
          `周二,${randomPhone()},,正式党员,2024-06-08,431126100,是`,
        ].join('\n');
        const report = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
        expect(report.body.rows[0]).toMatchObject({ line: 2, valid: true, errors: [] });
        expect(report.body.rows[1].errors).toEqual([{ field: 'joinedOn', message: 'is in the future' }]);
      } finally {
        t.app.get(Clock).set(undefined);
      }
    });

    it('imports an .xlsx in two steps: validate → token, commit → every row in one transaction, once', async () => {
      const code = (await t.dataSource.query('SELECT social_credit_code FROM enterprise WHERE id = $1', [enterpriseId]))[0].social_credit_code;
      const idNumber = randomIdNumber();
      const phones = [randomPhone(), randomPhone()];
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow(['新就业群体党员“五个清”台账']);
      sheet.addRow([
        '序号',
        '姓名',
        '身份证号',
        '联系电话',
        '性别',
        '党员类别',
        '入党时间',
        '流动状态',
        '所在企业统一社会信用代码',
        '发现渠道',
        '底数清',
        '联系方式清',
      ]);
      sheet.addRow([1, '赵六', idNumber, phones[0], '男', '正式党员', new Date(Date.UTC(2010, 6, 1)), '流入', code, '问卷调查', '是', '是']);
      sheet.addRow([2, '钱七', '', phones[1], '女', '预备党员', '2023-01-15', '本地', '', '电话联系', '否', '是']);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      // 钱七 has no township or enterprise: a county officer may place them at county level.
      const report = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', XLSX).send(file).expect(200);
      expect(report.body.totals).toEqual({ rows: 2, valid: 2, rejected: 0 });
      expect(report.body.token).toEqual(expect.any(String));
      expect(await count(`SELECT count(*)::int AS n FROM ledger_entry WHERE channel = 'QUESTIONNAIRE'`)).toBe(0);
      // The pending import keeps only protected personal data.
      const [pending] = await t.dataSource.query('SELECT rows::text AS rows FROM ledger_import WHERE id = $1', [report.body.token]);
      expect(pending.rows).not.toContain(idNumber);
      expect(pending.rows).not.toContain(phones[0]);
      expect(pending.rows).not.toContain('赵六');

      const other = await t.as(Role.ORG_OFFICER);
      await other.post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(404);
      const committed = await officer.post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(200);
      expect(committed.body).toMatchObject({ entriesCreated: 2, workersCreated: 2 });
      const rows = await t.dataSource.query(
        `SELECT w.name_masked, e.membership, e.flow_status, e.channel, e.verification, e.enterprise_id, e.joined_on::text AS joined_on,
                (SELECT count(*)::int FROM ledger_entry_item i WHERE i.entry_id = e.id AND i.clear) AS clear
         FROM ledger_entry e JOIN worker w ON w.id = e.worker_id WHERE e.channel IN ('QUESTIONNAIRE', 'PHONE') AND w.name_masked IN ('赵*', '钱*') ORDER BY e.channel DESC`,
      );
      expect(rows).toEqual([
        {
          name_masked: '赵*',
          membership: 'FULL',
          flow_status: 'INFLOW',
          channel: 'QUESTIONNAIRE',
          verification: 'UNVERIFIED',
          enterprise_id: enterpriseId,
          joined_on: '2010-07-01',
          clear: 2,
        },
        {
          name_masked: '钱*',
          membership: 'PROBATIONARY',
          flow_status: 'LOCAL',
          channel: 'PHONE',
          verification: 'UNVERIFIED',
          enterprise_id: null,
          joined_on: '2023-01-15',
          clear: 1,
        },
      ]);
      const twice = await officer.post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(409);
      expect(twice.body.code).toBe('CONFLICT');
      // The same file again is now refused row by row: both people are in the ledger.
      const again = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', XLSX).send(file).expect(200);
      expect(again.body).toMatchObject({ token: null, totals: { rejected: 2 } });
    });

    it('names an existing entry to an officer who may read it, never to one of another county (issue 19)', async () => {
      const phone = randomPhone();
      await createEntry(officer, await createWorker(officer, { phone }));
      const csv = `姓名,联系电话,党员类别,所在乡镇代码\n孙八,${phone},正式党员,431126100\n`;
      const own = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
      expect(own.body.rows[0].errors[0].message).toMatch(/already in the ledger \(entry [0-9a-f-]{36}\)/);

      await ensureRegion(t.dataSource, '431127100');
      const neighbour = await t.as(Role.ORG_OFFICER, { regionCode: '431127' });
      const theirs = `姓名,联系电话,党员类别,所在乡镇代码\n孙八,${phone},正式党员,431127100\n`;
      const report = await neighbour.post('/api/v1/ledger/imports?countyCode=431127').set('content-type', 'text/csv').send(theirs).expect(200);
      expect(report.body.token).toBeNull();
      expect(JSON.stringify(report.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(report.body.rows[0].errors[0].message).toMatch(/outside your region/);
    });

    it('refuses an expired token, and a commit whose rows no longer fit writes nothing', async () => {
      const phone = randomPhone();
      const csv = `姓名,联系电话,党员类别,所在乡镇代码\n孙八,${phone},正式党员,431126100\n周九,${randomPhone()},正式党员,431126100\n`;
      const clock = t.app.get(Clock);
      const report = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
      clock.set(new Date(Date.now() + 31 * 60_000));
      try {
        const expired = await officer.post('/api/v1/ledger/imports/commit').send({ token: report.body.token }).expect(409);
        expect(expired.body).toMatchObject({ code: 'CONFLICT', expiredAt: expect.any(String) });
      } finally {
        clock.set(undefined);
      }
      const fresh = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv).expect(200);
      // Someone records 孙八 in the ledger between validation and commit.
      await createEntry(officer, await createWorker(officer, { phone }));
      const before = await count('SELECT count(*)::int AS n FROM ledger_entry');
      const stale = await officer.post('/api/v1/ledger/imports/commit').send({ token: fresh.body.token }).expect(409);
      expect(stale.body).toMatchObject({ code: 'CONFLICT', line: 2 });
      expect(await count('SELECT count(*)::int AS n FROM ledger_entry')).toBe(before);
    });

    it('refuses a file that is neither .xlsx nor CSV, and a broken .xlsx', async () => {
      await officer.post('/api/v1/ledger/imports?countyCode=431126').send({ csv: 'x' }).expect(415);
      const broken = await officer.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', XLSX).send(Buffer.from('not a zip')).expect(400);
      expect(broken.body.errors[0].field).toBe('file');
    });
  });
});
