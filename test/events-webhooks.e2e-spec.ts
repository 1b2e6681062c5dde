import { Webhook } from 'standardwebhooks';
import { Role } from '../src/access/role.enum.js';
import { checkWebhookUrl } from '../src/events/webhooks/webhook-url.js';
import { EventType } from '../src/outbox/event-types.js';
import { OutboxService } from '../src/outbox/outbox.service.js';
import type { ActorClient } from './support/actors.js';
import { createStation, ensureTownship } from './support/care.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from './support/webhook-receiver.js';

const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

describe('webhooks (Standard Webhooks 1.0)', () => {
  let t: TestApp;
  let admin: ActorClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_MS: '50' } });
    admin = await t.as(Role.ADMIN);
    await ensureTownship(t);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  // A test that fails before deleting its endpoint must not leave it subscribed to the next test's events.
  afterEach(async () => {
    receiver.up();
    await t.dataSource.query('DELETE FROM webhook_endpoint');
  });

  /** Appends events in committed transactions, as the domain does. */
  async function emit(type: EventType, subjectKey: string, payload: Record<string, unknown>, platformId?: string): Promise<void> {
    await t.dataSource.transaction((manager) => OutboxService.append(manager, type, subjectKey, payload, { platformId }));
  }

  async function create(client: ActorClient, body: Record<string, unknown>) {
    return client.post('/api/v1/webhooks').send(body);
  }

  it('creates an endpoint with a whsec_ secret shown once and stored sealed', async () => {
    const response = await create(admin, { url: `${receiver.url}?a`, events: [EventType.STATION_STATUS_CHANGED], description: 'county screen' });
    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await admin.get('/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(response.body.secret);
    const [row] = await t.dataSource.query('SELECT secret_sealed FROM webhook_endpoint WHERE id = $1', [response.body.endpoint.id]);
    expect(row.secret_sealed).not.toContain(response.body.secret.slice(6, 20));
    await admin.delete(`/api/v1/webhooks/${response.body.endpoint.id}`).expect(200);
  });

  it('refuses bad URLs and unknown event names, naming the field', async () => {
    const badUrl = await create(admin, { url: 'ftp://example.com/x', events: [EventType.STATION_STATUS_CHANGED] });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body)).toContain('url');
    const unknown = await create(admin, { url: receiver.url, events: ['care.station.exploded'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('care.station.exploded');
  });

  it('refuses loopback, private, link-local and metadata addresses unless private URLs are allowed (SSRF)', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://192.168.1.1/',
      'http://100.100.100.200/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(checkWebhookUrl('http://93.184.216.34/hook', false)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1/x', true)).resolves.toBeInstanceOf(URL);
  });

  it('allows at most 20 endpoints per owner', async () => {
    const platform = await t.asPlatform();
    for (let i = 0; i < 20; i++)
      expect((await create(platform, { url: `${receiver.url}?n=${i}`, events: [EventType.ROSTER_SYNC_COMPLETED] })).status).toBe(201);
    const over = await create(platform, { url: receiver.url, events: [EventType.ROSTER_SYNC_COMPLETED] });
    expect(over.status).toBe(409);
    await t.dataSource.query(`DELETE FROM webhook_endpoint WHERE owner_id = $1`, [platform.enterpriseId]);
  });

  it('signs every delivery so that the standardwebhooks library verifies it unchanged', async () => {
    const created = await create(admin, { url: `${receiver.url}?sig`, events: [EventType.STATION_STATUS_CHANGED] });
    const station = await createStation(admin, { status: 'OPEN' });
    const changed = await admin.gql('mutation($id: ID!, $input: UpdateStationInput!) { updateStation(id: $id, input: $input) { id } }', {
      id: station.id,
      input: { status: 'SUSPENDED' },
    });
    expect(changed.errors).toBeUndefined();
    const mine = () => receiver.delivered().filter((r) => r.url.endsWith('?sig') && r.body.includes(station.id));
    await receiver.until(() => mine().length === 1);
    const verified = new Webhook(created.body.secret).verify(mine()[0].body, headersOf(mine()[0])) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    };
    expect(verified.type).toBe(EventType.STATION_STATUS_CHANGED);
    expect(verified.data).toMatchObject({ stationId: station.id, from: 'OPEN', to: 'SUSPENDED' });
    const [event] = await t.dataSource.query('SELECT id FROM event_outbox WHERE subject_key = $1', [`station:${station.id}`]);
    expect(mine()[0].headers['webhook-id']).toBe(event.id);

    // Rotation: the old and the new secret both sign for 24 h.
    const rotated = await admin.post(`/api/v1/webhooks/${created.body.endpoint.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await emit(EventType.STATION_STATUS_CHANGED, `station:${station.id}`, { stationId: station.id, after: 'rotation' });
    await receiver.until(() => mine().length === 2);
    const last = mine()[1];
    expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.body.secret).verify(last.body, headersOf(last))).not.toThrow();
    expect(() => new Webhook(created.body.secret).verify(last.body, headersOf(last))).not.toThrow();

    // The worker records successes in batches after the receiver answers: wait for the record.
    const latest = async () => (await admin.get(`/api/v1/webhooks/${created.body.endpoint.id}/deliveries`).expect(200)).body[0] as { status: string };
    for (let i = 0; i < 100 && (await latest()).status !== 'SUCCEEDED'; i++) await new Promise((r) => setTimeout(r, 50));
    const deliveries = await admin.get(`/api/v1/webhooks/${created.body.endpoint.id}/deliveries`).expect(200);
    expect(deliveries.body[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1, responseCode: 200, eventType: EventType.STATION_STATUS_CHANGED });
    expect(typeof deliveries.body[0].latencyMs).toBe('number');
    await admin.delete(`/api/v1/webhooks/${created.body.endpoint.id}`).expect(200);
  });

  it('receiver down for a while, then back: every event delivered, in order per subject, same webhook-id across retries', async () => {
    const created = await create(admin, { url: `${receiver.url}?down`, events: [EventType.STATION_STATUS_CHANGED] });
    receiver.down(503, '0');
    const subjects = ['station:s1', 'station:s2', 'station:s3'];
    for (let i = 0; i < 5; i++) for (const subject of subjects) await emit(EventType.STATION_STATUS_CHANGED, subject, { step: i, subject });
    const ours = (r: Received) => r.url.endsWith('?down') && subjects.some((s) => r.body.includes(`"subject":"${s}"`));
    await receiver.until(() => receiver.received.filter(ours).length >= 6);
    receiver.up();
    await receiver.until(
      () =>
        new Set(
          receiver
            .delivered()
            .filter(ours)
            .map((r) => r.headers['webhook-id']),
        ).size === 15,
      30_000,
    );

    const failedIds = new Set(receiver.received.filter((r) => ours(r) && r.status !== 200).map((r) => r.headers['webhook-id']));
    const deliveredIds = new Set(
      receiver
        .delivered()
        .filter(ours)
        .map((r) => r.headers['webhook-id']),
    );
    for (const id of failedIds) expect(deliveredIds.has(id)).toBe(true);
    for (const subject of subjects) {
      const steps = receiver
        .delivered()
        .filter((r) => r.body.includes(`"subject":"${subject}"`))
        .map((r) => (JSON.parse(r.body) as { data: { step: number } }).data.step);
      expect(steps).toEqual([0, 1, 2, 3, 4]);
    }
    // The worker records a success after the receiver answers: wait for the last records.
    const succeeded = async () =>
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'SUCCEEDED'`, [created.body.endpoint.id])
      )[0].n as number;
    for (let i = 0; i < 100 && (await succeeded()) < 15; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await succeeded()).toBe(15);
    const deliveries = await admin.get(`/api/v1/webhooks/${created.body.endpoint.id}/deliveries?limit=100`).expect(200);
    expect(deliveries.body.some((d: { attempts: number }) => d.attempts > 1)).toBe(true);
    expect(deliveries.body.every((d: { responseBody: string | null }) => (d.responseBody ?? '').length <= 1024)).toBe(true);

    // Replay from a sequence: the same events again, with the same ids.
    const [{ first }] = await t.dataSource.query(`SELECT min(sequence)::text AS first FROM event_outbox WHERE subject_key = ANY($1)`, [subjects]);
    const before = receiver.delivered().filter(ours).length;
    const replay = await admin.post(`/api/v1/webhooks/${created.body.endpoint.id}/replay`).send({ since: first }).expect(202);
    expect(replay.body.queued).toBe(15);
    await receiver.until(() => receiver.delivered().filter(ours).length === before + 15, 30_000);
    const replayedIds = new Set(
      receiver
        .delivered()
        .filter(ours)
        .slice(before)
        .map((r) => r.headers['webhook-id']),
    );
    expect(replayedIds).toEqual(deliveredIds);
    await admin.delete(`/api/v1/webhooks/${created.body.endpoint.id}`).expect(200);
  });

  it('a delivery worker that died mid-batch: its leased deliveries are sent again after the lease lapses, same webhook-id, order per subject kept', async () => {
    const created = await create(admin, { url: `${receiver.url}?crash`, events: [EventType.STATION_STATUS_CHANGED] });
    const endpointId = created.body.endpoint.id as string;
    // A worker on another instance claimed the head as the events committed, then died before recording anything.
    const deadHeadId = await t.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 4; i++) await OutboxService.append(manager, EventType.STATION_STATUS_CHANGED, 'station:crash', { step: i, crash: true });
      const [rows] = await manager.query(
        // clock_timestamp(), not now() (the transaction's start): on a loaded box the appends above may take a while.
        `UPDATE webhook_delivery SET leased_until = clock_timestamp() + interval '3 seconds', attempts = 1
         WHERE endpoint_id = $1 AND event_sequence = (SELECT min(event_sequence) FROM webhook_delivery WHERE endpoint_id = $1) RETURNING event_id`,
        [endpointId],
      );
      return rows[0].event_id as string;
    });
    const ours = () => receiver.delivered().filter((r) => r.url.endsWith('?crash') && r.body.includes('"crash":true'));
    await new Promise((r) => setTimeout(r, 700));
    expect(ours()).toEqual([]); // the subject waits for its leased head: nothing overtakes it
    await receiver.until(() => ours().length === 4, 15_000);
    expect(ours().map((r) => (JSON.parse(r.body) as { data: { step: number } }).data.step)).toEqual([0, 1, 2, 3]);
    expect(ours()[0].headers['webhook-id']).toBe(deadHeadId);
    const [head] = await t.dataSource.query('SELECT attempts, status FROM webhook_delivery WHERE event_id = $1 AND endpoint_id = $2', [deadHeadId, endpointId]);
    expect(head).toMatchObject({ attempts: 2, status: 'SUCCEEDED' });
    await admin.delete(`/api/v1/webhooks/${endpointId}`).expect(200);
  });

  it('disables an endpoint failing for 3 days and says why', async () => {
    const created = await create(admin, { url: `${receiver.url}?failing`, events: [EventType.STATION_STATUS_CHANGED] });
    const endpointId = created.body.endpoint.id as string;
    await t.dataSource.query(`UPDATE webhook_endpoint SET failing_since = now() - interval '4 days' WHERE id = $1`, [endpointId]);
    receiver.down(500);
    try {
      await emit(EventType.STATION_STATUS_CHANGED, 'station:failing', { failing: true });
      const shown = async () => (await admin.get(`/api/v1/webhooks/${endpointId}`)).body as { enabled: boolean; disabledReason: string | null };
      for (let i = 0; i < 100 && (await shown()).enabled; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await shown()).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('3 days') });
      // Its owner's next call, whatever it is, says why (REST and GraphQL).
      const next = await admin.get('/api/v1/me').expect(200);
      expect(next.headers['newforce-notice']).toContain(endpointId);
      expect(next.headers['newforce-notice']).toContain('3 days');
      const gql = await t.http().post('/graphql').set('authorization', `Bearer ${admin.token}`).send({ query: '{ me { id } }' });
      expect(gql.headers['newforce-notice']).toContain(endpointId);
      const someoneElse = await (await t.as(Role.ORG_OFFICER)).get('/api/v1/me').expect(200);
      expect(someoneElse.headers['newforce-notice']).toBeUndefined();
    } finally {
      receiver.up();
      await admin.delete(`/api/v1/webhooks/${endpointId}`).expect(200);
    }
  });

  it('a platform manages only its own endpoints and receives only its own platform events', async () => {
    const platform = await t.asPlatform();
    const other = await t.asPlatform();
    const refused = await create(platform, { url: receiver.url, events: [EventType.STATION_STATUS_CHANGED] });
    expect(refused.status).toBe(400);
    const created = await create(platform, { url: `${receiver.url}?platform`, events: [EventType.ROSTER_SYNC_COMPLETED] });
    expect(created.status).toBe(201);
    expect((await other.get(`/api/v1/webhooks/${created.body.endpoint.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/webhooks')).body).toEqual([]);
    expect((await platform.get('/api/v1/webhooks')).body.map((e: { id: string }) => e.id)).toEqual([created.body.endpoint.id]);

    await emit(EventType.ROSTER_SYNC_COMPLETED, 'roster-sync:theirs', { syncId: 'theirs' }, other.enterpriseId);
    await emit(EventType.ROSTER_SYNC_COMPLETED, 'roster-sync:mine', { syncId: 'mine' }, platform.enterpriseId);
    const got = () => receiver.delivered().filter((r) => r.url.endsWith('?platform') && r.body.includes('"syncId"'));
    await receiver.until(() => got().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(got().map((r) => (JSON.parse(r.body) as { data: { syncId: string } }).data.syncId)).toEqual(['mine']);
  });
});
