import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

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
  /** Log lines the app wrote, parsed (only when started with `captureLogs`). */
  logs: Record<string, unknown>[];
  /** supertest against the running server. */
  http(): ReturnType<typeof request>;
  /** POSTs one GraphQL operation; `token` is sent as a bearer token. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * Starts the real application (same factory as `npm start`) on a database of this file's own.
 * Use once per file: `beforeAll(async () => (t = await startTestApp()))`, `afterAll(() => t.close())`.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; imports?: ModuleMetadata['imports']; captureLogs?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: options.captureLogs ? 'info' : 'silent', ...options.env });
  const logs: Record<string, unknown>[] = [];
  const app = await createApp(config, database.url, {
    imports: options.imports,
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
    http: () => request(server),
    async gql(query, variables, headers = {}) {
      const response = await request(server)
        .post('/graphql')
        .set({ 'content-type': 'application/json', ...headers })
        .send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
