// `npm run bench:roster` (N=200000 npm run bench:roster for a smaller run): measures roster sync
// against the floor for storing the same rows, on one PostgreSQL, and prints JSON.
//   (a)  COPY of N rider rows into an unlogged, unindexed table
//   (a') INSERT … SELECT of them into a table with roster_rider's indexes      floor = a + a'
//   (b)  a first snapshot of N riders through HTTP, until COMMITTED            target ≤ 2.5 × floor
//   (d)  the dry run of the second snapshot                                    (reported)
//   (c)  the second snapshot: 1% changed, 0.5% gone, 0.5% new                  target ≤ 0.5 × (b)
//   the server's peak RSS (VmHWM of the server process)                        target ≤ 400 MB
//   the server's CPU seconds for each sync (all threads; steadier than wall time on a busy box)
// The server runs as its own process (dist/src/main.js) on a fresh database of the server in
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runMigrations } from '../src/database/migrate.js';
import { PROJECT_ROOT } from '../src/config/version.js';
import { BENCH_TOWNSHIPS, riderRecord, type RosterRecord } from './roster-data.js';

const N = Number(process.env.N ?? 1_000_000);
const SERVER_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = 'Bench-Pass-2024-roster';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The riders of the second snapshot: 1% changed, 0.5% gone, 0.5% new. */
function* secondSnapshot(n: number): Generator<RosterRecord> {
  for (let i = 0; i < n; i++) {
    if (i % 200 === 1) continue; // 0.5% gone
    const record = riderRecord(i);
    yield i % 100 === 3 ? { ...record, siteName: `${record.siteName}（迁）` } : record; // 1% changed
  }
  for (let i = 0; i < n / 200; i++) yield riderRecord(n + i); // 0.5% new
}

function* firstSnapshot(n: number): Generator<RosterRecord> {
  for (let i = 0; i < n; i++) yield riderRecord(i);
}

/** NDJSON of records as a stream, generated as it is read. */
function ndjson(records: Iterable<RosterRecord>): Readable {
  const iterator = records[Symbol.iterator]();
  return new Readable({
    read() {
      let chunk = '';
      for (let i = 0; i < 2000; i++) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          this.push(null);
          return;
        }
        chunk += `${JSON.stringify(next.value)}\n`;
      }
      this.push(chunk);
    },
  });
}

async function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Readable | string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

/** Posts a snapshot and waits until it is COMMITTED, DRY_RUN_COMPLETE or FAILED; returns seconds and the sync. */
async function timedSync(
  port: number,
  key: string,
  query: string,
  records: Iterable<RosterRecord>,
): Promise<{ seconds: number; sync: Record<string, unknown> }> {
  const start = process.hrtime.bigint();
  const posted = await http(
    port,
    'POST',
    `/api/v1/roster/syncs?${query}`,
    {
      'content-type': 'application/x-ndjson',
      'x-api-key': key,
      'x-consent-ref': 'bench-consent',
      'transfer-encoding': 'chunked',
    },
    ndjson(records),
  );
  if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${JSON.stringify(posted.json)}`);
  for (;;) {
    const got = await http(port, 'GET', `/api/v1/roster/syncs/${posted.json.id as string}`, { 'x-api-key': key });
    const status = got.json.status;
    if (status === 'COMMITTED' || status === 'DRY_RUN_COMPLETE' || status === 'FAILED') {
      const { rejectedRows: _rows, ...sync } = got.json;
      return { seconds: seconds(start), sync };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** (a) and (a'): the floor for storing N rider rows as roster_rider holds them. */
async function floor(client: pg.Client, enterpriseId: string, regionIds: Map<string, string>): Promise<{ copy: number; insert: number }> {
  await client.query('CREATE UNLOGGED TABLE bench_copy (LIKE roster_rider INCLUDING DEFAULTS)');
  await client.query('CREATE TABLE bench_indexed (LIKE roster_rider INCLUDING ALL)');
  const columns =
    'enterprise_id, external_id, county_code, region_id, township_id, worker_id, name_masked, phone_index, phone_masked, id_number_index, id_number_masked, gender, site_name, site_lat, site_lng, row_hash';
  const hex = (s: string) => createHash('sha256').update(s).digest('hex');
  const rows = (function* () {
    for (let i = 0; i < N; i += 1000) {
      let chunk = '';
      for (let j = i; j < Math.min(N, i + 1000); j++) {
        const r = riderRecord(j);
        const region = regionIds.get(r.regionCode)!;
        chunk +=
          [
            enterpriseId,
            r.externalId,
            '431126',
            region,
            region,
            randomUUID(),
            `${r.name[0]}*`,
            hex(`p${j}`),
            `${r.phone.slice(0, 3)}****${r.phone.slice(-4)}`,
            hex(`i${j}`),
            `${r.idNumber!.slice(0, 3)}***********${r.idNumber!.slice(-4)}`,
            r.gender,
            r.siteName,
            r.siteLat,
            r.siteLng,
            hex(`h${j}`),
          ].join('\t') + '\n';
      }
      yield chunk;
    }
  })();
  let start = process.hrtime.bigint();
  await pipeline(Readable.from(rows), client.query(copyFrom(`COPY bench_copy (${columns}) FROM STDIN`)));
  const copy = seconds(start);
  start = process.hrtime.bigint();
  await client.query('INSERT INTO bench_indexed SELECT * FROM bench_copy');
  const insert = seconds(start);
  await client.query('DROP TABLE bench_copy, bench_indexed');
  return { copy, insert };
}

// CPU seconds (user + system, every thread) the server process has used so far: the work a sync
// costs the server, which a box busy with other work inflates far less than the wall-clock times.
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function serverCpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const database = `nf_bench_roster_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = withDatabase(SERVER_URL, database);
  const secretsDir = mkdtempSync(join(tmpdir(), 'nf-bench-'));
  let server: ChildProcess | undefined;
  const client = new pg.Client({ connectionString: url });
  try {
    await runMigrations(url);
    await client.connect();
    // Ningyuan and the townships the generated sites lie in.
    await client.query(`INSERT INTO region (code, name, level, parent_id, path, county_code) VALUES
      ('430000', '湖南省', 'PROVINCE', NULL, '430000', NULL)`);
    await client.query(`INSERT INTO region (code, name, level, parent_id, path, county_code)
      SELECT '431100', '永州市', 'CITY', id, '430000.431100', NULL FROM region WHERE code = '430000'`);
    await client.query(`INSERT INTO region (code, name, level, parent_id, path, county_code)
      SELECT '431126', '宁远县', 'COUNTY', id, '430000.431100.431126', '431126' FROM region WHERE code = '431100'`);
    for (const code of BENCH_TOWNSHIPS) {
      await client.query(
        `INSERT INTO region (code, name, level, parent_id, path, county_code)
         SELECT $1::varchar, '乡镇' || $1::varchar, 'TOWNSHIP', id, ('430000.431100.431126.' || $1::varchar)::ltree, '431126' FROM region WHERE code = '431126'`,
        [code],
      );
    }
    const regionIds = new Map((await client.query<{ code: string; id: string }>('SELECT code, id FROM region')).rows.map((r) => [r.code, r.id]));
    const [{ id: enterpriseId }] = (
      await client.query<{ id: string }>(
        `INSERT INTO enterprise (name, social_credit_code, industry, township_id, county_code, is_platform)
         VALUES ('基准测试平台', '91431126MA4BENCH01', 'FOOD_DELIVERY', $1, '431126', true) RETURNING id`,
        [regionIds.get(BENCH_TOWNSHIPS[0])],
      )
    ).rows;

    const floorTimes = await floor(client, enterpriseId, regionIds);
    await client.query('CHECKPOINT');

    const port = await freePort();
    // Started as `npm run start:prod` and the Dockerfile start it (same V8 heap flag).
    // BENCH_SERVER_NODE_ARGS adds node flags for the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const extraArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    server = spawn(process.execPath, ['--enable-source-maps', '--heap-growing-percent=50', ...extraArgs, join(PROJECT_ROOT, 'dist/src/main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD,
        SECRETS_FILE: join(secretsDir, 'secrets.json'),
        CODE_SENDER: 'log',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Ready, not only listening: the server answers /health at once and migrates after.
    for (let i = 0; ; i++) {
      try {
        if ((await http(port, 'GET', '/health/ready', {})).status === 200) break;
      } catch {
        // not listening yet
      }
      // Up to two minutes: on a box shared with other work, starting the app alone can take over 30 s.
      if (i > 1200 || server.exitCode !== null) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await http(
      port,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    );
    const created = await http(
      port,
      'POST',
      '/api/v1/api-keys',
      { 'content-type': 'application/json', authorization: `Bearer ${login.json.accessToken as string}` },
      JSON.stringify({ enterpriseId, name: 'bench' }),
    );
    const key = created.json.key as string;
    if (!key) throw new Error(`could not create an API key: ${JSON.stringify(created.json)}`);

    const cpu0 = serverCpuSeconds(server);
    const b = await timedSync(port, key, 'mode=snapshot', firstSnapshot(N));
    const cpuB = serverCpuSeconds(server);
    await client.query('CHECKPOINT');
    const cpuD0 = serverCpuSeconds(server);
    const d = await timedSync(port, key, 'mode=snapshot&dryRun=true', secondSnapshot(N));
    const cpuD = serverCpuSeconds(server);
    const c = await timedSync(port, key, 'mode=snapshot', secondSnapshot(N));
    const cpuC = serverCpuSeconds(server);
    const rss = peakRssMb(server);

    const floorSeconds = floorTimes.copy + floorTimes.insert;
    const counts = (sync: Record<string, unknown>) => {
      const { status, received, created: made, updated, unchanged, deactivated, rejected } = sync;
      return { status, received, created: made, updated, unchanged, deactivated, rejected };
    };
    const result = {
      benchmark: 'roster',
      n: N,
      postgres: (await client.query<{ v: string }>('SHOW server_version')).rows[0].v,
      seconds: {
        a_copy_unlogged_unindexed: round(floorTimes.copy),
        a_prime_insert_select_indexed: round(floorTimes.insert),
        floor_a_plus_a_prime: round(floorSeconds),
        b_first_snapshot: round(b.seconds),
        c_second_snapshot: round(c.seconds),
        d_dry_run_of_c: round(d.seconds),
      },
      server_peak_rss_mb: round(rss, 1),
      server_cpu_seconds: { b: round(cpuB - cpu0), d: round(cpuD - cpuD0), c: round(cpuC - cpuD) },
      ratios: { b_over_floor: round(b.seconds / floorSeconds), c_over_b: round(c.seconds / b.seconds) },
      targets: { b_over_floor: 2.5, c_over_b: 0.5, server_peak_rss_mb: 400 },
      met: {
        b_over_floor: b.seconds <= 2.5 * floorSeconds,
        c_over_b: c.seconds <= 0.5 * b.seconds,
        server_peak_rss_mb: rss <= 400,
      },
      syncs: { b: counts(b.sync), d: counts(d.sync), c: counts(c.sync) },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    }
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    rmSync(secretsDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:roster failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
