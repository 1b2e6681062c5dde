import { idNumberFor } from '../bench/roster-data.js';
import { Role } from '../src/access/role.enum.js';
import { ensureRegion } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REQUEST = 'mutation($phone: String!) { requestWorkerCode(phone: $phone) { expiresInSeconds retryAfterSeconds } }';
const LOGIN = 'mutation($phone: String!, $code: String!) { workerLogin(phone: $phone, code: $code) { accessToken refreshToken expiresIn } }';

describe('identity: workers and personal data', () => {
  let t: TestApp;
  let ip = 0;
  const from = () => ({ 'x-forwarded-for': `10.8.0.${++ip}` });

  // Behind a proxy on the same host, so each test can ask for codes from an address of its own.
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    await ensureRegion(t.dataSource, '431126100');
  });
  afterAll(() => t.close());

  const requestCode = (phone: string, headers = from()) => t.gql(REQUEST, { phone }, headers);
  const signIn = (phone: string, code: string, headers = from()) => t.gql<{ workerLogin: { accessToken: string } }>(LOGIN, { phone, code }, headers);

  describe('worker sign-in by phone code', () => {
    it('sends a 6-digit code and signs the worker in as WORKER, creating their record once', async () => {
      const sent = await requestCode('138 0013 8000');
      expect(sent.data).toEqual({ requestWorkerCode: { expiresInSeconds: 300, retryAfterSeconds: 60 } });
      const code = t.lastWorkerCode('13800138000')!;
      expect(code).toMatch(/^\d{6}$/);
      const first = await signIn('+86 13800138000', code);
      const token = first.data!.workerLogin.accessToken;
      const me = await t.gql<{ me: { role: string; label: string; workerId: string } }>(
        '{ me { role label workerId } }',
        {},
        { authorization: `Bearer ${token}` },
      );
      expect(me.data!.me).toMatchObject({ role: 'WORKER', label: '138****8000' });

      await t.dataSource.query(`UPDATE worker_login_code SET created_at = now() - interval '2 minutes'`);
      await requestCode('13800138000');
      const again = await signIn('13800138000', t.lastWorkerCode('13800138000')!);
      const me2 = await t.gql<{ me: { workerId: string } }>('{ me { workerId } }', {}, { authorization: `Bearer ${again.data!.workerLogin.accessToken}` });
      expect(me2.data!.me.workerId).toBe(me.data!.me.workerId);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM worker');
      expect(n).toBe(1);
    });

    it('refuses a second code for the same phone within a minute', async () => {
      await requestCode('13800138001');
      const again = await requestCode('13800138001');
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    });

    it('refuses a malformed phone, naming the field', async () => {
      const bad = await requestCode('12345');
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'phone', message: expect.any(String) }] });
      const rest = await t.http().post('/api/v1/auth/worker-code').send({ phone: '2380013800' }).expect(400);
      expect(rest.body.errors[0].field).toBe('phone');
    });

    it('allows 5 tries: after 5 wrong codes even the right one is refused', async () => {
      const phone = '13800138002';
      await requestCode(phone);
      const code = t.lastWorkerCode(phone)!;
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const refused = await signIn(phone, wrong);
        expect(refused.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      const late = await signIn(phone, code);
      expect(late.errors?.[0].message).toMatch(/Too many wrong codes/);
    });

    it('refuses a code older than 5 minutes, and a code used once', async () => {
      const phone = '13800138003';
      await requestCode(phone);
      const code = t.lastWorkerCode(phone)!;
      await t.dataSource.query(`UPDATE worker_login_code SET expires_at = now() - interval '1 second'`);
      expect((await signIn(phone, code)).errors?.[0].message).toMatch(/expired/);

      await t.dataSource.query(`UPDATE worker_login_code SET created_at = now() - interval '2 minutes'`);
      await requestCode(phone);
      const fresh = t.lastWorkerCode(phone)!;
      expect((await signIn(phone, fresh)).data?.workerLogin.accessToken).toBeDefined();
      expect((await signIn(phone, fresh)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('limits code requests per client address', async () => {
      const headers = from();
      for (let i = 0; i < 10; i++) await requestCode(`1390000${String(1000 + i)}`, headers);
      const limited = await requestCode('13900009999', headers);
      expect(limited.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    });
  });

  describe('personal data protection', () => {
    it('masks a worker profile in every response and refuses an ID number that belongs to someone else', async () => {
      const worker = await t.asWorker('13700137000');
      const updated = await worker.patch('/api/v1/me/profile').send({ name: '张小三', idNumber: '11010519491231002x', gender: 'MALE' }).expect(200);
      expect(updated.body).toMatchObject({ name: '张*三', phone: '137****7000', idNumber: '110***********002X', gender: 'MALE' });
      const bad = await worker.patch('/api/v1/me/profile').send({ idNumber: '110105194912310021' }).expect(400);
      expect(bad.body.errors[0].field).toBe('idNumber');

      const other = await t.asWorker('13700137001');
      const taken = await other.gql('mutation { updateMyProfile(input: { idNumber: "11010519491231002X" }) { idNumber } }');
      expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idNumber' });
    });

    it('keeps one live worker per phone and per ID number in the database itself, merged records aside', async () => {
      const first = await t.asWorker('13700137010');
      await first
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(424242) })
        .expect(200);
      const [row] = await t.dataSource.query<{ phone_index: string; id_number_index: string }[]>(
        'SELECT phone_index, id_number_index FROM worker WHERE id = $1',
        [first.id],
      );
      const refusal = async (phoneIndex: string | null, idIndex: string | null) => {
        try {
          await t.dataSource.query('INSERT INTO worker (phone_index, id_number_index) VALUES ($1, $2)', [phoneIndex, idIndex]);
        } catch (error) {
          const { code, constraint } = (error as { driverError: { code: string; constraint: string } }).driverError;
          return { code, constraint };
        }
        return null;
      };
      expect(await refusal(row.phone_index, null)).toEqual({ code: '23P01', constraint: 'ex_worker_phone_index' });
      expect(await refusal(null, row.id_number_index)).toEqual({ code: '23P01', constraint: 'ex_worker_id_number_index' });
      // A record merged into another keeps its keys beside the live one.
      await t.dataSource.query('INSERT INTO worker (phone_index, id_number_index, merged_into_id) VALUES ($1, $2, $3)', [
        row.phone_index,
        row.id_number_index,
        first.id,
      ]);
    });

    it('stores no phone, ID number or name in plain text anywhere in the database', async () => {
      const phone = '13612345678';
      const idNumber = '430102199003071234';
      const name = '欧阳小明';
      // Recorded by the county (so its officer may reveal it), then completed by the worker.
      const officer = await t.as(Role.ORG_OFFICER);
      await officer.post('/api/v1/workers').send({ name, phone, townshipCode: '431126100' }).expect(201);
      const worker = await t.asWorker(phone);
      await worker.gql('mutation($i: UpdateMyProfileInput!) { updateMyProfile(input: $i) { id } }', { i: { name, idNumber } });
      await officer.post(`/api/v1/workers/${worker.id}/reveal`).send({ field: 'PHONE', reason: '核实身份 verifying identity' }).expect(200);

      const columns: { table_name: string; column_name: string }[] = await t.dataSource.query(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'USER-DEFINED')`,
      );
      expect(columns.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const { table_name, column_name } of columns) {
        for (const needle of [phone, idNumber, name, '1361234']) {
          const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE position($1 in "${column_name}"::text) > 0`, [needle]);
          if (n > 0) found.push(`${table_name}.${column_name} contains ${needle}`);
        }
      }
      expect(found).toEqual([]);
    });

    it('reveals a full value only to ORG_OFFICER/ADMIN, with a reason, and audits it', async () => {
      const officer = await t.as(Role.ORG_OFFICER);
      await officer.post('/api/v1/workers').send({ name: '钱小五', phone: '13512345678', townshipCode: '431126100' }).expect(201);
      const worker = await t.asWorker('13512345678');
      const revealed = await officer.gql<{ revealWorkerPersonalData: { value: string } }>(
        `mutation($id: ID!) { revealWorkerPersonalData(workerId: $id, input: { field: PHONE, reason: "回访工资案件 wage case follow-up" }) { value } }`,
        { id: worker.id },
      );
      expect(revealed.data!.revealWorkerPersonalData.value).toBe('13512345678');
      const [entry] = await t.dataSource.query(
        `SELECT actor_id, role, reason, changes FROM audit_entry WHERE action = 'personal_data.reveal' AND entity_id = $1`,
        [worker.id],
      );
      expect(entry).toMatchObject({ actor_id: officer.id, role: 'ORG_OFFICER', reason: '回访工资案件 wage case follow-up', changes: { field: 'PHONE' } });

      const noReason = await officer.post(`/api/v1/workers/${worker.id}/reveal`).send({ field: 'PHONE' }).expect(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const department = await t.as(Role.DEPARTMENT_OFFICER);
      await department.post(`/api/v1/workers/${worker.id}/reveal`).send({ field: 'PHONE', reason: 'just curious here' }).expect(403);
      const self = await t.asWorker('13512345679');
      await self.post(`/api/v1/workers/${worker.id}/reveal`).send({ field: 'PHONE', reason: 'just curious here' }).expect(403);
      const missing = await officer.post(`/api/v1/workers/${worker.id}/reveal`).send({ field: 'ID_NUMBER', reason: 'checking the ID' }).expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    });

    it('never tells a worker who holds an ID number, and limits how many ID numbers a worker may try', async () => {
      const holder = await t.asWorker('13700137020');
      await holder
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(515151) })
        .expect(200);
      const prober = await t.asWorker('13700137021');
      const rest = await prober
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(515151) })
        .expect(409);
      expect(rest.body).toMatchObject({ code: 'CONFLICT', field: 'idNumber' });
      expect(rest.body).not.toHaveProperty('existingWorkerId');
      expect(JSON.stringify(rest.body)).not.toContain(holder.id);
      const gql = await prober.gql('mutation($i: UpdateMyProfileInput!) { updateMyProfile(input: $i) { id } }', { i: { idNumber: idNumberFor(515151) } });
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idNumber' });
      expect(gql.errors?.[0].extensions).not.toHaveProperty('existingWorkerId');
      expect(JSON.stringify(gql.errors)).not.toContain(holder.id);

      // Five ID numbers a day per worker, whatever the answer: probing a list of numbers stops there.
      for (const n of [515152, 515153, 515154])
        await prober
          .patch('/api/v1/me/profile')
          .send({ idNumber: idNumberFor(n) })
          .expect(200);
      const limited = await prober
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(515155) })
        .expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // Saving the number already on the profile, or other fields, is not a try.
      await prober
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(515154), name: '李四' })
        .expect(200);
      // Another worker is not affected.
      await holder
        .patch('/api/v1/me/profile')
        .send({ idNumber: idNumberFor(515156) })
        .expect(200);
    });

    it('reveals personal data only of workers the officer may read: another county gets NOT_FOUND, over REST and GraphQL', async () => {
      const ningyuan = await t.as(Role.ORG_OFFICER);
      const created = await ningyuan
        .post('/api/v1/workers')
        .send({ name: '王小明', phone: '13312345670', idNumber: idNumberFor(616161), townshipCode: '431126100' })
        .expect(201);
      const workerId: string = created.body.id;
      const lanshan = await t.as(Role.ORG_OFFICER, { regionCode: '431127' });
      await lanshan.get(`/api/v1/workers/${workerId}`).expect(404);
      for (const field of ['NAME', 'PHONE', 'ID_NUMBER']) {
        const refused = await lanshan.post(`/api/v1/workers/${workerId}/reveal`).send({ field, reason: '核实身份 verifying identity' }).expect(404);
        expect(refused.body.code).toBe('NOT_FOUND');
        const gql = await lanshan.gql<{ revealWorkerPersonalData: { value: string } }>(
          'mutation($id: ID!, $field: RevealField!) { revealWorkerPersonalData(workerId: $id, input: { field: $field, reason: "核实身份 verifying identity" }) { value } }',
          { id: workerId, field },
        );
        expect(gql.data).toBeNull();
        expect(gql.errors?.[0].extensions.code).toBe('NOT_FOUND');
      }
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'personal_data.reveal' AND entity_id = $1`, [
        workerId,
      ]);
      expect(n).toBe(0);
      const own = await ningyuan.post(`/api/v1/workers/${workerId}/reveal`).send({ field: 'NAME', reason: '核实身份 verifying identity' }).expect(200);
      expect(own.body.value).toBe('王小明');
    });

    it('names the existing record in a CONFLICT only to an officer who may read it', async () => {
      const ningyuan = await t.as(Role.ORG_OFFICER);
      const created = await ningyuan.post('/api/v1/workers').send({ name: '赵小红', phone: '13312345680', townshipCode: '431126100' }).expect(201);
      const lanshan = await t.as(Role.ORG_OFFICER, { regionCode: '431127' });
      const rest = await lanshan.post('/api/v1/workers').send({ name: '赵小红', phone: '13312345680' }).expect(409);
      expect(rest.body).toMatchObject({ code: 'CONFLICT', field: 'phone' });
      expect(rest.body).not.toHaveProperty('existingWorkerId');
      expect(JSON.stringify(rest.body)).not.toContain(created.body.id);
      const gql = await lanshan.gql('mutation { createWorker(input: { name: "赵小红", phone: "13312345680" }) { id } }');
      expect(gql.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'phone' });
      expect(JSON.stringify(gql.errors)).not.toContain(created.body.id);

      const again = await ningyuan.post('/api/v1/workers').send({ name: '赵小红', phone: '13312345680' }).expect(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT', field: 'phone', existingWorkerId: created.body.id });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM worker WHERE phone_masked = '133****5680'`);
      expect(n).toBe(1);
    });

    it('lets a worker read only their own profile', async () => {
      const worker = await t.asWorker('13412345678');
      const mine = await worker.get('/api/v1/me/profile').expect(200);
      expect(mine.body.id).toBe(worker.id);
      const staff = await t.as(Role.ORG_OFFICER);
      await staff.get('/api/v1/me/profile').expect(403);
    });
  });
});
