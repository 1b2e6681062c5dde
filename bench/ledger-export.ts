/**
 * `npm run bench:ledger-export`: 200,000 five-clear ledger entries (SCALE=0.1 for a tenth) in one
 * county, each with its worker (masked name, phone, ID number), enterprise, attached organisation and
 * five item states; then the app in a child process streams `GET /api/v1/ledger/export?countyCode=431126`
 * to this process, which writes it to a temporary file while sampling the server's resident memory
 * (/proc/<pid>/status) every 50 ms. The file is read back with exceljs's streaming reader to count
 * the rows. The server runs as `npm start` runs it (`--heap-growing-percent=50`). Prints JSON: server
 * RSS before, peak during the export (incl. the kernel's high-water mark) and after (MB), bytes,
 * seconds, rows. Target: peak under 300 MB.
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
import { DEFAULT_LEDGER_ITEMS } from '../src/organizing/ledger/ledger-rules.js';
import { benchConfig, openDatabase, timed } from './bench-support.js';
import { seedRegions } from './province-seed.js';

const SCALE = Number(process.env.SCALE ?? 1);
const ENTRIES = Math.round(200_000 * SCALE);
const COUNTY = '431126';
const LIMIT_MB = 300;
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '--heap-growing-percent=50').split(' ').filter(Boolean);

interface ServerReady {
  url: string;
  token: string;
  pid: number;
}

/** Child process: the app, as `npm start` builds it, and a signed-in token for a county officer. */
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
  await client.query(
    `CREATE TABLE bench_county_township AS SELECT (row_number() OVER (ORDER BY idx) - 1)::int AS k, id FROM bench_township WHERE county_code = '${COUNTY}'`,
  );
  await timed(
    client,
    `${ENTRIES} workers`,
    `
    INSERT INTO worker (name_masked, phone_masked, id_number_masked, gender, county_code, township_id)
    SELECT (ARRAY['张*三', '李*', '欧**明', '王*华'])[1 + g % 4], '139****' || lpad((g % 10000)::text, 4, '0'), '431***********' || lpad((g % 1000)::text, 3, '0') || 'X',
           CASE WHEN g % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END, '${COUNTY}', t.id
    FROM generate_series(1, $1::int) g JOIN bench_county_township t ON t.k = g % 10`,
    [ENTRIES],
  );
  await timed(
    client,
    'enterprises',
    `
    INSERT INTO enterprise (name, social_credit_code, industry, township_id, county_code)
    SELECT '宁远县快递物流有限公司' || g, '91431126' || lpad(g::text, 10, '0'), 'COURIER', t.id, '${COUNTY}'
    FROM generate_series(1, 200) g JOIN bench_county_township t ON t.k = g % 10`,
  );
  await timed(
    client,
    'party organisations',
    `
    INSERT INTO party_organization (name, kind, formation_mode, established_on, region_id, county_code)
    SELECT '快递行业联合党支部' || g, 'BRANCH', 'INDUSTRY_JOINT', current_date - 300, t.id, '${COUNTY}'
    FROM generate_series(1, 20) g JOIN bench_county_township t ON t.k = g % 10`,
  );
  await client.query(
    `INSERT INTO ledger_item (county_code, key, label, position) SELECT '${COUNTY}', key, label, 10 * ord FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(key, label, ord)`,
    [DEFAULT_LEDGER_ITEMS.map((i) => i.key), DEFAULT_LEDGER_ITEMS.map((i) => i.label)],
  );
  await timed(
    client,
    `${ENTRIES} ledger entries`,
    `
    INSERT INTO ledger_entry (county_code, worker_id, enterprise_id, township_id, membership, joined_on, relation_organization_name, relation_region_name,
                              flow_status, attached_organization_id, channel, verification, created_at)
    SELECT '${COUNTY}', w.id, e.id, w.township_id, CASE WHEN w.n % 5 = 0 THEN 'PROBATIONARY' ELSE 'FULL' END, date '2010-07-01' + (w.n % 4000),
           '东莞市某社区党委', '广东省东莞市', (ARRAY['LOCAL', 'INFLOW', 'OUTFLOW'])[1 + w.n % 3], o.id, 'DOOR_VISIT',
           (ARRAY['UNVERIFIED', 'VERIFIED', 'VERIFIED'])[1 + w.n % 3], now() - (w.n % 365) * interval '1 day'
    FROM (SELECT id, township_id, (row_number() OVER (ORDER BY id))::int AS n FROM worker) w
    JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS k FROM enterprise) e ON e.k = w.n % 200
    LEFT JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS k FROM party_organization) o ON o.k = w.n % 40`,
  );
  await timed(
    client,
    'item states',
    `
    INSERT INTO ledger_entry_item (entry_id, item_id, clear, checked_on)
    SELECT e.id, i.id, (hashtext(e.id::text) + i.position) % 3 <> 0, current_date - 10 FROM ledger_entry e CROSS JOIN ledger_item i`,
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

/** One export against a fresh server child; the file is read back to count its rows. */
async function measure(databaseUrl: string, officerId: string) {
  const file = join(tmpdir(), `nf-ledger-export-${process.pid}.xlsx`);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...SERVER_NODE_ARGS],
  });
  try {
    const server = await new Promise<ServerReady>((resolve, reject) => {
      child.once('message', (ready) => resolve(ready as ServerReady));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.send({ databaseUrl, officerId });
    });
    const headers = { authorization: `Bearer ${server.token}` };
    // Warm up (modules, pools, JIT) with a page of the ledger, then measure from a settled baseline.
    await (await fetch(`${server.url}/api/v1/ledger/entries?limit=100`, { headers })).arrayBuffer();
    const before = memory(server.pid);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memory(server.pid).rss)), 50);
    const exportStarted = Date.now();
    const response = await fetch(`${server.url}/api/v1/ledger/export?countyCode=${COUNTY}`, { headers });
    if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
    const seconds = (Date.now() - exportStarted) / 1000;
    clearInterval(sampler);
    const after = memory(server.pid);
    return {
      nodeOptions: SERVER_NODE_ARGS.join(' ') || '(defaults)',
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
  const database = await openDatabase('nf_bench_ledger_export');
  try {
    await runMigrations(database.url);
    process.stderr.write(`seeding (SCALE=${SCALE})\n`);
    const officerId = await seed(database.url);
    const run = await measure(database.url, officerId);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'ledger-export',
          export: `GET /api/v1/ledger/export?countyCode=${COUNTY}`,
          entries: ENTRIES,
          run,
          target: { peakUnderMB: LIMIT_MB, met: run.serverRssMB.peakDuringExport < LIMIT_MB && run.rowsInFile === ENTRIES },
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
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
