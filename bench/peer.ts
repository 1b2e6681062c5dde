/**
 * `npm run bench:peer`: newforce against the GraphQL server a front-end team would generate from the same
 * PostgreSQL schema instead — PostGraphile v4 (bench/peer-postgraphile.ts) — on the same database, in the
 * same run, loaded in alternating rounds (autocannon, 20 connections), with queries that return the same
 * rows and fields:
 *   - issues:     a 50-item problem page with category, grid, department and timeline (a county officer),
 *   - stations:   a 50-item page of stations with their amenities,
 *   - ledger:     a 50-item page of five-clear ledger entries with their enterprise,
 *   - categories: the public category list (no sign-in: the floor of each server).
 * Sets (BENCH_SETS, default `demo,province`): the demo county as `npm start` builds it (125 problems, 11
 * stations, 15 ledger entries), and bench:graphql's province (SCALE as there, without the roster riders no
 * query here reads; the pages show Ningyuan's share of it).
 * Per set and query: req/s, p50/p99 under load, the single-request p50 (one connection), the SQL statements
 * one request sends, with their planning and execution time from EXPLAIN (ANALYZE, SUMMARY) of the same
 * statements with the same values (a named statement replays as a prepared one, after its plan settled),
 * and the ratio newforce / PostGraphile of req/s. The load average is printed with the figures.
 *
 * Database: DATABASE_URL's server (throwaway databases), else an embedded PostgreSQL.
 * BENCH_DURATION (s per run, default 5), BENCH_ROUNDS (default 2), BENCH_SINGLE_DURATION (default 3),
 * BENCH_ONLY=issues,… to measure some queries only.
 */
import './production-env.js';
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { Role } from '../src/access/role.enum.js';
import { TokenService } from '../src/auth/tokens/token.service.js';
import { runMigrations } from '../src/database/migrate.js';
import { QueryCounter } from '../src/database/query-counter.js';
import { statementName } from '../src/database/named-statements.js';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import { benchConfig, benchEntry, loadInChild, openDatabase, summarise, type LoadResult } from './bench-support.js';
import type { PeerStatement } from './peer-postgraphile.js';
import { seedProvince } from './province-seed.js';

const CONNECTIONS = 20;
const POOL_SIZE = 10;
const PAGE = 50;
const COUNTY = '431126';
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SINGLE_DURATION = Number(process.env.BENCH_SINGLE_DURATION ?? 3);
const SCALE = Number(process.env.SCALE ?? 1);
const SETS = (process.env.BENCH_SETS ?? 'demo,province').split(',') as ('demo' | 'province')[];
const ONLY = process.env.BENCH_ONLY?.split(',');
const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string | Buffer | null };

type Kind = 'issues' | 'stations' | 'ledger' | 'categories';
interface Query {
  query: string;
  variables: Record<string, unknown>;
  signedIn: boolean;
}

/** newforce's queries, as a county officer (ORG_OFFICER of Ningyuan) asks them; categories without sign-in. */
const NEWFORCE: Record<Kind, Query> = {
  issues: {
    signedIn: true,
    variables: { first: PAGE },
    query: `query($first: Int) { governanceIssues(first: $first) { totalCount edges { node {
      id status reportedAt description category { code name } grid { code name } department { name } timeline { action at toStatus actorKind } } } } }`,
  },
  stations: {
    signedIn: true,
    variables: { first: PAGE },
    query: `query($first: Int) { stations(first: $first) { totalCount edges { node {
      id code name kind status address lat lng amenities { amenity working note statusChangedAt } } } } }`,
  },
  ledger: {
    signedIn: true,
    variables: { first: PAGE },
    query: `query($first: Int) { ledgerEntries(first: $first) { totalCount edges { node {
      id membership channel verification flowStatus createdAt enterprise { id name socialCreditCode } } } } }`,
  },
  categories: { signedIn: false, variables: {}, query: 'query { issueCategories { id code name deadlineHours } }' },
};

/** The same rows and fields from PostGraphile's generated schema (its names; the county as a condition). */
const POSTGRAPHILE: Record<Kind, Query> = {
  issues: {
    signedIn: false,
    variables: { first: PAGE, county: COUNTY },
    query: `query($first: Int, $county: String) { allGovernanceIssues(first: $first, condition: { countyCode: $county }, orderBy: [REPORTED_AT_DESC, ID_DESC]) {
      totalCount edges { node { id status reportedAt description issueCategoryByCategoryId { code name } gridByGridId { code name }
      departmentByDepartmentId { name } governanceIssueEventsByIssueId(orderBy: [AT_ASC, CREATED_AT_ASC]) { nodes { action at toStatus actorKind } } } } } }`,
  },
  stations: {
    signedIn: false,
    variables: { first: PAGE, county: COUNTY },
    query: `query($first: Int, $county: String) { allStations(first: $first, condition: { countyCode: $county }, orderBy: [CREATED_AT_DESC, ID_DESC]) {
      totalCount edges { node { id code name kind status address lat lng
      stationAmenitiesByStationId(orderBy: AMENITY_ASC) { nodes { amenity working note statusChangedAt } } } } } }`,
  },
  ledger: {
    signedIn: false,
    variables: { first: PAGE, county: COUNTY },
    query: `query($first: Int, $county: String) { allLedgerEntries(first: $first, condition: { countyCode: $county }, orderBy: [CREATED_AT_ASC, ID_ASC]) {
      totalCount edges { node { id membership channel verification flowStatus createdAt enterpriseByEnterpriseId { id name socialCreditCode } } } } }`,
  },
  categories: {
    signedIn: false,
    variables: {},
    query: 'query { allIssueCategories(condition: { active: true }, orderBy: CODE_ASC) { nodes { id code name deadlineHours } } }',
  },
};

interface LoadJob {
  url: string;
  body: string;
  token?: string;
  duration: number;
  connections: number;
}

/** Child process: one autocannon run. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        body: job.body,
        headers: { 'content-type': 'application/json', ...(job.token ? { authorization: `Bearer ${job.token}` } : {}) },
      },
    ],
  });
  return summarise(result);
}

const load = (job: LoadJob): Promise<LoadResult> => loadInChild(fileURLToPath(import.meta.url), job);

async function post(url: string, q: Query, token: string | undefined): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(q.signedIn && token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: q.query, variables: q.variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!body.data) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The ids a page answer lists, in order (and each node's count of nested rows), to check both servers agree. */
function rowsOf(data: Record<string, unknown>): { total: number | null; ids: string[]; nested: number[] } {
  const list = Object.values(data)[0] as
    { totalCount?: number; edges?: { node: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] } | Record<string, unknown>[];
  const nodes = Array.isArray(list) ? list : list.edges ? list.edges.map((e) => e.node) : (list.nodes ?? []);
  const nested = nodes.map((n) => {
    const many = Object.values(n).find((v) => Array.isArray(v) || (v && typeof v === 'object' && Array.isArray((v as { nodes?: unknown }).nodes)));
    return Array.isArray(many) ? many.length : many ? (many as { nodes: unknown[] }).nodes.length : 0;
  });
  return { total: Array.isArray(list) ? null : (list.totalCount ?? null), ids: nodes.map((n) => n.id as string), nested };
}

/** A statement one request sent, and what PostgreSQL spends on it. */
interface StatementTiming {
  sql: string;
  named: boolean;
  planningMs: number;
  executionMs: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function literal(client: pg.Client, value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  return client.escapeLiteral(Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : prepared);
}

/**
 * Planning and execution time of each statement, from EXPLAIN (ANALYZE, SUMMARY) of it as a prepared
 * statement with the same values, run 8 times: an unnamed statement is planned afresh on every request
 * (the first run's planning), a named one is planned as PostgreSQL settles on after five runs (the last
 * run's). Execution: the median of the last five runs. Transaction control statements are listed, not timed.
 */
async function explain(client: pg.Client, statements: { text: string; values: unknown[]; named: boolean }[]): Promise<StatementTiming[]> {
  const timings: StatementTiming[] = [];
  for (const [i, s] of statements.entries()) {
    const sql = s.text.replace(/\s+/g, ' ').trim();
    if (!/^(SELECT|WITH|select|with)\b/.test(sql)) {
      timings.push({ sql: sql.slice(0, 120), named: s.named, planningMs: 0, executionMs: 0 });
      continue;
    }
    const name = `bench_peer_${i}`;
    await client.query(`PREPARE ${name} AS ${s.text}`);
    const args = s.values.length ? `(${s.values.map((v) => literal(client, v)).join(', ')})` : '';
    const runs: { planning: number; execution: number }[] = [];
    for (let r = 0; r < 8; r++) {
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await client.query(`EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) EXECUTE ${name}${args}`)).rows as {
        'QUERY PLAN': { 'Planning Time': number; 'Execution Time': number }[];
      }[];
      runs.push({ planning: plan['Planning Time'], execution: plan['Execution Time'] });
    }
    await client.query(`DEALLOCATE ${name}`);
    const executions = runs
      .slice(3)
      .map((r) => r.execution)
      .sort((a, b) => a - b);
    timings.push({
      sql: sql.slice(0, 120),
      named: s.named,
      planningMs: round2(s.named ? runs.at(-1)!.planning : runs[0].planning),
      executionMs: round2(executions[Math.floor(executions.length / 2)]),
    });
  }
  return timings;
}

/** `explain` twice, keeping the second: the first pass loads the catalog entries of the tables the statements read. */
async function explainWarm(client: pg.Client, statements: { text: string; values: unknown[]; named: boolean }[]): Promise<StatementTiming[]> {
  await explain(client, statements);
  return explain(client, statements);
}

function sqlFigures(timings: StatementTiming[]) {
  return {
    statements: timings.length,
    named: timings.filter((t) => t.named).length,
    planningMs: round2(timings.reduce((sum, t) => sum + t.planningMs, 0)),
    executionMs: round2(timings.reduce((sum, t) => sum + t.executionMs, 0)),
    each: timings,
  };
}

/** The PostGraphile process on `url`, listening; `record` returns the statements `work` made it send. */
async function startPeer(
  url: string,
): Promise<{ url: string; child: ChildProcess; record<T>(work: () => Promise<T>): Promise<{ result: T; statements: PeerStatement[] }> }> {
  const child = fork(fileURLToPath(new URL('./peer-postgraphile.js', import.meta.url)), [], {
    env: { ...process.env, PEER_DATABASE_URL: url, PEER_POOL_SIZE: String(POOL_SIZE) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async record(work) {
      child.send({ record: true });
      const result = await work();
      const statements = new Promise<PeerStatement[]>((resolve) => child.once('message', (m) => resolve((m as { statements: PeerStatement[] }).statements)));
      child.send({ record: false });
      return { result, statements: await statements };
    },
  };
}

const mean = (values: number[]) => round2(values.reduce((a, b) => a + b, 0) / values.length);

/** Several load rounds of one server, summed up: mean req/s, p50 and p99, and each round's req/s. */
function combine(rounds: LoadResult[]) {
  return {
    requestsPerSecond: mean(rounds.map((r) => r.requestsPerSecond)),
    p50: mean(rounds.map((r) => r.p50)),
    p99: mean(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    rounds: rounds.map((r) => r.requestsPerSecond),
  };
}

async function seed(set: 'demo' | 'province', url: string): Promise<{ officerId: string; rows: unknown }> {
  if (set === 'demo') {
    // The seed signs its accounts in once; on a box this busy it can take longer than the default 15-minute token.
    const config = benchConfig(POOL_SIZE);
    config.ACCESS_TOKEN_TTL_SECONDS = 3 * 3600;
    const app = await createApp(config, url);
    try {
      const result = await seedDemoCounty(app);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('VACUUM ANALYZE');
      const [{ id }] = (await client.query(`SELECT id FROM staff_user WHERE username = 'org'`)).rows;
      await client.end();
      return { officerId: id, rows: result.counts };
    } finally {
      await app.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on('error', () => {});
  try {
    const rows = await seedProvince(client, SCALE, { riders: false });
    const [{ id: countyId }] = (await client.query(`SELECT id FROM region WHERE code = $1`, [COUNTY])).rows;
    const [{ id }] = (
      await client.query(`INSERT INTO staff_user (username, password_hash, role, region_id) VALUES ('bench_officer', 'x', 'ORG_OFFICER', $1) RETURNING id`, [
        countyId,
      ])
    ).rows;
    return { officerId: id, rows };
  } finally {
    await client.end();
  }
}

async function measureSet(set: 'demo' | 'province') {
  const database = await openDatabase(`nf_bench_peer_${set}`);
  let app: NestFastifyApplication | undefined;
  let peer: Awaited<ReturnType<typeof startPeer>> | undefined;
  try {
    await runMigrations(database.url);
    process.stderr.write(`${set}: seeding${set === 'province' ? ` (SCALE=${SCALE})` : ''}\n`);
    const seedStarted = Date.now();
    const { officerId, rows } = await seed(set, database.url);
    const seedMs = Date.now() - seedStarted;

    const counter = new QueryCounter();
    app = await createApp(benchConfig(POOL_SIZE), database.url, { queryLogger: counter });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const token = (await app.get(TokenService).issue({ sub: officerId, kind: 'staff', role: Role.ORG_OFFICER })).accessToken;
    peer = await startPeer(database.url);

    const explainer = new pg.Client({ connectionString: database.url });
    await explainer.connect();
    const kinds = (Object.keys(NEWFORCE) as Kind[]).filter((k) => !ONLY || ONLY.includes(k));
    const sql: Record<string, { newforce: ReturnType<typeof sqlFigures>; postgraphile: ReturnType<typeof sqlFigures> }> = {};
    const rowsChecked: Record<string, { rows: number; total: number | null }> = {};
    for (const kind of kinds) {
      // Warm both (PostGraphile builds its schema on the first request), then check they answer alike.
      await post(appUrl, NEWFORCE[kind], token);
      await post(peer.url, POSTGRAPHILE[kind], undefined);
      const ours = await counter.measure(() => post(appUrl, NEWFORCE[kind], token));
      const theirs = await peer.record(() => post(peer!.url, POSTGRAPHILE[kind], undefined));
      const a = rowsOf(ours.result);
      const b = rowsOf(theirs.result);
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${set} ${kind}: the two answers differ: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      rowsChecked[kind] = { rows: a.ids.length, total: a.total };
      sql[kind] = {
        newforce: sqlFigures(
          await explainWarm(
            explainer,
            ours.statements.map((text, i) => {
              const values = ours.parameters[i] ?? [];
              return { text, values, named: statementName(text, values) !== undefined };
            }),
          ),
        ),
        postgraphile: sqlFigures(await explainWarm(explainer, theirs.statements)),
      };
    }
    await explainer.end();

    const load1 = loadavg()[0];
    const results: Record<string, unknown> = {};
    for (const kind of kinds) {
      const jobs = {
        newforce: {
          url: appUrl,
          body: JSON.stringify({ query: NEWFORCE[kind].query, variables: NEWFORCE[kind].variables }),
          token: NEWFORCE[kind].signedIn ? token : undefined,
        },
        postgraphile: { url: peer.url, body: JSON.stringify({ query: POSTGRAPHILE[kind].query, variables: POSTGRAPHILE[kind].variables }) },
      };
      const loaded: Record<'newforce' | 'postgraphile', LoadResult[]> = { newforce: [], postgraphile: [] };
      const single: Record<'newforce' | 'postgraphile', LoadResult[]> = { newforce: [], postgraphile: [] };
      for (const side of ['newforce', 'postgraphile'] as const) await load({ ...jobs[side], duration: 1, connections: CONNECTIONS }); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so a change in the box's load falls on both alike.
        const order = round % 2 === 0 ? (['newforce', 'postgraphile'] as const) : (['postgraphile', 'newforce'] as const);
        for (const side of order) loaded[side].push(await load({ ...jobs[side], duration: DURATION, connections: CONNECTIONS }));
        for (const side of order) single[side].push(await load({ ...jobs[side], duration: SINGLE_DURATION, connections: 1 }));
      }
      const ours = combine(loaded.newforce);
      const theirs = combine(loaded.postgraphile);
      results[kind] = {
        rows: rowsChecked[kind],
        newforce: { ...ours, singleP50: mean(single.newforce.map((r) => r.p50)), sql: sql[kind].newforce },
        postgraphile: { ...theirs, singleP50: mean(single.postgraphile.map((r) => r.p50)), sql: sql[kind].postgraphile },
        ratio: round2(ours.requestsPerSecond / theirs.requestsPerSecond),
      };
    }
    return { seedMs, rows, loadAverage: { before: round2(load1), after: round2(loadavg()[0]) }, results };
  } finally {
    peer?.child.kill();
    await app?.close();
    await database.close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const sets: Record<string, unknown> = {};
  for (const set of SETS) sets[set] = await measureSet(set);
  const ratios = Object.values(sets).flatMap((s) => Object.values((s as { results: Record<string, { ratio: number }> }).results).map((r) => r.ratio));
  const demoIssues = (sets.demo as { results: Record<string, { newforce: { singleP50: number } }> } | undefined)?.results.issues;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'peer',
        peer: `postgraphile ${(require('postgraphile/package.json') as { version: string }).version}`,
        database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
        connections: CONNECTIONS,
        poolSize: POOL_SIZE,
        durationSeconds: DURATION,
        rounds: ROUNDS,
        singleDurationSeconds: SINGLE_DURATION,
        scale: SCALE,
        sets,
        targets: {
          everyRatioAtLeastHalf: ratios.every((r) => r >= 0.5),
          demoIssuesSingleP50Under15ms: demoIssues ? demoIssues.newforce.singleP50 < 15 : null,
        },
        totalSeconds: Math.round((Date.now() - started) / 1000),
      },
      null,
      2,
    )}\n`,
  );
}

benchEntry(main, runLoad);
