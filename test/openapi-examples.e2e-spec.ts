import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../src/access/role.enum.js';
import { shanghaiDate } from '../src/common/clock/shanghai.js';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import type { ActorClient } from './support/actors.js';
import { socketTransport } from './support/socket-transport.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every request-body example of openapi.json, sent to its operation on the seeded demo county as
 * Swagger UI's "Try it out" would send it: the body is built from the schema the way Swagger UI
 * builds it (each property's example, else its default, else its first enum value, else a
 * placeholder of its type), and only what a person must choose from their own data is filled in
 * (the ids in the path and the ids in the body, taken from the demo county). It must be accepted
 * (2xx), or answered with the error the document lists for that example (EXPECTED_ERRORS).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const document = JSON.parse(readFileSync('openapi.json', 'utf8')) as Schema;
const permissionMap = JSON.parse(readFileSync('src/access/permission-map.json', 'utf8')) as {
  handlers: Record<string, string>;
  roles: Record<string, string[]>;
};

const SWAGGER_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Swagger UI's sample of a schema (swagger-ui's getSampleSchema: example, default, enum[0], then a placeholder). */
function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 30) return undefined;
  if (schema.$ref) return sample(resolve(schema.$ref), depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) return sample(schema.allOf[0], depth + 1);
  if (schema.oneOf) return sample(schema.oneOf[0], depth + 1);
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties as Record<string, Schema>)) {
        if (property.readOnly) continue;
        out[name] = sample(property, depth + 1);
      }
      return out;
    }
    case 'array':
      return [sample(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return SWAGGER_UUID;
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      return 'string';
  }
}

function resolve(ref: string): Schema {
  return ref
    .split('/')
    .slice(1)
    .reduce((node: Schema, key) => node[key], document);
}

/** The table a path's `{id}` names, from the collection before it. */
const PATH_TABLES: [RegExp, string][] = [
  [/departments\/\{id\}/, "department WHERE kind = 'POSTAL'"],
  [/staff-users\/\{id\}/, "staff_user WHERE role <> 'ADMIN'"],
  [/workers\/\{id\}/, 'worker'],
  [/grids\/\{id\}/, 'grid'],
  [/governance\/issues\/\{id\}\/reopen/, "governance_issue WHERE status = 'RESOLVED'"],
  [/governance\/issues\/\{id\}/, "governance_issue WHERE status = 'REPORTED'"],
  [/volunteer-teams\/\{id\}/, 'volunteer_team'],
  [/volunteer-hours\/\{id\}/, "volunteer_hours WHERE status = 'PENDING'"],
  [/enterprises\/\{id\}/, 'enterprise'],
  [/party-organizations\/\{id\}/, 'party_organization WHERE dissolved_on IS NULL'],
  [/ledger\/entries\/\{id\}/, 'ledger_entry'],
  [/ledger\/items\/\{id\}/, 'ledger_item'],
  [/instructor-assignments\/\{id\}/, 'instructor_assignment WHERE ended_on IS NULL'],
  [/stations\/\{id\}/, 'station'],
  [/audit-standards\/\{id\}/, 'audit_standard'],
  [/events\/\{id\}/, 'welfare_event'],
  [/assistance-cases\/\{id\}/, 'assistance_case'],
  [/webhooks\/\{id\}/, 'webhook_endpoint'],
];

/** Other path parameters: what a county officer would type. */
const PATH_VALUES: Record<string, string> = { countyCode: '431126', industry: 'FOOD_DELIVERY', year: '2027', scope: '431126' };

/** The table an id in a request body names, by the property's name. */
const BODY_TABLES: Record<string, string> = {
  gridId: 'grid',
  departmentId: "department WHERE kind = 'MARKET_REGULATION'",
  gridWorkerId: "staff_user WHERE role = 'GRID_WORKER'",
  platformId: 'enterprise WHERE is_platform',
  managerId: "staff_user WHERE role = 'STATION_MANAGER'",
  instructorId: "staff_user WHERE role = 'INSTRUCTOR'",
  workerId: 'worker',
  workerIds: 'worker',
  enterpriseId: 'enterprise',
  enterpriseIds: 'enterprise',
  stationId: 'station',
  teamId: 'volunteer_team',
  organizationId: 'party_organization',
  standardId: 'audit_standard',
  eventId: 'welfare_event',
  assigneeId: "staff_user WHERE role = 'DEPARTMENT_OFFICER'",
  duplicateOfId: 'governance_issue',
  mergedIntoId: 'governance_issue',
};

/** Days a person would set to today when trying an operation (an example's fixed day may precede the demo county's records). */
const TODAY_FIELDS = new Set(['heldOn', 'endedOn', 'dissolvedOn', 'visitedOn', 'checkedOn', 'startedOn']);
const today = () => shanghaiDate(new Date());

/**
 * Examples answered, by design, with an error the operation documents: an example cannot carry a
 * live secret (a password, a refresh token, a texted code), and only a problem's reporter may reopen it.
 */
const EXPECTED_ERRORS: Record<string, number> = {
  'POST /api/v1/auth/login': 401,
  'POST /api/v1/auth/refresh': 401,
  'POST /api/v1/auth/password': 400,
  'POST /api/v1/auth/worker-login': 401,
  'POST /api/v1/governance/issues/{id}/reopen': 404,
};

/** Ids an operation needs from a narrower set than BODY_TABLES gives. */
const OPERATION_TABLES: Record<string, Record<string, string>> = {
  'POST /api/v1/api-keys': { enterpriseId: 'enterprise WHERE is_platform' },
};

/** Operations for one kind of caller although others hold the permission too. */
const CALLERS: Record<string, string> = { 'PATCH /api/v1/me/profile': 'WORKER' };

describe('every request-body example in openapi.json works on the demo county', () => {
  let t: TestApp;
  let callers: Record<string, ActorClient>;
  let baseUrl: string;
  /** A webhook receiver of one's own (an example's URL cannot resolve on a machine without DNS). */
  const receiver = createServer((_request, response) => response.end('ok'));
  let receiverUrl: string;
  const transport = socketTransport(() => baseUrl);

  beforeAll(async () => {
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await seedDemoCounty(t.app, { transport });
    callers = {
      ADMIN: await t.as(Role.ADMIN),
      WORKER: await t.asWorker(),
      PLATFORM: await t.asPlatform((await t.dataSource.query(`SELECT id FROM enterprise WHERE name LIKE '美团%' LIMIT 1`))[0]?.id),
    };
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    receiver.close();
  });

  const one = async (sql: string): Promise<string> => {
    const rows = (await t.dataSource.query(sql)) as Record<string, string>[];
    if (!rows[0]) throw new Error(`no row for ${sql}`);
    return Object.values(rows[0])[0];
  };

  /**
   * Fills in what a person picks from their own data: ids (Swagger UI's placeholders, by the
   * property's name: two properties naming the same table get different rows) and days (today,
   * China Standard Time, where the example's day is only a shape).
   */
  async function fillIn(value: unknown, tables: Record<string, string>, taken = new Map<string, number>()): Promise<void> {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const [name, inner] of Object.entries(record)) {
      const table = tables[name];
      const placeholder = (id: unknown) => id === SWAGGER_UUID || id === 'string';
      const pick = async () => {
        const offset = taken.get(table) ?? 0;
        taken.set(table, offset + 1);
        return one(`SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET ${offset}`);
      };
      if (table && placeholder(inner)) record[name] = await pick();
      else if (table && Array.isArray(inner) && inner.every(placeholder)) record[name] = [await pick()];
      else if (TODAY_FIELDS.has(name) && typeof inner === 'string') record[name] = today();
      else if (name === 'url' && typeof inner === 'string' && /^https?:/.test(inner)) record[name] = `${receiverUrl}/hook`;
      else await fillIn(inner, tables, taken);
    }
  }

  /** Who may call an operation: the permission map's first role holding its permission (admin first). */
  async function callerOf(key: string): Promise<ActorClient | null> {
    const permission = permissionMap.handlers[key];
    if (permission === 'PUBLIC') return null;
    for (const role of [CALLERS[key] ?? 'ADMIN', 'WORKER', 'PLATFORM', ...Object.keys(permissionMap.roles)]) {
      if (!permissionMap.roles[role]?.includes(permission)) continue;
      callers[role] ??= await t.as(role as Role, { regionCode: '431126' });
      return callers[role];
    }
    throw new Error(`no role may call ${key}`);
  }

  /** One case per example: the operation's named examples when it has them (Swagger UI offers those), else the body built from its schema. */
  const operations = Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => operation.requestBody?.content?.['application/json'])
      .flatMap(([method, operation]) => {
        const content = operation.requestBody.content['application/json'] as Schema;
        const named = Object.entries((content.examples ?? {}) as Record<string, { value: unknown }>);
        const key = `${method.toUpperCase()} ${path}`;
        if (named.length) return named.map(([name, example]) => ({ key, name: `${key} (${name})`, method, path, body: example.value }));
        return [{ key, name: key, method, path, body: content.example ?? sample(content.schema) }];
      }),
  );

  it('finds the examples to try', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (_name, { key, method, path, body: example }) => {
    const body = structuredClone(example);
    const routeKey = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
    const caller = await callerOf(routeKey);
    let url = path;
    for (const [pattern, table] of PATH_TABLES) if (pattern.test(path)) url = url.replace('{id}', await one(`SELECT id FROM ${table} ORDER BY id LIMIT 1`));
    url = url.replace(/\{(\w+)\}/g, (whole, name: string) => PATH_VALUES[name] ?? whole);
    if (path.includes('{key}')) url = url.replace('{key}', await one(`SELECT key FROM ledger_item ORDER BY key LIMIT 1`));
    if (path.includes('{code}')) url = url.replace('{code}', await one(`SELECT code FROM issue_category ORDER BY code LIMIT 1`));
    await fillIn(body, { ...BODY_TABLES, ...OPERATION_TABLES[key] });
    const client = caller ?? null;
    const send = (target: string) => {
      const verb = method as 'get' | 'post' | 'put' | 'patch' | 'delete';
      return client ? client[verb](target) : t.http()[verb](target);
    };
    // Required parameters are filled in from their examples, as Swagger UI asks for them.
    const operation = document.paths[path][method] as Schema;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const parameter of (operation.parameters ?? []) as Schema[]) {
      if (!parameter.required || parameter.in === 'path') continue;
      const value = String(parameter.example ?? parameter.schema?.example ?? sample(parameter.schema));
      if (parameter.in === 'query') query.set(parameter.name, value);
      if (parameter.in === 'header') headers[parameter.name] = value;
    }
    const target = query.size ? `${url}?${query}` : url;
    const response = await send(target)
      .set(headers)
      .send(body as object);
    const expected = EXPECTED_ERRORS[key];
    if (expected) expect([key, response.status]).toEqual([key, expected]);
    else expect([key, response.status, response.status < 300 ? '' : JSON.stringify(response.body)]).toEqual([key, expect.any(Number), '']);
  });
});
