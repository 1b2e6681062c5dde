import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { ensureDepartment, type ActorClient } from './support/actors.js';
import { ensureTownship, manyWorkers } from './support/care.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const OPEN = 'mutation($input: OpenAssistanceCaseInput!) { openAssistanceCase(input: $input) { id status workerId } }';
const GET = 'query($id: ID!) { assistanceCase(id: $id) { id status departmentId timeline { kind fromStatus toStatus text authorKind } } }';
const MOVE = 'mutation($id: ID!, $input: CaseTransitionInput!) { moveAssistanceCase(id: $id, input: $input) { status resolvedAt } }';
const REOPEN = 'mutation($id: ID!, $reason: String!) { reopenAssistanceCase(id: $id, reason: $reason) { status } }';

describe('care: assistance cases', () => {
  let t: TestApp;
  let org: ActorClient;
  let union: ActorClient;
  let transport: ActorClient;
  let unionId: string;
  let worker: ActorClient;
  let other: ActorClient;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureTownship(t);
    unionId = await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION');
    const transportId = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
    org = await t.as(Role.ORG_OFFICER);
    union = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: unionId });
    transport = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: transportId });
    [worker, other] = await manyWorkers(t, 2);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  async function openCase(): Promise<string> {
    const opened = await worker.gql<{ openAssistanceCase: { id: string; status: string } }>(OPEN, {
      input: { category: 'WAGE_ARREARS', description: '平台拖欠三个月配送费' },
    });
    expect(opened.data?.openAssistanceCase.status).toBe('OPEN');
    return opened.data!.openAssistanceCase.id;
  }

  it('shows a case only to the worker, the handling department, ORG_OFFICER and ADMIN; others get NOT_FOUND', async () => {
    const id = await openCase();
    await org.post(`/api/v1/assistance-cases/${id}/assignment`).send({ departmentId: unionId, handlerId: union.id }).expect(200);
    expect((await org.gql(GET, { id })).data).toBeDefined();
    expect((await union.gql<{ assistanceCase: { departmentId: string } }>(GET, { id })).data?.assistanceCase.departmentId).toBe(unionId);
    expect((await (await t.as(Role.ADMIN)).gql(GET, { id })).errors).toBeUndefined();
    expect((await transport.gql(GET, { id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    await transport.get(`/api/v1/assistance-cases/${id}`).expect(404);
    const township = await t.as(Role.TOWNSHIP_OFFICER);
    expect((await township.gql(GET, { id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    const mine = await worker.gql<{ myAssistanceCases: { id: string }[] }>('{ myAssistanceCases { id } }');
    expect(mine.data?.myAssistanceCases.map((c) => c.id)).toContain(id);
    const theirs = await other.gql<{ myAssistanceCases: { id: string }[] }>('{ myAssistanceCases { id } }');
    expect(theirs.data?.myAssistanceCases).toEqual([]);
    expect((await other.gql(`mutation { addAssistanceCaseNote(id: "${id}", input: { text: "hi" }) { id } }`)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await worker.gql(GET, { id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const list = await transport.get('/api/v1/assistance-cases').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('runs OPEN → IN_PROGRESS → RESOLVED → CLOSED with a timeline, and lets the worker reopen within 7 days only', async () => {
    const id = await openCase();
    const early = await union.gql(MOVE, { id, input: { action: 'START' } });
    expect(early.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const unassigned = await org.gql(MOVE, { id, input: { action: 'START' } });
    expect(unassigned.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', allowed: ['assignAssistanceCase'] });
    await org.post(`/api/v1/assistance-cases/${id}/assignment`).send({ departmentId: unionId }).expect(200);
    expect((await union.gql(MOVE, { id, input: { action: 'RESOLVE' } })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', allowed: ['START'] });
    await union.gql(MOVE, { id, input: { action: 'START' } });
    await worker.gql(`mutation { addAssistanceCaseNote(id: "${id}", input: { text: "工资条已上传" }) { id } }`);
    t.app.get(Clock).set(new Date('2024-06-01T00:00:00Z'));
    const resolved = await union.gql<{ moveAssistanceCase: { status: string } }>(MOVE, { id, input: { action: 'RESOLVE', note: '企业已补发' } });
    expect(resolved.data?.moveAssistanceCase.status).toBe('RESOLVED');
    await union.post(`/api/v1/assistance-cases/${id}/transitions`).send({ action: 'CLOSE' }).expect(200);

    expect((await union.gql(REOPEN, { id, reason: 'x' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    t.app.get(Clock).set(new Date('2024-06-08T00:00:00Z'));
    expect((await worker.gql<{ reopenAssistanceCase: { status: string } }>(REOPEN, { id, reason: '又欠了' })).data?.reopenAssistanceCase.status).toBe(
      'IN_PROGRESS',
    );
    await union.gql(MOVE, { id, input: { action: 'RESOLVE' } });
    t.app.get(Clock).set(new Date('2024-06-15T00:00:01Z'));
    const late = await worker.gql(REOPEN, { id, reason: '还是没发' });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', allowed: ['CLOSE'] });

    const timeline = (await union.gql<{ assistanceCase: { timeline: { kind: string; toStatus: string | null; authorKind: string }[] } }>(GET, { id })).data!
      .assistanceCase.timeline;
    expect(timeline.map((e) => [e.kind, e.toStatus, e.authorKind])).toEqual([
      ['OPENED', 'OPEN', 'worker'],
      ['ASSIGNED', null, 'staff'],
      ['STATUS_CHANGED', 'IN_PROGRESS', 'staff'],
      ['NOTE', null, 'worker'],
      ['STATUS_CHANGED', 'RESOLVED', 'staff'],
      ['STATUS_CHANGED', 'CLOSED', 'staff'],
      ['STATUS_CHANGED', 'IN_PROGRESS', 'worker'],
      ['STATUS_CHANGED', 'RESOLVED', 'staff'],
    ]);
  });

  it('lets staff open a case on a worker’s behalf by phone, and refuses one without the phone, naming the field', async () => {
    const manager = await t.as(Role.STATION_MANAGER);
    const refused = await manager.post('/api/v1/assistance-cases').send({ category: 'LABOR_CONTRACT', description: '未签合同' }).expect(400);
    expect(refused.body.errors[0].field).toBe('workerPhone');
    const opened = await manager
      .post('/api/v1/assistance-cases')
      .send({ category: 'LABOR_CONTRACT', description: '未签合同', workerPhone: '13800138123' })
      .expect(201);
    expect(opened.body.status).toBe('OPEN');
    const [{ phone_masked }] = await t.dataSource.query('SELECT phone_masked FROM worker WHERE id = $1', [opened.body.workerId]);
    expect(phone_masked).toBe('138****8123');
    const bad = await worker.gql(OPEN, { input: { category: 'OTHER', description: 'x', enterpriseId: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'enterpriseId' }] });
  });

  it('lets only ORG_OFFICER or ADMIN move a case to another department, and requires the handler to belong to it', async () => {
    const id = await openCase();
    await org.post(`/api/v1/assistance-cases/${id}/assignment`).send({ departmentId: unionId }).expect(200);
    const [transportId] = (await t.dataSource.query(`SELECT id FROM department WHERE kind = 'TRANSPORT'`)).map((r: { id: string }) => r.id);
    const moved = await union.post(`/api/v1/assistance-cases/${id}/assignment`).send({ departmentId: transportId }).expect(403);
    expect(moved.body.code).toBe('FORBIDDEN');
    const handler = await org.post(`/api/v1/assistance-cases/${id}/assignment`).send({ departmentId: unionId, handlerId: transport.id }).expect(400);
    expect(handler.body.errors[0].field).toBe('handlerId');
    const [{ department_id }] = await t.dataSource.query('SELECT department_id FROM assistance_case WHERE id = $1', [id]);
    expect(department_id).toBe(unionId);
  });

  it('loads a page of cases with timelines in the same number of statements for 5 and 50 (no N+1)', async () => {
    await Promise.all(Array.from({ length: 50 }, () => openCase()));
    const query = (first: number) => org.gql(`{ assistanceCases(first: ${first}) { edges { node { id timeline { kind } } } } }`);
    const five = await t.queries.measure(() => query(5));
    const fifty = await t.queries.measure(() => query(50));
    expect((fifty.result.data as { assistanceCases: { edges: unknown[] } }).assistanceCases.edges).toHaveLength(50);
    expect(five.count).toBeGreaterThan(0);
    expect(fifty.count).toBe(five.count);
  });
});
