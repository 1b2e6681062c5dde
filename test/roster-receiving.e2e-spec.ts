import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_TOWNSHIPS, riderRecord, toNdjson, type RosterRecord } from '../bench/roster-data.js';
import { ensureRegion } from './support/actors.js';
import { CONSENT, settle, sleep, type Platform, type SyncBody } from './support/roster.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A big sync is applied while its body is still arriving (ROSTER_APPLY_WHILE_RECEIVING_ROWS). Here
// "big" is 500 rows, staged 500 at a time, and bodies arrive in two pieces, the second the last
// 1,000 rows: the test waits between them until the apply has written riders, so every sync below
// really is applied that way. (The first piece is 3,000 rows or more: staging keeps four batches of
// rows in flight before it writes the first.)

const IDLE_SECONDS = 3;

describe('roster sync applied while it is received', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({
      env: { ROSTER_APPLY_WHILE_RECEIVING_ROWS: '500', ROSTER_STAGE_COMMIT_ROWS: '500', ROSTER_UPLOAD_IDLE_SECONDS: String(IDLE_SECONDS) },
    });
    for (const code of BENCH_TOWNSHIPS) await ensureRegion(t.dataSource, code);
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Riders `from`..`from+count-1` (each test its own range: ID numbers depend on `n` alone). */
  const riders = (from: number, count: number): RosterRecord[] => Array.from({ length: count }, (_, i) => riderRecord(from + i, { sites: 20 }));

  const rosterState = (platform: Platform) =>
    t.dataSource.query('SELECT external_id, active, row_hash, worker_id, updated_at FROM roster_rider WHERE enterprise_id = $1 ORDER BY external_id', [
      platform.enterpriseId,
    ]);

  const stagingTables = async () =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'roster_staging'`))[0].n;

  // Whether the apply transaction holds `relation` in `mode`: RowExclusiveLock on roster_rider once
  // it has written riders (not yet committed), AccessShareLock on worker once it has matched a chunk.
  async function applyHolds(relation = 'roster_rider', mode = 'RowExclusiveLock'): Promise<boolean> {
    const rows = await t.dataSource.query(
      `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE a.application_name = 'newforce roster apply' AND a.datname = current_database()
         AND l.relation = $1::regclass AND l.mode = $2`,
      [relation, mode],
    );
    return rows.length > 0;
  }
  const applyHasWritten = () => applyHolds();
  const applyHasMatched = () => applyHolds('worker', 'AccessShareLock');

  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (await check()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  /**
   * Posts records as NDJSON (or a JSON array) in two pieces. After the first, waits until the apply
   * has matched a chunk, then runs `meanwhile` (the body is still open), then sends the last 1,000
   * rows (unless `meanwhile` returns 'abort': the connection is then cut).
   */
  function postInPieces(
    platform: Platform,
    records: RosterRecord[],
    query = 'mode=snapshot',
    meanwhile: () => Promise<void | 'abort'> = async () => undefined,
    type: 'application/x-ndjson' | 'application/json' = 'application/x-ndjson',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const [head, tail] = [records.slice(0, -1000), records.slice(-1000)];
    const pieces =
      type === 'application/json'
        ? [`[${head.map((r) => JSON.stringify(r)).join(',')}`, `,${tail.map((r) => JSON.stringify(r)).join(',')}]`]
        : [toNdjson(head), toNdjson(tail)];
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/v1/roster/syncs?${query}`,
          headers: { 'content-type': type, 'x-api-key': platform.token, 'x-consent-ref': CONSENT, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
        },
      );
      req.on('error', reject);
      void (async () => {
        req.write(pieces[0]);
        await until('the apply has matched a chunk', applyHasMatched);
        if ((await meanwhile()) === 'abort') {
          req.destroy();
          resolve({ status: 0, body: {} });
          return;
        }
        req.end(pieces[1]);
      })().catch(reject);
    });
  }

  async function syncInPieces(
    platform: Platform,
    records: RosterRecord[],
    query = 'mode=snapshot',
    meanwhile?: () => Promise<void | 'abort'>,
  ): Promise<SyncBody> {
    const response = await postInPieces(platform, records, query, meanwhile);
    expect(response.status).toBe(202);
    return settle(platform, response.body.id as string);
  }

  it('writes riders before the body has ended, shows nothing until it commits, and then counts every change', async () => {
    const platform = await t.asPlatform();
    const records = riders(10_000, 4000);
    const first = await syncInPieces(platform, records, 'mode=snapshot', async () => {
      await until('the apply has written riders', applyHasWritten);
      // Applying, not yet received whole: the roster shows none of it.
      const list = await platform.get('/api/v1/roster/syncs').expect(200);
      expect(list.body.items[0].status).toBe('RECEIVING');
      expect(await rosterState(platform)).toEqual([]);
    });
    expect(first).toMatchObject({ status: 'COMMITTED', received: 4000, created: 4000, updated: 0, deactivated: 0, rejected: 0 });
    const stored = await rosterState(platform);
    expect(stored).toHaveLength(4000);
    expect(new Set(stored.map((r: { worker_id: string }) => r.worker_id)).size).toBe(4000);

    // 30 changed, 20 gone, 20 new: the same counts a sync applied as a whole gives.
    const next = [...records.slice(0, 30).map((r) => ({ ...r, siteName: '迁移站点' })), ...records.slice(30, 3980), ...riders(14_000, 20)];
    const second = await syncInPieces(platform, next);
    expect(second).toMatchObject({ status: 'COMMITTED', received: 4000, created: 20, updated: 30, unchanged: 3950, deactivated: 20, rejected: 0 });
    const deactivated = await platform.get(`/api/v1/roster/syncs/${second.id}/changes?kind=DEACTIVATED&limit=100`).expect(200);
    expect(deactivated.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(records.slice(3980).map((r) => r.externalId));
    const active = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM roster_rider WHERE enterprise_id = $1 AND active', [
      platform.enterpriseId,
    ]);
    expect(active[0].n).toBe(4000);
    expect(await stagingTables()).toBe(0);
  });

  it('applies a delta: upserts and deactivations by op', async () => {
    const platform = await t.asPlatform();
    const records = riders(15_000, 4000);
    await syncInPieces(platform, records);
    const delta = [
      ...records.slice(0, 3970).map((r, i) => ({ ...r, op: 'upsert', ...(i < 10 ? { siteName: '迁移站点' } : {}) })),
      ...riders(19_000, 5).map((r) => ({ ...r, op: 'upsert' })),
      ...records.slice(3970).map((r) => ({ externalId: r.externalId, op: 'deactivate' })),
    ] as RosterRecord[];
    const result = await syncInPieces(platform, delta, 'mode=delta');
    expect(result).toMatchObject({ status: 'COMMITTED', received: 4005, created: 5, updated: 10, unchanged: 3960, deactivated: 30, rejected: 0 });
    const inactive = await t.dataSource.query<{ external_id: string }[]>(
      'SELECT external_id FROM roster_rider WHERE enterprise_id = $1 AND NOT active ORDER BY external_id',
      [platform.enterpriseId],
    );
    expect(inactive.map((r) => r.external_id)).toEqual(records.slice(3970).map((r) => r.externalId));
  });

  it('writes nothing for a dry run', async () => {
    const platform = await t.asPlatform();
    const records = riders(20_000, 4000);
    const first = await syncInPieces(platform, records);
    expect(first.status).toBe('COMMITTED');
    const before = await rosterState(platform);
    const dry = await syncInPieces(
      platform,
      [...records.slice(0, 10).map((r) => ({ ...r, siteName: '迁移站点' })), ...records.slice(10, 3990), ...riders(25_000, 1500)],
      'mode=snapshot&dryRun=true',
    );
    expect(dry).toMatchObject({ status: 'DRY_RUN_COMPLETE', created: 1500, updated: 10, unchanged: 3980, deactivated: 10 });
    expect(await rosterState(platform)).toEqual(before);
  });

  it('applies a sync whose externalIds repeat (across chunks, within one) as a whole: those rows rejected, the rest applied', async () => {
    const platform = await t.asPlatform();
    const records = riders(30_000, 4000);
    records[3500] = { ...records[3500], externalId: records[10].externalId };
    records[21] = { ...records[21], externalId: records[20].externalId };
    const result = await syncInPieces(platform, records);
    expect(result).toMatchObject({ status: 'COMMITTED', received: 4000, created: 3996, rejected: 4 });
    const rejected = await platform.get(`/api/v1/roster/syncs/${result.id}/changes?kind=REJECTED`).expect(200);
    expect(rejected.body.items.map((c: { line: number; reasonCode: string }) => [c.line, c.reasonCode])).toEqual([
      [11, 'DUPLICATE_EXTERNAL_ID'],
      [21, 'DUPLICATE_EXTERNAL_ID'],
      [22, 'DUPLICATE_EXTERNAL_ID'],
      [3501, 'DUPLICATE_EXTERNAL_ID'],
    ]);
    expect(await rosterState(platform)).toHaveLength(3996);
  });

  it('refuses mass deactivation and too many rejected rows as a whole sync would, changing nothing', async () => {
    const platform = await t.asPlatform();
    const records = riders(40_000, 4000);
    await syncInPieces(platform, records);
    const before = await rosterState(platform);

    const shrunk = await syncInPieces(platform, [...records.slice(0, 2400), ...riders(44_000, 2400)]);
    expect(shrunk).toMatchObject({ status: 'FAILED', failureCode: 'MASS_DEACTIVATION', deactivated: 0, created: 0 });
    expect(shrunk.failureReason).toMatch(/deactivate 1600 of 4000/);
    expect(await rosterState(platform)).toEqual(before);

    const bad = [...records.slice(0, 3600), ...riders(47_000, 400).map((r) => ({ ...r, phone: '12345' }))];
    const refused = await syncInPieces(platform, bad);
    expect(refused).toMatchObject({ status: 'FAILED', failureCode: 'REJECTED_SHARE_EXCEEDED', rejected: 400, updated: 0 });
    expect(await rosterState(platform)).toEqual(before);
  });

  it('links rows of one new person in different chunks to one worker and enters them in the ledger once', async () => {
    const platform = await t.asPlatform();
    const records = riders(50_000, 4000).map((r) => ({ ...r, partyMember: false }));
    records[3900] = { ...records[3900], phone: records[4].phone, idNumber: records[4].idNumber, partyMember: true };
    records[4] = { ...records[4], partyMember: true };
    const result = await syncInPieces(platform, records);
    expect(result).toMatchObject({ status: 'COMMITTED', created: 4000, matchedPartyMembers: 0, ledgerEntriesCreated: 1 });
    const linked = await t.dataSource.query<{ worker_id: string }[]>('SELECT worker_id FROM roster_rider WHERE enterprise_id = $1 AND external_id = ANY($2)', [
      platform.enterpriseId,
      [records[4].externalId, records[3900].externalId],
    ]);
    expect(linked).toHaveLength(2);
    expect(linked[0].worker_id).toBe(linked[1].worker_id);
  });

  it('keeps nothing of an upload cut off while it was being applied', async () => {
    const platform = await t.asPlatform();
    const response = await postInPieces(platform, riders(60_000, 4000), 'mode=snapshot', async () => 'abort');
    expect(response.status).toBe(0);
    await until('the apply has stopped', async () => !(await applyHasMatched()));
    await until('the upload is cleaned up', async () => (await stagingTables()) === 0);
    expect(await rosterState(platform)).toEqual([]);
    const list = await platform.get('/api/v1/roster/syncs').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('fails a sync whose body stops arriving, changing nothing, and says so to the late upload (a JSON array)', async () => {
    const platform = await t.asPlatform();
    const records = riders(70_000, 4000);
    await syncInPieces(platform, records);
    const before = await rosterState(platform);
    const stalled = async () => {
      await sleep((IDLE_SECONDS + 1.5) * 1000);
    };
    // The rest of the body is read and dropped: the JSON array is then cut short, which is no error.
    const response = await postInPieces(
      platform,
      records.map((r) => ({ ...r, siteName: '迁移站点' })),
      'mode=snapshot',
      stalled,
      'application/json',
    );
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'FAILED', failureCode: 'UPLOAD_STALLED' });
    expect(response.body.failureReason).toMatch(/No rows of this sync arrived/);
    expect(await rosterState(platform)).toEqual(before);
    await until('the staging is dropped', async () => (await stagingTables()) === 0);
  });
});
