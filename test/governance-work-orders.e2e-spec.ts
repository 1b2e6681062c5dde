import { randomUUID } from 'node:crypto';
import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import type { ActorClient } from './support/actors.js';
import { ensureDepartment, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/** Problems as work orders (issue #20): client request ids, working-day deadlines, reopening, following. */
const F = `id status deadlineAt dispatchedAt reportedByMe allowedActions timeline { action fromStatus toStatus note }`;
const REPORT = `mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { ${F} } likelyDuplicates { id } } }`;
const TRANSITION = `mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { ${F} } }`;

type Issue = { id: string; status: string; deadlineAt: string | null; dispatchedAt: string | null; reportedByMe: boolean; allowedActions: string[];
  timeline: { action: string; fromStatus: string | null; toStatus: string; note: string | null }[] };
type Worker = ActorClient & { phone: string };

let spotIndex = 0;
/** A fresh location in grid W, at least 130 m from every other. */
function spot() {
  const i = spotIndex++;
  return { lat: 25.7012 + (i % 30) * 0.0013, lng: 111.7012 + Math.floor(i / 30) * 0.0013 };
}

describe('problems as work orders', () => {
  let t: TestApp;
  let clock: Clock;
  let admin: ActorClient;
  let gridWorker: ActorClient;
  let transportOfficer: ActorClient;
  let reporter: Worker;
  let otherWorker: Worker;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    admin = await t.as(Role.ADMIN);
    const w = await makeGrid(t, admin, { communityCode: '431126100002', boundary: square(111.7, 25.7, 111.75, 25.75), code: 'W-001' });
    gridWorker = w.gridWorker;
    transportOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: await ensureDepartment(t.dataSource, '431126', 'TRANSPORT') });
    reporter = await t.asWorker();
    otherWorker = await t.asWorker();
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(undefined));

  const report = (worker: Worker, input: Record<string, unknown> = {}): Promise<GraphQLResponse<{ reportIssue: { issue: Issue | null; likelyDuplicates: { id: string }[] } }>> =>
    worker.gql(REPORT, { input: { category: 'ROAD_TRAFFIC', description: '井盖缺失 manhole cover missing', ...spot(), ...input } });
  async function reported(worker: Worker = reporter, input: Record<string, unknown> = {}): Promise<Issue> {
    const response = await report(worker, input);
    expect(response.errors).toBeUndefined();
    return response.data!.reportIssue.issue!;
  }
  async function stepOk(client: ActorClient, id: string, input: Record<string, unknown>): Promise<Issue> {
    const response = await client.gql<{ transitionGovernanceIssue: Issue }>(TRANSITION, { id, input });
    expect(response.errors).toBeUndefined();
    return response.data!.transitionGovernanceIssue;
  }
  const countFor = async (clientRequestId: string) =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue WHERE client_request_id = $1', [clientRequestId]))[0].n;

  describe('client request ids (offline-safe reporting)', () => {
    it('answers the same problem to a retry through GraphQL, never a second one', async () => {
      const clientRequestId = randomUUID();
      const where = spot();
      const first = await reported(reporter, { clientRequestId, ...where });
      // The retry comes from the same place: without the id it would be its own likely duplicate.
      const again = await report(reporter, { clientRequestId, ...where });
      expect(again.data!.reportIssue).toEqual({ issue: expect.objectContaining({ id: first.id, reportedByMe: true }), likelyDuplicates: [] });
      expect(await countFor(clientRequestId)).toBe(1);
    });

    it('answers one problem to ten concurrent copies of a report (GraphQL and REST mixed)', async () => {
      const clientRequestId = randomUUID();
      const input = { category: 'ROAD_TRAFFIC', description: '路灯不亮 street light out', ...spot(), clientRequestId };
      const answers = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
        if (i % 2 === 0) return (await report(reporter, input)).data!.reportIssue.issue!.id;
        const rest = await reporter.post('/api/v1/governance/issues').send(input).expect(201);
        return rest.body.issue.id as string;
      }));
      expect(new Set(answers).size).toBe(1);
      expect(await countFor(clientRequestId)).toBe(1);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue_event WHERE issue_id = $1', [answers[0]]))[0].n).toBe(1);
    });

    it('keeps ids per reporter: the same id from another worker is their own problem', async () => {
      const clientRequestId = randomUUID();
      const mine = await reported(reporter, { clientRequestId });
      const theirs = await reported(otherWorker, { clientRequestId });
      expect(theirs.id).not.toBe(mine.id);
      expect(theirs.reportedByMe).toBe(true);
    });

    it('refuses a client request id that is not a UUID, naming the field', async () => {
      const refused = await report(reporter, { clientRequestId: 'not-a-uuid' });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'clientRequestId' }] });
      const rest = await reporter.post('/api/v1/governance/issues').send({ category: 'ROAD_TRAFFIC', description: 'x', ...spot(), clientRequestId: 'x'.repeat(40) }).expect(400);
      expect(JSON.stringify(rest.body)).toContain('clientRequestId');
    });
  });
});
