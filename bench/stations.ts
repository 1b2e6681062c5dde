/**
 * `npm run bench:stations`: 100,000 stations across Hunan, `nearestStations` (radius 1 km, first 10)
 * under autocannon (50 connections) against the real app (createApp) and, in alternating rounds, the
 * same SQL behind a bare node:http handler with its own pool of the same size. Prints one JSON object.
 *
 * Database: DATABASE_URL's server (a throwaway database is created and dropped), else an embedded
 * PostgreSQL in a temporary directory. BENCH_DURATION (seconds, default 10) sets each side's measured time.
 * BENCH_ROUNDS (default 2) splits each side's time into rounds run alternately (see ROUNDS).
 * BENCH_ONLY=newforce skips the bare run (for profiling the app alone). Runs with NODE_ENV=production,
 * as deployed (bench/production-env.ts). BENCH_LOG_LEVEL=info makes the app log as production does
 * (to /dev/null); by default it logs nothing, like the bare handler.
 * autocannon runs in a child process so it does not share the servers' event loop.
 */
import './production-env.js';
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../src/app.factory.js';
import { NEAREST_STATIONS_SQL } from '../src/care/stations/stations.sql.js';
import { loadConfig } from '../src/config/app-config.js';
import { runMigrations } from '../src/database/migrate.js';
import { benchEntry, loadInChild, openDatabase, summarise, type LoadResult } from './bench-support.js';

const STATIONS = 100_000;
const CONNECTIONS = 50;
const POOL_SIZE = 10;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
/**
 * Each side's measured time is split into this many rounds, run alternately (newforce, bare, bare,
 * newforce, …) with both servers up, so load from elsewhere on a shared machine and the database
 * settling fall on both sides alike instead of on whichever runs first.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
/** The app's log level: silent by default, like the bare handler, which writes no log at all. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';
/** Hunan's prefecture seats: most stations cluster in cities, as real ones do. */
const CITIES: [number, number][] = [
  [28.228, 112.939],
  [27.828, 113.134],
  [27.857, 112.945],
  [26.894, 112.572],
  [27.239, 111.467],
  [29.357, 113.129],
  [29.031, 111.699],
  [29.117, 110.479],
  [28.554, 112.355],
  [25.771, 113.015],
  [26.42, 111.613],
  [27.55, 109.998],
  [27.7, 111.994],
  [28.314, 109.739],
];
const NEAREST_QUERY = `query($lat: Float!, $lng: Float!) {
  nearestStations(lat: $lat, lng: $lng, radiusMeters: 1000, first: 10) { id code name distanceMeters openNow amenities { amenity working } } }`;

/** A run's figures plus the server's own CPU time per request (user + system), which other load on a shared machine barely moves. */
type ServerResult = LoadResult & { cpuMsPerRequest: number };
interface LoadJob {
  url: string;
  path: string;
  kind: 'graphql' | 'bare';
  points: [number, number][];
  duration: number;
}

/** A point near a city centre (within ~3 km), where riders are. */
function pointNearCity(random: () => number): [number, number] {
  const [lat, lng] = CITIES[Math.floor(random() * CITIES.length)];
  return [lat + (random() - 0.5) * 0.05, lng + (random() - 0.5) * 0.05];
}

/** Child process: one autocannon run, each request at another point. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  let i = 0;
  const body = (lat: number, lng: number) =>
    job.kind === 'graphql' ? JSON.stringify({ query: NEAREST_QUERY, variables: { lat, lng } }) : JSON.stringify({ lat, lng });
  const result = await autocannon({
    url: job.url,
    connections: CONNECTIONS,
    duration: job.duration,
    requests: [
      {
        method: 'POST',
        path: job.path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const [lat, lng] = job.points[i++ % job.points.length];
          return { ...request, body: body(lat, lng) };
        },
      },
    ],
  });
  return summarise(result);
}

/** One measured run: the load figures and this process's CPU time per request (the servers live here; autocannon does not). */
async function measure(job: LoadJob): Promise<ServerResult> {
  const cpu = process.cpuUsage();
  const result = await load(job);
  const used = process.cpuUsage(cpu);
  return { ...result, cpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / Math.max(result.requests, 1)) * 1000) / 1000 };
}

/** One side's rounds as one result: rounds last equally long, so req/s is their mean; latencies and CPU are weighted by requests. */
function combine(runs: ServerResult[]): ServerResult {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const requests = sum(runs.map((r) => r.requests));
  const weighted = (of: (r: ServerResult) => number, places: number) =>
    Math.round((sum(runs.map((r) => of(r) * r.requests)) / Math.max(requests, 1)) * 10 ** places) / 10 ** places;
  return {
    requestsPerSecond: Math.round((sum(runs.map((r) => r.requestsPerSecond)) / runs.length) * 100) / 100,
    p50: weighted((r) => r.p50, 1),
    p99: weighted((r) => r.p99, 1),
    errors: sum(runs.map((r) => r.errors)),
    non2xx: sum(runs.map((r) => r.non2xx)),
    requests,
    cpuMsPerRequest: weighted((r) => r.cpuMsPerRequest, 3),
  };
}

const load = (job: LoadJob): Promise<LoadResult> => loadInChild(fileURLToPath(import.meta.url), job);

/** 100,000 OPEN stations, 70% around the 14 city seats and 30% anywhere in the province; a third with amenities. */
async function seed(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  const regions: [string, string, string, string | null, string | null][] = [
    ['430000', '湖南省', 'PROVINCE', null, null],
    ['431100', '永州市', 'CITY', '430000', null],
    ['431126', '宁远县', 'COUNTY', '431100', '431126'],
    ['431126100', '舜陵街道', 'TOWNSHIP', '431126', '431126'],
  ];
  let path = '';
  for (const [code, name, level, parent, county] of regions) {
    path = path ? `${path}.${code}` : code;
    await client.query(
      `INSERT INTO region (code, name, level, parent_id, path, county_code)
       VALUES ($1, $2, $3, (SELECT id FROM region WHERE code = $4), $5::ltree, $6) ON CONFLICT (code) DO NOTHING`,
      [code, name, level, parent, path, county],
    );
  }
  await client.query(
    `WITH cities(lat, lng) AS (SELECT * FROM unnest($2::float8[], $3::float8[]))
     INSERT INTO station (code, name, kind, host_venue, address, lat, lng, township_id, county_code, status, opening_hours)
     SELECT 'B' || g, '驿站' || g, 'COURIER_STATION', 'SHOP', '湖南', p.lat, p.lng, (SELECT id FROM region WHERE code = '431126100'), '431126', 'OPEN',
            '{"weekly":[{"day":"MON","ranges":[{"start":"07:00","end":"21:00"}]},{"day":"SAT","ranges":[{"start":"22:00","end":"02:00"}]}]}'::jsonb
     FROM generate_series(1, $1) g
     CROSS JOIN LATERAL (
       SELECT CASE WHEN random() < 0.7 THEN c.lat + (random() - 0.5) * 0.3 ELSE 24.6 + random() * 5.5 END AS lat,
              CASE WHEN random() < 0.7 THEN c.lng + (random() - 0.5) * 0.3 ELSE 108.8 + random() * 5.5 END AS lng
       FROM cities c OFFSET (g % 14) LIMIT 1
     ) p`,
    [STATIONS, CITIES.map((c) => c[0]), CITIES.map((c) => c[1])],
  );
  await client.query(
    `INSERT INTO station_amenity (station_id, amenity, working)
     SELECT s.id, a, random() > 0.1 FROM station s CROSS JOIN unnest(ARRAY['DRINKING_WATER', 'WIFI', 'MICROWAVE']) a WHERE random() < 0.33`,
  );
  // VACUUM too: otherwise autovacuum visits the freshly inserted tables during the first measured run
  // (newforce's), charging it for work the bare run never sees.
  await client.query('VACUUM ANALYZE station');
  await client.query('VACUUM ANALYZE station_amenity');
  await client.end();
  return Date.now() - started;
}

/** The same SQL behind a bare handler: parse, query, serialise. */
function bareServer(url: string): { server: Server; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const { lat, lng } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { lat: number; lng: number };
      pool.query(NEAREST_STATIONS_SQL, [lat, lng, 1000, null, 10]).then(
        (result) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ data: { nearestStations: result.rows } }));
        },
        (error: Error) => {
          response.writeHead(500);
          response.end(error.message);
        },
      );
    });
  });
  return { server, pool };
}

async function main(): Promise<void> {
  const database = await openDatabase('nf_bench_stations');
  try {
    await runMigrations(database.url);
    const seedMs = await seed(database.url);
    let seedValue = 42;
    const random = () => (seedValue = (seedValue * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const points = Array.from({ length: 2000 }, () => pointNearCity(random));

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: LOG_LEVEL,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      CODE_SENDER: 'webhook',
      CODE_SENDER_URL: 'http://127.0.0.1:9/sms',
      JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
      PII_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 7).toString('base64')}`,
      PII_BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
    });
    // Log lines (BENCH_LOG_LEVEL=info: two per request, as production writes them) go to /dev/null.
    const app = await createApp(config, database.url, LOG_LEVEL === 'silent' ? {} : { logDestination: pino.destination({ dest: '/dev/null', sync: false }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const probe = await fetch(`${appUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: NEAREST_QUERY, variables: { lat: points[0][0], lng: points[0][1] } }),
    }).then((r) => r.json() as Promise<{ data?: { nearestStations: unknown[] }; errors?: unknown }>);
    if (!probe.data) throw new Error(`nearestStations failed: ${JSON.stringify(probe.errors)}`);

    const onlyNewforce = process.env.BENCH_ONLY === 'newforce';
    const bare = bareServer(database.url);
    await new Promise<void>((resolve) => bare.server.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
    const jobs = {
      newforce: (duration: number): LoadJob => ({ url: appUrl, path: '/graphql', kind: 'graphql', points, duration }),
      bare: (duration: number): LoadJob => ({ url: bareUrl, path: '/nearest', kind: 'bare', points, duration }),
    };
    const sides = onlyNewforce ? (['newforce'] as const) : (['newforce', 'bare'] as const);
    for (const side of sides) await load(jobs[side](2)); // warm-up
    const runs: Record<'newforce' | 'bare', ServerResult[]> = { newforce: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) runs[side].push(await measure(jobs[side](DURATION / ROUNDS)));
    }
    await app.close();
    await new Promise((resolve) => bare.server.close(resolve));
    await bare.pool.end();
    const newforce = combine(runs.newforce);
    if (onlyNewforce) {
      process.stdout.write(`${JSON.stringify({ newforce })}\n`);
      return;
    }
    const bareResult = combine(runs.bare);

    const found = (probe.data.nearestStations as unknown[]).length;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'nearestStations',
          stations: STATIONS,
          query: { radiusMeters: 1000, first: 10, samplePointResults: found },
          database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
          connections: CONNECTIONS,
          poolSize: POOL_SIZE,
          durationSeconds: DURATION,
          rounds: ROUNDS,
          seedMs,
          newforce,
          bare: bareResult,
          ratio: Math.round((newforce.requestsPerSecond / bareResult.requestsPerSecond) * 100) / 100,
          target: 0.5,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await database.close();
  }
}

benchEntry(main, runLoad);
