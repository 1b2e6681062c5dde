import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../src/access/role.enum.js';
import type { ActorClient } from './support/actors.js';
import { createStation, ensureTownship } from './support/care.js';
import { makeGrid, square } from './support/governance-fixtures.js';
import { startTestApp, startTestInstances, type TestApp } from './support/test-app.js';
import pg from 'pg';
import { BENCH_TOWNSHIPS, riderRecord, toNdjson } from '../bench/roster-data.js';
import { ensureRegion } from './support/actors.js';
import { CONSENT } from './support/roster.js';

type Message = { cursor: string; id: string; type: string; subjectKey: string; data: Record<string, unknown> };
const FIELDS = 'cursor id type subjectKey occurredAt data';
const UPDATE_STATION = 'mutation($id: ID!, $input: UpdateStationInput!) { updateStation(id: $id, input: $input) { id status } }';

/** A subscription's messages as they arrive, with a way to wait for a count or for its end. */
function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const messages: Message[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const stop = client.subscribe<Record<string, Message>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) messages.push(Object.values(result.data)[0]);
      },
      error: (error) => errors.push(error),
      complete: () => void (completed = true),
    },
  );
  return {
    messages,
    errors,
    stop,
    get completed() {
      return completed;
    },
    async until(predicate: () => boolean, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify({ messages, errors })}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

describe('GraphQL subscriptions over graphql-ws', () => {
  let t: TestApp;
  let url: string;
  let admin: ActorClient;
  const clients: Client[] = [];

  const connect = (connectionParams: Record<string, unknown> = {}, onClose?: (code: number) => void, at = url) => {
    const client = createClient({
      url: at,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      on: { closed: (event) => onClose?.((event as { code: number }).code) },
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    return client;
  };
  const wsUrl = (app: TestApp['app']) => `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = wsUrl(t.app);
    admin = await t.as(Role.ADMIN);
    await ensureTownship(t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('stationStatusChanged is public and carries a cursor; resuming with after replays exactly the missed events, then goes on live', async () => {
    const station = await createStation(admin, { status: 'OPEN' });
    const first = subscribe(connect(), `subscription { stationStatusChanged(regionCode: "431126") { ${FIELDS} } }`);
    await new Promise((r) => setTimeout(r, 200));
    await admin.gql(UPDATE_STATION, { id: station.id, input: { status: 'SUSPENDED' } });
    await first.until(() => first.messages.length === 1);
    expect(first.messages[0]).toMatchObject({
      type: 'care.station.status_changed',
      subjectKey: `station:${station.id}`,
      data: { from: 'OPEN', to: 'SUSPENDED' },
    });
    first.stop();

    // Missed while away: two changes.
    await admin.gql(UPDATE_STATION, { id: station.id, input: { status: 'OPEN' } });
    await admin.gql(UPDATE_STATION, { id: station.id, input: { status: 'SUSPENDED' } });
    const resumed = subscribe(connect(), `subscription($after: String) { stationStatusChanged(regionCode: "431126", after: $after) { ${FIELDS} } }`, {
      after: first.messages[0].cursor,
    });
    await resumed.until(() => resumed.messages.length === 2);
    await admin.gql(UPDATE_STATION, { id: station.id, input: { status: 'OPEN' } });
    await resumed.until(() => resumed.messages.length === 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.messages.map((m) => m.data.to)).toEqual(['OPEN', 'SUSPENDED', 'OPEN']);
    const cursors = resumed.messages.map((m) => Number(m.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[0]).toBeGreaterThan(Number(first.messages[0].cursor));
    resumed.stop();
  });

  it('governanceIssueUpdated reaches the reporter and staff in scope, not another worker; myIssueUpdates the reporter', async () => {
    const { gridWorker } = await makeGrid(t, admin, { communityCode: '431126100001', boundary: square(111.9, 25.6, 111.95, 25.65), code: 'A-001' });
    const reporter = await t.asWorker();
    const stranger = await t.asWorker();
    const reported = await reporter.gql<{ reportIssue: { issue: { id: string } } }>(
      'mutation($input: ReportIssueInput!) { reportIssue(input: $input) { issue { id } } }',
      { input: { category: 'ROAD_TRAFFIC', description: '井盖缺失', lat: 25.62, lng: 111.92 } },
    );
    const id = reported.data!.reportIssue.issue.id;
    const query = `subscription($id: ID!) { governanceIssueUpdated(id: $id) { ${FIELDS} } }`;
    const asReporter = subscribe(connect({ authorization: `Bearer ${reporter.token}` }), query, { id });
    const asStaff = subscribe(connect({ authorization: `Bearer ${gridWorker.token}` }), query, { id });
    const mine = subscribe(connect({ authorization: `Bearer ${reporter.token}` }), `subscription { myIssueUpdates { ${FIELDS} } }`);
    const asStranger = subscribe(connect({ authorization: `Bearer ${stranger.token}` }), query, { id });
    const anonymous = subscribe(connect(), query, { id });
    // A worker who follows the problem ("me too", issue 20) hears of it in myIssueUpdates like the reporter; a stranger does not.
    const follower = await t.asWorker();
    const followed = await follower.gql<{ followGovernanceIssue: { followerCount: number } }>(
      'mutation($id: ID!) { followGovernanceIssue(id: $id) { followerCount } }',
      { id },
    );
    expect(followed.data?.followGovernanceIssue.followerCount).toBe(1);
    const followerMine = subscribe(connect({ authorization: `Bearer ${follower.token}` }), `subscription { myIssueUpdates { ${FIELDS} } }`);
    const strangerMine = subscribe(connect({ authorization: `Bearer ${stranger.token}` }), `subscription { myIssueUpdates { ${FIELDS} } }`);
    await new Promise((r) => setTimeout(r, 300));
    await gridWorker.gql('mutation($id: ID!, $input: IssueTransitionInput!) { transitionGovernanceIssue(id: $id, input: $input) { id } }', {
      id,
      input: { action: 'ACCEPT' },
    });
    await asReporter.until(() => asReporter.messages.length === 1);
    await asStaff.until(() => asStaff.messages.length === 1);
    await mine.until(() => mine.messages.length === 1);
    await followerMine.until(() => followerMine.messages.length === 1);
    expect(followerMine.messages[0].data).toMatchObject({ issueId: id, to: 'ACCEPTED' });
    expect(asReporter.messages[0].data).toMatchObject({ issueId: id, from: 'REPORTED', to: 'ACCEPTED' });
    expect(JSON.stringify(asReporter.messages[0])).not.toContain(reporter.phone);
    await asStranger.until(() => asStranger.errors.length > 0);
    expect(JSON.stringify(asStranger.errors)).toContain('NOT_FOUND');
    await anonymous.until(() => anonymous.errors.length > 0);
    expect(JSON.stringify(anonymous.errors)).toContain('UNAUTHENTICATED');
    expect(asStranger.messages).toEqual([]);
    expect(strangerMine.messages).toEqual([]);
  });

  it('rosterSyncProgress shows the owning platform its sync being applied, then its outcome; another platform is refused', async () => {
    for (const code of BENCH_TOWNSHIPS) await ensureRegion(t.dataSource, code);
    const platform = await t.asPlatform();
    const stranger = await t.asPlatform();
    // Hold the platform's apply lock, so the sync waits to be applied until the subscription is open.
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('roster_sync:' || $1, 0))`, [platform.enterpriseId]);
      const posted = await platform
        .post('/api/v1/roster/syncs?mode=snapshot')
        .set({ 'content-type': 'application/x-ndjson', 'x-consent-ref': CONSENT })
        .send(toNdjson(Array.from({ length: 20 }, (_, n) => riderRecord(n))))
        .expect(202);
      const id = posted.body.id as string;
      const query = `subscription($id: ID!) { rosterSyncProgress(id: $id) { ${FIELDS} } }`;
      const progress = subscribe(connect({ 'x-api-key': platform.token }), query, { id });
      const refused = subscribe(connect({ 'x-api-key': stranger.token }), query, { id });
      await new Promise((r) => setTimeout(r, 300));
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('roster_sync:' || $1, 0))`, [platform.enterpriseId]);
      await progress.until(() => progress.messages.some((m) => m.type === 'roster.sync.completed'), 20_000);
      const types = progress.messages.map((m) => m.type);
      expect(types[0]).toBe('roster.sync.progress');
      expect(progress.messages[0].data).toMatchObject({ syncId: id, status: 'PROCESSING', received: 20 });
      expect(types.at(-1)).toBe('roster.sync.completed');
      expect(progress.messages.at(-1)!.data).toMatchObject({ syncId: id, status: 'COMMITTED', created: 20 });
      await refused.until(() => refused.errors.length > 0);
      expect(JSON.stringify(refused.errors)).toContain('NOT_FOUND');
    } finally {
      await holder.end();
    }
  });

  it('refuses bad credentials in connection_init and closes the socket with 4403 when the token expires', async () => {
    let refusedCode = 0;
    const refused = subscribe(
      connect({ authorization: 'Bearer not-a-token' }, (code) => (refusedCode = code)),
      'subscription { stationStatusChanged(regionCode: "431126") { cursor } }',
    );
    await refused.until(() => refusedCode !== 0);
    expect(refusedCode).toBe(4403);

    const worker = await t.asWorker();
    const payload = JSON.parse(Buffer.from(worker.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const { exp: _exp, iat: _iat, ...claims } = payload;
    const shortLived = await t.app.get(JwtService, { strict: false }).signAsync(claims, { expiresIn: 2 });
    let closedCode = 0;
    const opened = Date.now();
    const sub = subscribe(
      connect({ authorization: `Bearer ${shortLived}` }, (code) => (closedCode = code)),
      'subscription { myIssueUpdates { cursor } }',
    );
    await sub.until(() => closedCode !== 0, 6000);
    expect(closedCode).toBe(4403);
    expect(Date.now() - opened).toBeGreaterThan(900);
  });

  it('an event committed on a second instance reaches a subscriber on the first (LISTEN/NOTIFY)', async () => {
    const [one, two] = await startTestInstances(2);
    try {
      await one.app.listen(0, '127.0.0.1');
      const adminOnTwo = await two.as(Role.ADMIN);
      await ensureTownship(two);
      const station = await createStation(adminOnTwo, { status: 'OPEN' });
      const sub = subscribe(connect({}, undefined, wsUrl(one.app)), `subscription { stationStatusChanged(regionCode: "431126") { ${FIELDS} } }`);
      await new Promise((r) => setTimeout(r, 300));
      const changed = await adminOnTwo.gql(UPDATE_STATION, { id: station.id, input: { status: 'CLOSED' } });
      expect(changed.errors).toBeUndefined();
      await sub.until(() => sub.messages.some((m) => m.subjectKey === `station:${station.id}` && m.data.to === 'CLOSED'));
      sub.stop();
    } finally {
      await one.close();
      await two.close();
    }
  });
});
