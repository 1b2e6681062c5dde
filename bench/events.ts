/**
 * `npm run bench:events`: events out, measured on this machine against the real app (createApp):
 *   - burst:   10,000 events committed in bursts (100 transactions of 100 events, over 1,000 subjects) to
 *              one webhook endpoint on a local receiver → time until all are delivered, deliveries/s;
 *   - replay:  the same 10,000 events replayed to the endpoint at once (POST …/replay {since}) → the
 *              delivery workers' own rate, with nothing left to commit;
 *   - steady:  200 events/s for BENCH_STEADY_SECONDS (default 10), one event per transaction → delay from
 *              just before commit to the receiver getting it (webhook), p50/p99;
 *   - fan-out: BENCH_SOCKETS (default 1,000) graphql-ws sockets subscribed to one `stationStatusChanged`
 *              (opened by a child process, so the server's RSS is its own) → delay from just before commit
 *              to each socket's message, p50/p99 over every socket and event, and the server's RSS.
 * The receiver and the sockets run in child processes, so the RSS is the app's own.
 * Prints one JSON object. Database: DATABASE_URL's server (a throwaway database), else an embedded PostgreSQL.
 */
import './production-env.js';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { runMigrations } from '../src/database/migrate.js';
import { WebhooksService } from '../src/events/webhooks/webhooks.service.js';
import { EventType } from '../src/outbox/event-types.js';
import { OutboxService } from '../src/outbox/outbox.service.js';
import { openDatabase } from './bench-support.js';

const BURST_EVENTS = Number(process.env.BENCH_BURST_EVENTS ?? 10_000);
const BURST_SIZE = 100;
const SUBJECTS = 1000;
const STEADY_RATE = 200;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const FANOUT_EVENTS = 20;

const percentile = (values: number[], p: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Child process: opens the sockets, subscribes, and reports each message's delay. */
async function clients(url: string, count: number): Promise<void> {
  const delays: number[] = [];
  let ready = 0;
  const all = Array.from({ length: count }, () => {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    client.subscribe<{ stationStatusChanged: { data: { sentAt: number } } }>(
      { query: 'subscription { stationStatusChanged(regionCode: "431126") { cursor data } }' },
      {
        next: (m) => {
          if (m.data) delays.push(Date.now() - m.data.stationStatusChanged.data.sentAt);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    client.on('connected', () => {
      ready++;
    });
    return client;
  });
  while (ready < count) await sleep(50);
  process.send!({ ready: true });
  process.on('message', async (message: { report?: boolean }) => {
    if (!message.report) return;
    process.send!({ delays });
    await Promise.all(all.map((c) => c.dispose()));
    process.exit(0);
  });
}

/** What the receiver has seen so far. */
interface ReceiverState {
  received: number;
  replayed: number;
  steadyDelays: number[];
}

/**
 * Child process: the webhook receiver, in a process of its own so it neither competes with the app's
 * thread nor counts in the app's RSS. Answers `{ state: true }` with a ReceiverState and
 * `{ countReplay }` by counting (or not) every delivery as a replayed one.
 */
async function receiverProcess(): Promise<void> {
  const received = new Set<string>();
  // Deliveries counted during the replay phase (a replay re-sends events whose webhook-id was seen).
  let replayed = 0;
  let countingReplay = false;
  const steadyDelays: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      if (countingReplay) replayed++;
      if (!received.has(id)) {
        received.add(id);
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { data: { sentAt?: number; steady?: boolean } };
        if (body.data.steady && body.data.sentAt) steadyDelays.push(Date.now() - body.data.sentAt);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (message: { state?: boolean; countReplay?: boolean; exit?: boolean }) => {
    if (message.countReplay !== undefined) countingReplay = message.countReplay;
    if (message.state) process.send!({ state: { received: received.size, replayed, steadyDelays } satisfies ReceiverState });
    if (message.exit) process.exit(0);
  });
  process.send!({ port: (server.address() as AddressInfo).port });
}

async function main(): Promise<void> {
  const database = await openDatabase('nf_bench_events');
  const receiver = fork(fileURLToPath(import.meta.url), ['receiver']);
  const receiverPort = await new Promise<number>((resolve) => receiver.once('message', (m: { port: number }) => resolve(m.port)));
  const receiverState = () =>
    new Promise<ReceiverState>((resolve) => {
      const listener = (m: { state?: ReceiverState }) => {
        if (!m.state) return;
        receiver.off('message', listener);
        resolve(m.state);
      };
      receiver.on('message', listener);
      receiver.send({ state: true });
    });
  try {
    await runMigrations(database.url);
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '10',
      CODE_SENDER: 'webhook',
      CODE_SENDER_URL: 'http://127.0.0.1:9/sms',
      JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
      PII_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 7).toString('base64')}`,
      PII_BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    });
    const app = await createApp(config, database.url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const dataSource = app.get(DataSource);
    const admin = { kind: 'staff', id: '00000000-0000-0000-0000-000000000001', role: 'ADMIN', label: 'bench' } as never;
    const { endpoint } = await app
      .get(WebhooksService)
      .create(admin, { url: `http://127.0.0.1:${receiverPort}/hook`, events: [EventType.STATION_STATUS_CHANGED] });
    const [{ first }] = await dataSource.query<{ first: string | null }[]>('SELECT COALESCE(max(sequence), 0) + 1 AS first FROM event_outbox');

    // ── burst ──
    const burstStarted = Date.now();
    for (let b = 0; b < BURST_EVENTS / BURST_SIZE; b++) {
      await dataSource.transaction(async (manager) => {
        for (let i = 0; i < BURST_SIZE; i++) {
          const n = b * BURST_SIZE + i;
          await OutboxService.append(manager, EventType.STATION_STATUS_CHANGED, `station:bench-${n % SUBJECTS}`, { n, countyCode: '000000' });
        }
      });
    }
    const committedAt = Date.now();
    for (let seen = 0; seen < BURST_EVENTS; await sleep(20)) {
      seen = (await receiverState()).received;
      if (Date.now() % 2000 < 25) process.stderr.write(`  burst: ${seen}/${BURST_EVENTS} delivered\n`);
    }
    process.stderr.write(`  burst done\n`);
    const burstDone = Date.now();

    // ── replay: every burst event at once, so only the delivery workers set the pace ──
    await sleep(1000);
    receiver.send({ countReplay: true });
    const replayStarted = Date.now();
    const { queued } = await app.get(WebhooksService).replay(admin, endpoint.id, { since: String(first) });
    while ((await receiverState()).replayed < queued) await sleep(20);
    const replayDone = Date.now();
    receiver.send({ countReplay: false });
    process.stderr.write(`  replay done\n`);

    // ── steady ──
    const steadyTotal = STEADY_RATE * STEADY_SECONDS;
    const steadyStarted = Date.now();
    for (let i = 0; i < steadyTotal; i++) {
      const due = steadyStarted + (i * 1000) / STEADY_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      await dataSource.transaction((manager) =>
        OutboxService.append(manager, EventType.STATION_STATUS_CHANGED, `station:steady-${i % 100}`, {
          steady: true,
          sentAt: Date.now(),
          countyCode: '000000',
        }),
      );
    }
    const steadyCommitSeconds = (Date.now() - steadyStarted) / 1000;
    let steadyDelays: number[] = [];
    while ((steadyDelays = (await receiverState()).steadyDelays).length < steadyTotal) await sleep(20);
    process.stderr.write(`  steady done\n`);

    // ── fan-out ──
    const rssBefore = process.memoryUsage().rss;
    const child = fork(fileURLToPath(import.meta.url), ['clients', `ws://127.0.0.1:${port}/graphql`, String(SOCKETS)]);
    await new Promise<void>((resolve) => child.on('message', (m: { ready?: boolean }) => m.ready && resolve()));
    await sleep(500);
    const rssWithSockets = process.memoryUsage().rss;
    for (let i = 0; i < FANOUT_EVENTS; i++) {
      await dataSource.transaction((manager) =>
        OutboxService.append(manager, EventType.STATION_STATUS_CHANGED, `station:fanout-${i}`, { sentAt: Date.now(), countyCode: '431126' }),
      );
      await sleep(250);
    }
    await sleep(1500);
    const rssPeak = process.memoryUsage().rss;
    const delays = await new Promise<number[]>((resolve) => {
      child.on('message', (m: { delays?: number[] }) => m.delays && resolve(m.delays));
      child.send({ report: true });
    });

    console.log(
      JSON.stringify(
        {
          bench: 'events',
          loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
          burst: {
            events: BURST_EVENTS,
            subjects: SUBJECTS,
            commitSeconds: (committedAt - burstStarted) / 1000,
            allDeliveredSeconds: (burstDone - burstStarted) / 1000,
            deliveriesPerSecond: Math.round(BURST_EVENTS / ((burstDone - burstStarted) / 1000)),
            target: '≥ 1,000 deliveries/s',
          },
          replay: {
            queued,
            allDeliveredSeconds: (replayDone - replayStarted) / 1000,
            deliveriesPerSecond: Math.round(queued / ((replayDone - replayStarted) / 1000)),
            target: '≥ 1,000 deliveries/s',
          },
          steady: {
            ratePerSecond: STEADY_RATE,
            events: steadyTotal,
            achievedRate: Math.round(steadyTotal / steadyCommitSeconds),
            commitToDeliveryMs: { p50: percentile(steadyDelays, 50), p99: percentile(steadyDelays, 99), max: percentile(steadyDelays, 100) },
            target: 'p99 < 1,000 ms',
          },
          fanOut: {
            sockets: SOCKETS,
            events: FANOUT_EVENTS,
            messages: delays.length,
            expectedMessages: SOCKETS * FANOUT_EVENTS,
            commitToMessageMs: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: percentile(delays, 100) },
            serverRssMb: { before: Math.round(rssBefore / 1048576), withSockets: Math.round(rssWithSockets / 1048576), peak: Math.round(rssPeak / 1048576) },
            target: 'p99 < 500 ms, RSS < 300 MB',
          },
        },
        null,
        2,
      ),
    );
    await app.close();
  } finally {
    receiver.send({ exit: true });
    await database.close();
  }
}

if (process.argv[2] === 'clients') void clients(process.argv[3], Number(process.argv[4]));
else if (process.argv[2] === 'receiver') void receiverProcess();
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
