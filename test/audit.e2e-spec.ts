import { AuditOutcome } from '../src/audit/audit-entry.entity.js';
import { AuditService } from '../src/audit/audit.service.js';
import { Role } from '../src/access/role.enum.js';
import { AuditProbeModule } from './support/audit-probe.module.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Client = Awaited<ReturnType<TestApp['as']>>;

interface EntryRow {
  id: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  role: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  changes: Record<string, unknown> | null;
  request_id: string | null;
  ip: string | null;
}

const PERSON = { name: '张小三', phone: '13800138000', idNumber: '431126199001011234', password: 'Pr0be#Secret', note: 'hello' };
const MASKED = { name: '张*三', phone: '138****8000', idNumber: '431***********1234', note: 'hello' };
const CREATE_MUTATION = 'mutation ($input: AuditProbeInput!) { auditProbeCreate(input: $input) { id } }';

describe('audit log', () => {
  let t: TestApp;
  let admin: Client;
  let officer: Client;

  beforeAll(async () => {
    // Behind a proxy on the same host, whose X-Forwarded-For names the client's address.
    t = await startTestApp({ imports: [AuditProbeModule], env: { TRUST_PROXY: 'loopback' } });
    admin = await t.as(Role.ADMIN, { username: 'audit-admin' });
    officer = await t.as(Role.TOWNSHIP_OFFICER, { username: 'audit-officer' });
  });
  afterAll(() => t.close());

  const entriesOfRequest = (requestId: string): Promise<EntryRow[]> =>
    t.dataSource.query('SELECT * FROM audit_entry WHERE request_id = $1 ORDER BY at, id', [requestId]);
  const entryCount = async (): Promise<number> => Number((await t.dataSource.query('SELECT count(*) AS n FROM audit_entry'))[0].n);

  it('keeps the entity and the migrated table in step (no schema drift for audit_entry)', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query).filter((q) => q.includes('audit_entry'))).toEqual([]);
  });

  describe('the table is append-only', () => {
    let entryId: string;
    const stored = async () => (await t.dataSource.query('SELECT action, outcome FROM audit_entry WHERE id = $1', [entryId]))[0];

    beforeAll(async () => {
      entryId = (await t.app.get(AuditService).record({ action: 'test.append_only', actor: { kind: 'system', label: 'test' } })).id;
    });

    it('refuses UPDATE and leaves the entry unchanged', async () => {
      await expect(t.dataSource.query("UPDATE audit_entry SET action = 'tampered', outcome = 'FAILURE' WHERE id = $1", [entryId])).rejects.toThrow(
        /audit_entry is append-only/,
      );
      expect(await stored()).toEqual({ action: 'test.append_only', outcome: 'SUCCESS' });
    });

    it('refuses DELETE and keeps the entry', async () => {
      const before = await entryCount();
      await expect(t.dataSource.query('DELETE FROM audit_entry WHERE id = $1', [entryId])).rejects.toThrow(/audit_entry is append-only/);
      await expect(t.dataSource.query('DELETE FROM audit_entry')).rejects.toThrow(/audit_entry is append-only/);
      expect(await stored()).toEqual({ action: 'test.append_only', outcome: 'SUCCESS' });
      expect(await entryCount()).toBe(before);
    });

    it('refuses TRUNCATE and keeps every entry', async () => {
      const before = await entryCount();
      await expect(t.dataSource.query('TRUNCATE audit_entry')).rejects.toThrow(/audit_entry is append-only/);
      expect(await entryCount()).toBe(before);
    });
  });

  describe('every mutation writes an entry', () => {
    it('records a REST mutation: actor, role, route pattern, entity, masked input without the password, request id and IP', async () => {
      const response = await officer.post('/api/v1/audit-probe/people').set('x-forwarded-for', '203.0.113.7').send(PERSON).expect(201);
      const requestId = response.headers['x-request-id'];
      const [entry, ...others] = await entriesOfRequest(requestId);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        actor_kind: 'STAFF',
        actor_id: officer.id,
        actor_label: 'audit-officer',
        role: Role.TOWNSHIP_OFFICER,
        action: 'POST /api/v1/audit-probe/people',
        outcome: AuditOutcome.SUCCESS,
        entity_type: 'ProbePerson',
        entity_id: response.body.id,
        request_id: requestId,
        ip: '203.0.113.7',
      });
      expect(entry.changes).toEqual(MASKED);
      expect(JSON.stringify(entry)).not.toContain(PERSON.password);
    });

    it('names the route pattern, not the raw URL, and takes the entity id from the path', async () => {
      const id = '7b0c6a7e-5f4e-4a53-9a3e-1f0d2c3b4a59';
      const response = await officer.patch(`/api/v1/audit-probe/people/${id}`).send(PERSON).expect(200);
      const [entry] = await entriesOfRequest(response.headers['x-request-id']);
      expect(entry).toMatchObject({ action: 'PATCH /api/v1/audit-probe/people/:id', entity_type: 'ProbePerson', entity_id: id });
    });

    it('records a GraphQL mutation by field name, with the result class and id and the masked arguments', async () => {
      const response = await officer.gql(CREATE_MUTATION, { input: PERSON });
      expect(response.errors).toBeUndefined();
      const created = (response.data as { auditProbeCreate: { id: string } }).auditProbeCreate;
      const [entry] = await t.dataSource.query<EntryRow[]>('SELECT * FROM audit_entry WHERE entity_id = $1', [created.id]);
      expect(entry).toMatchObject({
        actor_kind: 'STAFF',
        actor_id: officer.id,
        role: Role.TOWNSHIP_OFFICER,
        action: 'auditProbeCreate',
        outcome: AuditOutcome.SUCCESS,
        entity_type: 'AuditProbePerson',
      });
      expect(entry.changes).toEqual({ input: MASKED });
      expect(entry.request_id).toEqual(expect.any(String));
      expect(entry.ip).toEqual(expect.any(String));
      expect(JSON.stringify(entry)).not.toContain(PERSON.password);
    });

    it("the GraphQL entry carries the response's request id", async () => {
      const response = await t
        .http()
        .post('/graphql')
        .set('authorization', `Bearer ${officer.token}`)
        .send({ query: CREATE_MUTATION, variables: { input: PERSON } })
        .expect(200);
      const [entry] = await entriesOfRequest(response.headers['x-request-id']);
      expect(entry).toMatchObject({ action: 'auditProbeCreate', entity_id: response.body.data.auditProbeCreate.id });
    });

    it('records a refused mutation as FAILURE with its error code and message, then still answers the client with the error', async () => {
      const response = await officer
        .post('/api/v1/audit-probe/people')
        .send({ ...PERSON, note: 'conflict' })
        .expect(409);
      expect(response.body.code).toBe('CONFLICT');
      const [entry] = await entriesOfRequest(response.headers['x-request-id']);
      expect(entry).toMatchObject({ outcome: AuditOutcome.FAILURE, action: 'POST /api/v1/audit-probe/people', actor_id: officer.id });
      expect(entry.changes).toEqual({ ...MASKED, note: 'conflict', error: 'CONFLICT', errorMessage: 'This person is already registered' });
    });

    it('records invalid input as FAILURE with BAD_USER_INPUT', async () => {
      const response = await officer
        .post('/api/v1/audit-probe/people')
        .send({ ...PERSON, phone: 42 })
        .expect(400);
      const [entry] = await entriesOfRequest(response.headers['x-request-id']);
      expect(entry).toMatchObject({ outcome: AuditOutcome.FAILURE });
      expect(entry.changes).toMatchObject({ error: 'BAD_USER_INPUT' });
      expect(JSON.stringify(entry.changes)).not.toContain(PERSON.password);
    });

    it('records an unexpected GraphQL failure by its code only, never its internal message', async () => {
      const response = await officer.gql(CREATE_MUTATION, { input: { ...PERSON, note: 'crash' } });
      expect(response.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      const rows = await t.dataSource.query<EntryRow[]>(
        "SELECT * FROM audit_entry WHERE action = 'auditProbeCreate' AND outcome = 'FAILURE' AND changes->'input'->>'note' = 'crash'",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].changes).toEqual({ input: { ...MASKED, note: 'crash' }, error: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(rows[0])).not.toContain('secret internal detail');
    });

    it('writes nothing for queries, nor for a handler that opts out with @Audit({ skip: true })', async () => {
      const before = await entryCount();
      expect((await officer.gql('{ auditProbeRead }')).data).toEqual({ auditProbeRead: 'read' });
      expect((await officer.gql('mutation { auditProbeUnaudited }')).data).toEqual({ auditProbeUnaudited: true });
      await officer.get('/api/v1/me');
      expect(await entryCount()).toBe(before);
    });

    it('never stores the password of a login attempt, good or bad', async () => {
      const wrong = 'Wr0ng#Password!';
      await t.http().post('/api/v1/auth/login').send({ username: 'audit-admin', password: wrong });
      await t.gql('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', { u: 'audit-admin', p: wrong });
      const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM audit_entry WHERE changes::text LIKE $1 OR actor_label LIKE $1', [
        `%${wrong}%`,
      ]);
      expect(Number(rows[0].n)).toBe(0);
      const attempts = await t.dataSource.query<EntryRow[]>("SELECT * FROM audit_entry WHERE outcome = 'FAILURE' AND action ILIKE '%login%'");
      expect(attempts.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('administrators search the log', () => {
    const actorA = '11111111-1111-4111-8111-111111111111';
    const actorB = '22222222-2222-4222-8222-222222222222';
    const base = Date.parse('2020-03-01T00:00:00.000Z');
    const minutes = (n: number) => new Date(base + n * 60_000);

    beforeAll(async () => {
      const audit = t.app.get(AuditService);
      // Ten entries a minute apart in 2020, far from anything the other tests write.
      for (let i = 0; i < 10; i++) {
        await audit.record({
          at: minutes(i),
          action: i % 2 === 0 ? 'test.search.even' : 'test.search.odd',
          actor: { kind: 'staff', id: i < 6 ? actorA : actorB, role: Role.ORG_OFFICER, label: i < 6 ? 'a' : 'b' },
          entityType: 'SearchTarget',
          entityId: `target-${i % 3}`,
          changes: { i },
        });
      }
    });

    const indexes = (items: { changes: { i: number } }[]) => items.map((item) => item.changes.i);

    it('filters by actor, newest first (REST)', async () => {
      const response = await admin.get(`/api/v1/audit-entries?actorId=${actorB}`).expect(200);
      expect(indexes(response.body.items)).toEqual([9, 8, 7, 6]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('filters by entity, by action and by an inclusive time range (REST)', async () => {
      const byEntity = await admin.get('/api/v1/audit-entries?entityType=SearchTarget&entityId=target-1').expect(200);
      expect(indexes(byEntity.body.items)).toEqual([7, 4, 1]);
      const byAction = await admin.get('/api/v1/audit-entries?action=test.search.odd').expect(200);
      expect(indexes(byAction.body.items)).toEqual([9, 7, 5, 3, 1]);
      const range = await admin
        .get('/api/v1/audit-entries')
        .query({ entityType: 'SearchTarget', from: minutes(2).toISOString(), to: minutes(4).toISOString() })
        .expect(200);
      expect(indexes(range.body.items)).toEqual([4, 3, 2]);
    });

    it('pages through results with cursor and limit without repeats (REST)', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) {
        const query: Record<string, string | number> = { entityType: 'SearchTarget', limit: 3, ...(cursor ? { cursor } : {}) };
        const { body }: { body: { items: { changes: { i: number } }[]; nextCursor: string | null } } = await admin
          .get('/api/v1/audit-entries')
          .query(query)
          .expect(200);
        seen.push(...indexes(body.items));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    });

    it('pages through a filtered GraphQL connection newest first', async () => {
      const query = `query ($after: String, $actorId: ID) {
        auditEntries(entityType: "SearchTarget", actorId: $actorId, first: 4, after: $after) {
          totalCount edges { node { changes actorKind role } } pageInfo { hasNextPage endCursor }
        }
      }`;
      type Page = {
        auditEntries: { totalCount: number; edges: { node: { changes: { i: number } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
      const first = await admin.gql(query, { actorId: actorA });
      const page1 = (first.data as Page).auditEntries;
      expect(page1.totalCount).toBe(6);
      expect(page1.edges.map((e) => e.node.changes.i)).toEqual([5, 4, 3, 2]);
      expect(page1.edges[0].node).toMatchObject({ actorKind: 'STAFF', role: 'ORG_OFFICER' });
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const second = (await admin.gql(query, { actorId: actorA, after: page1.pageInfo.endCursor })).data as Page;
      expect(second.auditEntries.edges.map((e) => e.node.changes.i)).toEqual([1, 0]);
      expect(second.auditEntries.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a range whose from is after its to, naming from (REST and GraphQL)', async () => {
      const rest = await admin
        .get('/api/v1/audit-entries')
        .query({ from: minutes(5).toISOString(), to: minutes(1).toISOString() })
        .expect(400);
      expect(rest.body.code).toBe('BAD_USER_INPUT');
      expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
      const gql = await admin.gql('query ($from: DateTime, $to: DateTime) { auditEntries(from: $from, to: $to) { totalCount } }', {
        from: minutes(5).toISOString(),
        to: minutes(1).toISOString(),
      });
      expect(gql.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(gql.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ field: 'from' })]);
    });

    it('refuses a malformed actor id and date, naming the field', async () => {
      const badActor = await admin.get('/api/v1/audit-entries?actorId=nope').expect(400);
      expect(badActor.body.errors).toEqual([expect.objectContaining({ field: 'actorId' })]);
      const badDate = await admin.get('/api/v1/audit-entries?from=yesterday').expect(400);
      expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });

    it('refuses a staff user who is not an administrator (REST 403, GraphQL FORBIDDEN)', async () => {
      const rest = await officer.get('/api/v1/audit-entries').expect(403);
      expect(rest.body.code).toBe('FORBIDDEN');
      const gql = await officer.gql('{ auditEntries { totalCount } }');
      expect(gql.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(gql.data?.auditEntries ?? null).toBeNull();
    });

    it('refuses anonymous callers', async () => {
      await t.http().get('/api/v1/audit-entries').expect(401);
    });
  });
});
