import { JwtService } from '@nestjs/jwt';
import { Role } from '../src/access/role.enum.js';
import { STAFF_CALLER_SQL, WORKER_CALLER_SQL } from '../src/auth/auth.sql.js';
import { EventBus } from '../src/outbox/event-bus.js';
import { ensureRegion } from './support/actors.js';
import { startTestApp, startTestInstances, type TestApp } from './support/test-app.js';

// A signed-in caller's account is remembered between requests (auth/caller-cache.ts). A committed change
// to it through this instance (its API, SQL on its pool) applies to the very next request; one made
// through another instance as soon as PostgreSQL delivers the notice.

/** How many of `statements` read a staff caller's account. */
const callerReads = (statements: string[]) => statements.filter((sql) => /FROM staff_user u LEFT JOIN region r/.test(sql)).length;

/** Waits until the instance's LISTEN connection is `up` (or down). */
async function untilListening(t: TestApp, up: boolean): Promise<void> {
  const bus = t.app.get(EventBus);
  for (let waited = 0; bus.listening !== up; waited += 20) {
    if (waited > 5000) throw new Error(`the bus did not ${up ? 'reconnect' : 'notice the lost connection'}`);
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
    const token = await t.app.get(JwtService).signAsync({ sub: officer.id, kind: 'staff', role: 'ORG_OFFICER', ims: Date.now() }, { expiresIn: 2 });
    const me = (bearer: string) => t.http().get('/api/v1/me').set('authorization', `Bearer ${bearer}`);
    await me(token).expect(200);
    await me(token).expect(200);
    const [header, body, signature] = token.split('.');
    const tampered = `${header}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await me(tampered).expect(401)).body.detail).toBe('Access token is not valid');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'ADMIN' })).toString('base64url');
    await me(`${header}.${forgedBody}.${signature}`).expect(401);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await me(token).expect(401)).body.detail).toBe('Access token expired; refresh it');
  });

  it('remembers nothing while it cannot hear changes, and forgets what it knew when it hears again', async () => {
    const officer = await t.as(Role.ORG_OFFICER);
    await officer.get('/api/v1/me').expect(200);
    await t.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'newforce events' AND datname = current_database()`,
    );
    await untilListening(t, false);
    // Disabled while nobody hears: the next request reads the account.
    await setDisabled(officer.id, true);
    await officer.get('/api/v1/me').expect(401);
    await setDisabled(officer.id, false);
    const { statements } = await t.queries.measure(async () => {
      for (let i = 0; i < 3; i++) await officer.get('/api/v1/me').expect(200);
    });
    expect(callerReads(statements)).toBe(3);
    await untilListening(t, true);
    await officer.get('/api/v1/me').expect(200);
    await setDisabled(officer.id, true);
    await officer.get('/api/v1/me').expect(401);
  });
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

  it('refuses on B, within moments, an account disabled through A (every time)', async () => {
    const admin = await a.as(Role.ADMIN);
    const officer = await a.as(Role.ORG_OFFICER);
    const onB = () => b.http().get('/api/v1/me').set('authorization', `Bearer ${officer.token}`);
    for (let round = 0; round < 10; round++) {
      await onB().expect(200);
      await admin.patch(`/api/v1/staff-users/${officer.id}`).send({ disabled: true }).expect(200);
      const disabledAt = Date.now();
      while ((await onB()).status !== 401) expect(Date.now() - disabledAt).toBeLessThan(1000);
      await a.dataSource.query('UPDATE staff_user SET disabled = false WHERE id = $1', [officer.id]);
    }
  });
});
