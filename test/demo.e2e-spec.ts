import request from 'supertest';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()), 60_000);
afterAll(() => t.close());

it('seeds', async () => {
  const server = t.app.getHttpServer();
  const transport = async (headers: Record<string, string>, payload: string) => (await request(server).post('/graphql').set(headers).send(payload)).text;
  const result = await seedDemoCounty(t.app, { log: (l) => console.log(l), transport });
  console.log(JSON.stringify(result));
}, 300_000);
