import { Role } from '../src/access/role.enum.js';
import { Clock } from '../src/common/clock/clock.js';
import { ensureDepartment, type ActorClient } from './support/actors.js';
import { createStation, ensureTownship, manyWorkers } from './support/care.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const NOW = new Date('2024-06-07T00:00:00Z');
const STARTS = '2024-06-08T00:00:00.000Z';
const ENDS = '2024-06-08T02:00:00.000Z';

const CREATE = `mutation($input: CreateWelfareEventInput!) {
  createWelfareEvent(input: $input) { id status checkInQrPayload capacity placesLeft } }`;
const PUBLISH = 'mutation($id: ID!) { publishWelfareEvent(eventId: $id) { id status } }';
const REGISTER = 'mutation($id: ID!) { registerForEvent(eventId: $id) { id status ticketQrPayload } }';
const CANCEL = 'mutation($id: ID!) { cancelRegistration(eventId: $id) { id status } }';

type Registration = { id: string; status: string; ticketQrPayload: string };

describe('care: welfare events', () => {
  let t: TestApp;
  let officer: ActorClient;
  let unionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureTownship(t);
    unionId = await ensureDepartment(t.dataSource, '431126', 'TRADE_UNION');
    officer = await t.as(Role.ORG_OFFICER);
  });
  beforeEach(() => t.app.get(Clock).set(NOW));
  afterAll(() => t.close());

  async function publishedEvent(input: Record<string, unknown> = {}): Promise<{ id: string; checkInQrPayload: string }> {
    const created = await officer.gql<{ createWelfareEvent: { id: string; checkInQrPayload: string } }>(CREATE, {
      input: {
        title: '爱心早餐',
        kind: 'FREE_MEAL',
        organizerDepartmentId: unionId,
        address: '宁远县图书馆',
        regionCode: '431126100',
        startsAt: STARTS,
        endsAt: ENDS,
        ...input,
      },
    });
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const event = created.data.createWelfareEvent;
    await officer.gql(PUBLISH, { id: event.id });
    return event;
  }

  const registrationCounts = async (eventId: string) =>
    (await t.dataSource.query(`SELECT status, count(*)::int AS n FROM event_registration WHERE event_id = $1 GROUP BY status ORDER BY status`, [eventId])) as {
      status: string;
      n: number;
    }[];

  it('never overbooks: 500 concurrent sign-ups for 100 places give 100 CONFIRMED and 400 WAITLISTED; 10 concurrent cancellations promote exactly 10', async () => {
    const event = await publishedEvent({ capacity: 100 });
    const workers = await manyWorkers(t, 500);

    const responses = await Promise.all(workers.map((w) => w.gql<{ registerForEvent: Registration }>(REGISTER, { id: event.id })));
    expect(responses.filter((r) => r.errors)).toEqual([]);
    const statuses = responses.map((r) => r.data!.registerForEvent.status);
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(100);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(400);
    expect(await registrationCounts(event.id)).toEqual([
      { status: 'CONFIRMED', n: 100 },
      { status: 'WAITLISTED', n: 400 },
    ]);
    const [{ distinct }] = await t.dataSource.query('SELECT count(DISTINCT worker_id)::int AS distinct FROM event_registration WHERE event_id = $1', [
      event.id,
    ]);
    expect(distinct).toBe(500);

    const confirmed = workers.filter((_, i) => statuses[i] === 'CONFIRMED').slice(0, 10);
    const cancelled = await Promise.all(confirmed.map((w) => w.gql<{ cancelRegistration: Registration }>(CANCEL, { id: event.id })));
    expect(cancelled.map((c) => c.data?.cancelRegistration.status)).toEqual(Array(10).fill('CANCELLED'));
    expect(await registrationCounts(event.id)).toEqual([
      { status: 'CANCELLED', n: 10 },
      { status: 'CONFIRMED', n: 100 },
      { status: 'WAITLISTED', n: 390 },
    ]);
    // The first ten in the queue were promoted, in sign-up order.
    const promoted: { worker_id: string }[] = await t.dataSource.query(
      `SELECT worker_id FROM event_registration WHERE event_id = $1 AND promoted_at IS NOT NULL`,
      [event.id],
    );
    const firstWaiting: { worker_id: string }[] = await t.dataSource.query(
      `SELECT worker_id FROM event_registration WHERE event_id = $1 AND status <> 'CANCELLED' ORDER BY queue_number OFFSET 90 LIMIT 10`,
      [event.id],
    );
    expect(promoted.map((p) => p.worker_id).sort()).toEqual(firstWaiting.map((p) => p.worker_id).sort());
    const [{ confirmed_count }] = await t.dataSource.query('SELECT confirmed_count FROM welfare_event WHERE id = $1', [event.id]);
    expect(confirmed_count).toBe(100);
  }, 60_000);

  it('refuses a second registration by the same worker and a sign-up when full without a wait-list, writing nothing', async () => {
    const event = await publishedEvent({ capacity: 1, waitlistEnabled: false });
    const [first, second] = await manyWorkers(t, 2);
    expect((await first.gql<{ registerForEvent: Registration }>(REGISTER, { id: event.id })).data?.registerForEvent.status).toBe('CONFIRMED');
    const again = await first.gql(REGISTER, { id: event.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'CONFIRMED' });
    const full = await second.gql(REGISTER, { id: event.id });
    expect(full.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', capacity: 1 });
    expect(await registrationCounts(event.id)).toEqual([{ status: 'CONFIRMED', n: 1 }]);
  });

  it('lets a cancelled worker register again, at the back of the queue', async () => {
    const event = await publishedEvent({ capacity: 1 });
    const [a, b] = await manyWorkers(t, 2);
    await a.gql(REGISTER, { id: event.id });
    expect((await b.gql<{ registerForEvent: Registration }>(REGISTER, { id: event.id })).data?.registerForEvent.status).toBe('WAITLISTED');
    await a.gql(CANCEL, { id: event.id });
    expect((await a.gql<{ registerForEvent: Registration }>(REGISTER, { id: event.id })).data?.registerForEvent.status).toBe('WAITLISTED');
    const mine = await b.gql<{ myEventRegistrations: { status: string; event: { title: string } }[] }>('{ myEventRegistrations { status event { title } } }');
    expect(mine.data?.myEventRegistrations).toEqual([{ status: 'CONFIRMED', event: { title: '爱心早餐' } }]);
  });

  it('refuses sign-up before the window opens, after it closes, for drafts (NOT_FOUND) and for events without sign-up', async () => {
    const [worker] = await manyWorkers(t, 1);
    const later = await publishedEvent({ capacity: 5, registrationOpensAt: '2024-06-07T06:00:00Z' });
    expect((await worker.gql(REGISTER, { id: later.id })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', opensAt: '2024-06-07T06:00:00.000Z' });
    t.app.get(Clock).set(new Date(STARTS));
    expect((await worker.gql(REGISTER, { id: later.id })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', closedAt: STARTS });
    t.app.get(Clock).set(NOW);

    const draft = await officer.gql<{ createWelfareEvent: { id: string } }>(CREATE, {
      input: { title: '义诊', kind: 'HEALTH_CHECK', organizerDepartmentId: unionId, address: '县医院', startsAt: STARTS, endsAt: ENDS },
    });
    expect((await worker.gql(REGISTER, { id: draft.data!.createWelfareEvent.id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    const handOut = await publishedEvent({ registrationRequired: false });
    expect((await worker.gql(REGISTER, { id: handOut.id })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', registrationRequired: false });
    expect(await registrationCounts(later.id)).toEqual([]);
  });

  it('refuses registration to staff (FORBIDDEN) and to anonymous callers (UNAUTHENTICATED)', async () => {
    const event = await publishedEvent({ capacity: 5 });
    expect((await officer.gql(REGISTER, { id: event.id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(REGISTER, { id: event.id })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('checks attendance in by the worker scanning the event code or staff scanning the worker ticket, only for confirmed registrations and on the day', async () => {
    const event = await publishedEvent({ capacity: 1 });
    const [confirmed, waiting] = await manyWorkers(t, 2);
    const ticket = (await confirmed.gql<{ registerForEvent: Registration }>(REGISTER, { id: event.id })).data!.registerForEvent.ticketQrPayload;
    await waiting.gql(REGISTER, { id: event.id });
    const CHECK_IN = 'mutation($code: String!) { checkInToEvent(code: $code) { status attendedAt } }';

    // The code on the organisers' screen this minute.
    const screen = async () => (await officer.get(`/api/v1/events/${event.id}/check-in-code`).expect(200)).body.qrPayload as string;

    expect((await confirmed.gql(CHECK_IN, { code: await screen() })).errors?.[0].extensions.code).toBe('CONFLICT');
    t.app.get(Clock).set(new Date('2024-06-08T00:30:00Z'));
    expect((await waiting.gql(CHECK_IN, { code: await screen() })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'WAITLISTED' });
    expect((await confirmed.gql(CHECK_IN, { code: 'NF-EVT-NOPE.123456' })).errors?.[0].extensions.code).toBe('NOT_FOUND');

    const staffScan = await officer.post(`/api/v1/events/${event.id}/check-ins`).send({ ticketCode: ticket }).expect(200);
    expect(staffScan.body.attendedAt).toBe('2024-06-08T00:30:00.000Z');
    const rescan = await confirmed.gql<{ checkInToEvent: { attendedAt: string } }>(CHECK_IN, { code: await screen() });
    expect(rescan.data?.checkInToEvent.attendedAt).toBe('2024-06-08T00:30:00.000Z');
    const wrong = await officer.post(`/api/v1/events/${event.id}/check-ins`).send({ ticketCode: 'NF-TKT-XXXX' }).expect(400);
    expect(wrong.body.errors[0].field).toBe('ticketCode');
  });

  it('records the served count of a hand-out without sign-up (100 free breakfasts) and refuses it for events with sign-up', async () => {
    const breakfast = await publishedEvent({ registrationRequired: false });
    const served = await officer.post(`/api/v1/events/${breakfast.id}/served`).send({ servedCount: 100 }).expect(200);
    expect(served.body.servedCount).toBe(100);
    const withSignUp = await publishedEvent({ capacity: 10 });
    const refused = await officer.post(`/api/v1/events/${withSignUp.id}/served`).send({ servedCount: 5 }).expect(409);
    expect(refused.body.code).toBe('CONFLICT');
    const negative = await officer.post(`/api/v1/events/${breakfast.id}/served`).send({ servedCount: -1 }).expect(400);
    expect(negative.body.errors[0].field).toBe('servedCount');
    // The dashboard's "workers served": attended registrations plus served counts.
    const [{ served: total }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM event_registration WHERE attended_at IS NOT NULL) + (SELECT sum(served_count) FROM welfare_event) AS served`,
    );
    expect(Number(total)).toBeGreaterThanOrEqual(101);
  });

  it('moves events only along DRAFT → PUBLISHED → COMPLETED|CANCELLED, refusing others with CONFLICT listing the allowed ones', async () => {
    const event = await publishedEvent({ capacity: 5 });
    const early = await officer.post(`/api/v1/events/${event.id}/complete`).expect(409);
    expect(early.body.code).toBe('CONFLICT');
    await officer.post(`/api/v1/events/${event.id}/cancel`).expect(200);
    const again = await officer.post(`/api/v1/events/${event.id}/publish`).expect(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', from: 'CANCELLED', allowed: [] });
  });

  it('refuses a capacity below the confirmed registrations and promotes the wait-list when capacity grows', async () => {
    const event = await publishedEvent({ capacity: 1 });
    const [a, b] = await manyWorkers(t, 2);
    await a.gql(REGISTER, { id: event.id });
    await b.gql(REGISTER, { id: event.id });
    const UPDATE =
      'mutation($id: ID!, $input: UpdateWelfareEventInput!) { updateWelfareEvent(eventId: $id, input: $input) { capacity confirmedCount placesLeft } }';
    const grown = await officer.gql<{ updateWelfareEvent: { confirmedCount: number; placesLeft: number } }>(UPDATE, { id: event.id, input: { capacity: 3 } });
    expect(grown.data?.updateWelfareEvent).toEqual({ capacity: 3, confirmedCount: 2, placesLeft: 1 });
    const shrink = await officer.gql(UPDATE, { id: event.id, input: { capacity: 1 } });
    expect(shrink.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'capacity' }] });
  });

  it('keeps the wait-list setting through an edit that leaves it out: the create default (wait-list on) is not an update default', async () => {
    const event = await publishedEvent({ capacity: 1, waitlistEnabled: false });
    const UPDATE = 'mutation($id: ID!, $input: UpdateWelfareEventInput!) { updateWelfareEvent(eventId: $id, input: $input) { title waitlistEnabled } }';
    const renamed = await officer.gql<{ updateWelfareEvent: { title: string; waitlistEnabled: boolean } }>(UPDATE, {
      id: event.id,
      input: { title: '爱心早餐（改）' },
    });
    expect(renamed.data?.updateWelfareEvent).toEqual({ title: '爱心早餐（改）', waitlistEnabled: false });
    const patched = await officer.patch(`/api/v1/events/${event.id}`).send({ title: '爱心早餐' }).expect(200);
    expect(patched.body).toMatchObject({ title: '爱心早餐', waitlistEnabled: false });
  });

  it('refuses bad event input naming the field: end before start, no address without a station, another department for a department officer', async () => {
    const base = { title: '法律讲座', kind: 'LEGAL_AID', organizerDepartmentId: unionId, address: '县司法局', startsAt: STARTS, endsAt: ENDS };
    const backwards = await officer
      .post('/api/v1/events')
      .send({ ...base, endsAt: '2024-06-07T23:00:00Z' })
      .expect(400);
    expect(backwards.body.errors[0].field).toBe('endsAt');
    const nowhere = await officer
      .post('/api/v1/events')
      .send({ ...base, address: undefined })
      .expect(400);
    expect(nowhere.body.errors[0].field).toBe('address');
    const transport = await ensureDepartment(t.dataSource, '431126', 'TRANSPORT');
    const departmentOfficer = await t.as(Role.DEPARTMENT_OFFICER, { departmentId: transport });
    const foreign = await departmentOfficer.post('/api/v1/events').send(base).expect(400);
    expect(foreign.body.errors[0].field).toBe('organizerDepartmentId');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM welfare_event WHERE title = '法律讲座'`);
    expect(n).toBe(0);
  });

  it('lets a station manager change or cancel only the events they organise, and still run the door of others at their station', async () => {
    const manager = await t.as(Role.STATION_MANAGER);
    const station = await createStation(officer, { managerId: manager.id });
    const countys = await publishedEvent({ capacity: 5, stationId: station.id, address: undefined, regionCode: undefined });
    const CANCEL_EVENT = 'mutation($id: ID!) { cancelWelfareEvent(eventId: $id) { id status } }';
    const UPDATE_EVENT = 'mutation($id: ID!, $input: UpdateWelfareEventInput!) { updateWelfareEvent(eventId: $id, input: $input) { id title } }';

    const rest = await manager.post(`/api/v1/events/${countys.id}/cancel`).expect(403);
    expect(rest.body.code).toBe('FORBIDDEN');
    expect((await manager.gql(CANCEL_EVENT, { id: countys.id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await manager.gql(UPDATE_EVENT, { id: countys.id, input: { title: '改期' } })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const [{ status, title }] = await t.dataSource.query('SELECT status, title FROM welfare_event WHERE id = $1', [countys.id]);
    expect({ status, title }).toEqual({ status: 'PUBLISHED', title: '爱心早餐' });

    // The door of an event at their station is still theirs to run: the list and staff check-in.
    const [worker] = await manyWorkers(t, 1);
    const ticket = (await worker.gql<{ registerForEvent: Registration }>(REGISTER, { id: countys.id })).data!.registerForEvent.ticketQrPayload;
    await manager.get(`/api/v1/events/${countys.id}/registrations`).expect(200);
    t.app.get(Clock).set(new Date('2024-06-08T00:10:00Z'));
    const scanned = await manager.post(`/api/v1/events/${countys.id}/check-ins`).send({ ticketCode: ticket }).expect(200);
    expect(scanned.body.attendedAt).toBe('2024-06-08T00:10:00.000Z');
    t.app.get(Clock).set(NOW);

    // Their own event they change and cancel; the county's officer may cancel any in the county.
    const own = await manager.gql<{ createWelfareEvent: { id: string; createdById: string } }>(
      'mutation($input: CreateWelfareEventInput!) { createWelfareEvent(input: $input) { id createdById } }',
      { input: { title: '驿站读书会', kind: 'OTHER', organizerDepartmentId: unionId, stationId: station.id, startsAt: STARTS, endsAt: ENDS } },
    );
    expect(own.data?.createWelfareEvent.createdById).toBe(manager.id);
    const ownId = own.data!.createWelfareEvent.id;
    expect(
      (await manager.gql<{ updateWelfareEvent: { title: string } }>(UPDATE_EVENT, { id: ownId, input: { title: '驿站读书会（改）' } })).data?.updateWelfareEvent
        .title,
    ).toBe('驿站读书会（改）');
    await manager.post(`/api/v1/events/${ownId}/cancel`).expect(200);
    await officer.post(`/api/v1/events/${countys.id}/cancel`).expect(200);
  });

  it('checks a worker in only with the rotating code of the minute, shown to the event’s organisers and its station’s manager', async () => {
    const manager = await t.as(Role.STATION_MANAGER);
    const station = await createStation(officer, { managerId: manager.id });
    const event = await publishedEvent({ capacity: 5, stationId: station.id, address: undefined, regionCode: undefined });
    const [a, b] = await manyWorkers(t, 2);
    await a.gql(REGISTER, { id: event.id });
    await b.gql(REGISTER, { id: event.id });
    const CHECK_IN = 'mutation($code: String!) { checkInToEvent(code: $code) { status attendedAt } }';
    t.app.get(Clock).set(new Date('2024-06-08T00:15:10Z'));

    const printed = await a.gql(CHECK_IN, { code: event.checkInQrPayload });
    expect(printed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });
    const shown = await manager.gql<{ eventCheckInCode: { qrPayload: string; code: string; refreshAt: string; validUntil: string } }>(
      'query($id: ID!) { eventCheckInCode(eventId: $id) { qrPayload code refreshAt validUntil } }',
      { id: event.id },
    );
    const code = shown.data!.eventCheckInCode;
    expect(code).toMatchObject({
      qrPayload: `${event.checkInQrPayload}.${code.code}`,
      refreshAt: '2024-06-08T00:16:00.000Z',
      validUntil: '2024-06-08T00:17:00.000Z',
    });
    expect((await officer.get(`/api/v1/events/${event.id}/check-in-code`).expect(200)).body.qrPayload).toBe(code.qrPayload);
    expect((await a.gql<{ checkInToEvent: { attendedAt: string } }>(CHECK_IN, { code: code.qrPayload })).data?.checkInToEvent.attendedAt).toBe(
      '2024-06-08T00:15:10.000Z',
    );
    t.app.get(Clock).set(new Date('2024-06-08T00:17:00Z'));
    const late = await b.gql(CHECK_IN, { code: code.qrPayload });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'code' }] });

    await (await t.as(Role.STATION_MANAGER)).get(`/api/v1/events/${event.id}/check-in-code`).expect(404);
    expect((await a.gql(`{ eventCheckInCode(eventId: "${event.id}") { code } }`)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('shows published events publicly without their check-in code, and hides drafts; organisers see the code', async () => {
    const station = await createStation(officer);
    const event = await publishedEvent({ capacity: 20, stationId: station.id, address: undefined, regionCode: undefined });
    const list = await t.gql<{ welfareEvents: { edges: { node: { id: string; stationId: string } }[] } }>(
      '{ welfareEvents(first: 50) { edges { node { id stationId } } } }',
    );
    expect(list.data?.welfareEvents.edges.map((e) => e.node.id)).toContain(event.id);
    const leak = await t.gql(`{ welfareEvent(id: "${event.id}") { checkInQrPayload } }`);
    expect(leak.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const managed = await officer.get(`/api/v1/events/${event.id}`).expect(200);
    expect(managed.body.checkInQrPayload).toBe(event.checkInQrPayload);
    const manager = await t.as(Role.STATION_MANAGER);
    await manager.get(`/api/v1/events/${event.id}`).expect(404);
  });
});
