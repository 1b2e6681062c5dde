import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import type { ActorClient } from './support/actors.js';
import { ensureRegion, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = 'mutation($i: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $i) { id name kind leaderWorkerId } }';
const TEAMS =
  'query($first: Int) { volunteerTeams(first: $first) { totalCount edges { node { id name leader { id phone } members { role joinedOn worker { id phone } } } } } }';
const LEADER_RECORD = 'mutation($teamId: ID!, $i: RecordVolunteerActivityInput!) { recordMyTeamActivity(teamId: $teamId, input: $i) { id heldOn } }';
const REPORT_HOURS = 'mutation($a: ID!, $h: Float!) { reportMyVolunteerHours(activityId: $a, hours: $h) { id status source hours } }';
const LEADER_DECIDE = 'mutation($id: ID!, $ok: Boolean!) { decideMyTeamVolunteerHours(id: $id, approve: $ok) { id status } }';
const SUMMARY =
  'query($from: String!, $to: String!, $teamId: ID) { volunteerHoursSummary(from: $from, to: $to, teamId: $teamId) { totalHours byTeam { teamId hours } byWorker { worker { id phone } hours } } }';

describe('volunteer teams, hours, commitments and zones (志愿服务队)', () => {
  let t: TestApp;
  let clock: Clock;
  let township: ActorClient;
  let leader: ActorClient & { phone: string };
  let member: ActorClient & { phone: string };
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    await ensureRegion(t.dataSource, '431126100001');
    township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
    leader = await t.asWorker();
    member = await t.asWorker();
    clock.set(new Date('2034-01-01T00:00:00.000Z'));
    const team = await township.gql<{ createVolunteerTeam: { id: string } }>(CREATE, {
      i: { name: '小哥先锋队', kind: 'VANGUARD', townshipCode: '431126100', leaderWorkerId: leader.id },
    });
    teamId = team.data!.createVolunteerTeam.id;
    await township.post(`/api/v1/volunteer-teams/${teamId}/members`).send({ workerId: member.id }).expect(201);
    clock.set(undefined);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(undefined));

  const activity = (heldOn: string, participants: { workerId: string; hours: number }[]) => ({ kind: 'CIVILIZATION', heldOn, place: '舜陵街道', participants });

  describe('teams and members', () => {
    it('forms a team whose leader is its first member, shown masked', async () => {
      const teams = await township.gql<{
        volunteerTeams: {
          edges: { node: { id: string; leader: { id: string; phone: string }; members: { role: string; worker: { id: string; phone: string } }[] } }[];
        };
      }>(TEAMS, { first: 10 });
      const team = teams.data!.volunteerTeams.edges.find((e) => e.node.id === teamId)!.node;
      expect(team.leader).toEqual({ id: leader.id, phone: `${leader.phone.slice(0, 3)}****${leader.phone.slice(-4)}` });
      expect(team.members.map((m) => [m.role, m.worker.id])).toEqual([
        ['LEADER', leader.id],
        ['MEMBER', member.id],
      ]);
    });

    it("refuses a township outside the officer's region, an unknown leader and a member added twice; the leader cannot leave", async () => {
      const outside = await township.gql(CREATE, { i: { name: 'x', kind: 'VOLUNTEER', townshipCode: '431126200', leaderWorkerId: leader.id } });
      expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'townshipCode' }] });
      await ensureRegion(t.dataSource, '431126100');
      const noLeader = await township.gql(CREATE, {
        i: { name: 'x', kind: 'VOLUNTEER', townshipCode: '431126100', leaderWorkerId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(noLeader.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'leaderWorkerId' }] });
      expect((await township.post(`/api/v1/volunteer-teams/${teamId}/members`).send({ workerId: member.id }).expect(409)).body.code).toBe('CONFLICT');
      expect((await township.delete(`/api/v1/volunteer-teams/${teamId}/members/${leader.id}`).expect(409)).body.code).toBe('CONFLICT');
      const other = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
      await other.post(`/api/v1/volunteer-teams/${teamId}/members`).send({ workerId: member.id }).expect(404);
      expect((await other.gql<{ volunteerTeams: { totalCount: number } }>(TEAMS, { first: 5 })).data!.volunteerTeams.totalCount).toBe(0);
      const gridWorker = await t.as(Role.GRID_WORKER);
      await gridWorker.post('/api/v1/volunteer-teams').send({ name: 'x', kind: 'VOLUNTEER', townshipCode: '431126100', leaderWorkerId: leader.id }).expect(403);
    });

    it('loads members and leaders of a page of teams without N+1 queries', async () => {
      // Every team gets a member besides its leader, so both pages need the same loader rounds.
      for (let i = 0; i < 6; i++) {
        const lead = await t.asWorker();
        const created = await township.gql<{ createVolunteerTeam: { id: string } }>(CREATE, {
          i: { name: `队 ${i}`, kind: 'VOLUNTEER', townshipCode: '431126100', leaderWorkerId: lead.id },
        });
        const extra = await t.asWorker();
        await township.post(`/api/v1/volunteer-teams/${created.data!.createVolunteerTeam.id}/members`).send({ workerId: extra.id }).expect(201);
      }
      const five = await t.queries.measure(() => township.gql(TEAMS, { first: 5 }));
      const fifty = await t.queries.measure(() => township.gql(TEAMS, { first: 50 }));
      expect(five.count).toBeGreaterThan(0);
      expect(fifty.count).toBe(five.count);
    });
  });

  describe('activities and hours', () => {
    it('counts hours the leader records at once; only the leader (or staff) may record them', async () => {
      const recorded = await leader.gql<{ recordMyTeamActivity: { id: string } }>(LEADER_RECORD, {
        teamId,
        i: activity('2034-02-01', [
          { workerId: member.id, hours: 2.5 },
          { workerId: leader.id, hours: 2 },
        ]),
      });
      expect(recorded.errors).toBeUndefined();
      const rows = await t.dataSource.query('SELECT status, source, hours FROM volunteer_hours WHERE activity_id = $1 ORDER BY hours', [
        recorded.data!.recordMyTeamActivity.id,
      ]);
      expect(rows).toEqual([
        { status: 'APPROVED', source: 'LEADER', hours: '2.0' },
        { status: 'APPROVED', source: 'LEADER', hours: '2.5' },
      ]);
      const byMember = await member.gql(LEADER_RECORD, { teamId, i: activity('2034-02-01', []) });
      expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const staff = await township
        .post(`/api/v1/volunteer-teams/${teamId}/activities`)
        .send(activity('2034-02-02', [{ workerId: member.id, hours: 1 }]))
        .expect(201);
      expect(await t.dataSource.query('SELECT source, status FROM volunteer_hours WHERE activity_id = $1', [staff.body.id])).toEqual([
        { source: 'STAFF', status: 'APPROVED' },
      ]);
    });

    it('refuses participants who were not members that day, writing nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM volunteer_activity'))[0].n;
      const outsider = await t.asWorker();
      const refused = await leader.gql(LEADER_RECORD, {
        teamId,
        i: activity('2034-02-03', [
          { workerId: member.id, hours: 1 },
          { workerId: outsider.id, hours: 1 },
        ]),
      });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'participants.1.workerId' }] });
      const beforeJoining = await leader.gql(LEADER_RECORD, { teamId, i: activity('2033-12-31', [{ workerId: member.id, hours: 1 }]) });
      expect(beforeJoining.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'participants.0.workerId' }] });
      const tooLong = await leader.gql(LEADER_RECORD, { teamId, i: activity('2034-02-03', [{ workerId: member.id, hours: 25 }]) });
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'participants.0.hours' }] });
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM volunteer_activity'))[0].n).toBe(before);
    });

    it("holds self-reported hours until the leader approves them; approval counts them in the period's totals", async () => {
      const recorded = await leader.gql<{ recordMyTeamActivity: { id: string } }>(LEADER_RECORD, {
        teamId,
        i: activity('2034-03-10', [{ workerId: leader.id, hours: 1 }]),
      });
      const activityId = recorded.data!.recordMyTeamActivity.id;
      const reported = await member.gql<{ reportMyVolunteerHours: { id: string; status: string; source: string } }>(REPORT_HOURS, { a: activityId, h: 3 });
      expect(reported.data!.reportMyVolunteerHours).toMatchObject({ status: 'PENDING', source: 'SELF' });
      expect((await member.gql(REPORT_HOURS, { a: activityId, h: 3 })).errors?.[0].extensions.code).toBe('CONFLICT');
      expect((await (await t.asWorker()).gql(REPORT_HOURS, { a: activityId, h: 3 })).errors?.[0].extensions.code).toBe('NOT_FOUND');

      const march = { from: '2034-03-01', to: '2034-03-31', teamId };
      const pending = await township.gql<{ volunteerHoursSummary: { totalHours: number } }>(SUMMARY, march);
      expect(pending.data!.volunteerHoursSummary.totalHours).toBe(1);
      const mine = await member.gql<{ myVolunteerHours: { approvedHours: number; pendingHours: number } }>(
        'query { myVolunteerHours(from: "2034-03-01", to: "2034-03-31") { approvedHours pendingHours } }',
      );
      expect(mine.data!.myVolunteerHours).toEqual({ approvedHours: 0, pendingHours: 3 });

      const id = reported.data!.reportMyVolunteerHours.id;
      expect((await member.gql(LEADER_DECIDE, { id, ok: true })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(
        (await leader.gql<{ decideMyTeamVolunteerHours: { status: string } }>(LEADER_DECIDE, { id, ok: true })).data!.decideMyTeamVolunteerHours.status,
      ).toBe('APPROVED');
      expect((await leader.gql(LEADER_DECIDE, { id, ok: false })).errors?.[0].extensions.code).toBe('CONFLICT');

      const after = await township.gql<{
        volunteerHoursSummary: { totalHours: number; byTeam: { hours: number }[]; byWorker: { worker: { id: string }; hours: number }[] };
      }>(SUMMARY, march);
      expect(after.data!.volunteerHoursSummary.totalHours).toBe(4);
      expect(after.data!.volunteerHoursSummary.byTeam).toEqual([{ teamId, hours: 4 }]);
      expect(after.data!.volunteerHoursSummary.byWorker.map((w) => [w.worker.id, w.hours])).toEqual([
        [member.id, 3],
        [leader.id, 1],
      ]);
      const february = await township.get(`/api/v1/volunteer-hours/summary?from=2034-02-01&to=2034-02-28&teamId=${teamId}`).expect(200);
      expect(february.body.totalHours).toBe(5.5);
    });

    it('does not let a leader approve their own reported hours; staff may decide them', async () => {
      const staffActivity = await township.post(`/api/v1/volunteer-teams/${teamId}/activities`).send(activity('2034-04-01', [])).expect(201);
      const own = await leader.gql<{ reportMyVolunteerHours: { id: string } }>(REPORT_HOURS, { a: staffActivity.body.id, h: 2 });
      const id = own.data!.reportMyVolunteerHours.id;
      expect((await leader.gql(LEADER_DECIDE, { id, ok: true })).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const decided = await township.post(`/api/v1/volunteer-hours/${id}/decision`).send({ approve: false }).expect(201);
      expect(decided.body.status).toBe('REJECTED');
    });
  });

  describe('commitments and responsibility zones', () => {
    it('shows a commitment publicly, with the masked name only when the member shows their identity; a new one replaces the old', async () => {
      const worker = await t.asWorker();
      await worker.gql('mutation { updateMyProfile(input: { name: "李四海" }) { id } }');
      const MAKE = 'mutation($i: MakeCommitmentInput!) { makeCommitment(input: $i) { id name showIdentity } }';
      const hidden = await worker.gql<{ makeCommitment: { name: string | null } }>(MAKE, {
        i: { text: '遇到隐患随手拍', showIdentity: false, townshipCode: '431126100' },
      });
      expect(hidden.data!.makeCommitment.name).toBeNull();
      const shown = await worker.gql<{ makeCommitment: { name: string } }>(MAKE, {
        i: { text: '亮身份，做表率', showIdentity: true, townshipCode: '431126100' },
      });
      expect(shown.data!.makeCommitment.name).toBe('李*海');
      const list = await t.gql<{ publicCommitments: { edges: { node: { text: string; name: string | null } }[] } }>(
        '{ publicCommitments(regionCode: "431126", first: 10) { edges { node { text name } } } }',
      );
      expect(list.data!.publicCommitments.edges.map((e) => e.node)).toEqual([{ text: '亮身份，做表率', name: '李*海' }]);
      expect(JSON.stringify(list)).not.toContain(worker.id);
      const noTownship = await (await t.asWorker()).gql(MAKE, { i: { text: 'x', showIdentity: false } });
      expect(noTownship.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'townshipCode' }] });
    });

    it("assigns a member one responsibility zone per grid, only in the officer's region", async () => {
      const admin = await t.as(Role.ADMIN);
      const grid = await makeGrid(t, admin, { boundary: square(80, 80, 81, 81), code: 'Z-001' });
      const elsewhere = await makeGrid(t, admin, { communityCode: '431126200001', boundary: square(81, 80, 82, 81), code: 'Z-002' });
      const ZONE = 'mutation($i: CreateResponsibilityZoneInput!) { createResponsibilityZone(input: $i) { id gridId workerId } }';
      const made = await township.gql<{ createResponsibilityZone: { gridId: string } }>(ZONE, {
        i: { workerId: member.id, gridId: grid.id, description: '舜陵大道北段' },
      });
      expect(made.data!.createResponsibilityZone.gridId).toBe(grid.id);
      expect((await township.gql(ZONE, { i: { workerId: member.id, gridId: grid.id, description: 'again' } })).errors?.[0].extensions.code).toBe('CONFLICT');
      expect((await township.gql(ZONE, { i: { workerId: member.id, gridId: elsewhere.id, description: 'x' } })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'gridId' }],
      });
      const zones = await township.gql<{ responsibilityZones: { workerId: string }[] }>('query($g: ID!) { responsibilityZones(gridId: $g) { workerId } }', {
        g: grid.id,
      });
      expect(zones.data!.responsibilityZones).toEqual([{ workerId: member.id }]);
    });
  });
});
