/**
 * `npm run bench:export`: 200,000 governance problems (two timeline steps each) in one county
 * (SCALE=0.1 for a tenth), then the app in a child process streams
 * `GET /api/v1/exports/governance-issues?regionCode=431126` to this process, which writes it to a
 * temporary file while sampling the server's resident memory (/proc/<pid>/status) every 50 ms.
 * The file is then read back with exceljs's streaming reader to count the rows. Run three times:
 * as the server starts (`--heap-growing-percent=50`), with Node's default heap, and with
 * `--max-old-space-size=160`. Prints JSON per run: server RSS before,
 * peak during the export (incl. the kernel's high-water mark) and after (MB), bytes, seconds, rows.
 * Target: peak under 300 MB.
 *
 * Database: DATABASE_URL's server (a throwaway database), else an embedded PostgreSQL.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { Role } from '../src/access/role.enum.js';
import { TokenService } from '../src/auth/tokens/token.service.js';
import { runMigrations } from '../src/database/migrate.js';
import { benchConfig, openDatabase, timed } from './bench-support.js';
import { seedRegions } from './province-seed.js';

const SCALE = Number(process.env.SCALE ?? 1);
const PROBLEMS = Math.round(200_000 * SCALE);
const COUNTY = '431126';
const LIMIT_MB = 300;

interface ServerReady {
  url: string;
  token: string;
  pid: number;
}

/** Child process: the app, as `npm start` builds it, signed-in token for a county officer. */
async function serve(databaseUrl: string, officerId: string): Promise<ServerReady> {
  const app = await createApp(benchConfig(10), databaseUrl);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const token = (await app.get(TokenService).issue({ sub: officerId, kind: 'staff', role: Role.ORG_OFFICER })).accessToken;
  return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, token, pid: process.pid };
}

/** Resident memory of a process in MB: current (VmRSS) and its high-water mark (VmHWM). */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

async function seed(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on('error', () => {});
  await seedRegions(client);
  await timed(
    client,
    'workers',
    `
    INSERT INTO worker (phone_masked, county_code, township_id)
    SELECT '139****' || lpad((g % 10000)::text, 4, '0'), t.county_code, t.id FROM generate_series(1, 2000) g
    JOIN bench_township t ON t.county_code = '${COUNTY}' AND t.idx % 10 = g % 10`,
  );
  await timed(
    client,
    'grids',
    `
    INSERT INTO grid (code, name, community_id, county_code, boundary, centroid_lat, centroid_lng)
    SELECT 'G' || t.code, '网格' || t.code, t.community_id, t.county_code, polygon(box(point(t.lng - 0.05, t.lat - 0.05), point(t.lng + 0.05, t.lat + 0.05))), t.lat, t.lng
    FROM bench_township t WHERE t.county_code = '${COUNTY}'`,
  );
  await timed(
    client,
    `${PROBLEMS} governance problems`,
    `
    INSERT INTO governance_issue (reported_at, category_id, description, address, lat, lng, photos, grid_id, township_id, county_code, reporter_worker_id, status,
                                  department_id, deadline_at, resolved_at, resolution_note)
    SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute', c.id, '路面坑洼，电动车易摔倒，请尽快修补 #' || g, '宁远县舜陵街道' || (g % 300) || '号',
           t.lat, t.lng, '{}', gr.id, t.id, t.county_code, w.id, CASE WHEN g % 2 = 0 THEN 'RESOLVED' ELSE 'DISPATCHED' END, d.id,
           now() - (g % 365) * interval '1 day' + interval '3 days', CASE WHEN g % 2 = 0 THEN now() - (g % 365) * interval '1 day' + interval '1 day' END,
           CASE WHEN g % 2 = 0 THEN '已修补完毕' END
    FROM generate_series(1, $1::int) g
    JOIN (SELECT *, (row_number() OVER (ORDER BY idx))::int - 1 AS k FROM bench_township WHERE county_code = '${COUNTY}') t ON t.k = g % 10
    JOIN grid gr ON gr.community_id = t.community_id
    JOIN department d ON d.county_code = t.county_code AND d.kind = 'TRANSPORT'
    JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS k FROM worker) w ON w.k = g % 2000
    JOIN (SELECT id, (row_number() OVER (ORDER BY code))::int - 1 AS k FROM issue_category) c ON c.k = g % 6`,
    [PROBLEMS],
  );
  await timed(
    client,
    'timelines',
    `
    INSERT INTO governance_issue_event (issue_id, at, action, from_status, to_status, actor_kind, actor_id, actor_role, note)
    SELECT id, reported_at, 'REPORT', NULL, 'REPORTED', 'WORKER', reporter_worker_id, NULL, NULL FROM governance_issue
    UNION ALL
    SELECT id, reported_at + interval '2 hours', 'DISPATCH', 'ACCEPTED', 'DISPATCHED', 'STAFF', NULL, 'GRID_WORKER', '派交通运输局处理' FROM governance_issue`,
  );
  await timed(client, 'analyze', 'VACUUM ANALYZE');
  const [{ id: countyId }] = (await client.query(`SELECT id FROM region WHERE code = $1`, [COUNTY])).rows;
  const [{ id }] = (
    await client.query(`INSERT INTO staff_user (username, password_hash, role, region_id) VALUES ('bench_officer', 'x', 'ORG_OFFICER', $1) RETURNING id`, [
      countyId,
    ])
  ).rows;
  await client.end();
  return id as string;
}

/** Counts the data rows of the downloaded workbook with exceljs's streaming reader (rows 1–2 are title and headers). */
async function countRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) if (row.number > 2) rows += 1;
  }
  return rows;
}

/** One export against a fresh server child started with `execArgv`; the file is read back to count its rows. */
async function measure(databaseUrl: string, officerId: string, execArgv: string[]) {
  const file = join(tmpdir(), `nf-export-${process.pid}.xlsx`);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...execArgv],
  });
  try {
    const server = await new Promise<ServerReady>((resolve, reject) => {
      child.once('message', (ready) => resolve(ready as ServerReady));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.send({ databaseUrl, officerId });
    });
    // Warm up (modules, pools, JIT) with a small export, then measure from a settled baseline.
    await (await fetch(`${server.url}/api/v1/exports/stations?regionCode=${COUNTY}`, { headers: { authorization: `Bearer ${server.token}` } })).arrayBuffer();
    const before = memory(server.pid);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memory(server.pid).rss)), 50);
    const exportStarted = Date.now();
    const response = await fetch(`${server.url}/api/v1/exports/governance-issues?regionCode=${COUNTY}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
    const seconds = (Date.now() - exportStarted) / 1000;
    clearInterval(sampler);
    const after = memory(server.pid);
    return {
      nodeOptions: execArgv.join(' ') || '(defaults)',
      rowsInFile: await countRows(file),
      bytes: statSync(file).size,
      seconds,
      serverRssMB: { before: before.rss, peakDuringExport: Math.max(peak, after.hwm), after: after.rss },
    };
  } finally {
    child.kill();
    rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const database = await openDatabase('nf_bench_export');
  try {
    await runMigrations(database.url);
    process.stderr.write(`seeding (SCALE=${SCALE})\n`);
    const officerId = await seed(database.url);
    // V8's default heap lets garbage pile up before a full collection. The server runs with
    // --heap-growing-percent=50 (npm start, Dockerfile), which collects sooner without a ceiling;
    // the default and a capped old space are measured beside it for comparison.
    const runs = [
      await measure(database.url, officerId, ['--heap-growing-percent=50']),
      await measure(database.url, officerId, []),
      await measure(database.url, officerId, ['--max-old-space-size=160']),
    ];
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'export',
          export: `GET /api/v1/exports/governance-issues?regionCode=${COUNTY}`,
          problems: PROBLEMS,
          runs,
          target: { peakUnderMB: LIMIT_MB, met: runs.map((r) => ({ nodeOptions: r.nodeOptions, met: r.serverRssMB.peakDuringExport < LIMIT_MB })) },
          database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
          totalSeconds: Math.round((Date.now() - started) / 1000),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await database.close();
  }
}

if (process.argv.includes('--serve')) {
  process.once(
    'message',
    (job: { databaseUrl: string; officerId: string }) => void serve(job.databaseUrl, job.officerId).then((ready) => process.send!(ready)),
  );
  if (process.env.BENCH_DEBUG) {
    setInterval(() => {
      const m = process.memoryUsage();
      process.stderr.write(
        `rss ${m.rss >> 20} heapUsed ${m.heapUsed >> 20} heapTotal ${m.heapTotal >> 20} external ${m.external >> 20} arrayBuffers ${m.arrayBuffers >> 20}\n`,
      );
    }, 2000).unref();
  }
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
