import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { IssuesService } from '../src/governance/issues/issues.service.js';
import type { ActorClient } from './support/actors.js';
import { ensureDepartment, ensureRegion, ensureTownshipDepartment, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

const F = `id status statusLabel { value zh en } categoryId gridId townshipId departmentId duplicateOfId reportedAt acceptedAt dispatchedAt deadlineAt overdue resolvedAt
  closedAt resolutionNote rating ratingComment autoClosed reportedByMe allowedActions extensionRequest { hours reason }
  category { code deadlineHours } grid { code } department { name kind }
  timeline { action fromStatus toStatus actorKind actorRole actorId note at }`;
const REPORT = `mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { ${F} } likelyDuplicates { ${F} } } }`;
const TRANSITION = `mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { ${F} } }`;
const RATE = `mutation($id: ID!, $input: RateIssueInput!) { rateGovernanceIssue(id: $id, input: $input) { ${F} } }`;
const ONE = `query($id: ID!) { governanceIssue(id: $id) { ${F} } }`;
const LIST = `query($first: Int, $status: IssueStatus, $overdue: Boolean, $category: String, $gridId: ID) {
  governanceIssues(first: $first, status: $status, overdue: $overdue, category: $category, gridId: $gridId) { totalCount edges { node { ${F} } } } }`;
const MINE = `query { myIssues(first: 50) { totalCount edges { node { ${F} } } } }`;

type Issue = {
  id: string;
  status: string;
  gridId: string | null;
  departmentId: string | null;
  duplicateOfId: string | null;
  deadlineAt: string | null;
  dispatchedAt: string | null;
  overdue: boolean;
  autoClosed: boolean;
  reportedByMe: boolean;
  allowedActions: string[];
  statusLabel: { value: string; zh: string; en: string };
  rating: number | null;
  ratingComment: string | null;
  extensionRequest: { hours: number; reason: string } | null;
  category: { code: string };
  grid: { code: string } | null;
  department: { name: string; kind: string } | null;
  timeline: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorKind: string;
    actorRole: string | null;
    actorId: string | null;
    note: string | null;
  }[];
};
type Worker = ActorClient & { phone: string };

const HOUR = 3_600_000;
let spotIndex = 0;
/** A fresh location in grid A, at least 130 m from every other, so reports never count as duplicates by accident. */
function spot() {
  const i = spotIndex++;
  return { lat: 25.6012 + (i % 35) * 0.0013, lng: 111.9012 + Math.floor(i / 35) * 0.0013 };
}

describe('governance problems (治理问题)', () => {
  let t: TestApp;
  let clock: Clock;
  let admin: ActorClient;
  let township: ActorClient;
  let otherTownship: ActorClient;
  let gridWorker: ActorClient;
  let otherGridWorker: ActorClient;
  let transportOfficer: ActorClient;
  let marketOfficer: ActorClient;
  let townshipOffice: string;
  let transport: string;
  let gridA: { id: string; code: string };
  let reporter: Worker;
  let otherWorker: Worker;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    admin = await t.as(Role.ADMIN);
    const a = await makeGrid(t, admin, { communityCode: '431126100001', boundary: square(111.9, 25.6, 111.95, 25.65), code: 'A-001' });
    gridA = a;
    gridWorker = a.gridWorker;
    const b = await makeGrid(t, admin, { communityCode: '431126200001', boundary: square(112.1, 25.6, 112.15, 25.65), code: 'B-001' });
    otherGridWorker = b.gridWorker;
    township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
    otherTownship = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
    townshipOffice = await ensureTownshipDepartment(t.dataSource, '431126100');
    transport = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
    transportOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: transport });
    marketOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: await ensureDepartment(t.dataSource, '431126', 'MARKET_REGULATION') });
    reporter = await t.asWorker();
    otherWorker = await t.asWorker();
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(undefined));

  async function report(
    worker: Worker,
    input: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<{ reportIssue: { issue: Issue | null; likelyDuplicates: Issue[] } }>> {
    return worker.gql(REPORT, { input: { category: 'ROAD_TRAFFIC', description: '井盖缺失 manhole cover missing', ...spot(), ...input } });
  }
  async function reported(worker: Worker = reporter, input: Record<string, unknown> = {}): Promise<Issue> {
    const response = await report(worker, input);
    expect(response.errors).toBeUndefined();
    return response.data!.reportIssue.issue!;
  }
  const step = (client: ActorClient, id: string, input: Record<string, unknown>) => client.gql<{ transitionGovernanceIssue: Issue }>(TRANSITION, { id, input });
  async function stepOk(client: ActorClient, id: string, input: Record<string, unknown>): Promise<Issue> {
    const response = await step(client, id, input);
    expect(response.errors).toBeUndefined();
    return response.data!.transitionGovernanceIssue;
  }
  /** A ROAD_TRAFFIC problem moved to `status` along the main path (dispatched to transport). */
  async function issueAt(status: 'REPORTED' | 'ACCEPTED' | 'DISPATCHED' | 'IN_PROGRESS' | 'RESOLVED', worker: Worker = reporter): Promise<Issue> {
    let issue = await reported(worker);
    const path: [string, ActorClient, Record<string, unknown>][] = [
      ['ACCEPTED', gridWorker, { action: 'ACCEPT' }],
      ['DISPATCHED', gridWorker, { action: 'DISPATCH' }],
      ['IN_PROGRESS', transportOfficer, { action: 'START' }],
      ['RESOLVED', transportOfficer, { action: 'RESOLVE', note: '已补装井盖 cover replaced' }],
    ];
    for (const [reached, client, input] of path) {
      if (issue.status === status) break;
      issue = await stepOk(client, issue.id, input);
      expect(issue.status).toBe(reached);
    }
    return issue;
  }
  const statusOf = async (id: string) => (await t.dataSource.query('SELECT status FROM governance_issue WHERE id = $1', [id]))[0].status;
  const eventCount = async (id: string) => (await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue_event WHERE issue_id = $1', [id]))[0].n;

  describe('reporting', () => {
    it('takes the grid and township from the location and starts the timeline with REPORT', async () => {
      const issue = await reported(reporter, { category: 'SANITATION', photos: ['https://img.example.com/1.jpg'], address: '舜陵大道 1 号' });
      expect(issue).toMatchObject({ status: 'REPORTED', gridId: gridA.id, grid: { code: 'A-001' }, category: { code: 'SANITATION' }, reportedByMe: true });
      expect(issue.timeline).toEqual([
        expect.objectContaining({ action: 'REPORT', fromStatus: null, toStatus: 'REPORTED', actorKind: 'WORKER', actorRole: null, actorId: null }),
      ]);
      const [row] = await t.dataSource.query('SELECT r.code FROM governance_issue i JOIN region r ON r.id = i.township_id WHERE i.id = $1', [issue.id]);
      expect(row.code).toBe('431126100');
    });

    it('outside every grid needs a township: refused naming townshipCode, accepted with one', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue'))[0].n;
      const refused = await report(reporter, { lat: 25.3, lng: 111.5 });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'townshipCode' }] });
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue'))[0].n).toBe(before);
      await ensureRegion(t.dataSource, '431126300');
      const issue = await reported(reporter, { lat: 25.3, lng: 111.5, townshipCode: '431126300' });
      expect(issue.gridId).toBeNull();
    });

    it('refuses an unknown category, a bad latitude, a non-URL photo and staff callers, writing nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue'))[0].n;
      expect((await report(reporter, { category: 'NO_SUCH' })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'category' }],
      });
      expect((await report(reporter, { lat: 95 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'lat' }] });
      expect((await report(reporter, { photos: ['not a url'] })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'photos' }],
      });
      const staff = await township.gql(REPORT, { input: { category: 'OTHER', description: 'x', ...spot() } });
      expect(staff.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue'))[0].n).toBe(before);
    });
  });

  describe('duplicate detection within 50 m', () => {
    // earthdistance's sphere: earth() = 6378168 m, so 1° of latitude = earth() · π / 180 ≈ 111,320 m.
    async function metresPerDegree(): Promise<number> {
      return (await t.dataSource.query('SELECT earth() * pi() / 180 AS m'))[0].m;
    }
    async function distance(a: { lat: number; lng: number }, b: { lat: number; lng: number }): Promise<number> {
      return (await t.dataSource.query('SELECT earth_distance(ll_to_earth($1, $2), ll_to_earth($3, $4)) AS d', [a.lat, a.lng, b.lat, b.lng]))[0].d;
    }

    it('returns an open problem of the same category 49 m away instead of saving, but not one 51 m away', async () => {
      const perDegree = await metresPerDegree();
      const origin = { lat: 25.645, lng: 111.945 };
      const at49 = { lat: origin.lat + 49 / perDegree, lng: origin.lng };
      const at51 = { lat: origin.lat - 51 / perDegree, lng: origin.lng };
      expect(await distance(origin, at49)).toBeCloseTo(49, 3);
      expect(await distance(origin, at51)).toBeCloseTo(51, 3);

      const original = await reported(reporter, { category: 'PUBLIC_FACILITY', ...origin });
      const count = async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM governance_issue WHERE category_id = (SELECT id FROM issue_category WHERE code = 'PUBLIC_FACILITY')`,
          )
        )[0].n;
      const near = await report(otherWorker, { category: 'PUBLIC_FACILITY', ...at49 });
      expect(near.data!.reportIssue.issue).toBeNull();
      expect(near.data!.reportIssue.likelyDuplicates.map((d) => d.id)).toEqual([original.id]);
      expect(await count()).toBe(1);

      const far = await report(otherWorker, { category: 'PUBLIC_FACILITY', ...at51 });
      expect(far.data!.reportIssue.likelyDuplicates).toEqual([]);
      expect(far.data!.reportIssue.issue!.status).toBe('REPORTED');

      const otherCategory = await report(otherWorker, { category: 'SANITATION', ...at49 });
      expect(otherCategory.data!.reportIssue.issue).not.toBeNull();

      const confirmed = await report(otherWorker, { category: 'PUBLIC_FACILITY', ...at49, submitDespiteDuplicates: true });
      expect(confirmed.data!.reportIssue.issue!.status).toBe('REPORTED');
      expect(confirmed.data!.reportIssue.likelyDuplicates.map((d) => d.id)).toContain(original.id);
    });

    it('ignores problems that are no longer open', async () => {
      const where = { lat: 25.6455, lng: 111.9025 };
      const first = await reported(reporter, { category: 'NEIGHBOURHOOD_DISPUTE', ...where });
      await stepOk(gridWorker, first.id, { action: 'REJECT', note: '非治理问题 not a governance matter' });
      const again = await report(otherWorker, { category: 'NEIGHBOURHOOD_DISPUTE', ...where });
      expect(again.data!.reportIssue).toMatchObject({ likelyDuplicates: [], issue: { status: 'REPORTED' } });
    });
  });

  describe('workflow (12345-style)', () => {
    it('runs the main path: accept → dispatch (deadline from the category) → start → resolve → rating closes it, every step on the timeline', async () => {
      const t0 = new Date('2031-03-01T02:00:00.000Z');
      clock.set(t0);
      const issue = await reported();
      const accepted = await stepOk(gridWorker, issue.id, { action: 'ACCEPT' });
      expect(accepted.allowedActions).toEqual(['REJECT', 'MARK_DUPLICATE', 'DISPATCH']);
      // The label beside the enum, from the one label source: screens never hard-code 已受理 (issue 17).
      expect(accepted.statusLabel).toEqual({ value: 'ACCEPTED', zh: '已受理', en: 'Accepted' });
      const dispatched = await stepOk(gridWorker, issue.id, { action: 'DISPATCH' });
      expect(dispatched).toMatchObject({ status: 'DISPATCHED', departmentId: transport, department: { kind: 'TRANSPORT' } });
      expect(new Date(dispatched.deadlineAt!).getTime()).toBe(t0.getTime() + 72 * HOUR);
      await stepOk(transportOfficer, issue.id, { action: 'START' });
      const resolved = await stepOk(transportOfficer, issue.id, { action: 'RESOLVE', note: '已补装井盖', photo: 'https://img.example.com/done.jpg' });
      expect(resolved.status).toBe('RESOLVED');

      const rated = await reporter.gql<{ rateGovernanceIssue: Issue }>(RATE, { id: issue.id, input: { rating: 5, comment: '很快 quick' } });
      expect(rated.data!.rateGovernanceIssue).toMatchObject({ status: 'CLOSED', rating: 5, ratingComment: '很快 quick', autoClosed: false });
      const timeline = rated.data!.rateGovernanceIssue.timeline;
      expect(timeline.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
        ['REPORT', null, 'REPORTED'],
        ['ACCEPT', 'REPORTED', 'ACCEPTED'],
        ['DISPATCH', 'ACCEPTED', 'DISPATCHED'],
        ['START', 'DISPATCHED', 'IN_PROGRESS'],
        ['RESOLVE', 'IN_PROGRESS', 'RESOLVED'],
        ['RATE', 'RESOLVED', 'CLOSED'],
      ]);
      expect(timeline[1]).toMatchObject({ actorKind: 'STAFF', actorRole: 'GRID_WORKER', actorId: null });
      expect(timeline[5]).toMatchObject({ actorKind: 'WORKER', actorRole: null, actorId: null });
    });

    it('dispatches hazards to the township office with a 24-hour deadline, or to a named department', async () => {
      const t0 = new Date('2031-03-02T00:00:00.000Z');
      clock.set(t0);
      const hazard = await reported(reporter, { category: 'SAFETY_HAZARD' });
      await stepOk(township, hazard.id, { action: 'ACCEPT' });
      const dispatched = await stepOk(township, hazard.id, { action: 'DISPATCH' });
      expect(dispatched).toMatchObject({ departmentId: townshipOffice, department: { kind: 'TOWNSHIP' } });
      expect(new Date(dispatched.deadlineAt!).getTime()).toBe(t0.getTime() + 24 * HOUR);
      // The township office's work is done by the township's officers.
      expect((await stepOk(township, hazard.id, { action: 'START' })).status).toBe('IN_PROGRESS');

      const other = await issueAt('ACCEPTED');
      const market = (await t.dataSource.query(`SELECT id FROM department WHERE kind = 'MARKET_REGULATION'`))[0].id;
      expect((await stepOk(gridWorker, other.id, { action: 'DISPATCH', departmentId: market })).departmentId).toBe(market);
    });

    it("refuses a department outside the problem's county, naming departmentId, and changes nothing", async () => {
      const issue = await issueAt('ACCEPTED');
      const elsewhere = await ensureDepartment(t.dataSource, '431127', 'TRANSPORT');
      const refused = await step(gridWorker, issue.id, { action: 'DISPATCH', departmentId: elsewhere });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'departmentId' }] });
      expect(await statusOf(issue.id)).toBe('ACCEPTED');
      expect(await eventCount(issue.id)).toBe(2);
    });

    it('refuses an illegal step with CONFLICT listing the allowed ones, and writes nothing', async () => {
      const issue = await reported();
      const refused = await step(transportOfficer, issue.id, { action: 'START' });
      // Department officers do not see a problem before it is dispatched to them.
      expect(refused.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const conflict = await step(gridWorker, issue.id, { action: 'DISPATCH' });
      expect(conflict.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        status: 'REPORTED',
        action: 'DISPATCH',
        allowed: ['ACCEPT', 'REJECT', 'MARK_DUPLICATE'],
      });
      const rest = await gridWorker.post(`/api/v1/governance/issues/${issue.id}/transitions`).send({ action: 'RESOLVE', note: 'x' }).expect(403);
      expect(rest.body.code).toBe('FORBIDDEN');

      const resolved = await issueAt('RESOLVED');
      const late = await step(transportOfficer, resolved.id, { action: 'RETURN', note: '不归我们管' });
      expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', allowed: ['RATE', 'AUTO_CLOSE'] });
      const closedAgain = await reporter.gql(RATE, { id: resolved.id, input: { rating: 4 } });
      expect(closedAgain.errors).toBeUndefined();
      const twice = await reporter.gql(RATE, { id: resolved.id, input: { rating: 1 } });
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'CLOSED', allowed: ['REOPEN'] });
      expect(await statusOf(issue.id)).toBe('REPORTED');
      expect(await eventCount(issue.id)).toBe(1);
      expect(await eventCount(resolved.id)).toBe(6);
    });

    it('lets only the right people take each step (FORBIDDEN otherwise, NOT_FOUND outside scope)', async () => {
      const issue = await issueAt('DISPATCHED');
      // Department officers cannot accept or dispatch; dispatchers cannot do the department's work.
      expect((await step(transportOfficer, issue.id, { action: 'REJECT', note: 'x' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await step(gridWorker, issue.id, { action: 'START' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await step(transportOfficer, issue.id, { action: 'APPROVE_EXTENSION' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      // Another department, another grid's worker and another township do not see it at all.
      expect((await step(marketOfficer, issue.id, { action: 'START' })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await step(otherGridWorker, issue.id, { action: 'REJECT', note: 'x' })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await step(otherTownship, issue.id, { action: 'REJECT', note: 'x' })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      // Workers hold no ISSUE_HANDLE; a worker cannot rate someone else's problem.
      expect((await step(reporter, issue.id, { action: 'START' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await step(gridWorker, issue.id, { action: 'RATE' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const resolved = await issueAt('RESOLVED');
      expect((await otherWorker.gql(RATE, { id: resolved.id, input: { rating: 1 } })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(await statusOf(issue.id)).toBe('DISPATCHED');
      expect(await statusOf(resolved.id)).toBe('RESOLVED');
    });

    it('requires a reason to reject, return, resolve and request an extension, naming the field', async () => {
      const reportedIssue = await reported();
      expect((await step(gridWorker, reportedIssue.id, { action: 'REJECT' })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'note' }],
      });
      const progress = await issueAt('IN_PROGRESS');
      for (const input of [{ action: 'RETURN' }, { action: 'RESOLVE' }, { action: 'REQUEST_EXTENSION', extensionHours: 24 }]) {
        expect((await step(transportOfficer, progress.id, input)).errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'note' }],
        });
      }
      expect((await step(transportOfficer, progress.id, { action: 'REQUEST_EXTENSION', note: '材料未到' })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'extensionHours' }],
      });
      const rating = await issueAt('RESOLVED');
      expect((await reporter.gql(RATE, { id: rating.id, input: { rating: 6 } })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'rating' }],
      });
      expect(await statusOf(reportedIssue.id)).toBe('REPORTED');
      expect(await statusOf(progress.id)).toBe('IN_PROGRESS');
      expect(await eventCount(progress.id)).toBe(4);
    });

    it('returns to the dispatcher with a reason; a new dispatch restarts the deadline; a returned problem may be rejected', async () => {
      const t0 = new Date('2031-04-01T00:00:00.000Z');
      clock.set(t0);
      const issue = await issueAt('IN_PROGRESS');
      clock.set(new Date(t0.getTime() + 5 * HOUR));
      const returned = await stepOk(transportOfficer, issue.id, { action: 'RETURN', note: '非交通部门职责 not ours' });
      expect(returned).toMatchObject({ status: 'RETURNED', allowedActions: ['REJECT', 'DISPATCH'] });
      expect(returned.timeline.at(-1)).toMatchObject({ action: 'RETURN', note: '非交通部门职责 not ours', actorRole: 'DEPARTMENT_OFFICER' });
      const again = await stepOk(township, issue.id, { action: 'DISPATCH' });
      expect(new Date(again.deadlineAt!).getTime()).toBe(t0.getTime() + 5 * HOUR + 72 * HOUR);

      const other = await issueAt('DISPATCHED');
      await stepOk(transportOfficer, other.id, { action: 'RETURN', note: '重复派单' });
      expect((await stepOk(gridWorker, other.id, { action: 'REJECT', note: '已由他案处理' })).status).toBe('REJECTED');
    });

    it("merges a duplicate into its original; the duplicate's reporter then follows the original", async () => {
      const original = await reported(reporter);
      const duplicate = await reported(otherWorker);
      expect((await step(gridWorker, duplicate.id, { action: 'MARK_DUPLICATE' })).errors?.[0].extensions).toMatchObject({
        fields: [{ field: 'duplicateOfId' }],
      });
      expect((await step(gridWorker, duplicate.id, { action: 'MARK_DUPLICATE', duplicateOfId: duplicate.id })).errors?.[0].extensions).toMatchObject({
        fields: [{ field: 'duplicateOfId' }],
      });
      const merged = await stepOk(gridWorker, duplicate.id, { action: 'MARK_DUPLICATE', duplicateOfId: original.id });
      expect(merged).toMatchObject({ status: 'DUPLICATE', duplicateOfId: original.id, allowedActions: [] });
      const third = await reported(otherWorker);
      expect((await step(gridWorker, third.id, { action: 'MARK_DUPLICATE', duplicateOfId: duplicate.id })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'duplicateOfId' }],
      });

      const followed = await otherWorker.gql<{ myIssues: { edges: { node: Issue }[] } }>(MINE);
      const nodes = followed.data!.myIssues.edges.map((e) => e.node);
      expect(nodes.find((n) => n.id === original.id)).toMatchObject({ reportedByMe: false, status: 'REPORTED' });
      expect(nodes.find((n) => n.id === duplicate.id)).toBeUndefined();
      expect(JSON.stringify(followed)).not.toContain(reporter.id);
    });

    it('extends a deadline only when the department asks and the township approves; one request at a time', async () => {
      const t0 = new Date('2031-05-01T00:00:00.000Z');
      clock.set(t0);
      const issue = await issueAt('IN_PROGRESS');
      const deadline = t0.getTime() + 72 * HOUR;
      expect((await step(township, issue.id, { action: 'APPROVE_EXTENSION' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
      const asked = await stepOk(transportOfficer, issue.id, { action: 'REQUEST_EXTENSION', extensionHours: 48, note: '需要采购 parts on order' });
      expect(asked).toMatchObject({ status: 'IN_PROGRESS', extensionRequest: { hours: 48, reason: '需要采购 parts on order' } });
      // allowedActions is what can be done now (issue 17): deciding the pending request, not asking again.
      expect(asked.allowedActions).toEqual(['RETURN', 'RESOLVE', 'APPROVE_EXTENSION', 'DENY_EXTENSION']);
      expect((await step(transportOfficer, issue.id, { action: 'REQUEST_EXTENSION', extensionHours: 8, note: 'again' })).errors?.[0].extensions.code).toBe(
        'CONFLICT',
      );
      expect((await step(gridWorker, issue.id, { action: 'APPROVE_EXTENSION' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const approved = await stepOk(township, issue.id, { action: 'APPROVE_EXTENSION' });
      expect(new Date(approved.deadlineAt!).getTime()).toBe(deadline + 48 * HOUR);
      expect(approved.extensionRequest).toBeNull();
      expect(approved.allowedActions).toEqual(['RETURN', 'RESOLVE', 'REQUEST_EXTENSION']);

      await stepOk(transportOfficer, issue.id, { action: 'REQUEST_EXTENSION', extensionHours: 24, note: '再延 more' });
      const denied = await stepOk(township, issue.id, { action: 'DENY_EXTENSION', note: '不予延期' });
      expect(new Date(denied.deadlineAt!).getTime()).toBe(deadline + 48 * HOUR);
      expect(denied.timeline.map((e) => e.action).slice(-4)).toEqual(['REQUEST_EXTENSION', 'APPROVE_EXTENSION', 'REQUEST_EXTENSION', 'DENY_EXTENSION']);
    });
  });

  describe('deadlines, overdue supervision and auto-close (controllable clock)', () => {
    it('marks a problem overdue once its deadline passes, with one supervision entry however often the job runs', async () => {
      const t0 = new Date('2032-01-10T00:00:00.000Z');
      clock.set(t0);
      const issue = await issueAt('DISPATCHED');
      const jobs = t.app.get(IssuesService);
      const deadline = t0.getTime() + 72 * HOUR;
      // Problems of earlier tests (earlier clocks) are marked by this first run; ours is not yet due.
      clock.set(new Date(deadline - 1));
      await jobs.markOverdue();
      expect((await t.dataSource.query('SELECT overdue_at FROM governance_issue WHERE id = $1', [issue.id]))[0].overdue_at).toBeNull();
      clock.set(new Date(deadline + 1000));
      expect(await jobs.markOverdue()).toBe(1);
      expect(await jobs.markOverdue()).toBe(0);
      clock.set(new Date(deadline + 10 * HOUR));
      expect(await jobs.markOverdue()).toBe(0);
      const supervision = await t.dataSource.query('SELECT deadline_at, department_id FROM governance_issue_supervision WHERE issue_id = $1', [issue.id]);
      expect(supervision).toEqual([{ deadline_at: new Date(deadline), department_id: transport }]);

      const seen = await township.gql<{ governanceIssue: Issue }>(ONE, { id: issue.id });
      expect(seen.data!.governanceIssue.overdue).toBe(true);
      expect(seen.data!.governanceIssue.timeline.filter((e) => e.action === 'MARK_OVERDUE')).toEqual([
        expect.objectContaining({ actorKind: 'SYSTEM', fromStatus: 'DISPATCHED', toStatus: 'DISPATCHED' }),
      ]);
      const overdueList = await township.gql<{ governanceIssues: { edges: { node: Issue }[] } }>(LIST, { overdue: true, first: 100 });
      expect(overdueList.data!.governanceIssues.edges.map((e) => e.node.id)).toContain(issue.id);
      const rest = await township.get('/api/v1/governance/issues?overdue=true&limit=100').expect(200);
      expect(rest.body.items.map((i: Issue) => i.id)).toContain(issue.id);

      // An approved extension gives a new deadline; missing that one is supervised again, once.
      await stepOk(transportOfficer, issue.id, { action: 'REQUEST_EXTENSION', extensionHours: 24, note: '延期' });
      const extended = await stepOk(township, issue.id, { action: 'APPROVE_EXTENSION' });
      expect(extended.overdue).toBe(false);
      clock.set(new Date(deadline + 25 * HOUR));
      expect(await jobs.markOverdue()).toBe(1);
      expect(await jobs.markOverdue()).toBe(0);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM governance_issue_supervision WHERE issue_id = $1', [issue.id]))[0].n).toBe(2);
    });

    it('does not mark problems that were resolved in time or are not yet dispatched', async () => {
      const t0 = new Date('2032-02-01T00:00:00.000Z');
      clock.set(t0);
      const resolved = await issueAt('RESOLVED');
      const waiting = await issueAt('ACCEPTED');
      clock.set(new Date(t0.getTime() + 100 * HOUR));
      await t.app.get(IssuesService).markOverdue();
      const rows = await t.dataSource.query('SELECT id FROM governance_issue WHERE id = ANY($1) AND overdue_at IS NOT NULL', [[resolved.id, waiting.id]]);
      expect(rows).toEqual([]);
    });

    it('closes a resolved problem automatically 7 days after resolution when the reporter does not rate it', async () => {
      const t0 = new Date('2032-03-01T00:00:00.000Z');
      clock.set(t0);
      const issue = await issueAt('RESOLVED');
      const jobs = t.app.get(IssuesService);
      // Earlier tests' resolved problems close in this first run; ours is a second short of 7 days.
      clock.set(new Date(t0.getTime() + 7 * 24 * HOUR - 1000));
      await jobs.autoClose();
      expect(await statusOf(issue.id)).toBe('RESOLVED');
      clock.set(new Date(t0.getTime() + 7 * 24 * HOUR));
      expect(await jobs.autoClose()).toBe(1);
      expect(await jobs.autoClose()).toBe(0);
      const seen = await reporter.gql<{ governanceIssue: Issue }>(ONE, { id: issue.id });
      expect(seen.data!.governanceIssue).toMatchObject({ status: 'CLOSED', autoClosed: true, rating: null });
      expect(seen.data!.governanceIssue.timeline.at(-1)).toMatchObject({ action: 'AUTO_CLOSE', actorKind: 'SYSTEM' });
      expect((await reporter.gql(RATE, { id: issue.id, input: { rating: 3 } })).errors?.[0].extensions.code).toBe('CONFLICT');
    });
  });

  describe('timeline', () => {
    it('cannot be edited or deleted, not even with SQL', async () => {
      const issue = await reported();
      await expect(t.dataSource.query(`UPDATE governance_issue_event SET note = 'changed' WHERE issue_id = $1`, [issue.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('DELETE FROM governance_issue_event WHERE issue_id = $1', [issue.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('TRUNCATE governance_issue_event CASCADE')).rejects.toThrow(/append-only/);
      expect(await eventCount(issue.id)).toBe(1);
    });
  });

  describe('reporter privacy', () => {
    const masked = (w: Worker) => `${w.phone.slice(0, 3)}****${w.phone.slice(-4)}`;
    function expectNoReporter(body: unknown, who: Worker = reporter) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(who.id);
      expect(text).not.toContain(masked(who));
      expect(text).not.toContain(who.phone);
    }

    it('never shows the reporter in any view: anonymous, other workers, every staff role, lists, REST and the timeline', async () => {
      const issue = await issueAt('DISPATCHED');
      await stepOk(transportOfficer, issue.id, { action: 'START' });
      const views: [string, unknown][] = [];
      views.push(['anonymous', await t.gql(ONE, { id: issue.id })]);
      views.push(['other worker', await otherWorker.gql(ONE, { id: issue.id })]);
      for (const [name, client] of [
        ['grid worker', gridWorker],
        ['township', township],
        ['department', transportOfficer],
        ['admin', admin],
      ] as const) {
        views.push([name, await client.gql(ONE, { id: issue.id })]);
        views.push([`${name} list`, await client.gql(LIST, { first: 100 })]);
        views.push([`${name} REST`, (await client.get(`/api/v1/governance/issues/${issue.id}`)).body]);
        views.push([`${name} REST list`, (await client.get('/api/v1/governance/issues?limit=100')).body]);
        views.push([`${name} REST timeline`, (await client.get(`/api/v1/governance/issues/${issue.id}/timeline`)).body]);
      }
      views.push(['station manager', await (await t.as(Role.STATION_MANAGER)).gql(ONE, { id: issue.id })]);
      for (const [name, body] of views) {
        expect([name, JSON.stringify(body).includes(issue.id) || JSON.stringify(body).includes('REPORT')]).toEqual([name, true]);
        expectNoReporter(body);
      }
      const anonymous = (views[0][1] as GraphQLResponse<{ governanceIssue: Issue }>).data!.governanceIssue;
      expect(anonymous).toMatchObject({ reportedByMe: false, allowedActions: [], ratingComment: null });
      // Public views show staff steps by role only; staff views show staff ids, never a worker's.
      expect(anonymous.timeline.map((e) => e.actorId)).toEqual([null, null, null, null]);
      const staff = (views[2][1] as GraphQLResponse<{ governanceIssue: Issue }>).data!.governanceIssue;
      expect(staff.timeline[0]).toMatchObject({ action: 'REPORT', actorKind: 'WORKER', actorId: null, actorRole: null });
      expect(staff.timeline[1].actorId).toBe(gridWorker.id);
      // Nothing stores the reporter on the timeline either.
      const [row] = await t.dataSource.query(`SELECT actor_id FROM governance_issue_event WHERE issue_id = $1 AND action = 'REPORT'`, [issue.id]);
      expect(row.actor_id).toBeNull();
    });

    it('shows the reporter their own problems (myIssues) and marks them reportedByMe; nobody else sees them as theirs', async () => {
      const issue = await reported();
      const mine = await reporter.gql<{ myIssues: { edges: { node: Issue }[] } }>(MINE);
      expect(mine.data!.myIssues.edges.find((e) => e.node.id === issue.id)!.node.reportedByMe).toBe(true);
      const others = await otherWorker.gql<{ myIssues: { edges: { node: Issue }[] } }>(MINE);
      expect(others.data!.myIssues.edges.find((e) => e.node.id === issue.id)).toBeUndefined();
      expect((await reporter.gql<{ governanceIssue: Issue }>(ONE, { id: issue.id })).data!.governanceIssue.reportedByMe).toBe(true);
      expect((await otherWorker.gql<{ governanceIssue: Issue }>(ONE, { id: issue.id })).data!.governanceIssue.reportedByMe).toBe(false);
      expect((await t.as(Role.ORG_OFFICER)).get('/api/v1/governance/issues').then((r) => r.status)).resolves.toBe(200);
      expect((await reporter.get('/api/v1/governance/issues')).status).toBe(403);
    });

    it("hides the likely duplicates' reporters from the worker who is about to report", async () => {
      const where = { lat: 25.6495, lng: 111.9495 };
      await reported(reporter, { category: 'OTHER', ...where });
      const near = await report(otherWorker, { category: 'OTHER', ...where });
      expect(near.data!.reportIssue.likelyDuplicates).toHaveLength(1);
      expect(near.data!.reportIssue.likelyDuplicates[0].reportedByMe).toBe(false);
      expectNoReporter(near);
    });
  });

  describe('scope', () => {
    it('department officers see what was dispatched to them; grid workers their grids; townships their subtree', async () => {
      const dispatched = await issueAt('DISPATCHED');
      const fresh = await reported();
      const ids = async (client: ActorClient) =>
        (await client.gql<{ governanceIssues: { edges: { node: Issue }[] } }>(LIST, { first: 100 })).data!.governanceIssues.edges.map((e) => e.node.id);
      expect(await ids(transportOfficer)).toContain(dispatched.id);
      expect(await ids(transportOfficer)).not.toContain(fresh.id);
      expect(await ids(marketOfficer)).not.toContain(dispatched.id);
      expect(await ids(gridWorker)).toEqual(expect.arrayContaining([dispatched.id, fresh.id]));
      expect(await ids(otherGridWorker)).not.toContain(fresh.id);
      expect(await ids(township)).toContain(fresh.id);
      expect(await ids(otherTownship)).not.toContain(fresh.id);
      expect((await otherTownship.gql(ONE, { id: fresh.id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      await otherTownship.get(`/api/v1/governance/issues/${fresh.id}`).expect(404);
      const filtered = await township.gql<{ governanceIssues: { edges: { node: Issue }[] } }>(LIST, {
        first: 100,
        status: 'DISPATCHED',
        category: 'ROAD_TRAFFIC',
        gridId: gridA.id,
      });
      expect(filtered.data!.governanceIssues.edges.every((e) => e.node.status === 'DISPATCHED')).toBe(true);
      expect(filtered.data!.governanceIssues.edges.map((e) => e.node.id)).toContain(dispatched.id);
    });

    it('loads category, grid, department and timeline of a page without N+1 queries', async () => {
      for (let i = 0; i < 6; i++) await issueAt('DISPATCHED');
      const five = await t.queries.measure(() => township.gql(LIST, { first: 5 }));
      const fifty = await t.queries.measure(() => township.gql(LIST, { first: 50 }));
      expect(five.count).toBeGreaterThan(0);
      expect(fifty.count).toBe(five.count);
      // The caller, then the page with every relation and the total: two statements.
      expect(fifty.count).toBeLessThanOrEqual(2);
    });

    it('shows each problem on a page exactly as it reads on its own (relations read with the page)', async () => {
      const started = await issueAt('IN_PROGRESS');
      const resolved = await issueAt('RESOLVED');
      const FULL = `id status reportedAt dispatchedAt deadlineAt overdue allowedActions extensionRequest { hours reason } ratingComment
        category { id code name deadlineHours defaultDepartmentKind active } grid { id code name communityCode countyCode boundary { type coordinates } centroidLat centroidLng }
        department { id name kind } timeline { id action fromStatus toStatus actorKind actorRole actorId note at }`;
      const page = await township.gql<{ governanceIssues: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
        `query { governanceIssues(first: 100) { edges { node { ${FULL} } } } }`,
      );
      expect(page.errors).toBeUndefined();
      for (const issue of [started, resolved]) {
        const listed = page.data!.governanceIssues.edges.find((e) => e.node.id === issue.id)!.node;
        const alone = (
          await township.gql<{ governanceIssue: Record<string, unknown> }>(`query($id: ID!) { governanceIssue(id: $id) { ${FULL} } }`, { id: issue.id })
        ).data!.governanceIssue;
        expect(listed).toEqual(alone);
        expect(listed).toMatchObject({ department: { kind: 'TRANSPORT' }, grid: { code: expect.any(String) } });
        expect((listed.timeline as { actorId: string | null }[]).some((e) => e.actorId !== null)).toBe(true);
      }
    });

    it('records every handled step in the audit log with the entity', async () => {
      const issue = await reported();
      await stepOk(gridWorker, issue.id, { action: 'ACCEPT' });
      const [entry] = await t.dataSource.query(
        `SELECT action, entity_type, entity_id, role FROM audit_entry WHERE action = 'transitionGovernanceIssue' AND entity_id = $1`,
        [issue.id],
      );
      expect(entry).toMatchObject({ entity_type: 'GovernanceIssue', role: 'GRID_WORKER' });
    });
  });
});
