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

type Issue = {
  id: string;
  status: string;
  deadlineAt: string | null;
  dispatchedAt: string | null;
  reportedByMe: boolean;
  allowedActions: string[];
  timeline: { action: string; fromStatus: string | null; toStatus: string; note: string | null }[];
};
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

  const report = (
    worker: Worker,
    input: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<{ reportIssue: { issue: Issue | null; likelyDuplicates: { id: string }[] } }>> =>
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
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          if (i % 2 === 0) return (await report(reporter, input)).data!.reportIssue.issue!.id;
          const rest = await reporter.post('/api/v1/governance/issues').send(input).expect(201);
          return rest.body.issue.id as string;
        }),
      );
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
      const rest = await reporter
        .post('/api/v1/governance/issues')
        .send({ category: 'ROAD_TRAFFIC', description: 'x', ...spot(), clientRequestId: 'x'.repeat(40) })
        .expect(400);
      expect(JSON.stringify(rest.body)).toContain('clientRequestId');
    });
  });

  describe('working-day deadlines (工作日时限)', () => {
    beforeAll(async () => {
      await admin
        .post('/api/v1/governance/issue-categories')
        .send({
          code: 'HELP_REQUEST',
          name: '求助',
          deadlineHours: 72,
          deadlineUnit: 'WORKING_DAYS',
          deadlineWorkingDays: 3,
          defaultDepartmentKind: 'TRANSPORT',
        })
        .expect(201);
    });

    async function dispatchedAt(at: string): Promise<Issue> {
      clock.set(new Date(at));
      const issue = await reported(reporter, { category: 'HELP_REQUEST' });
      await stepOk(gridWorker, issue.id, { action: 'ACCEPT' });
      return stepOk(gridWorker, issue.id, { action: 'DISPATCH' });
    }
    const deadlineOf = async (id: string) =>
      (await t.dataSource.query('SELECT deadline_warning FROM governance_issue WHERE id = $1', [id]))[0].deadline_warning;

    it('refuses a working-day category without its count, naming deadlineWorkingDays', async () => {
      const refused = await admin
        .post('/api/v1/governance/issue-categories')
        .send({ code: 'COMPLAINT_X', name: '投诉', deadlineHours: 72, deadlineUnit: 'WORKING_DAYS', defaultDepartmentKind: 'TRANSPORT' })
        .expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'deadlineWorkingDays' })]);
    });

    it('ends 3 working days from the eve of National Day 2025 at 18:00 on the make-up Saturday, 11 October', async () => {
      const issue = await dispatchedAt('2025-09-30T10:00:00+08:00');
      expect(issue.deadlineAt).toBe(new Date('2025-10-11T18:00:00+08:00').toISOString());
      expect(await deadlineOf(issue.id)).toBeNull();
    });

    it('counts the make-up Saturday before Spring Festival 2026 and skips the nine days off', async () => {
      // Thursday 12 February: Friday 13, Saturday 14 (worked), then 15–23 off, Tuesday 24.
      const issue = await dispatchedAt('2026-02-12T15:00:00+08:00');
      expect(issue.deadlineAt).toBe(new Date('2026-02-24T18:00:00+08:00').toISOString());
    });

    it('asks for and grants an extension in working days, as the deadline is counted', async () => {
      // Deadline: Saturday 11 October 2025 18:00 (a make-up working day after National Day).
      const issue = await dispatchedAt('2025-09-30T10:00:00+08:00');
      const inHours = await transportOfficer.gql(TRANSITION, { id: issue.id, input: { action: 'REQUEST_EXTENSION', extensionHours: 24, note: '缺料' } });
      expect(inHours.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'extensionHours' })] });
      const asked = await stepOk(transportOfficer, issue.id, { action: 'REQUEST_EXTENSION', extensionWorkingDays: 2, note: '缺料 waiting for parts' });
      expect(asked.allowedActions).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'DENY_EXTENSION']));
      const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      const approved = await stepOk(township, issue.id, { action: 'APPROVE_EXTENSION' });
      // Sunday 12 is off: Monday 13, Tuesday 14 → Tuesday 18:00.
      expect(approved.deadlineAt).toBe(new Date('2025-10-14T18:00:00+08:00').toISOString());
      expect(approved.timeline.at(-1)).toMatchObject({ action: 'APPROVE_EXTENSION' });
      expect(approved.timeline.at(-1)!.note).toContain('+2');
    });

    it('counts an ordinary week: Friday evening → Wednesday 18:00', async () => {
      const issue = await dispatchedAt('2025-11-14T20:00:00+08:00');
      expect(issue.deadlineAt).toBe(new Date('2025-11-19T18:00:00+08:00').toISOString());
    });

    it('warns visibly when a year has no schedule, and counts on the one an admin imports (CSV)', async () => {
      const blind = await dispatchedAt('2027-03-01T09:00:00+08:00');
      expect(await deadlineOf(blind.id)).toContain('2027');
      expect(blind.timeline.at(-1)!.note).toContain('⚠');
      const warned = await reporter.gql<{ governanceIssue: { deadlineWarning: string | null } }>(
        'query($id: ID!) { governanceIssue(id: $id) { deadlineWarning } }',
        { id: blind.id },
      );
      expect(warned.data!.governanceIssue.deadlineWarning).toContain('2027');
      expect(blind.deadlineAt).toBe(new Date('2027-03-04T18:00:00+08:00').toISOString());

      const before = await admin.get('/api/v1/holiday-calendar').expect(200);
      expect(before.body.missingYears).toEqual([2027, 2028]);
      expect(before.body.warning).toContain('2027');
      expect(before.body.years.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2025, 2026]));

      const csv = 'date,type,name\n2027-03-03,holiday,测试假日\n2027-03-06,workday,测试调休';
      const imported = await admin.put('/api/v1/holiday-calendar/2027').send({ source: 'test schedule', csv }).expect(200);
      expect(imported.body.days).toEqual([
        { date: '2027-03-03', working: false, name: '测试假日' },
        { date: '2027-03-06', working: true, name: '测试调休' },
      ]);
      expect((await admin.get('/api/v1/holiday-calendar').expect(200)).body.missingYears).toEqual([2028]);

      // Monday 1 March: Tuesday 2, (Wednesday 3 off), Thursday 4, Friday 5.
      const known = await dispatchedAt('2027-03-01T09:00:00+08:00');
      expect(known.deadlineAt).toBe(new Date('2027-03-05T18:00:00+08:00').toISOString());
      expect(await deadlineOf(known.id)).toBeNull();
    });

    it('refuses a bad schedule naming the field, and only admins import', async () => {
      const weekday = await admin
        .put('/api/v1/holiday-calendar/2029')
        .send({ source: 's', days: [{ date: '2029-03-07', working: true, name: '调休' }] })
        .expect(400);
      expect(weekday.body.errors).toEqual([expect.objectContaining({ field: 'days[0].working' })]);
      const otherYear = await admin
        .put('/api/v1/holiday-calendar/2029')
        .send({ source: 's', days: [{ date: '2030-01-01', working: false, name: '元旦' }] })
        .expect(400);
      expect(otherYear.body.errors).toEqual([expect.objectContaining({ field: 'days[0].date' })]);
      const header = await admin.put('/api/v1/holiday-calendar/2029').send({ source: 's', csv: 'day,kind\n2029-01-01,holiday' }).expect(400);
      expect(header.body.errors).toEqual([expect.objectContaining({ field: 'csv' })]);
      await gridWorker
        .put('/api/v1/holiday-calendar/2029')
        .send({ source: 's', days: [{ date: '2029-01-01', working: false, name: '元旦' }] })
        .expect(403);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM holiday_calendar_year WHERE year = 2029'))[0].n).toBe(0);
    });
  });

  describe('reopening (不满意重办)', () => {
    const RATE = `mutation($id: ID!, $input: RateIssueInput!) { rateGovernanceIssue(id: $id, input: $input) { ${F} rating } }`;
    const REOPEN = `mutation($id: ID!, $input: ReopenIssueInput!) { reopenGovernanceIssue(id: $id, input: $input) { ${F} rating reopenCount reopenedAt } }`;
    const FIGURES = `query($from: DateTime!, $to: DateTime!) { governanceFigures(regionCode: "431126", from: $from, to: $to) { resolved onTimeRate } }`;
    type Reopened = Issue & { rating: number | null; reopenCount: number; reopenedAt: string | null };
    let township: ActorClient;
    let officer: ActorClient;

    beforeAll(async () => {
      township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
      officer = await t.as(Role.ORG_OFFICER);
    });

    /** A ROAD_TRAFFIC problem (72 h) reported, dispatched at `at`, resolved `resolveAfterHours` later and rated `rating`. */
    async function closedWith(rating: number, at = '2036-04-01T09:00:00+08:00', resolveAfterHours = 24): Promise<Issue> {
      clock.set(new Date(at));
      const issue = await reported();
      await stepOk(gridWorker, issue.id, { action: 'ACCEPT' });
      await stepOk(gridWorker, issue.id, { action: 'DISPATCH' });
      await stepOk(transportOfficer, issue.id, { action: 'START' });
      clock.set(new Date(new Date(at).getTime() + resolveAfterHours * 3_600_000));
      await stepOk(transportOfficer, issue.id, { action: 'RESOLVE', note: '已处理 done' });
      const rated = await reporter.gql<{ rateGovernanceIssue: Issue }>(RATE, { id: issue.id, input: { rating } });
      expect(rated.errors).toBeUndefined();
      return rated.data!.rateGovernanceIssue;
    }
    const reopen = (worker: ActorClient, id: string, reason = '井盖还是松的 the cover still rocks') =>
      worker.gql<{ reopenGovernanceIssue: Reopened }>(REOPEN, { id, input: { reason } });
    const later = (hours: number) => clock.set(new Date(clock.now().getTime() + hours * 3_600_000));

    it('lets the reporter reopen a resolution rated 2 within 7 days: REOPENED, back to the township, history kept, re-dispatched', async () => {
      const closed = await closedWith(2);
      later(6 * 24);
      const response = await reopen(reporter, closed.id);
      expect(response.errors).toBeUndefined();
      const reopened = response.data!.reopenGovernanceIssue;
      expect(reopened).toMatchObject({ status: 'REOPENED', rating: null, reopenCount: 1, reportedByMe: true });
      expect(reopened.timeline.map((e) => e.action)).toEqual(['REPORT', 'ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'RATE', 'REOPEN']);
      expect(reopened.timeline.at(-1)).toMatchObject({ fromStatus: 'CLOSED', toStatus: 'REOPENED', note: '2/5: 井盖还是松的 the cover still rocks' });

      const staffView = await township.gql<{ governanceIssue: Issue }>('query($id: ID!) { governanceIssue(id: $id) { status allowedActions } }', {
        id: closed.id,
      });
      expect(staffView.data!.governanceIssue).toEqual({ status: 'REOPENED', allowedActions: ['REJECT', 'DISPATCH'] });
      const again = await stepOk(township, closed.id, { action: 'DISPATCH' });
      expect(again.status).toBe('DISPATCHED');
      const [row] = await t.dataSource.query('SELECT first_deadline_at, deadline_at, resolved_at FROM governance_issue WHERE id = $1', [closed.id]);
      expect(row.first_deadline_at.toISOString()).toBe(new Date('2036-04-04T09:00:00+08:00').toISOString());
      expect(row.deadline_at.getTime()).toBeGreaterThan(row.first_deadline_at.getTime());
      expect(row.resolved_at).toBeNull();
    });

    it('refuses after 7 days, for a rating above 2, for an automatic close, and a reopen of an open problem', async () => {
      const late = await closedWith(1);
      later(7 * 24 + 1);
      expect((await reopen(reporter, late.id)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
      const satisfied = await closedWith(3);
      expect((await reopen(reporter, satisfied.id)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rating: 3 });
      const open = await reported();
      expect((await reopen(reporter, open.id)).errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        status: 'REPORTED',
        allowed: ['ACCEPT', 'REJECT', 'MARK_DUPLICATE'],
      });
      const statuses = await t.dataSource.query('SELECT status FROM governance_issue WHERE id = ANY($1) ORDER BY status', [[late.id, satisfied.id, open.id]]);
      expect(statuses.map((r: { status: string }) => r.status)).toEqual(['CLOSED', 'CLOSED', 'REPORTED']);
    });

    it('refuses anyone but the reporter: another worker finds nothing, staff may not, and REST answers the same', async () => {
      const closed = await closedWith(1);
      expect((await reopen(otherWorker, closed.id)).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await reopen(township, closed.id)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      await otherWorker.post(`/api/v1/governance/issues/${closed.id}/reopen`).send({ reason: 'x' }).expect(404);
      await reporter.post(`/api/v1/governance/issues/${closed.id}/reopen`).send({ reason: '' }).expect(400);
      expect((await t.dataSource.query('SELECT status FROM governance_issue WHERE id = $1', [closed.id]))[0].status).toBe('CLOSED');
      const rest = await reporter.post(`/api/v1/governance/issues/${closed.id}/reopen`).send({ reason: '没修好 not fixed' }).expect(201);
      expect(rest.body).toMatchObject({ status: 'REOPENED', reopenCount: 1 });
      expect(rest.body).not.toHaveProperty('reporterWorkerId');
    });

    it('counts a reopened problem resolved only once resolved again, and judges it on time by its first deadline', async () => {
      const period = { from: '2037-05-01T00:00:00.000Z', to: '2037-06-01T00:00:00.000Z' };
      const figures = async () =>
        (await officer.gql<{ governanceFigures: { resolved: number; onTimeRate: number | null } }>(FIGURES, period)).data!.governanceFigures;
      // Dispatched 5 May 09:00, deadline 8 May 09:00; resolved after 24 h, on time.
      const closed = await closedWith(1, '2037-05-05T09:00:00+08:00', 24);
      expect(await figures()).toEqual({ resolved: 1, onTimeRate: 1 });
      later(1);
      expect((await reopen(reporter, closed.id)).errors).toBeUndefined();
      expect(await figures()).toEqual({ resolved: 0, onTimeRate: null });
      // Re-dispatched 6 May 11:00 (new deadline 9 May 11:00), resolved 8 May 20:00: within the new deadline, after the first.
      later(1);
      await stepOk(township, closed.id, { action: 'DISPATCH' });
      await stepOk(transportOfficer, closed.id, { action: 'START' });
      clock.set(new Date('2037-05-08T20:00:00+08:00'));
      const resolved = await stepOk(transportOfficer, closed.id, { action: 'RESOLVE', note: '已更换井盖 cover replaced' });
      expect(resolved.status).toBe('RESOLVED');
      expect(await figures()).toEqual({ resolved: 1, onTimeRate: 0 });
    });
  });

  describe('following ("me too", 我也遇到)', () => {
    const FOLLOW = `mutation($id: ID!) { followGovernanceIssue(id: $id) { id followerCount reportedByMe } }`;
    const UNFOLLOW = `mutation($id: ID!) { unfollowGovernanceIssue(id: $id) { id followerCount } }`;
    const MINE = `query { myIssues(first: 100) { edges { node { id reportedByMe followerCount } } } }`;
    const mine = async (worker: Worker) =>
      (await worker.gql<{ myIssues: { edges: { node: { id: string; reportedByMe: boolean; followerCount: number } }[] } }>(MINE)).data!.myIssues.edges.map(
        (e) => e.node,
      );

    it('lets a worker who finds an open problem among the likely duplicates follow it: counted once, shown in myIssues, never their identity', async () => {
      const where = spot();
      const original = await reported(reporter, where);
      const near = await report(otherWorker, where);
      expect(near.data!.reportIssue.likelyDuplicates.map((d) => d.id)).toEqual([original.id]);

      const followed = await otherWorker.gql<{ followGovernanceIssue: { followerCount: number; reportedByMe: boolean } }>(FOLLOW, { id: original.id });
      expect(followed.data!.followGovernanceIssue).toEqual({ id: original.id, followerCount: 1, reportedByMe: false });
      // Following twice changes nothing; concurrent follows from several workers each count once.
      expect(
        (await otherWorker.gql<{ followGovernanceIssue: { followerCount: number } }>(FOLLOW, { id: original.id })).data!.followGovernanceIssue.followerCount,
      ).toBe(1);
      const others = await Promise.all([t.asWorker(), t.asWorker(), t.asWorker()]);
      await Promise.all(others.map((w) => w.post(`/api/v1/governance/issues/${original.id}/followers`).expect(201)));
      expect((await t.dataSource.query('SELECT follower_count FROM governance_issue WHERE id = $1', [original.id]))[0].follower_count).toBe(4);

      expect(await mine(otherWorker)).toContainEqual({ id: original.id, reportedByMe: false, followerCount: 4 });
      expect(await mine(reporter)).toContainEqual({ id: original.id, reportedByMe: true, followerCount: 4 });
      const publicView = await t.gql<{ governanceIssue: { followerCount: number } }>('query($id: ID!) { governanceIssue(id: $id) { followerCount } }', {
        id: original.id,
      });
      expect(publicView.data!.governanceIssue.followerCount).toBe(4);

      const left = await otherWorker.gql<{ unfollowGovernanceIssue: { followerCount: number } }>(UNFOLLOW, { id: original.id });
      expect(left.data!.unfollowGovernanceIssue.followerCount).toBe(3);
      expect((await mine(otherWorker)).map((i) => i.id)).not.toContain(original.id);
    });

    it("refuses to follow a problem that is no longer open, or one's own report, and staff may not follow", async () => {
      const own = await reported();
      expect((await reporter.gql(FOLLOW, { id: own.id })).errors?.[0].extensions.code).toBe('CONFLICT');
      const rejected = await reported();
      await stepOk(gridWorker, rejected.id, { action: 'REJECT', note: '不属实 not true' });
      expect((await otherWorker.gql(FOLLOW, { id: rejected.id })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'REJECTED' });
      expect((await gridWorker.gql(FOLLOW, { id: own.id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await otherWorker.gql(FOLLOW, { id: randomUUID() })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });
});
