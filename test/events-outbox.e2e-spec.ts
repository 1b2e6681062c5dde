import { Role } from '../src/access/role.enum.js';
import { EventBus } from '../src/outbox/event-bus.js';
import { EventType } from '../src/outbox/event-types.js';
import { OutboxService } from '../src/outbox/outbox.service.js';
import { OutboxRetentionService } from '../src/outbox/outbox-retention.service.js';
import { Clock } from '../src/common/clock/clock.js';
import { IssuesService } from '../src/governance/issues/issues.service.js';
import type { ActorClient } from './support/actors.js';
import { createStation, ensureTownship } from './support/care.js';
import { ensureDepartment, makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Row = { sequence: string; type: string; subject_key: string; payload: Record<string, unknown> };

describe('the transactional outbox (events out)', () => {
  let t: TestApp;
  let admin: ActorClient;
  let gridWorker: ActorClient;
  let reporter: ActorClient & { phone: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(Role.ADMIN);
    gridWorker = (await makeGrid(t, admin, { communityCode: '431126100001', boundary: square(111.9, 25.6, 111.95, 25.65), code: 'A-001' })).gridWorker;
    reporter = await t.asWorker();
    await ensureTownship(t);
  });
  afterAll(() => t.close());

  const events = async (subjectKey: string): Promise<Row[]> =>
    t.dataSource.query('SELECT sequence, type, subject_key, payload FROM event_outbox WHERE subject_key = $1 ORDER BY sequence', [subjectKey]);

  it('appends governance.issue.reported and status_changed in the change transaction, with no personal data', async () => {
    const reported = await reporter.gql<{ reportIssue: { issue: { id: string } } }>(
      'mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { id } } }',
      { input: { category: 'ROAD_TRAFFIC', description: '井盖缺失', lat: 25.61, lng: 111.91 } },
    );
    const id = reported.data!.reportIssue.issue.id;
    const accepted = await gridWorker.gql(
      'mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { id status } }',
      {
        id,
        input: { action: 'ACCEPT', note: `回电 ${reporter.phone}` },
      },
    );
    expect(accepted.errors).toBeUndefined();
    const rows = await events(`issue:${id}`);
    expect(rows.map((r) => r.type)).toEqual([EventType.ISSUE_REPORTED, EventType.ISSUE_STATUS_CHANGED]);
    expect(Number(rows[1].sequence)).toBeGreaterThan(Number(rows[0].sequence));
    expect(rows[1].payload).toMatchObject({ issueId: id, from: 'REPORTED', to: 'ACCEPTED', actorKind: 'STAFF' });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(reporter.phone);
    expect(text).not.toMatch(/"(name|phone|idNumber|reporterWorkerId|workerId)"/);
  });

  it('appends governance.issue.overdue in the transaction of the overdue job', async () => {
    const reported = await reporter.gql<{ reportIssue: { issue: { id: string } } }>(
      'mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { id } } }',
      { input: { category: 'ROAD_TRAFFIC', description: '路灯不亮', lat: 25.63, lng: 111.93 } },
    );
    const id = reported.data!.reportIssue.issue.id;
    const transition = 'mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { id status } }';
    await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
    expect((await gridWorker.gql(transition, { id, input: { action: 'ACCEPT' } })).errors).toBeUndefined();
    expect((await gridWorker.gql(transition, { id, input: { action: 'DISPATCH' } })).errors).toBeUndefined();
    const clock = t.app.get(Clock);
    clock.set(new Date(Date.now() + 30 * 86_400_000));
    try {
      expect(await t.app.get(IssuesService).markOverdue()).toBeGreaterThanOrEqual(1);
    } finally {
      clock.set(undefined);
    }
    const rows = await events(`issue:${id}`);
    expect(rows.at(-1)).toMatchObject({ type: EventType.ISSUE_OVERDUE, payload: { issueId: id } });
  });

  it('emits nothing for a rolled-back change', async () => {
    const before = await t.app.get(OutboxService).lastSequence();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await OutboxService.append(manager, EventType.STATION_STATUS_CHANGED, 'station:rolled-back', { stationId: 'x' });
        throw new Error('the change fails after its event was appended');
      }),
    ).rejects.toThrow('the change fails');
    expect(await events('station:rolled-back')).toEqual([]);
    expect(await t.app.get(OutboxService).lastSequence()).toBe(before);
  });

  it('emits nothing when a domain change is refused', async () => {
    const station = await createStation(admin, { status: 'OPEN' });
    const refused = await admin.gql('mutation($id: ID!, $input: UpdateStationInput!) { updateStation(id: $id, input: $input) { id } }', {
      id: station.id,
      input: { status: 'PLANNED' },
    });
    expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await events(`station:${station.id}`)).toEqual([]);
  });

  it('appends care.station.status_changed, and the bus publishes it in sequence order after commit', async () => {
    const station = await createStation(admin, { status: 'OPEN' });
    const bus = t.app.get(EventBus);
    const seen: string[] = [];
    const subscription = bus.events$.subscribe((event) => seen.push(`${event.subjectKey}:${event.type}`));
    const closed = await admin.gql('mutation($id: ID!, $input: UpdateStationInput!) { updateStation(id: $id, input: $input) { id status } }', {
      id: station.id,
      input: { status: 'SUSPENDED' },
    });
    expect(closed.errors).toBeUndefined();
    const rows = await events(`station:${station.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({ stationId: station.id, from: 'OPEN', to: 'SUSPENDED', countyCode: '431126' });
    for (let i = 0; i < 50 && !seen.includes(`station:${station.id}:${EventType.STATION_STATUS_CHANGED}`); i++) await new Promise((r) => setTimeout(r, 50));
    subscription.unsubscribe();
    expect(seen).toContain(`station:${station.id}:${EventType.STATION_STATUS_CHANGED}`);
  });

  it('purges events past EVENT_RETENTION_DAYS', async () => {
    await t.dataSource.query(
      `INSERT INTO event_outbox (type, subject_key, payload, created_at) VALUES ('care.station.status_changed', 'station:old', '{}', now() - interval '40 days')`,
    );
    const clock = t.app.get(Clock);
    clock.set(undefined);
    expect(await t.app.get(OutboxRetentionService).purge()).toBeGreaterThanOrEqual(1);
    expect(await events('station:old')).toEqual([]);
  });
});
