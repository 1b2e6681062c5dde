/**
 * `node dist/bench/profile-floor.js` — a CPU profile of newforce serving one GraphQL query again and
 * again (default: the public category list, the floor of bench:peer), one request at a time from a
 * child-free loop, for reading in Chrome DevTools: writes bench-artifacts/floor.cpuprofile and prints
 * JSON with the CPU time per request. PROFILE_QUERY=issues (ledger, stations) profiles the 50-item page
 * of bench:peer instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.factory.js';
import { runMigrations } from '../src/database/migrate.js';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import { benchConfig, openDatabase } from './bench-support.js';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 2000);
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
  const once = async () => {
    const response = await fetch(url, { method: 'POST', headers, body });
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    await response.text();
  };
  for (let i = 0; i < 200; i++) await once(); // warm up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await once();
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  mkdirSync('bench-artifacts', { recursive: true });
  writeFileSync(`bench-artifacts/${which}.cpuprofile`, JSON.stringify(profile));
  console.log(
    JSON.stringify({ query: which, requests: REQUESTS, msPerRequest: elapsed / REQUESTS, cpuMsPerRequest: (used.user + used.system) / 1000 / REQUESTS }),
  );
  await app.close();
  await database.close();
}

void main();
