import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../src/access/role.enum.js';
import { TokenService } from '../src/auth/tokens/token.service.js';
import { Clock } from '../src/common/clock/clock.js';
import { shanghaiDate } from '../src/common/clock/shanghai.js';
import { seedDemoCounty } from '../src/demo/demo-seed.js';
import { actorClient, type ActorClient } from './support/actors.js';
import { socketTransport } from './support/socket-transport.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every request-body example of openapi.json, sent to its operation on the seeded demo county as
 * Swagger UI's "Try it out" would send it: the body is built from the schema the way Swagger UI
 * builds it (each property's example, else its default, else its first enum value, else a
 * placeholder of its type), and only what a person must choose from their own data is filled in
 * (the ids in the path and the ids in the body, taken from the demo county, and where any row would
 * not do, what CHOICES names). It must be accepted (2xx), or answered with the error the document
 * lists for that example (EXPECTED_ERRORS).
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
const PATH_VALUES: Record<string, string> = { countyCode: '431126', industry: 'EXPRESS_COURIER', year: '2027', scope: '431126' };

/** The table an id in a request body names, by the property's name. */
const BODY_TABLES: Record<string, string> = {
  gridId: 'grid',
  departmentId: "department WHERE kind = 'MARKET_REGULATION'",
  organizerDepartmentId: 'department',
  gridWorkerId: "staff_user WHERE role = 'GRID_WORKER'",
  platformId: 'enterprise WHERE is_platform',
  managerId: "staff_user WHERE role = 'STATION_MANAGER'",
  instructorId: "staff_user WHERE role = 'INSTRUCTOR'",
  workerId: 'worker WHERE merged_into_id IS NULL',
  workerIds: 'worker WHERE merged_into_id IS NULL',
  leaderWorkerId: 'worker WHERE merged_into_id IS NULL',
  parentId: 'party_organization WHERE dissolved_on IS NULL',
  attachedOrganizationId: 'party_organization WHERE dissolved_on IS NULL',
  secretaryEntryId: "ledger_entry WHERE verification = 'VERIFIED'",
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

/** What a choice may use: the test app, and who sends the operation. */
interface ChoiceContext {
  t: TestApp;
  caller: ActorClient;
}

/**
 * What a person picks for one operation where the first row of a table would not do: a record in
 * the state the operation needs, or one that belongs with another id of the request. Keyed by
 * operation, or by operation and named example. Each entry is a query for one value: `:id` is the
 * id in the path, `:caller` the caller's id and `:name` a body property filled in before it.
 * - `as`: the staff user who does it (an instructor logs visits to their own enterprises);
 * - `at`: when the person does it (a check-in happens during the event);
 * - `path`: the `{id}`;
 * - `body`: body values by property name, replacing the example's (a query, or a step the person
 *   takes first, such as validating a file before committing its import).
 * Records the demo county lacks come from the examples before them, in the document's order, as in
 * Swagger UI: the assistance case opened by `POST /assistance-cases`, the unused standard version
 * made by `POST /audit-standards`.
 */
interface Choice {
  as?: string;
  at?: string;
  path?: string;
  body?: Record<string, string | ((context: ChoiceContext) => Promise<string>)>;
}

const UNCOVERED = 'NOT EXISTS (SELECT 1 FROM party_organization_enterprise c WHERE c.enterprise_id = e.id)';
const INSTRUCTED = 'EXISTS (SELECT 1 FROM instructor_assignment a WHERE a.enterprise_id = e.id AND a.ended_on IS NULL)';
const CASE_IN = (status: string) => `SELECT id FROM assistance_case WHERE status = '${status}' AND department_id IS NOT NULL ORDER BY created_at LIMIT 1`;

const CHOICES: Record<string, Choice> = {
  // A key is for a platform.
  'POST /api/v1/api-keys': { body: { enterpriseId: 'SELECT id FROM enterprise WHERE is_platform ORDER BY created_at, id LIMIT 1' } },
  // The duplicate: a worker who signed in on the app with a phone the office did not know; kept: a record with an ID number.
  'POST /api/v1/workers/merge': {
    body: {
      sourceId: async ({ t }) => (await t.asWorker()).id,
      targetId: 'SELECT id FROM worker WHERE merged_into_id IS NULL AND id_number_index IS NOT NULL ORDER BY created_at, id LIMIT 1',
    },
  },
  // Someone not yet in the team (the first worker may lead the team the example just formed).
  'POST /api/v1/volunteer-teams/{id}/members': {
    body: {
      workerId: `SELECT id FROM worker w WHERE merged_into_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM volunteer_team_member m WHERE m.team_id = :id AND m.worker_id = w.id AND m.left_on IS NULL)
                 ORDER BY created_at, id LIMIT 1`,
    },
  },
  'POST /api/v1/volunteer-teams/{id}/activities': {
    body: { workerId: 'SELECT worker_id FROM volunteer_team_member WHERE team_id = :id AND left_on IS NULL ORDER BY worker_id LIMIT 1' },
  },
  // The example edits a courier firm; a platform would stop being one (isPlatform: false) and lose its roster key.
  'PATCH /api/v1/enterprises/{id}': { path: 'SELECT id FROM enterprise WHERE NOT is_platform ORDER BY created_at, id LIMIT 1' },
  // A dispatched branch (派驻帮建) at an enterprise with an instructor and no organisation yet.
  'POST /api/v1/party-organizations': { body: { enterpriseIds: `SELECT id FROM enterprise e WHERE ${UNCOVERED} AND ${INSTRUCTED} ORDER BY name LIMIT 1` } },
  'PATCH /api/v1/party-organizations/{id}': {
    path: "SELECT id FROM party_organization WHERE dissolved_on IS NULL AND formation_mode = 'DISPATCHED' ORDER BY created_at LIMIT 1",
    body: { enterpriseIds: 'SELECT enterprise_id FROM party_organization_enterprise WHERE organization_id = :id ORDER BY enterprise_id LIMIT 1' },
  },
  'POST /api/v1/ledger/entries': {
    body: {
      workerId:
        'SELECT id FROM worker w WHERE merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entry l WHERE l.worker_id = w.id) ORDER BY created_at, id LIMIT 1',
    },
  },
  'POST /api/v1/ledger/entries/{id}/verification': { path: "SELECT id FROM ledger_entry WHERE verification = 'UNVERIFIED' ORDER BY created_at LIMIT 1" },
  // The example retires an item: the one the county added (POST /ledger/items), not one of the five the import's CSV example fills in.
  'PATCH /api/v1/ledger/items/{id}': { path: 'SELECT id FROM ledger_item ORDER BY created_at DESC, key LIMIT 1' },
  // Step 1 first: the document's CSV example validated by the same person, whose report carries the token.
  'POST /api/v1/ledger/imports/commit': {
    body: {
      token: async ({ caller }) => {
        const csv = document.paths['/api/v1/ledger/imports'].post.requestBody.content['text/csv'].schema.example as string;
        const report = await caller.post('/api/v1/ledger/imports?countyCode=431126').set('content-type', 'text/csv').send(csv);
        if (!report.body.token) throw new Error(`the import example was refused: ${JSON.stringify(report.body)}`);
        return report.body.token as string;
      },
    },
  },
  // The enterprise still without an organisation or an instructor (组织覆盖空白).
  'POST /api/v1/instructor-assignments': {
    body: { enterpriseId: `SELECT id FROM enterprise e WHERE ${UNCOVERED} AND NOT ${INSTRUCTED} ORDER BY name LIMIT 1` },
  },
  'POST /api/v1/instructor-assignments/{id}/end': { path: 'SELECT id FROM instructor_assignment WHERE ended_on IS NULL ORDER BY started_on DESC, id LIMIT 1' },
  'POST /api/v1/guidance-visits': {
    as: 'SELECT instructor_id FROM instructor_assignment WHERE ended_on IS NULL ORDER BY started_on, id LIMIT 1',
    body: { enterpriseId: 'SELECT enterprise_id FROM instructor_assignment WHERE instructor_id = :caller AND ended_on IS NULL LIMIT 1' },
  },
  'PATCH /api/v1/stations/{id}': { body: { expectedVersion: 'SELECT version FROM station WHERE id = :id' } },
  'PATCH /api/v1/audit-standards/{id}': {
    path: 'SELECT id FROM audit_standard s WHERE NOT EXISTS (SELECT 1 FROM station_audit a WHERE a.standard_id = s.id) ORDER BY created_at DESC LIMIT 1',
  },
  // The example lists a verdict on each item of 六有 v1.
  'POST /api/v1/station-audits': { body: { standardId: "SELECT id FROM audit_standard WHERE code = 'LIU_YOU' AND version = 1" } },
  'PATCH /api/v1/events/{id}': { path: "SELECT id FROM welfare_event WHERE status IN ('DRAFT', 'PUBLISHED') ORDER BY created_at LIMIT 1" },
  // A hand-out (no sign-up) counts the people served: the 100 breakfasts.
  'POST /api/v1/events/{id}/served': {
    path: "SELECT id FROM welfare_event WHERE NOT registration_required AND status = 'COMPLETED' ORDER BY starts_at DESC LIMIT 1",
  },
  // At the door when the event starts, scanning the ticket a registered worker shows.
  'POST /api/v1/events/{id}/check-ins': {
    path: "SELECT event_id FROM event_registration WHERE status = 'CONFIRMED' ORDER BY created_at LIMIT 1",
    at: 'SELECT starts_at FROM welfare_event WHERE id = :id',
    body: { ticketCode: "SELECT 'NF-TKT-' || ticket_code FROM event_registration WHERE event_id = :id AND status = 'CONFIRMED' ORDER BY created_at LIMIT 1" },
  },
  // A wage case goes to the trade union, handled by one of its officers.
  'POST /api/v1/assistance-cases/{id}/assignment': {
    path: "SELECT id FROM assistance_case WHERE status = 'OPEN' ORDER BY created_at LIMIT 1",
    body: {
      departmentId: "SELECT id FROM department WHERE kind = 'TRADE_UNION' AND county_code = '431126'",
      handlerId: "SELECT id FROM staff_user WHERE department_id = :departmentId AND role = 'DEPARTMENT_OFFICER' AND NOT disabled ORDER BY username LIMIT 1",
    },
  },
  'POST /api/v1/assistance-cases/{id}/transitions (start)': { path: CASE_IN('OPEN') },
  'POST /api/v1/assistance-cases/{id}/transitions (resolve)': { path: CASE_IN('IN_PROGRESS') },
  'POST /api/v1/assistance-cases/{id}/transitions (close)': { path: CASE_IN('RESOLVED') },
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

  const one = async (sql: string, values: Record<string, string> = {}): Promise<string> => {
    // `:name` (not `::type`) becomes a parameter holding values[name].
    const names: string[] = [];
    const text = sql.replace(/(?<!:):(\w+)/g, (_whole, name: string) => {
      if (!(name in values)) throw new Error(`no value for :${name} in ${sql}`);
      names.push(name);
      return `$${names.length}`;
    });
    const rows = (await t.dataSource.query(
      text,
      names.map((name) => values[name]),
    )) as Record<string, string>[];
    if (!rows[0]) throw new Error(`no row for ${sql}`);
    return Object.values(rows[0])[0];
  };

  /**
   * Fills in what a person picks from their own data: the operation's choices (whatever the example
   * says), ids (Swagger UI's placeholders, by the property's name: two properties naming the same
   * table get different rows) and days (today, China Standard Time, where the example's day is only a
   * shape). `values` collects what was filled in, for the choices' queries.
   */
  async function fillIn(
    value: unknown,
    choice: Choice,
    context: ChoiceContext,
    values: Record<string, string>,
    taken = new Map<string, number>(),
  ): Promise<void> {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const [name, inner] of Object.entries(record)) {
      const table = BODY_TABLES[name];
      const chosen = choice.body?.[name];
      const placeholder = (id: unknown) => id === SWAGGER_UUID || id === 'string';
      const pick = async () => {
        const offset = taken.get(table) ?? 0;
        taken.set(table, offset + 1);
        return one(`SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET ${offset}`);
      };
      if (chosen) {
        const picked = typeof chosen === 'string' ? await one(chosen, values) : await chosen(context);
        record[name] = Array.isArray(inner) ? [picked] : typeof inner === 'number' ? Number(picked) : picked;
      } else if (table && placeholder(inner)) record[name] = await pick();
      else if (table && Array.isArray(inner) && inner.every(placeholder)) record[name] = [await pick()];
      else if (TODAY_FIELDS.has(name) && typeof inner === 'string') record[name] = today();
      else if (name === 'url' && typeof inner === 'string' && /^https?:/.test(inner)) record[name] = `${receiverUrl}/hook`;
      else await fillIn(inner, choice, context, values, taken);
      if (typeof record[name] === 'string') values[name] = record[name];
    }
  }

  /** A client signed in as an existing staff user of the demo county. */
  async function signedInAs(userId: string): Promise<ActorClient> {
    const [{ role }] = (await t.dataSource.query('SELECT role FROM staff_user WHERE id = $1', [userId])) as { role: Role }[];
    const tokens = await t.app.get(TokenService).issue({ sub: userId, kind: 'staff', role });
    return actorClient(t.app, userId, ['authorization', `Bearer ${tokens.accessToken}`]);
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

  afterEach(() => t.app.get(Clock).set(undefined));

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (name, { key, method, path, body: example }) => {
    const body = structuredClone(example);
    const routeKey = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
    const choice = CHOICES[name] ?? CHOICES[key] ?? {};
    const caller = choice.as ? await signedInAs(await one(choice.as)) : await callerOf(routeKey);
    const values: Record<string, string> = caller ? { caller: caller.id } : {};
    let url = path;
    if (choice.path) url = url.replace('{id}', await one(choice.path));
    for (const [pattern, table] of PATH_TABLES)
      if (pattern.test(path) && url.includes('{id}')) url = url.replace('{id}', await one(`SELECT id FROM ${table} ORDER BY id LIMIT 1`));
    if (path.includes('{id}')) values.id = url.split('/')[path.split('/').indexOf('{id}')];
    url = url.replace(/\{(\w+)\}/g, (whole, name: string) => PATH_VALUES[name] ?? whole);
    if (path.includes('{key}')) url = url.replace('{key}', await one(`SELECT key FROM ledger_item ORDER BY key LIMIT 1`));
    if (path.includes('{code}')) url = url.replace('{code}', await one(`SELECT code FROM issue_category ORDER BY code LIMIT 1`));
    await fillIn(body, choice, { t, caller: caller! }, values);
    if (choice.at) t.app.get(Clock).set(new Date(await one(choice.at, values)));
    const verb = method as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const send = (target: string) => (caller ? caller[verb](target) : t.http()[verb](target));
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
