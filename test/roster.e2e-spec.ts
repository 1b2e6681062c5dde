import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { BENCH_TOWNSHIPS, idNumberFor, riderRecord, toCsv, toNdjson, type RosterRecord } from '../bench/roster-data.js';
import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { PersonalDataService } from '../src/common/personal-data/personal-data.service.js';
import { RosterApplier } from '../src/roster/roster-applier.js';
import { RosterRetentionService } from '../src/roster/roster-retention.service.js';
import { RosterSweeper } from '../src/roster/roster-sweeper.service.js';
import { ensureRegion } from './support/actors.js';
import { CONSENT, settle, sleep, type Platform, type SyncBody } from './support/roster.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('platform roster sync', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of BENCH_TOWNSHIPS) await ensureRegion(t.dataSource, code);
  });
  afterAll(() => t.close());

  /** Riders `from`..`from+count-1` of a test platform (own phone prefix so platforms don't share people unless asked). */
  const riders = (from: number, count: number, prefix = '139'): RosterRecord[] =>
    Array.from({ length: count }, (_, i) => riderRecord(from + i, { prefix, sites: 20 }));

  const post = (platform: Platform, body: string | Buffer, query = 'mode=snapshot', type = 'application/x-ndjson', headers: Record<string, string> = {}) =>
    platform
      .post(`/api/v1/roster/syncs?${query}`)
      .set({ 'content-type': type, 'x-consent-ref': CONSENT, ...headers })
      .send(body);

  /** Posts and waits for the outcome. */
  async function sync(
    platform: Platform,
    body: string | Buffer,
    query = 'mode=snapshot',
    type = 'application/x-ndjson',
    headers: Record<string, string> = {},
  ): Promise<SyncBody> {
    const response = await post(platform, body, query, type, headers);
    expect(response.status).toBe(202);
    expect(response.headers.location).toBe(`/api/v1/roster/syncs/${response.body.id}`);
    return settle(platform, response.body.id);
  }

  const activeExternalIds = async (platform: Platform): Promise<string[]> =>
    (
      await t.dataSource.query<{ external_id: string }[]>('SELECT external_id FROM roster_rider WHERE enterprise_id = $1 AND active ORDER BY external_id', [
        platform.enterpriseId,
      ])
    ).map((r) => r.external_id);

  const rosterState = (platform: Platform) =>
    t.dataSource.query('SELECT external_id, active, row_hash, updated_at FROM roster_rider WHERE enterprise_id = $1 ORDER BY external_id', [
      platform.enterpriseId,
    ]);

  const changes = async (platform: Platform, id: string, kind: string) =>
    (await platform.get(`/api/v1/roster/syncs/${id}/changes?kind=${kind}&limit=100`).expect(200)).body.items as {
      externalId: string;
      line: number | null;
      reasonCode: string | null;
      problems?: { code: string; field: string | null; reason: string }[];
      changedFields?: string[];
    }[];

  describe('content types', () => {
    it('takes NDJSON: creates each rider, linked to a new worker, with personal data masked', async () => {
      const platform = await t.asPlatform();
      const result = await sync(platform, toNdjson(riders(1, 5)));
      expect(result).toMatchObject({ status: 'COMMITTED', received: 5, created: 5, updated: 0, unchanged: 0, deactivated: 0, rejected: 0 });
      const listed = await platform.get('/api/v1/roster/workers').expect(200);
      expect(listed.body.items).toHaveLength(5);
      const first = riderRecord(1, { prefix: '139', sites: 20 });
      expect(listed.body.items[0]).toMatchObject({
        externalId: first.externalId,
        phone: `139****${first.phone.slice(-4)}`,
        idNumber: `431***********${first.idNumber!.slice(-4)}`,
        regionCode: first.regionCode,
        active: true,
      });
      expect(listed.body.items[0].name).toContain('*');
      const [{ n }] = await t.dataSource.query(
        'SELECT count(DISTINCT w.id)::int AS n FROM roster_rider r JOIN worker w ON w.id = r.worker_id WHERE r.enterprise_id = $1 AND w.name_cipher IS NOT NULL',
        [platform.enterpriseId],
      );
      expect(n).toBe(5);
    });

    it('takes a JSON array streamed (beyond the 1 MB JSON limit), numbering rows by position', async () => {
      const platform = await t.asPlatform();
      const records = riders(100, 6000, '138');
      const body = JSON.stringify(records, null, 1);
      expect(body.length).toBeGreaterThan(1_048_576);
      const result = await sync(platform, body, 'mode=snapshot', 'application/json');
      expect(result).toMatchObject({ status: 'COMMITTED', received: 6000, created: 6000 });

      const bad = [
        { ...riderRecord(1, { prefix: '138' }), op: 'upsert' },
        { ...riderRecord(2, { prefix: '138' }), phone: '12345', op: 'upsert' },
      ];
      const second = await sync(platform, JSON.stringify(bad), 'mode=delta', 'application/json');
      expect(second.rejectedRows).toEqual([expect.objectContaining({ line: 2, field: 'phone', reasonCode: 'INVALID_PHONE' })]);
    });

    it('takes CSV with a header row', async () => {
      const platform = await t.asPlatform();
      const records = riders(200, 4, '137');
      records[1].name = '欧阳, "小明"';
      const result = await sync(platform, toCsv(records), 'mode=snapshot', 'text/csv');
      expect(result).toMatchObject({ status: 'COMMITTED', received: 4, created: 4 });
      const listed = await platform.get('/api/v1/roster/workers').expect(200);
      expect(listed.body.items.map((r: { name: string }) => r.name)).toContain('欧******"');
    });

    it('takes a gzip-encoded body', async () => {
      const platform = await t.asPlatform();
      const result = await sync(platform, gzipSync(toNdjson(riders(300, 3, '136'))), 'mode=snapshot', 'application/x-ndjson', { 'content-encoding': 'gzip' });
      expect(result).toMatchObject({ status: 'COMMITTED', created: 3 });
    });

    it('refuses other content types (415), a broken JSON array and broken gzip (400), writing nothing', async () => {
      const platform = await t.asPlatform();
      const before = Number((await t.dataSource.query('SELECT count(*)::int AS n FROM roster_sync'))[0].n);
      const xml = await post(platform, '<riders/>', 'mode=snapshot', 'application/xml');
      expect(xml.status).toBe(415);
      expect(xml.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const broken = await post(platform, '[{"externalId":"a"} {"externalId":"b"}]', 'mode=snapshot', 'application/json');
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ code: 'MALFORMED_REQUEST', errors: [{ field: 'body' }] });
      const gzip = await post(platform, 'not gzip at all', 'mode=snapshot', 'application/x-ndjson', { 'content-encoding': 'gzip' });
      expect(gzip.status).toBe(400);
      const unknownColumn = await post(platform, 'externalId,name,salary\n1,张三,100\n', 'mode=snapshot', 'text/csv');
      expect(unknownColumn.status).toBe(400);
      expect(unknownColumn.body.errors[0].field).toBe('salary');
      expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM roster_sync'))[0].n)).toBe(before);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'roster_staging'`);
      expect(n).toBe(0);
    });
  });

  describe('options', () => {
    it('requires a consent reference (header or parameter) and stores it; refuses a bad mode', async () => {
      const platform = await t.asPlatform();
      const missing = await platform
        .post('/api/v1/roster/syncs?mode=snapshot')
        .set('content-type', 'application/x-ndjson')
        .send(toNdjson(riders(1, 1)));
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'consentRef' })]);
      const badMode = await post(platform, toNdjson(riders(1, 1)), 'mode=full');
      expect(badMode.status).toBe(400);
      expect(badMode.body.errors[0].field).toBe('mode');
      expect(await t.dataSource.query('SELECT 1 FROM roster_sync WHERE enterprise_id = $1', [platform.enterpriseId])).toEqual([]);

      const byParam = await platform
        .post('/api/v1/roster/syncs?mode=snapshot&consentRef=pipl-23-xyz')
        .set('content-type', 'application/x-ndjson')
        .send(toNdjson(riders(1, 1)))
        .expect(202);
      expect(await settle(platform, byParam.body.id)).toMatchObject({ status: 'COMMITTED', created: 1 });
      const [{ consent_ref }] = await t.dataSource.query('SELECT consent_ref FROM roster_sync WHERE id = $1', [byParam.body.id]);
      expect(consent_ref).toBe('pipl-23-xyz');
    });

    it('documents the consent header as required in openapi.json, the query parameter as the optional alternative', () => {
      const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
        paths: Record<string, Record<string, { parameters: { name: string; in: string; required?: boolean; description: string }[] }>>;
      };
      const parameters = doc.paths['/api/v1/roster/syncs'].post.parameters;
      const header = parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'x-consent-ref');
      const query = parameters.find((p) => p.in === 'query' && p.name === 'consentRef');
      expect(header).toMatchObject({ required: true });
      expect(query).toMatchObject({ required: false, description: expect.stringContaining('cannot set headers') });
    });

    it('refuses callers other than platform keys', async () => {
      const officer = await t.as(Role.ORG_OFFICER);
      const response = await officer
        .post('/api/v1/roster/syncs?mode=snapshot')
        .set({ 'content-type': 'application/x-ndjson', 'x-consent-ref': CONSENT })
        .send('');
      expect(response.status).toBe(403);
    });
  });

  describe('snapshot and delta', () => {
    it('snapshot: creates new, updates changed, leaves unchanged untouched, deactivates the missing, and lists each', async () => {
      const platform = await t.asPlatform();
      const first = riders(1000, 30, '135');
      await sync(platform, toNdjson(first));
      const before = await rosterState(platform);

      const second = first.slice(1); // r…1000 gone
      second[0] = { ...second[0], siteName: '新站点' }; // r…1001 changed
      second.push(riderRecord(2000, { prefix: '135', sites: 20 })); // new
      const result = await sync(platform, toNdjson(second));
      expect(result).toMatchObject({ status: 'COMMITTED', received: 30, created: 1, updated: 1, unchanged: 28, deactivated: 1, rejected: 0 });

      expect((await changes(platform, result.id, 'created')).map((c) => c.externalId)).toEqual(['r00002000']);
      // An UPDATED change names the fields that changed, never their values.
      expect(await changes(platform, result.id, 'updated')).toEqual([
        expect.objectContaining({ externalId: 'r00001001', line: 1, changedFields: ['siteName'] }),
      ]);
      expect(await changes(platform, result.id, 'deactivated')).toEqual([expect.objectContaining({ externalId: 'r00001000', line: null })]);

      const after = await rosterState(platform);
      const untouched = (rows: { external_id: string; updated_at: Date }[]) =>
        rows.filter((r) => !['r00001000', 'r00001001', 'r00002000'].includes(r.external_id)).map((r) => [r.external_id, r.updated_at.toISOString()]);
      expect(untouched(after)).toEqual(untouched(before));
      expect(after.find((r: { external_id: string }) => r.external_id === 'r00001000')).toMatchObject({ active: false });
    });

    it('snapshot: a rider back after leaving is created again (reactivated)', async () => {
      const platform = await t.asPlatform();
      const records = riders(3000, 10, '134');
      await sync(platform, toNdjson(records));
      await sync(platform, toNdjson(records.slice(1)));
      const back = await sync(platform, toNdjson(records));
      expect(back).toMatchObject({ created: 1, unchanged: 9 });
      expect(await activeExternalIds(platform)).toHaveLength(10);
    });

    it('delta: upserts and deactivates by op; an unknown rider cannot be deactivated', async () => {
      const platform = await t.asPlatform();
      await sync(platform, toNdjson(riders(4000, 5, '133')));
      const ops = [
        { ...riderRecord(4000, { prefix: '133', sites: 20 }), op: 'upsert', siteName: '搬迁后的站点' },
        { externalId: 'r00004001', op: 'deactivate' },
        { ...riderRecord(4100, { prefix: '133', sites: 20 }), op: 'upsert' },
        { externalId: 'nobody', op: 'deactivate' },
      ];
      const base = riders(4200, 76, '133').map((r) => ({ ...r, op: 'upsert' })); // keeps the rejected share under 5%
      const result = await sync(platform, toNdjson([...ops, ...base]), 'mode=delta');
      expect(result).toMatchObject({ status: 'COMMITTED', created: 77, updated: 1, deactivated: 1, rejected: 1 });
      expect(result.rejectedRows).toEqual([expect.objectContaining({ line: 4, externalId: 'nobody', reasonCode: 'UNKNOWN_RIDER' })]);
      // Riders a delta does not mention stay as they are.
      expect(await activeExternalIds(platform)).toEqual(expect.arrayContaining(['r00004002', 'r00004003', 'r00004004']));
      expect(await activeExternalIds(platform)).not.toContain('r00004001');
    });

    it('a dry run reports the same counts and change list and writes nothing to the roster', async () => {
      const platform = await t.asPlatform();
      const records = riders(5000, 20, '132');
      await sync(platform, toNdjson(records));
      const before = await rosterState(platform);
      const [{ n: workersBefore }] = await t.dataSource.query('SELECT count(*)::int AS n FROM worker');

      const next = [...records.slice(1), riderRecord(5100, { prefix: '132', sites: 20 })];
      next[0] = { ...next[0], siteName: '改名站点' };
      const dry = await sync(platform, toNdjson(next), 'mode=snapshot&dryRun=true');
      // Its own status: a client polling for COMMITTED never takes a dry run for a write.
      expect(dry).toMatchObject({ status: 'DRY_RUN_COMPLETE', dryRun: true, created: 1, updated: 1, unchanged: 18, deactivated: 1 });
      const labels = await t.http().get('/api/v1/labels/RosterSyncStatus').expect(200);
      expect(labels.body).toContainEqual({ value: 'DRY_RUN_COMPLETE', zh: '试运行完成', en: 'Dry run complete' });
      expect((await changes(platform, dry.id, 'created')).map((c) => c.externalId)).toEqual(['r00005100']);
      expect(await rosterState(platform)).toEqual(before);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM worker'))[0].n).toBe(workersBefore);

      const real = await sync(platform, toNdjson(next));
      expect(real).toMatchObject({ status: 'COMMITTED', dryRun: false, created: 1, updated: 1, unchanged: 18, deactivated: 1 });
    });

    it('applies two syncs of one platform one after the other', async () => {
      const platform = await t.asPlatform();
      const records = riders(6000, 10, '131');
      const a = await post(platform, toNdjson(records)).expect(202);
      const b = await post(platform, toNdjson([...records, riderRecord(6100, { prefix: '131', sites: 20 })])).expect(202);
      const [first, second] = [await settle(platform, a.body.id), await settle(platform, b.body.id)];
      expect(first).toMatchObject({ status: 'COMMITTED', created: 10 });
      expect(second).toMatchObject({ status: 'COMMITTED', created: 1, unchanged: 10 });
    });
  });

  describe('idempotency', () => {
    it('returns the first sync for the same key and body, and refuses the key with another body (422)', async () => {
      const platform = await t.asPlatform();
      const body = toNdjson(riders(7000, 3, '130'));
      const first = await post(platform, body, 'mode=snapshot', 'application/x-ndjson', { 'idempotency-key': 'k-1' }).expect(202);
      await settle(platform, first.body.id);
      const again = await post(platform, body, 'mode=snapshot', 'application/x-ndjson', { 'idempotency-key': 'k-1' }).expect(202);
      expect(again.body).toMatchObject({ id: first.body.id, status: 'COMMITTED', created: 3 });

      const other = await post(platform, toNdjson(riders(7100, 3, '130')), 'mode=snapshot', 'application/x-ndjson', { 'idempotency-key': 'k-1' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'UNPROCESSABLE', syncId: first.body.id });
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM roster_sync WHERE enterprise_id = $1', [platform.enterpriseId]);
      expect(n).toBe(1);
      expect(await activeExternalIds(platform)).toEqual(['r00007000', 'r00007001', 'r00007002']);
    });
  });

  describe('row validation', () => {
    it('rejects each bad row with its line and reason, applies the rest, and never deactivates a rejected rider', async () => {
      const platform = await t.asPlatform();
      const good = riders(8000, 200, '150');
      const first = await sync(platform, toNdjson(good));

      const base = (n: number) => riderRecord(n, { prefix: '150', sites: 20 });
      const { idNumber: _omit, ...noId } = base(8001);
      const id = idNumberFor(8002);
      const bad: object[] = [
        { ...noId, name: undefined }, //                                        missing name (existing rider r…8001)
        { ...base(8002), phone: '2380013800', gender: 'M', siteLng: 'east' }, //  bad phone, and a gender and a longitude not in the contract
        { ...base(8003), idNumber: id.slice(0, 17) + (id[17] === '0' ? '1' : '0') }, // bad checksum
        { ...base(8004), siteLat: 95 }, //                                        coordinates
        { ...base(8005), regionCode: '431126999' }, //                            unknown region
        { ...base(8300), externalId: 'dup' }, //                                  duplicate …
        { ...base(8301), externalId: 'dup' }, //                                  … of the row before
        { ...base(8302), salary: 1 }, //                                          unknown field
        //                                                                        and a line that is not JSON
      ];
      // The good rows leave out riders 8001–8005: they are sent only as bad rows.
      const kept = good.filter((r) => !['r00008001', 'r00008002', 'r00008003', 'r00008004', 'r00008005'].includes(r.externalId));
      const body = toNdjson([...kept, ...bad]) + '{not json\n';
      const result = await sync(platform, body);
      expect(result).toMatchObject({ status: 'COMMITTED', received: 204, rejected: 9, unchanged: 195, deactivated: 0 });
      const byLine = Object.fromEntries(result.rejectedRows.map((r) => [r.line - 195, [r.reasonCode, r.field]]));
      expect(byLine).toEqual({
        1: ['MISSING_FIELD', 'name'],
        2: ['INVALID_PHONE', 'phone'],
        3: ['INVALID_ID_NUMBER', 'idNumber'],
        4: ['INVALID_COORDINATES', 'siteLat'],
        5: ['UNKNOWN_REGION', 'regionCode'],
        6: ['DUPLICATE_EXTERNAL_ID', 'externalId'],
        7: ['DUPLICATE_EXTERNAL_ID', 'externalId'],
        8: ['UNKNOWN_FIELD', 'salary'],
        9: ['MALFORMED_ROW', null],
      });
      expect(result.rejectedRows.every((r) => r.reason.length > 5)).toBe(true);
      // A rejected row lists every problem it has, not only the first; a gender outside the contract names the allowed values.
      const line2 = result.rejectedRows.find((r) => r.line === 197)!;
      expect(line2.problems.map((p) => [p.code, p.field])).toEqual([
        ['INVALID_PHONE', 'phone'],
        ['INVALID_FIELD', 'gender'],
        ['INVALID_COORDINATES', 'siteLng'],
      ]);
      expect(line2.problems[1].reason).toContain('MALE, FEMALE');
      expect(JSON.stringify(line2)).not.toContain('2380013800');
      const listed = await changes(platform, result.id, 'rejected');
      expect(listed.find((c) => c.line === 197)).toMatchObject({ problems: line2.problems });
      expect(listed.find((c) => c.line === 201)).toMatchObject({
        problems: [{ code: 'DUPLICATE_EXTERNAL_ID', field: 'externalId', reason: expect.any(String) }],
      });
      // Riders 8001–8005 were sent again with bad rows; they stay active even though the snapshot's good rows omit them.
      expect(await activeExternalIds(platform)).toHaveLength(200);
      expect(await changes(platform, result.id, 'rejected')).toHaveLength(9);
      // Staging saw that the first sync's externalIds were distinct (its apply skipped the search
      // for duplicates) and that this one's were not.
      const distinct = await t.dataSource.query('SELECT id, external_ids_distinct AS d FROM roster_sync WHERE id = ANY($1::uuid[])', [[first.id, result.id]]);
      expect(Object.fromEntries(distinct.map((r: { id: string; d: boolean }) => [r.id, r.d]))).toEqual({ [first.id]: true, [result.id]: false });
    });

    it('rejects as duplicates two externalIds that differ only in a lone surrogate (both are stored as U+FFFD)', async () => {
      const platform = await t.asPlatform();
      const rows = riders(8400, 60, '150');
      const body =
        toNdjson(rows) +
        toNdjson([
          { ...riderRecord(8500, { prefix: '150' }), externalId: 'x\ud800' },
          { ...riderRecord(8501, { prefix: '150' }), externalId: 'x\ud801' },
        ]);
      const result = await sync(platform, body);
      expect(result).toMatchObject({ status: 'COMMITTED', created: 60, rejected: 2 });
      expect(result.rejectedRows.map((r) => [r.line, r.reasonCode])).toEqual([
        [61, 'DUPLICATE_EXTERNAL_ID'],
        [62, 'DUPLICATE_EXTERNAL_ID'],
      ]);
    });

    it('fails the whole sync when rejected rows exceed the limit, changing nothing', async () => {
      const platform = await t.asPlatform();
      const records = riders(9000, 10, '151');
      await sync(platform, toNdjson(records));
      const before = await rosterState(platform);
      const next = records.map((r, i) => (i < 2 ? { ...r, phone: 'x' } : { ...r, siteName: '新' }));
      const result = await sync(platform, toNdjson(next));
      expect(result).toMatchObject({ status: 'FAILED', failureCode: 'REJECTED_SHARE_EXCEEDED', received: 10, rejected: 2, updated: 0 });
      expect(result.failureDetails).toMatchObject({ rejected: 2, received: 10, limitPercent: 5 });
      expect(result.rejectedRows.map((r) => r.line)).toEqual([1, 2]);
      expect(await rosterState(platform)).toEqual(before);
    });

    it('refuses a snapshot that would deactivate more than 20% of active riders unless allowed, saying how many', async () => {
      const platform = await t.asPlatform();
      const records = riders(9100, 10, '152');
      await sync(platform, toNdjson(records));
      const refused = await sync(platform, toNdjson(records.slice(0, 7)));
      expect(refused).toMatchObject({ status: 'FAILED', failureCode: 'MASS_DEACTIVATION', deactivated: 0 });
      expect(refused.failureDetails).toMatchObject({ wouldDeactivate: 3, activeRiders: 10 });
      expect(refused.failureReason).toContain('deactivate 3 of 10');
      expect(await activeExternalIds(platform)).toHaveLength(10);

      const allowed = await sync(platform, toNdjson(records.slice(0, 7)), 'mode=snapshot&allowMassDeactivation=true');
      expect(allowed).toMatchObject({ status: 'COMMITTED', deactivated: 3 });
    });
  });

  describe('isolation', () => {
    it('never shows a platform another platform\u2019s syncs (404)', async () => {
      const a = await t.asPlatform();
      const b = await t.asPlatform();
      const result = await sync(a, toNdjson(riders(9500, 2, '153')));
      await b.get(`/api/v1/roster/syncs/${result.id}`).expect(404);
      await b.get(`/api/v1/roster/syncs/${result.id}/changes?kind=created`).expect(404);
      expect((await b.get('/api/v1/roster/syncs').expect(200)).body.items).toEqual([]);
      expect((await b.get('/api/v1/roster/workers').expect(200)).body.items).toEqual([]);
      expect((await a.get('/api/v1/roster/syncs').expect(200)).body.items.map((s: { id: string }) => s.id)).toEqual([result.id]);
    });
  });

  describe('atomic apply', () => {
    it('leaves the roster unchanged and the sync FAILED when the applying connection is killed, and a retry works', async () => {
      const platform = await t.asPlatform();
      const records = riders(9600, 20, '155');
      await sync(platform, toNdjson(records));
      const before = await rosterState(platform);
      const next = [...records.slice(0, 18).map((r) => ({ ...r, siteName: '迁移站点' })), riderRecord(9700, { prefix: '155', sites: 20 })];

      // Hold the change list so the apply stops after writing riders, then kill its connection.
      const blocker = new pg.Client({ connectionString: t.database.url });
      const watcher = new pg.Client({ connectionString: t.database.url });
      await blocker.connect();
      await watcher.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE roster_sync_change IN SHARE MODE');
        const submitted = await post(platform, toNdjson(next)).expect(202);
        let pid: number | undefined;
        for (let i = 0; i < 200 && !pid; i++) {
          // (a transaction sees one snapshot of pg_stat_activity; ask outside it)
          const rows = await watcher.query(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'newforce roster apply' AND wait_event_type = 'Lock' AND datname = current_database()`,
          );
          pid = rows.rows[0]?.pid;
          if (!pid) await sleep(50);
        }
        expect(pid).toBeDefined();
        const [{ updated }] = (await blocker.query(`SELECT count(*)::int AS updated FROM roster_rider WHERE site_name = '迁移站点'`)).rows;
        expect(updated).toBe(0); // not visible: still uncommitted
        await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
        await blocker.query('ROLLBACK');

        const failed = await settle(platform, submitted.body.id);
        expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'APPLY_FAILED' });
        expect(failed.failureReason).toMatch(/unchanged/);
      } finally {
        await blocker.end();
        await watcher.end();
      }
      expect(await rosterState(platform)).toEqual(before);

      const retried = await sync(platform, toNdjson(next));
      expect(retried).toMatchObject({ status: 'COMMITTED', updated: 18, created: 1, deactivated: 2 });
    });

    it('fails a sync whose staged rows were lost (an unlogged table emptied by a database restart), changing nothing', async () => {
      const platform = await t.asPlatform();
      const records = riders(9650, 10, '155');
      await sync(platform, toNdjson(records));
      const before = await rosterState(platform);

      // Hold the platform's apply lock, empty the staged rows as a crash would, then let the apply go on.
      const blocker = new pg.Client({ connectionString: t.database.url });
      await blocker.connect();
      try {
        await blocker.query(`SELECT pg_advisory_lock(hashtextextended('roster_sync:' || $1, 0))`, [platform.enterpriseId]);
        const submitted = await post(platform, toNdjson(records.map((r) => ({ ...r, siteName: '新站点' })))).expect(202);
        await blocker.query(`TRUNCATE roster_staging.s_${(submitted.body.id as string).replace(/-/g, '')}`);
        await blocker.query(`SELECT pg_advisory_unlock(hashtextextended('roster_sync:' || $1, 0))`, [platform.enterpriseId]);
        const failed = await settle(platform, submitted.body.id);
        expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'STAGING_LOST', updated: 0 });
        expect(failed.failureReason).toMatch(/send the sync again/);
      } finally {
        await blocker.end();
      }
      expect(await rosterState(platform)).toEqual(before);
    });
  });

  describe('matching', () => {
    it('links riders of different platforms to one worker by ID number, else by phone', async () => {
      const a = await t.asPlatform();
      const b = await t.asPlatform();
      const person = riderRecord(9800, { prefix: '156' });
      await sync(a, toNdjson([person]));
      await sync(b, toNdjson([{ ...person, externalId: 'b-1', phone: '15699999999' }])); // same ID, other phone
      const known = await t.asWorker('15688887777'); // a worker who signed in by phone
      await sync(
        b,
        toNdjson([
          { ...person, externalId: 'b-1', phone: '15699999999' },
          { ...riderRecord(9801), idNumber: undefined, phone: '15688887777', externalId: 'b-2' },
        ]),
        'mode=delta'.replace('delta', 'snapshot'),
      );
      const rows = await t.dataSource.query<{ external_id: string; worker_id: string }[]>(
        `SELECT external_id, worker_id FROM roster_rider WHERE enterprise_id IN ($1, $2) ORDER BY external_id`,
        [a.enterpriseId, b.enterpriseId],
      );
      const worker = Object.fromEntries(rows.map((r) => [r.external_id, r.worker_id]));
      expect(worker['b-1']).toBe(worker[person.externalId]);
      expect(worker['b-2']).toBe(known.id);
    });

    it('links two rows of one person in one sync to one new worker, and leaves a phone with the person who holds it', async () => {
      const holder = await t.asPlatform();
      const platform = await t.asPlatform();
      const phoneHolder = riderRecord(9721, { prefix: '158' });
      await sync(holder, toNdjson([phoneHolder]));
      const workers = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM worker'))[0].n as number;
      const before = await workers();
      const person = riderRecord(9720, { prefix: '158' });
      const result = await sync(
        platform,
        toNdjson([
          { ...person, externalId: 'c-1' },
          { ...person, externalId: 'c-2', phone: '15800000001' }, // the same ID number, another phone
          { ...riderRecord(9722, { prefix: '158' }), externalId: 'c-3', phone: phoneHolder.phone }, // a new ID number, someone else's phone
        ]),
      );
      expect(result).toMatchObject({ status: 'COMMITTED', created: 3, rejected: 0 });
      expect(await workers()).toBe(before + 2);
      const rows = await t.dataSource.query<{ external_id: string; worker_id: string; phone_index: string | null }[]>(
        `SELECT r.external_id, r.worker_id, w.phone_index FROM roster_rider r JOIN worker w ON w.id = r.worker_id
         WHERE r.enterprise_id IN ($1, $2) ORDER BY r.external_id`,
        [platform.enterpriseId, holder.enterpriseId],
      );
      const of = Object.fromEntries(rows.map((r) => [r.external_id, r]));
      expect(of['c-2'].worker_id).toBe(of['c-1'].worker_id);
      expect(of['c-3'].worker_id).not.toBe(of[phoneHolder.externalId].worker_id);
      expect(of['c-3'].phone_index).toBeNull();
      expect(of[phoneHolder.externalId].phone_index).not.toBeNull();
    });

    it('creates two people for two rows that share a phone but not an ID number, one of them keeping the phone', async () => {
      const platform = await t.asPlatform();
      const first = riderRecord(9730, { prefix: '152' });
      const second = { ...riderRecord(9731, { prefix: '152' }), phone: first.phone };
      const result = await sync(platform, toNdjson([first, second]));
      expect(result).toMatchObject({ status: 'COMMITTED', created: 2, rejected: 0 });
      const rows = await t.dataSource.query<{ external_id: string; worker_id: string; phone_index: string | null }[]>(
        `SELECT r.external_id, r.worker_id, w.phone_index FROM roster_rider r JOIN worker w ON w.id = r.worker_id
         WHERE r.enterprise_id = $1 ORDER BY r.external_id`,
        [platform.enterpriseId],
      );
      expect(rows).toHaveLength(2);
      expect(rows[0].worker_id).not.toBe(rows[1].worker_id);
      expect(rows.filter((r) => r.phone_index !== null)).toHaveLength(1);
    });

    it('applies two platforms creating the same new people at the same time (they deadlock on them): both commit, one worker each', async () => {
      const a = await t.asPlatform();
      const b = await t.asPlatform();
      const people = riders(9900, 41, '152'); // a before the middle one, b after it, in the other order
      const middle = people[20];
      const ofB = (list: RosterRecord[]) => list.map((r) => ({ ...r, externalId: `b-${r.externalId}` }));
      const bodyA = toNdjson(people);
      const bodyB = toNdjson(ofB([...people].reverse()));

      // An uncommitted worker holding the middle person's phone: both syncs insert the people before
      // it, then wait on it; once it is gone, each meets the other's uncommitted people.
      const data = t.app.get(PersonalDataService);
      const blocker = new pg.Client({ connectionString: t.database.url });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('INSERT INTO worker (phone_index, phone_masked) VALUES ($1, $2)', [data.protectPhone(middle.phone).blindIndex, '152****0000']);
        const [postedA, postedB] = await Promise.all([post(a, bodyA).expect(202), post(b, bodyB).expect(202)]);
        for (let i = 0; i < 200; i++) {
          const [{ waiting }] = await t.dataSource.query<{ waiting: number }[]>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
             WHERE application_name = 'newforce roster apply' AND wait_event_type = 'Lock' AND datname = current_database()`,
          );
          if (waiting === 2) break;
          await sleep(50);
        }
        await blocker.query('ROLLBACK');
        const [syncA, syncB] = await Promise.all([settle(a, postedA.body.id), settle(b, postedB.body.id)]);
        expect(syncA).toMatchObject({ status: 'COMMITTED', created: 41 });
        expect(syncB).toMatchObject({ status: 'COMMITTED', created: 41 });
      } finally {
        await blocker.end();
      }
      const rows = await t.dataSource.query<{ external_id: string; worker_id: string }[]>(
        'SELECT external_id, worker_id FROM roster_rider WHERE enterprise_id IN ($1, $2)',
        [a.enterpriseId, b.enterpriseId],
      );
      const worker = Object.fromEntries(rows.map((r) => [r.external_id, r.worker_id]));
      for (const person of people) expect(worker[`b-${person.externalId}`]).toBe(worker[person.externalId]);
      const [{ workers }] = await t.dataSource.query<{ workers: number }[]>(
        'SELECT count(DISTINCT worker_id)::int AS workers FROM roster_rider WHERE enterprise_id IN ($1, $2)',
        [a.enterpriseId, b.enterpriseId],
      );
      expect(workers).toBe(41);
    });

    it('gives new workers and riders time-ordered (v7) ids in line order', async () => {
      const platform = await t.asPlatform();
      const records = riders(9740, 30, '151');
      const before = Date.now();
      await sync(platform, toNdjson(records));
      const rows = await t.dataSource.query<{ line: number; rider_id: string; worker_id: string }[]>(
        `SELECT c.line, r.id AS rider_id, r.worker_id
         FROM roster_rider r JOIN worker w ON w.id = r.worker_id
         JOIN roster_sync_change c ON c.sync_id = r.last_sync_id AND c.external_id = r.external_id
         WHERE r.enterprise_id = $1`,
        [platform.enterpriseId],
      );
      expect(rows).toHaveLength(30);
      const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      for (const row of rows) {
        expect(row.rider_id).toMatch(v7);
        expect(row.worker_id).toMatch(v7);
        expect(parseInt(row.worker_id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(before - 1000);
      }
      const sortedBy = <T>(list: T[], key: (x: T) => string | number) => [...list].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
      expect(sortedBy(rows, (r) => r.worker_id)).toEqual(sortedBy(rows, (r) => r.line));
      expect(sortedBy(rows, (r) => r.rider_id)).toEqual(sortedBy(rows, (r) => r.line));
    });

    it('counts riders whose worker is in the ledger and enters flagged party members as unverified ROSTER_MATCH entries', async () => {
      const member = await t.asWorker('15711112222');
      await t.dataSource.query(
        `INSERT INTO ledger_entry (worker_id, county_code, membership, flow_status, channel, verification) VALUES ($1, '431126', 'FULL', 'LOCAL', 'DOOR_VISIT', 'VERIFIED')`,
        [member.id],
      );
      const platform = await t.asPlatform();
      const inLedger = { ...riderRecord(9900, { prefix: '157' }), idNumber: undefined, phone: '15711112222', partyMember: true };
      const flagged = { ...riderRecord(9901, { prefix: '157' }), partyMember: true };
      const plain = { ...riderRecord(9902, { prefix: '157' }), partyMember: false };

      const ledgerSize = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM ledger_entry'))[0].n as number;
      const before = await ledgerSize();
      const dry = await sync(platform, toNdjson([inLedger, flagged, plain]), 'mode=snapshot&dryRun=true');
      expect(dry).toMatchObject({ matchedPartyMembers: 1, ledgerEntriesCreated: 1 });
      expect(await ledgerSize()).toBe(before);

      const result = await sync(platform, toNdjson([inLedger, flagged, plain]));
      expect(result).toMatchObject({ status: 'COMMITTED', created: 3, matchedPartyMembers: 1, ledgerEntriesCreated: 1 });
      const entries = await t.dataSource.query(
        `SELECT l.channel, l.verification FROM ledger_entry l JOIN roster_rider r ON r.worker_id = l.worker_id WHERE r.external_id = $1 AND r.enterprise_id = $2`,
        [flagged.externalId, platform.enterpriseId],
      );
      expect(entries).toEqual([{ channel: 'ROSTER_MATCH', verification: 'UNVERIFIED' }]);
    });
  });

  describe('retention', () => {
    it('purges riders inactive longer than the retention period, and audits the purge', async () => {
      const platform = await t.asPlatform();
      const records = riders(9950, 10, '158');
      await sync(platform, toNdjson(records));
      await sync(platform, toNdjson(records.slice(0, 9)));
      const clock = t.app.get(Clock);
      try {
        clock.set(new Date(Date.now() + 179 * 86_400_000));
        expect((await t.app.get(RosterRetentionService).purge()).ridersPurged).toBe(0);
        clock.set(new Date(Date.now() + 181 * 86_400_000));
        const report = await t.app.get(RosterRetentionService).purge();
        expect(report.byPlatform[platform.enterpriseId]).toBe(1);
      } finally {
        clock.set(undefined);
      }
      const left = await t.dataSource.query('SELECT external_id FROM roster_rider WHERE enterprise_id = $1', [platform.enterpriseId]);
      expect(left).toHaveLength(9);
      const [entry] = await t.dataSource.query(`SELECT actor_kind, changes FROM audit_entry WHERE action = 'roster.retention.purge' ORDER BY at DESC LIMIT 1`);
      expect(entry.actor_kind).toBe('SYSTEM');
      expect(entry.changes.byPlatform[platform.enterpriseId]).toBe(1);
    });
  });

  describe('syncs a crash left behind', () => {
    it('sweeps them up: a sync left RECEIVING by a dead upload is failed as INTERRUPTED, staging nobody owns is dropped (retention leaves both alone)', async () => {
      const platform = await t.asPlatform();
      const stuck = await sync(platform, toNdjson(riders(9970, 3, '158')));
      const done = await sync(await t.asPlatform(), toNdjson(riders(9980, 3, '158')));
      // As a crash mid-upload leaves one (RECEIVING, part of a body staged), and a crash between an
      // apply's commit and its cleanup the other.
      await t.dataSource.query(`UPDATE roster_sync SET status = 'RECEIVING' WHERE id = $1`, [stuck.id]);
      for (const id of [stuck.id, done.id]) await t.dataSource.query(`CREATE TABLE roster_staging.s_${id.replace(/-/g, '')} (line integer)`);
      const purged = await t.app.get(RosterRetentionService).purge();
      expect(purged).not.toHaveProperty('interruptedUploads');

      const report = await t.app.get(RosterSweeper).sweep();
      expect(report.interrupted).toEqual([stuck.id]);
      expect(report.stagingDropped).toBe(2);
      const failed = (await platform.get(`/api/v1/roster/syncs/${stuck.id}`).expect(200)).body as SyncBody;
      expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'INTERRUPTED' });
      expect(failed.failureReason).toMatch(/Send the sync again/);
      expect(done.status).toBe('COMMITTED');
      expect((await t.dataSource.query(`SELECT status FROM roster_sync WHERE id = $1`, [done.id]))[0].status).toBe('COMMITTED');
      const staging = await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'roster_staging'`);
      expect(staging).toEqual([]);
      const [entry] = await t.dataSource.query(`SELECT actor_kind, changes FROM audit_entry WHERE action = 'roster.sync.interrupt' AND entity_id = $1`, [
        stuck.id,
      ]);
      expect(entry).toMatchObject({ actor_kind: 'SYSTEM', changes: { failureCode: 'INTERRUPTED' } });
    });

    it('fails as INTERRUPTED, instead of applying it, a sync its retried job finds PROCESSING with nobody applying it', async () => {
      const platform = await t.asPlatform();
      const records = riders(9990, 3, '158');
      const left = await sync(platform, toNdjson(records));
      const before = await rosterState(platform);
      // As an applier that died leaves it: PROCESSING, its rows staged, its lease free.
      await t.dataSource.query(`UPDATE roster_sync SET status = 'PROCESSING', failure_code = NULL WHERE id = $1`, [left.id]);
      await t.dataSource.query(`CREATE TABLE roster_staging.s_${left.id.replace(/-/g, '')} (line integer)`);
      await t.app.get(RosterApplier).apply(left.id);
      expect((await platform.get(`/api/v1/roster/syncs/${left.id}`).expect(200)).body).toMatchObject({ status: 'FAILED', failureCode: 'INTERRUPTED' });
      expect(await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'roster_staging'`)).toEqual([]);
      expect(await rosterState(platform)).toEqual(before);
    });
  });

  describe('staff views', () => {
    const SYNCS = `query($first: Int) { rosterSyncs(first: $first) { totalCount edges { node { id status created platform { id name } } } } }`;

    it('lists sync history and counts riders by township and site within the officer\u2019s scope, without N+1', async () => {
      const platforms: Platform[] = [];
      for (let i = 0; i < 6; i++) {
        platforms.push(await t.asPlatform());
        await sync(platforms[i], toNdjson(riders(20_000 + i * 10, 10, '186')));
      }
      const officer = await t.as(Role.ORG_OFFICER);
      const small = await officer.gql<{ rosterSyncs: { totalCount: number; edges: { node: { platform: { name: string } } }[] } }>(SYNCS, { first: 5 });
      expect(small.errors).toBeUndefined();
      expect(small.data!.rosterSyncs.totalCount).toBeGreaterThan(5);
      expect(small.data!.rosterSyncs.edges[0].node.platform.name).toMatch(/^平台/);
      const { count: five } = await t.queries.measure(() => officer.gql(SYNCS, { first: 5 }));
      const { count: fifty } = await t.queries.measure(() => officer.gql(SYNCS, { first: 50 }));
      expect(fifty).toBe(five);

      const counts = await officer.gql<{
        rosterCounts: { activeRiders: number; byTownship: { regionCode: string; riders: number }[]; bySite: { riders: number }[] };
      }>(
        `query($p: ID) { rosterCounts(topSites: 3, platformId: $p) { activeRiders workers byTownship { regionCode regionName riders } bySite { siteName riders platforms } } }`,
        { p: platforms[0].enterpriseId },
      );
      expect(counts.errors).toBeUndefined();
      expect(counts.data!.rosterCounts.activeRiders).toBe(10);
      expect(counts.data!.rosterCounts.byTownship.reduce((sum, row) => sum + row.riders, 0)).toBe(10);
      expect(counts.data!.rosterCounts.bySite).toHaveLength(3);

      const township = await officer.gql<{ rosterCounts: { byTownship: { regionCode: string }[] } }>(
        `{ rosterCounts(regionCode: "431126100") { byTownship { regionCode } } }`,
      );
      expect(township.data!.rosterCounts.byTownship.map((r) => r.regionCode)).toEqual(['431126100']);

      const elsewhere = await t.as(Role.ORG_OFFICER, { regionCode: '431127' });
      // (one root field per request: the access guard authenticates each field of a request concurrently)
      expect((await elsewhere.gql('{ rosterSyncs(first: 5) { totalCount } }')).data).toEqual({ rosterSyncs: { totalCount: 0 } });
      expect((await elsewhere.gql('{ rosterCounts { activeRiders } }')).data).toEqual({ rosterCounts: { activeRiders: 0 } });
    });
  });

  describe('personal data', () => {
    it('stores no name, phone or ID number in plain text, and leaves no staging behind', async () => {
      const platform = await t.asPlatform();
      const record = { ...riderRecord(9990, { prefix: '159' }), name: '司马相如' };
      await sync(platform, toNdjson([record]));
      const columns: { table_name: string; column_name: string }[] = await t.dataSource.query(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')`,
      );
      for (const { table_name, column_name } of columns) {
        for (const needle of [record.phone, record.idNumber!, record.name]) {
          const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE position($1 in "${column_name}"::text) > 0`, [needle]);
          expect([table_name, column_name, n]).toEqual([table_name, column_name, 0]);
        }
      }
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'roster_staging'`);
      expect(n).toBe(0);
    });
  });
});
