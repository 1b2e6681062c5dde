/**
 * `npm run bench:graphql`: a province-sized data set (1,000,000 roster riders, 20,000 enterprises,
 * 50,000 ledger entries, 5,000 stations, 200,000 governance problems; SCALE=0.1 for a tenth), then
 * under autocannon (50 connections), one after another in one run:
 *   - `overview` of a county (Ningyuan 431126, no period: since records began); every client asks
 *     for the same figures, so the app's callers share computations (FreshCoalescer),
 *   - the same with each request asking for another period (`from` one second apart), so nothing is
 *     shared: the framework's cost against the bare handler,
 *   - a 50-item `governanceIssues` page with each problem's grid, department, category and timeline
 *     (reporter-free), as a county officer,
 *   - `stationCoverage` of the county (1 km),
 *   - `me`, the cheapest signed-in request (no bare counterpart): what any request costs here,
 * each against the real app (createApp, JWT sign-in, validation, DataLoaders) and against the same
 * result from hand-written SQL behind a bare node:http handler with its own pool of the same size.
 * Prints one JSON object: req/s, p50/p99 (ms), the ratio app/bare, and the SQL statements one
 * GraphQL request sends (QueryCounter through createApp's queryLogger), for page sizes 5 and 50.
 *
 * Database: DATABASE_URL's server (a throwaway database), else an embedded PostgreSQL.
 * BENCH_DURATION (seconds per run, default 10). autocannon runs in a child process.
 */
import './production-env.js';
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { shanghaiDate } from '../src/common/clock/shanghai.js';
import { Role } from '../src/access/role.enum.js';
import { TokenService } from '../src/auth/tokens/token.service.js';
import { STATION_COVERAGE_SQL, type StationCoverageRow } from '../src/dashboard/coverage/station-coverage.sql.js';
import { resolvePeriod, type OverviewPeriod } from '../src/dashboard/overview/overview-period.js';
import { OVERVIEW_SQL, type OverviewRow } from '../src/dashboard/overview/overview.sql.js';
import { runMigrations } from '../src/database/migrate.js';
import { QueryCounter } from '../src/database/query-counter.js';
import { GovernanceFiguresService } from '../src/governance/figures/governance-figures.service.js';
import { benchConfig, benchEntry, loadInChild, openDatabase, summarise, type LoadResult } from './bench-support.js';
import { seedProvince } from './province-seed.js';

const CONNECTIONS = 50;
const POOL_SIZE = 10;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const SCALE = Number(process.env.SCALE ?? 1);
const COUNTY = '431126';
const PAGE = 50;
/** BENCH_ONLY=issues (comma-separated kinds) measures only those; BENCH_ONLY_APP=1 skips the bare handler (for profiling). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const APP_ONLY = process.env.BENCH_ONLY_APP === '1';

const OVERVIEW_QUERY = `query($r: String!, $from: DateTime) { overview(regionCode: $r, from: $from) {
  regionCode partyMembersIdentified partyOrganizations { total byFormationMode { mode count } } instructors stations certifiedStations
  eventsHeld workersServed workersMobilized volunteerTeams gridEnrollees issuesResolved issuesOnTimeRate
  enterprises { total covered withOrganization withInstructorOnly uncovered } eventsByKind { kind held workersServed } } }`;
const FROM_PLACEHOLDER = '2000-01-01T00:00:00.000Z';
const FROM_BASE = Date.UTC(2020, 0, 1);
const ME_QUERY = 'query { me { role } }';
const ISSUES_QUERY = `query($first: Int) { governanceIssues(first: $first) { totalCount edges { node {
  id status reportedAt description category { code name } grid { code name } department { name } timeline { action at toStatus actorKind } } } } }`;
const COVERAGE_QUERY = `query($r: String!) { stationCoverage(regionCode: $r, radiusMeters: 1000) {
  riders coveredRiders share sites coveredSites uncoveredSites { siteName riders nearestStation { code distanceMeters } }
  byTownship { townshipCode riders coveredRiders share } } }`;

/** The 50-item page by hand: the same rows, relations and timeline (never the reporter) in one statement. */
const BARE_ISSUES_SQL = `
  SELECT (SELECT count(*)::int FROM governance_issue i JOIN region t ON t.id = i.township_id WHERE t.path <@ $1::ltree AND i.county_code = $3) AS total,
         COALESCE((SELECT json_agg(x ORDER BY x."reportedAt" DESC, x.id DESC) FROM (
           SELECT i.id, i.status, i.reported_at AS "reportedAt", i.description,
                  json_build_object('code', c.code, 'name', c.name) AS category,
                  CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('code', g.code, 'name', g.name) END AS grid,
                  CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('name', d.name) END AS department,
                  COALESCE((SELECT json_agg(json_build_object('action', e.action, 'at', e.at, 'toStatus', e.to_status, 'actorKind', e.actor_kind) ORDER BY e.at, e.created_at)
                            FROM governance_issue_event e WHERE e.issue_id = i.id), '[]'::json) AS timeline
           FROM governance_issue i JOIN region t ON t.id = i.township_id JOIN issue_category c ON c.id = i.category_id
           LEFT JOIN grid g ON g.id = i.grid_id LEFT JOIN department d ON d.id = i.department_id
           WHERE t.path <@ $1::ltree AND i.county_code = $3 ORDER BY i.reported_at DESC, i.id DESC LIMIT $2) x), '[]'::json) AS edges`;

type Kind = 'overview' | 'overviewEachPeriod' | 'issues' | 'coverage' | 'me';
/** `varyFrom`: each request asks for another period (`from` one second later), so no two share a computation. */
interface LoadJob {
  url: string;
  path: string;
  body: string;
  token?: string;
  duration: number;
  varyFrom?: boolean;
}

/** Child process: one autocannon run of one request. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: job.url,
    connections: CONNECTIONS,
    duration: job.duration,
    requests: [
      {
        method: 'POST',
        path: job.path,
        body: job.body,
        headers: { 'content-type': 'application/json', ...(job.token ? { authorization: `Bearer ${job.token}` } : {}) },
        ...(job.varyFrom
          ? { setupRequest: (request) => ({ ...request, body: job.body.replace(FROM_PLACEHOLDER, new Date(FROM_BASE + 1000 * i++).toISOString()) }) }
          : {}),
      },
    ],
  });
  return summarise(result);
}

const load = (job: LoadJob): Promise<LoadResult> => loadInChild(fileURLToPath(import.meta.url), job);

/** The bare handler: region lookup, then the same SQL (OVERVIEW_SQL and the governance figures' SQL, STATION_COVERAGE_SQL, the page). */
function bareServer(url: string): { server: Server; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const query = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
  // GovernanceFiguresService only calls dataSource.query: give it the bare pool.
  const governance = new GovernanceFiguresService({ query } as unknown as DataSource);
  const region = async (code: string) =>
    (await query('SELECT path::text AS path, level, county_code FROM region WHERE code = $1', [code]))[0] as {
      path: string;
      level: string;
      county_code: string | null;
    };
  const handlers: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async '/overview'(body) {
      const r = await region(body.r as string);
      const period = resolvePeriod(body.from ? new Date(body.from as string) : undefined, undefined, new Date()) as OverviewPeriod;
      const county = r.level === 'PROVINCE' || r.level === 'CITY' ? null : r.county_code;
      const [[row], figures] = await Promise.all([
        query(OVERVIEW_SQL, [r.path, period.asOfDay, period.from, period.to, county]) as Promise<OverviewRow[]>,
        governance.figures(r.path, period.from, period.to, { breakdowns: false }),
      ]);
      return { overview: { ...row, ...figures } };
    },
    async '/issues'(body) {
      const r = await region(COUNTY);
      const [row] = await query(BARE_ISSUES_SQL, [r.path, body.first, r.county_code]);
      return { governanceIssues: row };
    },
    async '/coverage'(body) {
      const r = await region(body.r as string);
      const [row] = (await query(STATION_COVERAGE_SQL, ['', shanghaiDate(new Date()), 1000, r.path, r.county_code, 20])) as StationCoverageRow[];
      return { stationCoverage: row };
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const handler = handlers[request.url ?? ''];
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      handler(body).then(
        (data) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ data }));
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

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<T>;
}

async function main(): Promise<void> {
  const started = Date.now();
  const database = await openDatabase('nf_bench_graphql');
  try {
    await runMigrations(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('error', () => {}); // a failure is reported by the rejected query, not as an unhandled event
    process.stderr.write(`seeding (SCALE=${SCALE})\n`);
    const seedStarted = Date.now();
    const rows = await seedProvince(client, SCALE);
    const seedMs = Date.now() - seedStarted;
    const [{ id: countyId }] = (await client.query(`SELECT id FROM region WHERE code = $1`, [COUNTY])).rows;
    const [{ id: officerId }] = (
      await client.query(`INSERT INTO staff_user (username, password_hash, role, region_id) VALUES ('bench_officer', 'x', 'ORG_OFFICER', $1) RETURNING id`, [
        countyId,
      ])
    ).rows;
    await client.end();

    const counter = new QueryCounter();
    const app = await createApp(benchConfig(POOL_SIZE), database.url, { queryLogger: counter });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const token = (await app.get(TokenService).issue({ sub: officerId, kind: 'staff', role: Role.ORG_OFFICER })).accessToken;

    const requests: Record<Kind, { query: string; variables: Record<string, unknown>; path: string; varyFrom?: boolean }> = {
      overview: { query: OVERVIEW_QUERY, variables: { r: COUNTY, from: null }, path: '/overview' },
      overviewEachPeriod: { query: OVERVIEW_QUERY, variables: { r: COUNTY, from: FROM_PLACEHOLDER }, path: '/overview', varyFrom: true },
      issues: { query: ISSUES_QUERY, variables: { first: PAGE }, path: '/issues' },
      coverage: { query: COVERAGE_QUERY, variables: { r: COUNTY }, path: '/coverage' },
      // The cheapest signed-in request (the caller, no resolver work): the app's own floor on this machine.
      me: { query: ME_QUERY, variables: {}, path: '' },
    };
    const statements: Record<string, number> = {};
    const samples: Record<string, unknown> = {};
    for (const [kind, r] of Object.entries(requests)) {
      const { result, count } = await counter.measure(() =>
        post<{ data?: Record<string, unknown>; errors?: unknown }>(`${appUrl}/graphql`, { query: r.query, variables: r.variables }, token),
      );
      if (!result.data) throw new Error(`${kind} failed: ${JSON.stringify(result.errors)}`);
      statements[kind] = count;
      samples[kind] = result.data;
    }
    statements.issuesPageOf5 = (await counter.measure(() => post(`${appUrl}/graphql`, { query: ISSUES_QUERY, variables: { first: 5 } }, token))).count;

    const measured = Object.entries(requests).filter(([kind]) => !ONLY || ONLY.includes(kind));
    const results: Record<string, { newforce: LoadResult; bare?: LoadResult; ratio?: number }> = {};
    for (const [kind, r] of measured) {
      const job = { url: appUrl, path: '/graphql', body: JSON.stringify({ query: r.query, variables: r.variables }), token, varyFrom: r.varyFrom };
      await load({ ...job, duration: 2 }); // warm-up
      results[kind] = { newforce: await load({ ...job, duration: DURATION }) };
    }
    await app.close();

    const bare = bareServer(database.url);
    await new Promise<void>((resolve) => bare.server.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
    for (const [kind, r] of APP_ONLY ? [] : measured.filter(([, r]) => r.path)) {
      const job = { url: bareUrl, path: r.path, body: JSON.stringify(r.variables), varyFrom: r.varyFrom };
      await load({ ...job, duration: 2 });
      const result = await load({ ...job, duration: DURATION });
      results[kind].bare = result;
      results[kind].ratio = Math.round((results[kind].newforce.requestsPerSecond / result.requestsPerSecond) * 100) / 100;
    }
    await new Promise((resolve) => bare.server.close(resolve));
    await bare.pool.end();

    const overview = samples.overview as { overview: Record<string, unknown> };
    const coverage = samples.coverage as { stationCoverage: { riders: number; coveredRiders: number; sites: number } };
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'graphql',
          scale: SCALE,
          rows,
          database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
          connections: CONNECTIONS,
          poolSize: POOL_SIZE,
          durationSeconds: DURATION,
          seedMs,
          sample: {
            overview: {
              partyMembersIdentified: overview.overview.partyMembersIdentified,
              stations: overview.overview.stations,
              issuesResolved: overview.overview.issuesResolved,
            },
            coverage: { riders: coverage.stationCoverage.riders, coveredRiders: coverage.stationCoverage.coveredRiders, sites: coverage.stationCoverage.sites },
          },
          statementsPerRequest: statements,
          results,
          targets: {
            ratioAtLeast: 0.5,
            everyRatioMet: Object.values(results).every((r) => r.ratio === undefined || r.ratio >= 0.5),
            statementsConstantInPageSize: statements.issues === statements.issuesPageOf5,
            overviewP99Under100ms: results.overview ? results.overview.newforce.p99 < 100 : null,
          },
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

benchEntry(main, runLoad);
