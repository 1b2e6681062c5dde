import { randomBytes } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { QueryCounter } from '../../src/database/query-counter.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { platformClient, staffClient, workerClient, type ActorClient } from './actors.js';
import type { Role } from '../../src/access/role.enum.js';
import { CODE_SENDER, type MemoryCodeSender } from '../../src/auth/worker-login/code-sender.js';

/** What production insists on: real secrets and a real SMS gateway (never called by these tests). */
export const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  JWT_SECRET: 'production-test-secret-0123456789abcdef',
  PII_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 1).toString('base64')}`,
  PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  CODE_SENDER: 'webhook',
  CODE_SENDER_URL: 'http://127.0.0.1:9/sms',
};

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions: { code: string; [key: string]: unknown } }[];
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  dataSource: DataSource;
  /** Counts SQL statements: `const { count } = await t.queries.measure(() => client.gql(...))`. */
  queries: QueryCounter;
  /** Log lines the app wrote, parsed (only when started with `captureLogs`). */
  logs: Record<string, unknown>[];
  /** supertest against the running server. */
  http(): ReturnType<typeof request>;
  /** POSTs one GraphQL operation; `token` is sent as a bearer token. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A new staff user with this role (default region Ningyuan 431126), signed in. */
  as(role: Role, options?: { regionCode?: string; departmentId?: string; username?: string }): Promise<ActorClient>;
  /** A worker (created for the phone), signed in. */
  asWorker(phone?: string): Promise<ActorClient & { phone: string }>;
  /** A platform's API key (a new platform enterprise unless one is given). */
  asPlatform(enterpriseId?: string): Promise<ActorClient & { enterpriseId: string }>;
  /** The code the worker-login sender would have texted to this phone. */
  lastWorkerCode(phone: string): string | undefined;
  close(): Promise<void>;
}

/** How a test app starts: extra environment, fixture modules, captured logs. */
export interface TestAppOptions {
  env?: Record<string, string>;
  imports?: ModuleMetadata['imports'];
  captureLogs?: boolean;
  /** Reach the database through this URL instead (a proxy that can be cut). */
  databaseUrl?: string;
}

/**
 * Starts the real application (same factory as `npm start`) on a database of this file's own.
 * Use once per file: `beforeAll(async () => (t = await startTestApp()))`, `afterAll(() => t.close())`.
 * With `database`, on another app's database instead (a restart on the same data), left for its owner to drop.
 */
export async function startTestApp(options: TestAppOptions & { database?: TestDatabase } = {}): Promise<TestApp> {
  if (options.database) return startInstance(options.database, options, async () => {});
  const database = await createTestDatabase();
  return startInstance(database, options, () => database.drop());
}

/**
 * Starts `count` instances of the application at once on one database of this file's own, with
 * the same secrets, as replicas behind a proxy start. The database is dropped when the last closes.
 */
export async function startTestInstances(count: number, options: TestAppOptions = {}): Promise<TestApp[]> {
  const database = await createTestDatabase();
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    PII_ENCRYPTION_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  };
  let open = count;
  const closed = async () => {
    if (--open === 0) await database.drop();
  };
  const started = await Promise.allSettled(
    Array.from({ length: count }, () => startInstance(database, { ...options, env: { ...secrets, ...options.env } }, closed)),
  );
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    for (const result of started) if (result.status === 'fulfilled') await result.value.close();
    await database.drop();
    throw failed.reason;
  }
  return started.map((result) => (result as PromiseFulfilledResult<TestApp>).value);
}

async function startInstance(database: TestDatabase, options: TestAppOptions, onClosed: () => Promise<void>): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.captureLogs ? 'info' : 'silent',
    CODE_SENDER: 'memory',
    // Specs move the clock and run the problem jobs themselves; a scheduled run would interfere.
    ISSUE_JOBS_CRON: 'off',
    // Specs poll as one caller faster than people do (a roster sync's status every 50 ms); the quota
    // spec (call-quotas.e2e-spec.ts) sets small quotas of its own.
    QUOTA_USER_PER_MINUTE: '100000',
    QUOTA_KEY_PER_MINUTE: '100000',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const queries = new QueryCounter();
  const app = await createApp(config, options.databaseUrl ?? database.url, {
    imports: options.imports,
    queryLogger: queries,
    logDestination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    config,
    database,
    dataSource: app.get(DataSource),
    logs,
    queries,
    http: () => request(server),
    async gql(query, variables, headers = {}) {
      const response = await request(server)
        .post('/graphql')
        .set({ 'content-type': 'application/json', ...headers })
        .send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
    as: (role, roleOptions) => staffClient(app, role, roleOptions),
    asWorker: (phone) => workerClient(app, phone),
    asPlatform: (enterpriseId) => platformClient(app, enterpriseId),
    lastWorkerCode: (phone) => (app.get(CODE_SENDER) as MemoryCodeSender).lastCodeFor(phone),
    async close() {
      await app.close();
      await onClosed();
    },
  };
}
