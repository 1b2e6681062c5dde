import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { ensureRegion, type ActorClient } from './support/actors.js';
import { createStation, ensureTownship } from './support/care.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SIX = ['SIGNAGE', 'SITING', 'FACILITIES', 'SERVICES', 'RULES', 'MAP_LISTING'];
const RECORD = `mutation($input: RecordStationAuditInput!) {
  recordStationAudit(input: $input) { id passed validUntil items { key passed rectificationDue } } }`;
const CERT = 'query($id: ID!) { station(id: $id) { certification certified } }';

type Audit = { id: string; passed: boolean; validUntil: string; items: { key: string; passed: boolean; rectificationDue: string | null }[] };

describe('care: six-item audits', () => {
  let t: TestApp;
  let officer: ActorClient;
  let auditor: ActorClient;
  let admin: ActorClient;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureTownship(t);
    officer = await t.as(Role.ORG_OFFICER);
    auditor = await t.as(Role.AUDITOR);
    admin = await t.as(Role.ADMIN);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  const today = (date: string) => t.app.get(Clock).set(new Date(`${date}T04:00:00Z`));
  const verdicts = (failed: Record<string, string | undefined> = {}) =>
    SIX.map((key) => (key in failed ? { key, passed: false, ...(failed[key] ? { rectificationDue: failed[key] } : {}) } : { key, passed: true }));
  const record = (stationId: string, auditedOn: string, items = verdicts(), client = auditor) =>
    client.gql<{ recordStationAudit: Audit }>(RECORD, { input: { stationId, auditedOn, items, evidenceUrls: ['https://example.org/photo.jpg'] } });
  const certification = async (id: string) => (await officer.gql<{ station: { certification: string; certified: boolean } }>(CERT, { id })).data!.station;

  it('seeds 六有 v1 as the current standard with six required items', async () => {
    const standards = await officer.get('/api/v1/audit-standards').expect(200);
    expect(standards.body).toHaveLength(1);
    expect(standards.body[0]).toMatchObject({ code: 'LIU_YOU', version: 1, isCurrent: true, validityMonths: 12 });
    expect(standards.body[0].items.map((i: { key: string; required: boolean }) => [i.key, i.required])).toEqual(SIX.map((k) => [k, true]));
    expect(standards.body[0].items[0].label).toMatch(/^有统一标识名称/);
  });

  it('certifies a station whose audit passed every item for 12 months, then expires it and lists it as due until re-audited', async () => {
    const station = await createStation(officer);
    expect(await certification(station.id)).toEqual({ certification: 'NOT_AUDITED', certified: false });
    today('2024-06-07');
    const passed = await record(station.id, '2024-06-07');
    expect(passed.data?.recordStationAudit).toMatchObject({ passed: true, validUntil: '2025-06-06' });
    expect(await certification(station.id)).toEqual({ certification: 'CERTIFIED', certified: true });

    today('2025-06-06');
    expect((await certification(station.id)).certified).toBe(true);
    today('2025-06-07');
    expect(await certification(station.id)).toEqual({ certification: 'EXPIRED', certified: false });
    const due = await officer.gql<{ stationsDueForAudit: { stationId: string; reason: string }[] }>(
      '{ stationsDueForAudit(regionCode: "431126") { stationId reason } }',
    );
    expect(due.data?.stationsDueForAudit).toContainEqual({ stationId: station.id, reason: 'EXPIRED' });

    await record(station.id, '2025-06-07');
    expect((await certification(station.id)).certified).toBe(true);
    const after = await officer.get('/api/v1/station-audits/due?regionCode=431126').expect(200);
    expect(after.body.map((d: { stationId: string }) => d.stationId)).not.toContain(station.id);
  });

  it('gives failed items a rectification deadline (default 30 days), and lists the station once it is overdue', async () => {
    const station = await createStation(officer);
    today('2024-06-07');
    const failed = await record(station.id, '2024-06-07', verdicts({ MAP_LISTING: undefined, RULES: '2024-06-20' }));
    const audit = failed.data!.recordStationAudit;
    expect(audit.passed).toBe(false);
    expect(audit.items.filter((i) => !i.passed)).toEqual([
      { key: 'RULES', passed: false, rectificationDue: '2024-06-20' },
      { key: 'MAP_LISTING', passed: false, rectificationDue: '2024-07-07' },
    ]);
    today('2024-06-20');
    expect((await certification(station.id)).certification).toBe('RECTIFYING');
    const notYet = await officer.get('/api/v1/station-audits/due?regionCode=431126100').expect(200);
    expect(notYet.body.map((d: { stationId: string }) => d.stationId)).not.toContain(station.id);
    today('2024-06-21');
    const due = await officer.get('/api/v1/station-audits/due?regionCode=431126100').expect(200);
    expect(due.body).toContainEqual(expect.objectContaining({ stationId: station.id, reason: 'RECTIFICATION_OVERDUE', rectificationDue: '2024-06-20' }));
  });

  it('refuses an audit that misses an item, names an unknown one, dates a passed item’s deadline or is in the future, writing nothing', async () => {
    const station = await createStation(officer);
    today('2024-06-07');
    const missing = await record(station.id, '2024-06-07', verdicts().slice(1));
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'items', message: expect.stringContaining('SIGNAGE') }] });
    const unknown = await record(station.id, '2024-06-07', [...verdicts(), { key: 'PARKING', passed: true }]);
    expect(unknown.errors?.[0].extensions.fields).toEqual([{ field: 'items.6.key', message: expect.any(String) }]);
    const deadline = await record(
      station.id,
      '2024-06-07',
      verdicts().map((v, i) => (i === 0 ? { ...v, rectificationDue: '2024-07-01' } : v)),
    );
    expect(deadline.errors?.[0].extensions.fields).toEqual([{ field: 'items.0.rectificationDue', message: expect.any(String) }]);
    const future = await record(station.id, '2024-06-08');
    expect(future.errors?.[0].extensions.fields).toEqual([{ field: 'auditedOn', message: expect.any(String) }]);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM station_audit WHERE station_id = $1', [station.id]);
    expect(n).toBe(0);
  });

  it('refuses audits from roles without STATION_AUDIT and stations outside the auditor’s region', async () => {
    const station = await createStation(officer);
    expect((await record(station.id, '2024-06-07', verdicts(), officer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    await ensureRegion(t.dataSource, '431126200');
    const elsewhere = await t.as(Role.AUDITOR, { regionCode: '431126200' });
    expect((await record(station.id, '2024-06-07', verdicts(), elsewhere)).errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('keeps a used standard version immutable (CONFLICT, nothing changes); a new version made current resets certification', async () => {
    const station = await createStation(officer);
    today('2024-06-07');
    await record(station.id, '2024-06-07');
    const [v1] = (await admin.get('/api/v1/audit-standards').expect(200)).body as { id: string; inUse: boolean }[];
    expect(v1.inUse).toBe(true);
    const edit = await admin
      .patch(`/api/v1/audit-standards/${v1.id}`)
      .send({ name: '六有（改）', items: [{ key: 'SIGNAGE', label: 'x' }] })
      .expect(409);
    expect(edit.body).toMatchObject({ code: 'CONFLICT', allowed: ['createAuditStandardVersion'] });
    const [{ name, items }] = await t.dataSource.query(
      `SELECT s.name, (SELECT count(*)::int FROM audit_standard_item i WHERE i.standard_id = s.id) AS items FROM audit_standard s WHERE s.id = $1`,
      [v1.id],
    );
    expect({ name, items }).toEqual({ name: '六有 v1 / Six-item standard v1', items: 6 });

    const v2 = await admin
      .post('/api/v1/audit-standards')
      .send({
        code: 'LIU_YOU',
        name: '六有 v2',
        items: [...SIX.map((key) => ({ key, label: key })), { key: 'STAFFING', label: '有人员管理', required: false }],
      })
      .expect(201);
    expect(v2.body).toMatchObject({ version: 2, isCurrent: false, inUse: false });
    const edited = await admin.patch(`/api/v1/audit-standards/${v2.body.id}`).send({ validityMonths: 24 }).expect(200);
    expect(edited.body.validityMonths).toBe(24);
    expect((await certification(station.id)).certified).toBe(true);

    await admin.post(`/api/v1/audit-standards/${v2.body.id}/make-current`).expect(200);
    expect((await certification(station.id)).certification).toBe('NOT_AUDITED');
    const optionalFailed = await record(station.id, '2024-06-07', [...verdicts(), { key: 'STAFFING', passed: false }]);
    expect(optionalFailed.data?.recordStationAudit).toMatchObject({ passed: true, validUntil: '2026-06-06' });
    expect((await certification(station.id)).certified).toBe(true);
    // Leave v1 current for the other tests.
    await admin.post(`/api/v1/audit-standards/${v1.id}/make-current`).expect(200);
  });

  it('refuses standard edits to anyone without AUDIT_STANDARD_MANAGE', async () => {
    const refused = await officer
      .post('/api/v1/audit-standards')
      .send({ code: 'LIU_YOU', name: 'x', items: [{ key: 'A1', label: 'a' }] })
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const duplicate = await admin
      .post('/api/v1/audit-standards')
      .send({
        code: 'LIU_YOU',
        name: 'x',
        items: [
          { key: 'A1', label: 'a' },
          { key: 'A1', label: 'b' },
        ],
      })
      .expect(400);
    expect(duplicate.body.errors[0].field).toBe('items.1.key');
  });

  it('counts certified stations by SQL for the dashboard', async () => {
    const { StationInspectionsService } = await import('../src/care/station-inspections/station-inspections.service.js');
    const [{ path }] = await t.dataSource.query(`SELECT path::text AS path FROM region WHERE code = '431126'`);
    today('2024-06-08');
    const counted = await t.app.get(StationInspectionsService).countCertified(path);
    const listed = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM station_audit a JOIN audit_standard s ON s.id = a.standard_id AND s.is_current WHERE a.passed`,
    );
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(counted).toBeLessThanOrEqual(listed[0].n);
  });
});
