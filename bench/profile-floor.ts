/**
 * `npm run bench:profile` — a CPU profile of newforce serving one GraphQL query again and again
 * (default: the public category list, the floor of bench:peer), for reading in Chrome DevTools: writes
 * bench-artifacts/<query>.cpuprofile and prints JSON with the server's CPU time per request. The
 * requests come from autocannon in a child process (PROFILE_CONNECTIONS at a time, default 1), so the
 * profile and the CPU figure are the server's alone. PROFILE_QUERY=issues (ledger, stations) profiles
 * the 50-item page of bench:peer instead; PROFILE=off measures without the profiler (for comparing
 * two builds: its sampling costs CPU too).
 */
import './production-env.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.factory.js';
import { runMigrations } from '../src/database/migrate.js';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import autocannon from 'autocannon';
import { benchConfig, benchEntry, loadInChild, openDatabase, summarise, type LoadResult } from './bench-support.js';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 1);
const AB_BATCHES = Number(process.env.AB_BATCHES ?? 0);
const PROFILING = process.env.PROFILE !== 'off' && !AB_BATCHES;
const QUERIES: Record<string, string> = {
  categories: '{ issueCategories { code name deadlineHours } }',
  issues: `query { governanceIssues(first: 50) { totalCount edges { node {
      id status reportedAt description category { code name } grid { code name } department { name } timeline { action at toStatus actorKind } } } } }`,
  ledger: `query { ledgerEntries(first: 50) { totalCount edges { node {
      id membership channel verification flowStatus createdAt enterprise { id name socialCreditCode } } } } }`,
  stations: `query { stations(first: 50) { totalCount edges { node {
      id code name kind status address lat lng amenities { amenity working note statusChangedAt } } } } }`,
};

async function main(): Promise<void> {
  const which = process.env.PROFILE_QUERY ?? 'categories';
  const database = await openDatabase('nf_profile');
  await runMigrations(database.url);
  const app = await createApp(benchConfig(10), database.url);
  await app.listen({ port: 0, host: '127.0.0.1' });
  await seedDemoCounty(app);
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (which !== 'categories') {
    const login = await fetch(url.replace('/graphql', '/api/v1/auth/login'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'org', password: 'newforce-demo' }),
    });
    headers.authorization = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  }
  const body = JSON.stringify({ query: QUERIES[which] });
  const check = await fetch(url, { method: 'POST', headers, body });
  if (check.status !== 200) throw new Error(`status ${check.status}: ${await check.text()}`);
  const job: LoadJob = { url, body, headers, amount: 200, connections: CONNECTIONS };
  await loadInChild(fileURLToPath(import.meta.url), job); // warm up
  if (AB_BATCHES) {
    console.log(JSON.stringify({ query: which, ...(await alternate(job)) }));
    await app.close();
    await database.close();
    return;
  }
  const session = new Session();
  if (PROFILING) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const load = await loadInChild(fileURLToPath(import.meta.url), { ...job, amount: REQUESTS });
  const used = process.cpuUsage(cpu);
  if (PROFILING) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync('bench-artifacts', { recursive: true });
    writeFileSync(`bench-artifacts/${which}.cpuprofile`, JSON.stringify(profile));
  }
  if (load.errors || load.non2xx) throw new Error(`${load.errors} errors, ${load.non2xx} non-2xx answers`);
  console.log(
    JSON.stringify({
      query: which,
      requests: load.requests,
      connections: CONNECTIONS,
      profiled: PROFILING,
      requestsPerSecond: load.requestsPerSecond,
      p50: load.p50,
      serverCpuMsPerRequest: Number(((used.user + used.system) / 1000 / load.requests).toFixed(3)),
    }),
  );
  await app.close();
  await database.close();
}

/** Server CPU per request of variants A and B (`globalThis.__nfB`) in alternating batches, ABBA. */
async function alternate(job: LoadJob): Promise<Record<string, number | number[]>> {
  const batches: Record<'A' | 'B', number[]> = { A: [], B: [] };
  const flag = globalThis as { __nfB?: boolean };
  for (let i = 0; i < AB_BATCHES * 2; i++) {
    const variant = i % 4 === 0 || i % 4 === 3 ? 'A' : 'B';
    flag.__nfB = variant === 'B';
    const cpu = process.cpuUsage();
    const load = await loadInChild(fileURLToPath(import.meta.url), { ...job, amount: REQUESTS });
    const used = process.cpuUsage(cpu);
    if (load.errors || load.non2xx) throw new Error(`${load.errors} errors, ${load.non2xx} non-2xx answers`);
    batches[variant].push(Number(((used.user + used.system) / 1000 / load.requests).toFixed(3)));
  }
  delete flag.__nfB;
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1];
  const mean = (values: number[]) => Number((values.reduce((x, y) => x + y, 0) / values.length).toFixed(3));
  return { a: batches.A, b: batches.B, medianA: median(batches.A), medianB: median(batches.B), meanA: mean(batches.A), meanB: mean(batches.B) };
}

interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  amount: number;
  connections: number;
}

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    amount: job.amount,
    requests: [{ method: 'POST', body: job.body, headers: job.headers }],
  });
  return summarise(result);
}

benchEntry(main, runLoad);
