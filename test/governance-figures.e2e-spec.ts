import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { GovernanceFiguresService } from '../src/governance/figures/governance-figures.service.js';
import type { ActorClient } from './support/actors.js';
import { ensureRegion, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FIGURES = `query($r: String!, $from: DateTime!, $to: DateTime!) { governanceFigures(regionCode: $r, from: $from, to: $to) {
  reported resolved onTimeRate medianHoursToResolve volunteerTeams workersMobilized gridEnrollees issuesResolved
  byCategory { key reported resolved } byTownship { key reported resolved } byPeriod { key reported resolved } } }`;
const PERIOD = { from: '2035-01-01T00:00:00.000Z', to: '2035-03-01T00:00:00.000Z' };

describe('governance figures (新星闪耀统计)', () => {
  let t: TestApp;
  let clock: Clock;
  let officer: ActorClient;

  async function issue(townshipCode: string, category: string, status: string, reportedAt: string, resolvedAt: string | null, deadlineAt: string | null) {
    const township = await ensureRegion(t.dataSource, townshipCode);
    const worker = await t.asWorker();
    await t.dataSource.query(
      `INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, township_id, county_code, reporter_worker_id, status, resolved_at, deadline_at)
       SELECT $1, c.id, 'fixture', 25.6, 111.9, '{}', $2, $3, $4, $5, $6, $7 FROM issue_category c WHERE c.code = $8`,
      [reportedAt, township.id, townshipCode.slice(0, 6), worker.id, status, resolvedAt, deadlineAt, category],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    officer = await t.as(Role.ORG_OFFICER);
    await issue('431126100', 'ROAD_TRAFFIC', 'CLOSED', '2035-01-10T00:00:00Z', '2035-01-11T00:00:00Z', '2035-01-12T00:00:00Z'); // 24 h, on time
    await issue('431126100', 'SANITATION', 'RESOLVED', '2035-01-20T00:00:00Z', '2035-02-05T00:00:00Z', '2035-01-23T00:00:00Z'); // 384 h, late
    await issue('431126200', 'SANITATION', 'DISPATCHED', '2035-02-10T00:00:00Z', null, '2035-02-13T00:00:00Z');
    await issue('431126100', 'OTHER', 'CLOSED', '2034-12-30T00:00:00Z', '2035-01-05T00:00:00Z', '2035-01-02T00:00:00Z'); // reported before, resolved in: 144 h, late
    await issue('431126100', 'ROAD_TRAFFIC', 'REPORTED', '2035-03-05T00:00:00Z', null, null); // after the period
    await issue('431127100', 'ROAD_TRAFFIC', 'REPORTED', '2035-01-15T00:00:00Z', null, null); // another county
    await issue('431126100', 'ROAD_TRAFFIC', 'REJECTED', '2035-02-20T00:00:00Z', null, null);

    // One team (leader L, member M with approved hours); enrollees E1 and L confirmed in the period, E2 pending, E3 ended before it.
    const admin = await t.as(Role.ADMIN);
    const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126100' });
    const [leader, member, e1, e2, e3] = [await t.asWorker(), await t.asWorker(), await t.asWorker(), await t.asWorker(), await t.asWorker()];
    clock.set(new Date('2034-11-01T00:00:00Z'));
    const team = await township
      .post('/api/v1/volunteer-teams')
      .send({ name: '先锋队', kind: 'VANGUARD', townshipCode: '431126100', leaderWorkerId: leader.id })
      .expect(201);
    await township.post(`/api/v1/volunteer-teams/${team.body.id}/members`).send({ workerId: member.id }).expect(201);
    await township
      .post(`/api/v1/volunteer-teams/${team.body.id}/activities`)
      .send({ kind: 'GOVERNANCE', heldOn: '2035-01-15', place: '广场', participants: [{ workerId: member.id, hours: 2 }] })
      .expect(201);
    const grid = await makeGrid(t, admin, { boundary: square(100, 20, 101, 21) });
    const enrol = async (worker: ActorClient, confirm: boolean) => {
      const id = (await worker.gql<{ enrolInGrid: { id: string } }>('mutation($g: ID!) { enrolInGrid(gridId: $g) { id } }', { g: grid.id })).data!.enrolInGrid
        .id;
      if (confirm) await grid.gridWorker.post(`/api/v1/grid-enrolments/${id}/confirm`).expect(201);
    };
    clock.set(new Date('2034-12-01T00:00:00Z'));
    await enrol(e3, true);
    clock.set(new Date('2034-12-31T00:00:00Z'));
    await e3.gql('mutation { leaveGrid { status } }');
    clock.set(new Date('2035-01-05T00:00:00Z'));
    await enrol(e1, true);
    await enrol(leader, true);
    await enrol(e2, false);
    clock.set(undefined);
  });
  afterAll(() => t.close());

  it('counts reported, resolved, on-time rate and median hours for a county over a half-open period', async () => {
    const response = await officer.gql<{ governanceFigures: Record<string, unknown> }>(FIGURES, { r: '431126', ...PERIOD });
    expect(response.errors).toBeUndefined();
    const figures = response.data!.governanceFigures;
    expect(figures).toMatchObject({ reported: 4, resolved: 3, issuesResolved: 3, medianHoursToResolve: 144 });
    expect(figures.onTimeRate).toBeCloseTo(1 / 3, 10);
    expect(figures.byCategory).toEqual([
      { key: 'OTHER', reported: 0, resolved: 1 },
      { key: 'ROAD_TRAFFIC', reported: 2, resolved: 1 },
      { key: 'SANITATION', reported: 2, resolved: 1 },
    ]);
    expect(figures.byTownship).toEqual([
      { key: '431126100', reported: 3, resolved: 3 },
      { key: '431126200', reported: 1, resolved: 0 },
    ]);
    expect(figures.byPeriod).toEqual([
      { key: '2035-01', reported: 2, resolved: 2 },
      { key: '2035-02', reported: 2, resolved: 1 },
    ]);
  });

  it('counts teams, distinct workers mobilised and confirmed grid enrollees overlapping the period', async () => {
    const figures = (await officer.gql<{ governanceFigures: Record<string, unknown> }>(FIGURES, { r: '431126', ...PERIOD })).data!.governanceFigures;
    // Mobilised: leader and member (team), E1 (enrolled); the leader's enrolment is not counted twice; E2 pending and E3 ended before are not.
    expect(figures).toMatchObject({ volunteerTeams: 1, gridEnrollees: 2, workersMobilized: 3 });
  });

  it('narrows to a township, and answers empty periods with null rates', async () => {
    const service = t.app.get(GovernanceFiguresService);
    const [{ path }] = await t.dataSource.query(`SELECT path::text FROM region WHERE code = '431126200'`);
    const one = await service.figures(path, new Date(PERIOD.from), new Date(PERIOD.to));
    expect(one).toMatchObject({
      reported: 1,
      resolved: 0,
      onTimeRate: null,
      medianHoursToResolve: null,
      volunteerTeams: 0,
      gridEnrollees: 0,
      workersMobilized: 0,
    });
    const empty = await service.figures(path, new Date('2040-01-01'), new Date('2040-02-01'));
    expect(empty).toMatchObject({ reported: 0, resolved: 0, byCategory: [], byPeriod: [] });
  });

  it("refuses a region outside the caller's scope (NOT_FOUND) and an empty period (naming from)", async () => {
    const township = await t.as(Role.TOWNSHIP_OFFICER, { regionCode: '431126200' });
    expect((await township.gql(FIGURES, { r: '431126100', ...PERIOD })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await township.gql(FIGURES, { r: '431126200', ...PERIOD })).errors).toBeUndefined();
    const backwards = await officer.gql(FIGURES, { r: '431126', from: PERIOD.to, to: PERIOD.from });
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'from' }] });
    expect((await (await t.asWorker()).gql(FIGURES, { r: '431126', ...PERIOD })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
