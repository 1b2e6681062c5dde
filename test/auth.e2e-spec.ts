import { JwtService } from '@nestjs/jwt';
import { Role } from '../src/access/role.enum.js';
import { StaffService } from '../src/auth/staff/staff.service.js';
import { TEST_PASSWORD, ensureDepartment, ensureRegion } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { UndeclaredModule } from './support/undeclared.module.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken expiresIn } }';

describe('identity: staff sign-in, tokens and accounts', () => {
  let t: TestApp;
  let ip = 0;
  // Each test comes from its own address, so per-IP limits of one test never touch another.
  const from = () => `10.9.${Math.floor(++ip / 250)}.${ip % 250}`;

  beforeAll(async () => {
    // Behind a proxy on the same host, so each test can sign in from an address of its own.
    t = await startTestApp({ imports: [UndeclaredModule], env: { TRUST_PROXY: 'loopback' } });
    await ensureRegion(t.dataSource, '431126');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, address = from()) =>
    t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ username, password });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const auditRows = (action: string, entityId: string) =>
    t.dataSource.query('SELECT outcome, actor_label, changes FROM audit_entry WHERE action = $1 AND entity_id = $2 ORDER BY at', [action, entityId]);

  describe('login', () => {
    it('returns {accessToken, refreshToken, expiresIn} over REST and GraphQL, and me names the caller', async () => {
      const admin = await t.as(Role.ADMIN);
      const created = await admin
        .post('/api/v1/staff-users')
        .send({ username: 'zhang.org', password: 'Str0ng-pass!', role: 'ORG_OFFICER', regionCode: '431126' })
        .expect(201);
      expect(created.body.oneTimePassword).toBeNull();

      const rest = await login('zhang.org', 'Str0ng-pass!').expect(200);
      expect(rest.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      const me = await t.http().get('/api/v1/me').set(bearer(rest.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ kind: 'staff', role: 'ORG_OFFICER', label: 'zhang.org', regionPath: '430000.431100.431126' });

      const gql = await t.gql(LOGIN, { u: 'ZHANG.ORG', p: 'Str0ng-pass!' }, { 'x-forwarded-for': from() });
      expect((gql.data as { login: { expiresIn: number } }).login.expiresIn).toBe(900);
      const audited = await auditRows('auth.login', created.body.user.id);
      expect(audited.map((r: { outcome: string }) => r.outcome)).toEqual(['SUCCESS', 'SUCCESS']);
    });

    it('refuses a wrong password or unknown user with the same UNAUTHENTICATED answer, audited without the password', async () => {
      const user = await t.as(Role.AUDITOR, { username: 'li.audit' });
      const wrong = await login('li.audit', 'not-the-password').expect(401);
      const unknown = await login('nobody.here', 'whatever-pass1').expect(401);
      expect(wrong.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Wrong username or password' });
      expect(unknown.body.detail).toBe(wrong.body.detail);
      const [entry] = await auditRows('auth.login', user.id);
      expect(entry).toMatchObject({ outcome: 'FAILURE', actor_label: 'li.audit' });
      expect(JSON.stringify(await t.dataSource.query('SELECT changes FROM audit_entry'))).not.toContain('not-the-password');
    });

    it('locks the account for 15 minutes after 5 failures within 15 minutes, even for the right password', async () => {
      await t.as(Role.TOWNSHIP_OFFICER, { username: 'wang.town' });
      const address = from();
      for (let i = 0; i < 5; i++) await login('wang.town', `wrong-password-${i}`, address).expect(401);
      const locked = await login('wang.town', TEST_PASSWORD, address).expect(423);
      expect(locked.body.code).toBe('ACCOUNT_LOCKED');
      expect(new Date(locked.body.lockedUntil).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
      await t.dataSource.query(`UPDATE staff_user SET locked_until = now() - interval '1 second' WHERE username = 'wang.town'`);
      await login('wang.town', TEST_PASSWORD, address).expect(200);
    });

    it('forgets failures older than 15 minutes', async () => {
      await t.as(Role.TOWNSHIP_OFFICER, { username: 'zhao.town' });
      for (let i = 0; i < 4; i++) await login('zhao.town', 'wrong-password').expect(401);
      await t.dataSource.query(`UPDATE staff_user SET failed_login_window_start = now() - interval '16 minutes' WHERE username = 'zhao.town'`);
      await login('zhao.town', 'wrong-password').expect(401);
      await login('zhao.town', TEST_PASSWORD).expect(200);
    });

    it('limits login attempts per client address', async () => {
      const address = from();
      for (let i = 0; i < 20; i++) await login(`someone${i}`, 'wrong-password', address);
      const limited = await login('someone', 'wrong-password', address).expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    });
  });

  describe('tokens', () => {
    it('refuses an expired access token and a forged one', async () => {
      const user = await t.as(Role.AUDITOR);
      const jwt = t.app.get(JwtService);
      const expired = await jwt.signAsync({ sub: user.id, kind: 'staff', role: 'AUDITOR' }, { expiresIn: -10 });
      const response = await t.http().get('/api/v1/me').set(bearer(expired)).expect(401);
      expect(response.body.detail).toMatch(/expired/);
      const forged = await new JwtService({ secret: 'another-secret-of-32-characters!!' }).signAsync({ sub: user.id, kind: 'staff', role: 'ADMIN' });
      await t.http().get('/api/v1/me').set(bearer(forged)).expect(401);
      const gql = await t.gql('{ me { id } }', {}, bearer(expired));
      expect(gql.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('rotates refresh tokens, and a reused one signs out the whole family', async () => {
      const user = await t.as(Role.AUDITOR);
      const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      const again = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      expect(again.body.detail).toMatch(/already used/);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    });

    it('revokes the session on logout', async () => {
      const user = await t.as(Role.AUDITOR);
      await t.http().post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    });

    it('ends every session when the password changes, and enforces the password policy naming newPassword', async () => {
      const user = await t.as(Role.AUDITOR, { username: 'qian.audit' });
      const weak = await user.post('/api/v1/auth/password').send({ currentPassword: TEST_PASSWORD, newPassword: 'short' }).expect(400);
      expect(weak.body.errors[0].field).toBe('newPassword');
      const wrongCurrent = await user.post('/api/v1/auth/password').send({ currentPassword: 'nope-nope-nope', newPassword: 'N3w-password!' }).expect(400);
      expect(wrongCurrent.body.errors[0].field).toBe('currentPassword');

      const changed = await user.post('/api/v1/auth/password').send({ currentPassword: TEST_PASSWORD, newPassword: 'N3w-password!' }).expect(200);
      await user.get('/api/v1/me').expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await t.http().get('/api/v1/me').set(bearer(changed.body.accessToken)).expect(200);
      await login('qian.audit', 'N3w-password!').expect(200);
    });
  });

  describe('staff accounts', () => {
    it('lets an admin create, edit and disable accounts; a disabled user is refused at once', async () => {
      const admin = await t.as(Role.ADMIN);
      const departmentId = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
      const created = await admin.gql<{ createStaffUser: { user: { id: string; role: string; regionCode: string }; oneTimePassword: string } }>(
        `mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { id role regionCode departmentId mustChangePassword } oneTimePassword } }`,
        { input: { username: 'sun.transport', role: 'DEPARTMENT_OFFICER', regionCode: '431126', departmentId } },
      );
      const { user, oneTimePassword } = created.data!.createStaffUser;
      expect(user).toMatchObject({ role: 'DEPARTMENT_OFFICER', regionCode: '431126', departmentId, mustChangePassword: true });

      const session = await login('sun.transport', oneTimePassword).expect(200);
      const forced = await t.http().get('/api/v1/staff-users').set(bearer(session.body.accessToken));
      expect(forced.status).toBe(403);
      const me = await t.http().get('/api/v1/me').set(bearer(session.body.accessToken)).expect(200);
      expect(me.body.mustChangePassword).toBe(true);

      await admin.patch(`/api/v1/staff-users/${user.id}`).send({ disabled: true }).expect(200);
      const refused = await t.http().get('/api/v1/me').set(bearer(session.body.accessToken)).expect(401);
      expect(refused.body.detail).toMatch(/disabled/);
      await login('sun.transport', oneTimePassword).expect(401);
    });

    it('refuses bad accounts, naming the field, and writes nothing', async () => {
      const admin = await t.as(Role.ADMIN);
      await ensureRegion(t.dataSource, '431126');
      const count = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM staff_user'))[0].n);
      const before = await count();
      const noDepartment = await admin.post('/api/v1/staff-users').send({ username: 'no.dept', role: 'DEPARTMENT_OFFICER', regionCode: '431126' }).expect(400);
      expect(noDepartment.body.errors).toEqual([{ field: 'departmentId', message: expect.stringContaining('required') }]);
      const noRegion = await admin.post('/api/v1/staff-users').send({ username: 'no.region', role: 'GRID_WORKER' }).expect(400);
      expect(noRegion.body.errors[0].field).toBe('regionCode');
      const unknownRegion = await admin.post('/api/v1/staff-users').send({ username: 'bad.region', role: 'GRID_WORKER', regionCode: '999999' }).expect(400);
      expect(unknownRegion.body.errors[0].field).toBe('regionCode');
      const badRole = await admin.post('/api/v1/staff-users').send({ username: 'bad.role', role: 'WORKER', regionCode: '431126' }).expect(400);
      expect(badRole.body.errors[0].field).toBe('role');
      const weak = await admin
        .post('/api/v1/staff-users')
        .send({ username: 'weak.pass', role: 'GRID_WORKER', regionCode: '431126', password: 'weak' })
        .expect(400);
      expect(weak.body.errors[0].field).toBe('password');
      await admin.post('/api/v1/staff-users').send({ username: 'dup.user', role: 'GRID_WORKER', regionCode: '431126' }).expect(201);
      const duplicate = await admin.post('/api/v1/staff-users').send({ username: 'DUP.USER', role: 'GRID_WORKER', regionCode: '431126' }).expect(409);
      expect(duplicate.body.code).toBe('CONFLICT');
      expect(await count()).toBe(before + 1);
    });

    it('keeps a region-scoped admin inside its region', async () => {
      await ensureRegion(t.dataSource, '431126100');
      await ensureRegion(t.dataSource, '431127');
      const countyAdmin = await t.as(Role.ADMIN, { regionCode: '431126' });
      const outside = await t.as(Role.GRID_WORKER, { regionCode: '431127' });
      const refused = await countyAdmin.post('/api/v1/staff-users').send({ username: 'far.away', role: 'GRID_WORKER', regionCode: '431127' }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await countyAdmin.get(`/api/v1/staff-users/${outside.id}`).expect(404);
      const list = await countyAdmin.gql<{ staffUsers: { edges: { node: { regionCode: string } }[] } }>(
        '{ staffUsers(first: 100) { edges { node { regionCode } } } }',
      );
      expect(list.data!.staffUsers.edges.every((e) => e.node.regionCode?.startsWith('431126'))).toBe(true);
    });

    it('creates the initial admin once, with a printed one-time password that must be changed first', async () => {
      await t.dataSource.query(`UPDATE staff_user SET role = 'AUDITOR', region_id = (SELECT id FROM region WHERE code = '431126') WHERE role = 'ADMIN'`);
      const printed: string[] = [];
      const staff = t.app.get(StaffService);
      await staff.ensureInitialAdmin((line) => printed.push(line));
      await staff.ensureInitialAdmin((line) => printed.push(line));
      expect(printed).toHaveLength(1);
      const password = /admin \/ (\S+)/.exec(printed[0])![1];
      const session = await login('admin', password).expect(200);
      const blocked = await t.http().get('/api/v1/staff-users').set(bearer(session.body.accessToken)).expect(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const changed = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(session.body.accessToken))
        .send({ currentPassword: password, newPassword: 'Adm1n-chosen!' })
        .expect(200);
      await t.http().get('/api/v1/staff-users').set(bearer(changed.body.accessToken)).expect(200);
    });
  });

  describe('permissions', () => {
    it('refuses anonymous callers, other roles, workers and platforms by what each handler declares', async () => {
      await t.http().get('/api/v1/staff-users').expect(401);
      const auditor = await t.as(Role.AUDITOR);
      expect((await auditor.get('/api/v1/staff-users')).body.code).toBe('FORBIDDEN');
      const worker = await t.asWorker();
      expect((await worker.gql('{ staffUsers { totalCount } }')).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const platform = await t.asPlatform();
      await platform.get('/api/v1/staff-users').expect(403);
      const me = await platform.get('/api/v1/me').expect(200);
      expect(me.body).toMatchObject({ kind: 'platform', role: 'PLATFORM', enterpriseId: platform.enterpriseId });
    });

    it('authenticates once for a GraphQL operation with several root fields', async () => {
      const admin = await t.as(Role.ADMIN);
      const both = await admin.gql<{ me: { role: string }; staffUsers: { totalCount: number } }>(
        '{ me { role } staffUsers { totalCount } industries { code } }',
      );
      expect(both.errors).toBeUndefined();
      expect(both.data!.me.role).toBe('ADMIN');
      const stale = await t.gql('{ me { role } staffUsers { totalCount } }', {}, { authorization: 'Bearer not-a-token' });
      expect(stale.errors?.length).toBeGreaterThan(0);
      expect(stale.errors?.every((e) => e.extensions.code === 'UNAUTHENTICATED')).toBe(true);
    });

    it('closes handlers that declare no permission, even to an admin', async () => {
      const admin = await t.as(Role.ADMIN);
      const rest = await admin.get('/api/v1/undeclared').expect(403);
      expect(rest.body.detail).toMatch(/declares no permission/);
      const gql = await admin.gql('{ undeclaredSecret }');
      expect(gql.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('platform API keys', () => {
    it('shows a key once, stores only its hash, records its use and refuses it once revoked', async () => {
      const admin = await t.as(Role.ADMIN);
      const platform = await t.asPlatform();
      const created = await admin.post('/api/v1/api-keys').send({ enterpriseId: platform.enterpriseId, name: 'Meituan sync' }).expect(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^nf_/);
      const stored = await t.dataSource.query('SELECT * FROM api_key WHERE id = $1', [created.body.apiKey.id]);
      expect(JSON.stringify(stored)).not.toContain(key);

      const list = await admin.get('/api/v1/api-keys').query({ enterpriseId: platform.enterpriseId }).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(key);
      // A platform authenticates with the key (its scope is its own roster; roster routes come later).
      const wrong = await t
        .http()
        .get('/api/v1/me')
        .set('x-api-key', `${key.slice(0, 8)}wrong`)
        .expect(401);
      expect(wrong.body.code).toBe('UNAUTHENTICATED');
      await t.http().get('/api/v1/staff-users').set('x-api-key', key).expect(403);
      const [used] = await t.dataSource.query('SELECT last_used_at FROM api_key WHERE id = $1', [created.body.apiKey.id]);
      expect(used.last_used_at).not.toBeNull();

      await admin.delete(`/api/v1/api-keys/${created.body.apiKey.id}`).expect(200);
      await t.http().get('/api/v1/staff-users').set('x-api-key', key).expect(401);
    });

    it('refuses a key for an enterprise that is not a platform', async () => {
      const admin = await t.as(Role.ADMIN);
      const township = await ensureRegion(t.dataSource, '431126100');
      const [shop] = await t.dataSource.query(
        `INSERT INTO enterprise (name, social_credit_code, industry, township_id, county_code, is_platform)
         VALUES ('快递网点', '91431126MA4L1234XX', 'EXPRESS_COURIER', $1, '431126', false) RETURNING id`,
        [township.id],
      );
      const refused = await admin.post('/api/v1/api-keys').send({ enterpriseId: shop.id, name: 'nope' }).expect(400);
      expect(refused.body.errors[0].field).toBe('enterpriseId');
    });
  });
});
