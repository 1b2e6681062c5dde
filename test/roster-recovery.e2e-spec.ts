import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { BENCH_TOWNSHIPS, riderRecord, toNdjson, type RosterRecord } from '../bench/roster-data.js';
import type PgBoss from 'pg-boss';
import { RosterApplier } from '../src/roster/roster-applier.js';
import { RosterJobs } from '../src/roster/roster-jobs.service.js';
import { RosterSweeper } from '../src/roster/roster-sweeper.service.js';
import { ensureRegion } from './support/actors.js';
import { startDatabaseProxy } from './support/database-proxy.js';
import { CONSENT, openUpload, settle, sleep, type Platform, type SyncBody } from './support/roster.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// What happens to a sync when the server dies under it, and to syncs of one platform that overlap.
// A crash is a real one as far as PostgreSQL can tell: the first app reaches the database through a
// proxy that the test cuts, so its backends see their sockets close and it can write nothing after.
// The app is then started again on the same database.

const LONG = 180_000;

describe('roster syncs across a crash and out of order', () => {
  let database: TestDatabase;
  let t: TestApp; // the app after the restart
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  /** Riders `from`..`from+count-1` (each test its own range). */
  const riders = (from: number, count: number): RosterRecord[] => Array.from({ length: count }, (_, i) => riderRecord(from + i, { prefix: '166', sites: 20 }));
  const at = (records: RosterRecord[], siteName: string) => records.map((r) => ({ ...r, siteName }));

  const post = (platform: Platform, records: RosterRecord[], query = 'mode=snapshot') =>
    platform.post(`/api/v1/roster/syncs?${query}`).set({ 'content-type': 'application/x-ndjson', 'x-consent-ref': CONSENT }).send(toNdjson(records));

  async function sync(platform: Platform, records: RosterRecord[], query = 'mode=snapshot'): Promise<SyncBody> {
    const response = await post(platform, records, query).expect(202);
    return settle(platform, response.body.id as string);
  }

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const siteNames = async (enterpriseId: string) =>
    (
      await query<{ site_name: string; n: number }>(
        'SELECT site_name, count(*)::int AS n FROM roster_rider WHERE enterprise_id = $1 AND active GROUP BY 1 ORDER BY 1',
        [enterpriseId],
      )
    ).map((r) => [r.site_name, r.n]);

  const stagingOf = (syncId: string) => `roster_staging.s_${syncId.replace(/-/g, '')}`;
  const staged = async (syncId: string) => (await query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [stagingOf(syncId)]))[0].present;

  const statusOf = async (syncId: string) =>
    (await query<{ status: string; failure_code: string | null }>('SELECT status, failure_code FROM roster_sync WHERE id = $1', [syncId]))[0];

  async function until(what: string, check: () => Promise<boolean>, seconds = 30): Promise<void> {
    for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
      if (await check()) return;
      await sleep(50);
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  // A backend of this database's apply that waits for a lock (the platform's, held by the test).
  const applyWaits = async () =>
    (
      await query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'newforce roster apply' AND wait_event_type = 'Lock'`,
      )
    ).length > 0;

  // The lock each apply of a platform takes first (RosterApplier), held by the test to keep applies waiting.
  const lockPlatform = (client: pg.Client, enterpriseId: string) =>
    client.query(`SELECT pg_advisory_lock(hashtextextended('roster_sync:' || $1, 0))`, [enterpriseId]);
  const unlockPlatform = (client: pg.Client, enterpriseId: string) =>
    client.query(`SELECT pg_advisory_unlock(hashtextextended('roster_sync:' || $1, 0))`, [enterpriseId]);

  async function listen(app: TestApp): Promise<number> {
    const server = app.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  // A killed process does nothing more. The app here lives on in the test's process, so its job
  // queue is set to answer nothing, as pg-boss's own database does once closed: pg-boss completes
  // or fails the job it was running without awaiting either, which with the database gone would
  // end as an unhandled rejection.
  function silenceJobs(app: TestApp): void {
    const boss = (app.app.get(RosterJobs) as unknown as { boss: PgBoss }).boss;
    (boss.getDb() as unknown as { opened: boolean }).opened = false;
  }

  it(
    'fails as INTERRUPTED, once the app is up again, the syncs a killed server was receiving and applying, drops their staging, and never applies them later',
    async () => {
      const proxy = await startDatabaseProxy(database.url);
      const crashed = await startTestApp({ database, databaseUrl: proxy.url });
      for (const code of BENCH_TOWNSHIPS) await ensureRegion(crashed.dataSource, code);
      const platform = await crashed.asPlatform();
      const uploader = await crashed.asPlatform();
      const records = riders(1, 40);
      expect(await sync(platform, records)).toMatchObject({ status: 'COMMITTED', created: 40 });
      const before = await siteNames(platform.enterpriseId);

      const blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
      let applying: string;
      let receiving: string;
      try {
        // One sync being applied (held at the platform's lock), another being received (half its body in).
        await lockPlatform(blocker, platform.enterpriseId);
        applying = (await post(platform, at(records, '旧站点')).expect(202)).body.id as string;
        await until('the apply waits for the platform', applyWaits);
        const upload = openUpload(await listen(crashed), uploader);
        upload.send(toNdjson(riders(100, 20)));
        await until('the upload has its staging table', async () => {
          const [row] = await query<{ id: string }>(`SELECT id FROM roster_sync WHERE enterprise_id = $1 AND status = 'RECEIVING'`, [uploader.enterpriseId]);
          receiving = row?.id;
          return Boolean(receiving) && (await staged(receiving));
        });

        // The server dies: its connections close and it writes nothing more.
        silenceJobs(crashed);
        await proxy.cut();
        upload.abort();
        await unlockPlatform(blocker, platform.enterpriseId);
      } finally {
        await blocker.end();
      }
      await crashed.close().catch(() => undefined);
      await until(
        'the dead server\u2019s backends are gone',
        async () => (await query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'newforce%'`)).length === 0,
      );
      expect(await statusOf(applying)).toMatchObject({ status: 'PROCESSING' });
      expect(await statusOf(receiving!)).toMatchObject({ status: 'RECEIVING' });

      // Up again on the same database: both are failed within seconds, and their staged rows are gone.
      t = await startTestApp({ database });
      port = await listen(t);
      await until('both syncs are failed', async () => (await statusOf(applying)).status === 'FAILED' && (await statusOf(receiving)).status === 'FAILED', 20);
      const [failedApply, failedUpload] = [
        (await (await t.asPlatform(platform.enterpriseId)).get(`/api/v1/roster/syncs/${applying}`).expect(200)).body as SyncBody,
        (await (await t.asPlatform(uploader.enterpriseId)).get(`/api/v1/roster/syncs/${receiving!}`).expect(200)).body as SyncBody,
      ];
      expect(failedApply).toMatchObject({ status: 'FAILED', failureCode: 'INTERRUPTED', updated: 0 });
      expect(failedApply.failureReason).toMatch(/send the sync again/i);
      expect(failedUpload).toMatchObject({ status: 'FAILED', failureCode: 'INTERRUPTED' });
      expect(await staged(applying)).toBe(false);
      expect(await staged(receiving!)).toBe(false);
      expect(await siteNames(platform.enterpriseId)).toEqual(before);
      // Each platform hears of its interrupted sync as roster.sync.failed (issue 18).
      const failedEvents = await query(
        `SELECT subject_key, payload->>'failureCode' AS code, platform_id FROM event_outbox WHERE type = 'roster.sync.failed' ORDER BY sequence`,
      );
      expect(failedEvents).toEqual(
        expect.arrayContaining([
          { subject_key: `roster-sync:${applying}`, code: 'INTERRUPTED', platform_id: platform.enterpriseId },
          { subject_key: `roster-sync:${receiving!}`, code: 'INTERRUPTED', platform_id: uploader.enterpriseId },
        ]),
      );

      // A newer sync commits; the dead one's job, retried by pg-boss, changes nothing.
      const again = await t.asPlatform(platform.enterpriseId);
      expect(await sync(again, at(records, '新站点'))).toMatchObject({ status: 'COMMITTED', updated: 40 });
      await t.app.get(RosterApplier).apply(applying);
      expect(await statusOf(applying)).toEqual({ status: 'FAILED', failure_code: 'INTERRUPTED' });
      expect(await siteNames(platform.enterpriseId)).toEqual([['新站点', 40]]);
    },
    LONG,
  );

  it(
    'answers an upload whose rows cannot be stored midway with problem+json, keeping nothing',
    async () => {
      const platform = await t.asPlatform();
      const upload = openUpload(port, platform);
      upload.send(toNdjson(riders(200, 3000)));
      let syncId = '';
      await until('the upload is staging', async () => {
        const [row] = await query<{ id: string }>(`SELECT id FROM roster_sync WHERE enterprise_id = $1`, [platform.enterpriseId]);
        syncId = row?.id;
        return Boolean(syncId) && (await staged(syncId));
      });
      // The connection staging the rows is cut (the database restarted it, say).
      const killed = await query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
        [stagingOf(syncId)],
      );
      expect(killed.length).toBeGreaterThan(0);
      const response = await upload.end(toNdjson(riders(3200, 1000)));
      expect(response.status).toBe(503);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(String(response.body.detail)).toMatch(/send the sync again/i);
      await until('nothing of it is kept', async () => !(await staged(syncId)) && (await statusOf(syncId)) === undefined);
      expect(await siteNames(platform.enterpriseId)).toEqual([]);
    },
    LONG,
  );

  it(
    'fails as SUPERSEDED a sync received before another of its platform that committed first, leaving the roster as the newer one made it',
    async () => {
      const platform = await t.asPlatform();
      const records = riders(300, 30);
      expect(await sync(platform, records)).toMatchObject({ status: 'COMMITTED', created: 30 });

      // The older sync's body is still arriving when the newer one comes and is applied.
      const older = openUpload(port, platform);
      older.send(toNdjson(at(records.slice(0, 20), '旧站点')));
      await until(
        'the older sync is being received',
        async () => (await query(`SELECT 1 FROM roster_sync WHERE enterprise_id = $1 AND status = 'RECEIVING'`, [platform.enterpriseId])).length > 0,
      );
      const newer = await sync(platform, at(records, '新站点'));
      expect(newer).toMatchObject({ status: 'COMMITTED', updated: 30 });
      // Its uploader is alive: a sweep leaves it alone.
      expect((await t.app.get(RosterSweeper).sweep()).interrupted).toEqual([]);

      const response = await older.end(toNdjson(at(records.slice(20), '旧站点')));
      expect(response.status).toBe(202);
      const superseded = await settle(platform, response.body.id as string);
      expect(superseded).toMatchObject({ status: 'FAILED', failureCode: 'SUPERSEDED', updated: 0, failureDetails: { supersededBy: newer.id } });
      expect(superseded.failureReason).toMatch(/newer sync/);
      expect(await siteNames(platform.enterpriseId)).toEqual([['新站点', 30]]);
      expect(await staged(superseded.id)).toBe(false);
    },
    LONG,
  );

  it(
    'applies syncs of one platform that wait at once in the order they were received',
    async () => {
      const platform = await t.asPlatform();
      const records = riders(400, 30);
      await sync(platform, records);
      const blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
      let first: string;
      let second: string;
      try {
        await lockPlatform(blocker, platform.enterpriseId);
        first = (await post(platform, at(records, 'A站')).expect(202)).body.id as string;
        await until('the first apply waits for the platform', applyWaits);
        second = (await post(platform, at(records, 'B站')).expect(202)).body.id as string;
        await sleep(1000);
        // Both are being applied by live appliers: a sweep leaves them alone.
        expect((await t.app.get(RosterSweeper).sweep()).interrupted).toEqual([]);
        expect(await statusOf(first)).toMatchObject({ status: 'PROCESSING' });
        await unlockPlatform(blocker, platform.enterpriseId);
      } finally {
        await blocker.end();
      }
      const [a, b] = [await settle(platform, first), await settle(platform, second)];
      expect(a).toMatchObject({ status: 'COMMITTED', updated: 30 });
      expect(b).toMatchObject({ status: 'COMMITTED', updated: 30 });
      const finished = await query<{ id: string }>('SELECT id FROM roster_sync WHERE id = ANY($1) ORDER BY finished_at', [[first, second]]);
      expect(finished.map((r) => r.id)).toEqual([first, second]);
      expect(await siteNames(platform.enterpriseId)).toEqual([['B站', 30]]);
    },
    LONG,
  );
});
