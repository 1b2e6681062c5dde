import { JwtService } from '@nestjs/jwt';
import { Role } from '../src/access/role.enum.js';
import { STAFF_CALLER_SQL, WORKER_CALLER_SQL } from '../src/auth/auth.sql.js';
import { CallerCache } from '../src/auth/caller-cache.js';
import { EventBus, LISTEN_HEARTBEAT_MS } from '../src/outbox/event-bus.js';
import { ensureRegion } from './support/actors.js';
import { startDatabaseProxy } from './support/database-proxy.js';
import { startTestApp, startTestInstances, type TestApp } from './support/test-app.js';
import { createTestDatabase } from './support/test-database.js';

// A signed-in caller's account is remembered between requests (auth/caller-cache.ts). A committed change
// to it through this instance (its API, SQL on its pool) applies to the very next request; one made
// through another instance as soon as PostgreSQL delivers the notice.

/** How many of `statements` read a staff caller's account. */
const callerReads = (statements: string[]) => statements.filter((sql) => /FROM staff_user u LEFT JOIN region r/.test(sql)).length;

/** Waits until the instance's LISTEN connection is `up` (or down). */
async function untilListening(t: TestApp, up: boolean, withinMs = 5000): Promise<void> {
  const bus = t.app.get(EventBus);
  for (let waited = 0; bus.listening !== up; waited += 20) {
    if (waited > withinMs) throw new Error(`the bus did not ${up ? 'reconnect' : 'notice the lost connection'}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('signed-in callers: remembered between requests, forgotten at once when they change', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureRegion(t.dataSource, '431126');
  });
  afterAll(() => t.close());

  const setDisabled = (id: string, disabled: boolean) => t.dataSource.query('UPDATE staff_user SET disabled = $2 WHERE id = $1', [id, disabled]);

  it('watches every column the caller statements read (a column read but not watched would be remembered stale)', async () => {
    const watched = async (table: string): Promise<string[]> =>
      (
        await t.dataSource.query<{ attname: string }[]>(
          `SELECT a.attname FROM pg_trigger tg JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = ANY (tg.tgattr::int2[]) WHERE tg.tgname = $1`,
          [`${table}_caller_update`],
        )
      ).map((row) => row.attname);
    const read = (sql: string, alias: string): string[] =>
      [...sql.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))].map((m) => m[1]).filter((c) => c !== 'id');
    expect(read(STAFF_CALLER_SQL, 'u').length).toBeGreaterThan(5);
    expect(await watched('staff_user')).toEqual(expect.arrayContaining(read(STAFF_CALLER_SQL, 'u')));
    expect(await watched('region')).toEqual(expect.arrayContaining(read(STAFF_CALLER_SQL, 'r')));
    expect(await watched('worker')).toEqual(expect.arrayContaining(read(WORKER_CALLER_SQL, 'w')));
  });

  it("reads a caller's account on their first request only", async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    const { statements } = await t.queries.measure(async () => {
      for (let i = 0; i < 5; i++) await officer.get('/api/v1/me').expect(200);
    });
    expect(callerReads(statements)).toBe(1);
  });

  it('refuses an account disabled by SQL on its very next request, every time', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    for (let round = 0; round < 20; round++) {
      await officer.get('/api/v1/me').expect(200);
      await officer.get('/api/v1/me').expect(200);
      await setDisabled(officer.id, true);
      expect((await officer.get('/api/v1/me').expect(401)).body.detail).toBe('This account is disabled');
      await setDisabled(officer.id, false);
    }
  });

  it('applies a new role, a password change and a merged worker record on the next request', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    await officer.get('/api/v1/me').expect(200);
    await t.dataSource.query(`UPDATE staff_user SET role = 'AUDITOR' WHERE id = $1`, [officer.id]);
    expect((await officer.get('/api/v1/me').expect(200)).body.role).toBe('AUDITOR');
    await t.dataSource.query(`UPDATE staff_user SET password_changed_at = now() + interval '1 second' WHERE id = $1`, [officer.id]);
    await officer.get('/api/v1/me').expect(401);

    const worker = await t.asWorker();
    const other = await t.asWorker();
    await worker.get('/api/v1/me').expect(200);
    await t.dataSource.query('UPDATE worker SET merged_into_id = $2 WHERE id = $1', [worker.id, other.id]);
    expect((await worker.get('/api/v1/me').expect(401)).body.detail).toBe('This worker record no longer exists');
  });

  it('refuses a remembered token once it expires, and a tampered copy of it at any time', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    const token = await t.app.get(JwtService).signAsync({ sub: officer.id, kind: 'staff', role: 'ORG_OFFICER', ims: Date.now() }, { expiresIn: 3 });
    const me = (bearer: string) => t.http().get('/api/v1/me').set('authorization', `Bearer ${bearer}`);
    await me(token).expect(200);
    await me(token).expect(200);
    const [header, body, signature] = token.split('.');
    const tampered = `${header}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await me(tampered).expect(401)).body.detail).toBe('Access token is not valid');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'ADMIN' })).toString('base64url');
    await me(`${header}.${forgedBody}.${signature}`).expect(401);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect((await me(token).expect(401)).body.detail).toBe('Access token expired; refresh it');
  });

  it('remembers nothing while it cannot hear changes, and forgets what it knew when it hears again', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    await officer.get('/api/v1/me').expect(200);
    let forgotten = 0;
    const subscription = t.app.get(EventBus).callerChanges$.subscribe(() => forgotten++);
    try {
      await t.dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'newforce events' AND datname = current_database()`,
      );
      await untilListening(t, false);
      expect(forgotten).toBeGreaterThanOrEqual(1); // the loss: what it knew may go stale unheard
      const unheard = await t.queries.measure(async () => {
        for (let i = 0; i < 3; i++) await officer.get('/api/v1/me').expect(200);
      });
      expect(callerReads(unheard.statements)).toBe(3);
      const beforeReconnect = forgotten;
      await untilListening(t, true);
      expect(forgotten).toBeGreaterThan(beforeReconnect); // heard again: anything that changed meanwhile is forgotten
    } finally {
      subscription.unsubscribe();
    }
    const heard = await t.queries.measure(async () => {
      for (let i = 0; i < 3; i++) await officer.get('/api/v1/me').expect(200);
    });
    expect(callerReads(heard.statements)).toBe(1);
  });
});

describe('a LISTEN connection that goes silent', () => {
  it('stops counting as listening within two heartbeats, so nothing remembered is trusted', async () => {
    const database = await createTestDatabase();
    const proxy = await startDatabaseProxy(database.url);
    const t = await startTestApp({ database, databaseUrl: proxy.url });
    try {
      await ensureRegion(t.dataSource, '431126');
      const officer = await t.as(Role.ORG_OFFICER);
      await officer.get('/api/v1/me').expect(200);
      expect(t.app.get(EventBus).listening).toBe(true);
      // The peer vanishes without a reset: no error is raised, nothing arrives.
      proxy.stall();
      const stalledAt = Date.now();
      await untilListening(t, false, 4 * LISTEN_HEARTBEAT_MS);
      expect(Date.now() - stalledAt).toBeLessThanOrEqual(2 * LISTEN_HEARTBEAT_MS + 1000);
    } finally {
      await proxy.cut();
      await t.close().catch(() => undefined);
      await database.drop();
    }
  }, 30_000);
});

describe('signed-in callers across instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = await startTestInstances(2);
    await ensureRegion(a.dataSource, '431126');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('forgets on B, within moments, what a change committed through A touched', async () => {
    const cache = b.app.get(CallerCache);
    let reads = 0;
    const read = async () => ({ read: ++reads });
    await cache.get('probe', read);
    await cache.get('probe', read);
    expect(reads).toBe(1); // remembered
    const officer = await a.as(Role.ORG_OFFICER);
    await a.dataSource.query('UPDATE staff_user SET disabled = true WHERE id = $1', [officer.id]);
    const changedAt = Date.now();
    for (;;) {
      await cache.get('probe', read);
      if (reads > 1) break;
      expect(Date.now() - changedAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  // (Both instances run in this one process and share Passport's strategies, so which instance's
  // remembered callers serve B's requests depends on which registered last; the test above holds B's.)
  it('refuses on B, within moments, an account disabled through A (every time)', async () => {
    const admin = await a.as(Role.ADMIN);
    const officer = await a.as(Role.ORG_OFFICER);
    const onB = () => b.http().get('/api/v1/me').set('authorization', `Bearer ${officer.token}`);
    const until = async (status: number) => {
      const changedAt = Date.now();
      while ((await onB()).status !== status) expect(Date.now() - changedAt).toBeLessThan(1000);
    };
    for (let round = 0; round < 10; round++) {
      await until(200);
      await admin.patch(`/api/v1/staff-users/${officer.id}`).send({ disabled: true }).expect(200);
      await until(401);
      await a.dataSource.query('UPDATE staff_user SET disabled = false WHERE id = $1', [officer.id]);
    }
  });
});
