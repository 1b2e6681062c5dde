import { randomInt } from 'node:crypto';
import { BENCH_TOWNSHIPS, riderRecord, toNdjson } from '../bench/roster-data.js';
import { Role } from '../src/access/role.enum.js';
import { PersonalDataJobs } from '../src/maintenance/personal-data-jobs.service.js';
import { ENCRYPTED_COLUMNS, PersonalDataReencryptionService } from '../src/maintenance/personal-data-reencryption.service.js';
import { PersonalDataService } from '../src/common/personal-data/personal-data.service.js';
import { ensureRegion, randomSocialCreditCode, type ActorClient } from './support/actors.js';
import { createWorker, randomIdNumber, randomPhone, setupNingyuan } from './support/organizing.js';
import { encryptV1 } from './support/personal-data.js';
import { CONSENT, settle } from './support/roster.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The app's keys: p1 is current, `old` was current before a rotation.
const p1 = Buffer.alloc(32, 1);
const old = Buffer.alloc(32, 5);
const blindIndexKey = Buffer.alloc(32, 2);

describe('re-encryption of stored personal data (v1 values, retired keys)', () => {
  let t: TestApp;
  let officer: ActorClient;
  let reencryption: PersonalDataReencryptionService;
  // The service as it was before the rotation: writes v2 under `old`.
  const beforeRotation = new PersonalDataService({ encryptionKeys: { p1, old }, currentKeyId: 'old', blindIndexKey });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        PII_ENCRYPTION_KEYS: `p1:${p1.toString('base64')},old:${old.toString('base64')}`,
        PII_ENCRYPTION_KEY_ID: 'p1',
        PII_BLIND_INDEX_KEY: blindIndexKey.toString('base64'),
      },
    });
    await setupNingyuan(t.dataSource);
    for (const code of BENCH_TOWNSHIPS) await ensureRegion(t.dataSource, code);
    officer = await t.as(Role.ORG_OFFICER);
    reencryption = t.app.get(PersonalDataReencryptionService);
  });
  afterAll(() => t.close());

  // A worker recorded through the API, then given the ciphertext older code would have stored:
  // name and phone in v1 (under p1 and under `old`), the ID number in v2 under `old`.
  async function oldWorker(): Promise<{ id: string; name: string; phone: string; idNumber: string }> {
    const person = { name: `旧数据${randomInt(1e6)}`, phone: randomPhone(), idNumber: randomIdNumber() };
    const id = await createWorker(officer, person);
    await t.dataSource.query(`UPDATE worker SET name_cipher = $2, phone_cipher = $3, id_number_cipher = $4 WHERE id = $1`, [
      id,
      encryptV1('p1', p1, person.name),
      encryptV1('old', old, person.phone),
      beforeRotation.encrypt(person.idNumber),
    ]);
    return { id, ...person };
  }

  const stored = async (id: string) =>
    (await t.dataSource.query(`SELECT name_cipher, phone_cipher, id_number_cipher, version, updated_at FROM worker WHERE id = $1`, [id]))[0];
  const reveal = async (id: string, field: string) =>
    (await officer.post(`/api/v1/workers/${id}/reveal`).send({ field, reason: '核对迁移后的数据 checking migrated data' }).expect(200)).body.value as string;
  const notCurrent = async () =>
    Number(
      (
        await t.dataSource.query(
          `SELECT count(*) FILTER (WHERE NOT starts_with(name_cipher, 'v2.p1.')) + count(*) FILTER (WHERE NOT starts_with(phone_cipher, 'v2.p1.'))
            + count(*) FILTER (WHERE NOT starts_with(id_number_cipher, 'v2.p1.')) AS n FROM worker`,
        )
      )[0].n,
    );

  it('covers every column that holds ciphertext', async () => {
    const columns: { table_name: string; column_name: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND (column_name LIKE '%\\_cipher' OR column_name LIKE '%secret\\_sealed') ORDER BY 1, 2`,
    );
    const listed = Object.entries(ENCRYPTED_COLUMNS).flatMap(([table, cs]) => cs.map((c) => ({ table_name: table, column_name: c })));
    expect(columns).toEqual(expect.arrayContaining(listed));
    expect(columns).toHaveLength(listed.length);
  });

  it('rewrites v1 values and values under a retired key in v2 under the current key, reading the same afterwards, and audits it', async () => {
    const people = [await oldWorker(), await oldWorker()];
    const contact = await officer
      .post('/api/v1/enterprises')
      .send({
        name: `旧联系人企业${randomInt(1e6)}`,
        socialCreditCode: randomSocialCreditCode(),
        industry: 'LOGISTICS',
        townshipCode: '431126100',
        contactName: '欧阳明',
        contactPhone: '13712345678',
      })
      .expect(201);
    await t.dataSource.query(`UPDATE enterprise SET contact_name_cipher = $2, contact_phone_cipher = $3 WHERE id = $1`, [
      contact.body.id,
      encryptV1('old', old, '欧阳明'),
      encryptV1('p1', p1, '13712345678'),
    ]);
    // A webhook endpoint whose signing secret was sealed under the retired key (issue 18).
    const [{ id: endpointId }] = await t.dataSource.query(
      `INSERT INTO webhook_endpoint (owner_kind, owner_id, url, events, secret_sealed) VALUES ('staff', $1, 'http://127.0.0.1:9/hook', '{care.station.status_changed}', $2) RETURNING id`,
      [officer.id, beforeRotation.encrypt('whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4OQ==')],
    );
    const before = await stored(people[0].id);
    expect(await reencryption.pending()).toBe(true);
    // Readable as they are, before any run.
    expect([await reveal(people[0].id, 'NAME'), await reveal(people[0].id, 'PHONE'), await reveal(people[0].id, 'ID_NUMBER')]).toEqual([
      people[0].name,
      people[0].phone,
      people[0].idNumber,
    ]);

    const report = await reencryption.run();

    expect(report).toMatchObject({ reencrypted: 9, failed: 0, remaining: 0 });
    expect(report.byTable).toEqual({
      worker: { reencrypted: 6, failed: 0, remaining: 0 },
      enterprise: { reencrypted: 2, failed: 0, remaining: 0 },
      webhook_endpoint: { reencrypted: 1, failed: 0, remaining: 0 },
    });
    const [endpoint] = await t.dataSource.query('SELECT secret_sealed, previous_secret_sealed FROM webhook_endpoint WHERE id = $1', [endpointId]);
    expect(endpoint.secret_sealed.startsWith('v2.p1.')).toBe(true);
    expect(endpoint.previous_secret_sealed).toBeNull();
    expect(t.app.get(PersonalDataService).decrypt(endpoint.secret_sealed)).toBe('whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4OQ==');
    expect(await reencryption.pending()).toBe(false);
    const after = await stored(people[0].id);
    for (const column of ['name_cipher', 'phone_cipher', 'id_number_cipher']) expect(after[column]).toMatch(/^v2\.p1\.[A-Za-z0-9_-]+$/);
    // The values mean the same: no version bump that would fail someone's edit, no "updated".
    expect([after.version, after.updated_at]).toEqual([before.version, before.updated_at]);
    for (const person of people) {
      expect(await reveal(person.id, 'NAME')).toBe(person.name);
      expect(await reveal(person.id, 'PHONE')).toBe(person.phone);
      expect(await reveal(person.id, 'ID_NUMBER')).toBe(person.idNumber);
    }
    const [enterprise] = await t.dataSource.query(`SELECT contact_name_cipher, contact_phone_cipher FROM enterprise WHERE id = $1`, [contact.body.id]);
    const service = t.app.get(PersonalDataService);
    expect([service.decrypt(enterprise.contact_name_cipher), service.decrypt(enterprise.contact_phone_cipher)]).toEqual(['欧阳明', '13712345678']);
    expect(enterprise.contact_name_cipher.startsWith('v2.p1.')).toBe(true);

    const entries = await t.dataSource.query(`SELECT actor_kind, changes FROM audit_entry WHERE action = 'personal_data.reencrypt'`);
    expect(entries).toHaveLength(1);
    expect(entries[0].actor_kind).toBe('SYSTEM');
    expect(entries[0].changes).toMatchObject({ format: 'v2.p1', reencrypted: 9, failed: 0, remaining: 0 });
    const text = JSON.stringify(entries[0].changes);
    for (const value of [people[0].name, people[0].phone, people[0].idNumber, '13712345678']) expect(text).not.toContain(value);
  });

  it('has a roster sync store its riders in v2 under the current key (sealed in the worker threads)', async () => {
    const platform = await t.asPlatform();
    const records = Array.from({ length: 30 }, (_, i) => riderRecord(7000 + i, { prefix: '158' }));
    const response = await platform
      .post('/api/v1/roster/syncs?mode=snapshot')
      .set({ 'content-type': 'application/x-ndjson', 'x-consent-ref': CONSENT })
      .send(toNdjson(records))
      .expect(202);
    expect(await settle(platform, response.body.id)).toMatchObject({ status: 'COMMITTED', created: 30 });
    const service = t.app.get(PersonalDataService);
    const rows: { name_cipher: string; phone_cipher: string; id_number_cipher: string | null }[] = await t.dataSource.query(
      `SELECT w.name_cipher, w.phone_cipher, w.id_number_cipher FROM roster_rider r JOIN worker w ON w.id = r.worker_id
       WHERE r.enterprise_id = $1 ORDER BY r.external_id`,
      [platform.enterpriseId],
    );
    expect(rows).toHaveLength(30);
    const byPhone = new Map(records.map((r) => [r.phone, r]));
    for (const row of rows) {
      for (const value of [row.name_cipher, row.phone_cipher]) expect(value).toMatch(/^v2\.p1\./);
      const record = byPhone.get(service.decrypt(row.phone_cipher))!;
      expect(service.decrypt(row.name_cipher)).toBe(record.name);
      if (record.idNumber) expect(service.decrypt(row.id_number_cipher!)).toBe(record.idNumber);
    }
    expect(await reencryption.pending()).toBe(false);
  });

  it('changes nothing and records nothing when everything is current', async () => {
    const [{ n: entries }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'personal_data.reencrypt'`);
    const ciphertexts = await t.dataSource.query(`SELECT id, name_cipher, phone_cipher, id_number_cipher FROM worker ORDER BY id`);
    expect(await reencryption.run()).toMatchObject({ reencrypted: 0, failed: 0, remaining: 0 });
    expect(await t.dataSource.query(`SELECT id, name_cipher, phone_cipher, id_number_cipher FROM worker ORDER BY id`)).toEqual(ciphertexts);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'personal_data.reencrypt'`);
    expect(n).toBe(entries);
  });

  it('rewrites each value once when runs overlap, as on several instances', async () => {
    const people: Awaited<ReturnType<typeof oldWorker>>[] = [];
    for (let i = 0; i < 12; i++) people.push(await oldWorker());
    const runs = await Promise.all([reencryption.run(), reencryption.run(), reencryption.run()]);
    expect(runs.reduce((sum, run) => sum + run.reencrypted, 0)).toBe(36);
    expect(runs.every((run) => run.failed === 0)).toBe(true);
    expect(await notCurrent()).toBe(0);
    for (const person of people.slice(0, 3)) expect(await reveal(person.id, 'PHONE')).toBe(person.phone);
  });

  it('leaves a row another transaction holds for the next run', async () => {
    const held = await oldWorker();
    const free = await oldWorker();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM worker WHERE id = $1 FOR UPDATE`, [held.id]);
      const first = await reencryption.run();
      expect(first).toMatchObject({ reencrypted: 3, remaining: 3 });
      expect((await stored(free.id)).phone_cipher).toMatch(/^v2\.p1\./);
      expect((await stored(held.id)).phone_cipher).toMatch(/^v1\.old\./);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await reencryption.run()).toMatchObject({ reencrypted: 3, remaining: 0 });
    expect(await reveal(held.id, 'NAME')).toBe(held.name);
  });

  it('leaves a value it cannot decrypt as it is, counts it, and still rewrites the rest of its row', async () => {
    const person = await oldWorker();
    const unreadable = encryptV1('gone', Buffer.alloc(32, 7), person.name);
    await t.dataSource.query(`UPDATE worker SET name_cipher = $2 WHERE id = $1`, [person.id, unreadable]);
    const report = await reencryption.run();
    expect(report).toMatchObject({ reencrypted: 2, failed: 1, remaining: 1 });
    const after = await stored(person.id);
    expect(after.name_cipher).toBe(unreadable);
    expect(after.id_number_cipher).toMatch(/^v2\.p1\./);
    const [entry] = await t.dataSource.query(`SELECT changes FROM audit_entry WHERE action = 'personal_data.reencrypt' ORDER BY at DESC LIMIT 1`);
    expect(entry.changes).toMatchObject({ failed: 1, remaining: 1 });
    await t.dataSource.query(`UPDATE worker SET name_cipher = NULL WHERE id = $1`, [person.id]);
  });

  it('runs as a pg-boss job', async () => {
    const person = await oldWorker();
    await t.app.get(PersonalDataJobs).enqueue();
    const deadline = Date.now() + 25_000;
    while ((await reencryption.pending()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await reencryption.pending()).toBe(false);
    expect(await reveal(person.id, 'ID_NUMBER')).toBe(person.idNumber);
  });
});
