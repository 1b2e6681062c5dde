import ExcelJS from 'exceljs';
import { Role } from '../src/access/role.enum.js';
import { shanghaiDate } from '../src/common/clock/shanghai.js';
import type { ActorClient } from './support/actors.js';
import { DashboardFixtures } from './support/dashboard-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const A = '431126100';
const B = '431126101';
const MANY = 2_300; // more than two keyset batches of 1,000

const binary = (res: unknown, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

const day = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));

/** Downloads an export and reads it back: title, headers and data rows (cell values). */
async function download(client: ActorClient, path: string) {
  const response = await client
    .get(path)
    .buffer(true)
    .parse(binary as never);
  if (response.status !== 200)
    return { status: response.status, body: JSON.parse(String(response.body)) as Record<string, unknown>, headers: response.headers };
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row, number) => {
    if (number > 2) rows.push((row.values as unknown[]).slice(1));
  });
  return {
    status: 200,
    headers: response.headers,
    title: sheet.getRow(1).getCell(1).value as string,
    header: (sheet.getRow(2).values as string[]).slice(1),
    rows,
  };
}

describe('dashboard exports (导出)', () => {
  let t: TestApp;
  let county: ActorClient;
  let reporterId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new DashboardFixtures(t.dataSource);
    for (const code of [A, B, '431127100']) await f.region(code);

    const certified = await f.station(A, 'OPEN', '2024-01-01T00:00:00+08:00', undefined, 'EX-001');
    await f.audit(certified, day(-10), true, day(300));
    await t.dataSource.query(`INSERT INTO station_amenity (station_id, amenity, working) VALUES ($1, 'WIFI', true), ($1, 'MICROWAVE', false)`, [certified]);
    const expired = await f.station(A, 'SUSPENDED', '2024-01-01T00:00:00+08:00', undefined, 'EX-002');
    await f.audit(expired, day(-400), true, day(-35));
    const rectifying = await f.station(B, 'OPEN', '2024-01-01T00:00:00+08:00', undefined, 'EX-003');
    await f.audit(rectifying, day(-5), false, day(360));
    await f.station(B, 'PLANNED', '2024-01-01T00:00:00+08:00', undefined, 'EX-004');
    await f.station(B, 'CLOSED', '2024-01-01T00:00:00+08:00', undefined, 'EX-005');
    await f.station('431127100', 'OPEN', '2024-01-01T00:00:00+08:00', undefined, 'EX-900');

    const breakfast = await f.event(A, 'FREE_MEAL', 'COMPLETED', '2024-01-20T07:00:00+08:00', { servedCount: 100 });
    void breakfast;
    const check = await f.event(B, 'HEALTH_CHECK', 'COMPLETED', '2024-02-05T09:00:00+08:00', { registrationRequired: true });
    await f.registration(check, true);
    await f.registration(check, false);
    await f.registration(check, false, 'WAITLISTED');
    await f.event('431127100', 'FREE_MEAL', 'COMPLETED', '2024-01-20T07:00:00+08:00', { servedCount: 80 });

    // One problem with a timeline (the reporter's own step among them), then many more for the batches.
    const first = await f.issue(A, 'RESOLVED', '2024-01-18T08:00:00+08:00', '2024-01-20T10:00:00+08:00', '2024-01-21T08:00:00+08:00');
    [{ reporter_worker_id: reporterId }] = await t.dataSource.query('SELECT reporter_worker_id FROM governance_issue WHERE id = $1', [first]);
    const staff = await f.staff('GRID_WORKER', A);
    await t.dataSource.query(
      `INSERT INTO governance_issue_event (issue_id, at, action, from_status, to_status, actor_kind, actor_id, actor_role, note) VALUES
       ($1, '2024-01-18T08:00:00+08:00', 'REPORT', NULL, 'REPORTED', 'WORKER', $2, NULL, NULL),
       ($1, '2024-01-18T09:00:00+08:00', 'ACCEPT', 'REPORTED', 'ACCEPTED', 'STAFF', $3, 'GRID_WORKER', NULL),
       ($1, '2024-01-20T10:00:00+08:00', 'RESOLVE', 'IN_PROGRESS', 'RESOLVED', 'STAFF', $3, 'GRID_WORKER', '已修复')`,
      [first, reporterId, staff],
    );
    await t.dataSource.query(
      `INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, township_id, county_code, reporter_worker_id, status)
       SELECT timestamptz '2024-02-01 00:00:00+08' + g * interval '1 minute', c.id, '问题' || g, 25.6, 111.9, '{}',
              CASE WHEN g % 2 = 0 THEN (SELECT id FROM region WHERE code = $1) ELSE (SELECT id FROM region WHERE code = $2) END, '431126', $3, 'REPORTED'
       FROM generate_series(1, $4) g, issue_category c WHERE c.code = 'OTHER'`,
      [A, B, reporterId, MANY],
    );
    await f.issue('431127100', 'REPORTED', '2024-01-18T08:00:00+08:00', null, null);

    county = await t.as(Role.ORG_OFFICER, { regionCode: '431126' });
  });
  afterAll(() => t.close());

  it('streams stations with their six-item status as .xlsx with Chinese headers, read back equal to the database', async () => {
    const file = await download(county, '/api/v1/exports/stations?regionCode=431126');
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain(XLSX);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="stations-431126.xlsx"; filename\*=UTF-8''/);
    expect(file.header!.slice(0, 4)).toEqual(['序号', '驿站编号', '驿站名称', '类型']);
    const rows = file.rows!.map((r) => ({ code: r[1], status: r[8], certification: r[11], amenities: r[15] }));
    expect(rows).toEqual([
      { code: 'EX-001', status: '运营中', certification: '已达标', amenities: '微波炉!、无线网络' },
      { code: 'EX-002', status: '暂停服务', certification: '已过期', amenities: undefined },
      { code: 'EX-003', status: '运营中', certification: '整改中', amenities: undefined },
      { code: 'EX-004', status: '筹建中', certification: '未评估', amenities: undefined },
    ]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM station WHERE county_code = '431126' AND status <> 'CLOSED'`);
    expect(file.rows).toHaveLength(n);
  });

  it('streams events with sign-ups and attendance', async () => {
    const file = await download(county, '/api/v1/exports/events?regionCode=431126');
    expect(file.header).toContain('签到人数');
    expect(file.rows!.map((r) => [r[2], r[12], r[13], r[15], r[16], r[17]])).toEqual([
      ['爱心早餐', 0, 0, 0, 100, 100],
      ['义诊义检', 2, 1, 1, 0, 1],
    ]);
  });

  it('streams every governance problem of the region across keyset batches, with its timeline and never the reporter', async () => {
    const file = await download(county, '/api/v1/exports/governance-issues?regionCode=431126');
    expect(file.status).toBe(200);
    const stored: { id: string }[] = await t.dataSource.query(`SELECT id FROM governance_issue WHERE county_code = '431126' ORDER BY reported_at, id`);
    expect(file.rows!.map((r) => r[1])).toEqual(stored.map((s) => s.id));
    const [first] = file.rows!;
    expect(first[3]).toBe('环境卫生');
    expect(first[4]).toBe('已办结');
    expect(first[19]).toBe('2024-01-18 08:00 劳动者 上报 → 已上报\n2024-01-18 09:00 网格员 受理 → 已受理\n2024-01-20 10:00 网格员 办结 → 已办结：已修复');
    const text = JSON.stringify(file.rows);
    expect(text).not.toContain(reporterId);
    const [audit] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_entry WHERE action = 'dashboard.export.governance_issues'`);
    expect(audit.actor_id).toBe(county.id);
    expect(audit.changes).toMatchObject({ regionCode: '431126' });
  });

  it('filters problems by the report period, half-open', async () => {
    const file = await download(
      county,
      `/api/v1/exports/governance-issues?regionCode=431126&from=${encodeURIComponent('2024-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2024-02-01T00:02:00+08:00')}`,
    );
    expect(file.rows!.map((r) => r[5])).toEqual(['路灯不亮', '问题1']);
  });

  it('gives a township officer only their township and refuses other regions with 404', async () => {
    const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: B });
    const own = await download(township, `/api/v1/exports/governance-issues?regionCode=${B}`);
    expect(own.rows).toHaveLength(MANY / 2);
    for (const code of ['431126', A]) {
      const refused = await download(township, `/api/v1/exports/stations?regionCode=${code}`);
      expect(refused.status).toBe(404);
      expect(refused.body!.code).toBe('NOT_FOUND');
    }
    const audits = await t.dataSource.query(`SELECT 1 FROM audit_entry WHERE action = 'dashboard.export.stations' AND actor_id = $1`, [township.id]);
    expect(audits).toHaveLength(0);
  });

  it('refuses a malformed region code naming the field, and callers without the permission', async () => {
    const bad = await download(county, '/api/v1/exports/events?regionCode=abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('regionCode');
    const worker = await t.asWorker();
    expect((await download(worker, '/api/v1/exports/stations?regionCode=431126')).status).toBe(403);
    const manager = await t.as(Role.STATION_MANAGER);
    expect((await download(manager, '/api/v1/exports/ledger?countyCode=431126')).status).toBe(403);
  });

  it('reuses the ledger export under /exports/ledger', async () => {
    const file = await download(county, '/api/v1/exports/ledger?countyCode=431126');
    expect(file.status).toBe(200);
    expect(file.title).toBe('新就业群体党员“五个清”台账');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="ledger-431126.xlsx"/);
  });
});
