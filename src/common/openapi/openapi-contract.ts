// 接口契约 What @nestjs/swagger leaves out of the document and the ecosystem's linters (Redocly,
// Spectral with the OWASP API Security ruleset) ask for: servers, an explicit security requirement
// on every operation, problem+json error responses with the rate-limit headers, and a bound on every
// string and array. Bounds of inputs come from the validation itself (class-validator metadata), so
// the document never promises a limit the server does not enforce. Pure: it edits the document.
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** The schema of every error answer (RFC 9457), as `toProblemDetails` builds it. */
export const PROBLEM_SCHEMA = 'Problem';

/**
 * Longest path parameter Fastify routes (its `maxParamLength`, 100 by default): a longer one never
 * reaches a handler (404).
 */
const PATH_PARAMETER_MAX_LENGTH = 100;
/**
 * Bounds of what the service sends, where a schema names none: no text it stores is longer (inputs
 * are bounded by the validation; columns are varchar(n) or text filled from those inputs), and no
 * list it answers with is longer (pages hold at most 100 items; whole lists, such as the labels of an
 * enum or a county's five-clear items, are far shorter).
 */
const RESPONSE_STRING_MAX_LENGTH = 65_536;
const RESPONSE_ARRAY_MAX_ITEMS = 10_000;
/** Lengths that a string's format fixes. */
const FORMAT_MAX_LENGTH: Record<string, number> = { uuid: 36, 'date-time': 35, date: 10, email: 254, uri: 2048 };
/** Files the service sends (exports are streamed): none reaches 2 GiB. */
const RESPONSE_FILE_MAX_LENGTH = 2_147_483_647;

/** The problems each operation may answer with, besides those it documents itself. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': '输入有误（errors 逐项指出字段）/ Bad input: `errors` names each field at fault',
  '401': '未登录或令牌无效 / Not signed in, or the token or API key is not valid',
  '403': '无此权限 / Not allowed for this caller',
  '404': '不存在或不在权限范围内 / Not found, or outside the caller\u2019s scope',
  '409': '与当前状态冲突 / Conflicts with the current state (e.g. a stale version)',
  '422': '无法处理 / Understood but cannot be done',
  '429':
    '请求过多（登录等入口的限额，或每人、每个密钥每分钟的配额），稍后重试（见 Retry-After）/ Too many requests (a sign-in limit, or the per-person or per-key quota a minute): retry after `Retry-After` seconds',
  '500': '服务器内部错误 / Internal server error',
};

/**
 * The quota headers: the global guard puts them on every answer to a call with credentials (a bearer
 * token or X-Api-Key), per person or per API key (rate-limit/call-quota.service.ts), and the error
 * filter on every 429. Not on answers to calls without credentials, nor on health probes.
 */
const QUOTA_HEADER_DEFINITIONS: Record<string, Schema> = {
  'RateLimit-Limit': {
    description:
      '每分钟允许的调用数：携带凭据（令牌或 API 密钥）的调用按人或按密钥计；429 时为所触发的限额 / Calls allowed a minute: sent on every answer to a call with a bearer token or X-Api-Key (the per-person or per-key quota); on 429, the limit that was reached',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 10_000_000 },
  },
  'RateLimit-Remaining': {
    description: '本分钟内剩余的调用数 / Calls left in the current window (0 on 429)',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 10_000_000 },
  },
  'RateLimit-Reset': {
    description: '多少秒后时间窗重置 / Seconds until the window resets',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

/**
 * The calling front end's origin (CORS), on every answer to a configured origin: every `headers`
 * object names it (owasp:api8:2023-define-cors-origin).
 */
const CORS_ORIGIN_HEADER: Record<string, Schema> = {
  'Access-Control-Allow-Origin': {
    description: '已配置的前端来源（CORS_ORIGINS）/ The calling front end\u2019s origin, when CORS_ORIGINS lists it',
    schema: { type: 'string', maxLength: 2048 },
  },
};

/** Headers defined once, in `components.headers`, and referred to by the answers. */
const HEADER_DEFINITIONS: Record<string, Schema> = { ...QUOTA_HEADER_DEFINITIONS, ...CORS_ORIGIN_HEADER };

const headerRefs = (names: string[]): Record<string, Schema> => Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** The quota headers, with the CORS origin beside them. */
const QUOTA_HEADERS: Record<string, Schema> = headerRefs([...Object.keys(QUOTA_HEADER_DEFINITIONS), ...Object.keys(CORS_ORIGIN_HEADER)]);

/** The headers of a 429 answer (all-exceptions.filter.ts sends them). */
const RATE_LIMIT_HEADERS: Record<string, Schema> = {
  'Retry-After': {
    description: '多少秒后可重试 / Seconds until a retry may succeed',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
  },
  ...QUOTA_HEADERS,
};

/** The headers an error answer of `status` documents: a 429's, the quota on any other 4xx, none on a 401 (the caller is unknown, so no quota applies) or a 5xx. */
function errorHeaders(status: string): Record<string, Schema> | undefined {
  if (status === '429') return RATE_LIMIT_HEADERS;
  return /^4/.test(status) && status !== '401' ? QUOTA_HEADERS : undefined;
}

const PROBLEM: Schema = {
  type: 'object',
  description: '错误（RFC 9457 problem+json）/ An error (RFC 9457 problem+json)',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', maxLength: 200, description: '错误类型 URI / Problem type URI', example: 'urn:newforce:problem:bad-user-input' },
    title: { type: 'string', maxLength: 200, description: '错误标题 / Short title', example: 'Bad user input' },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, description: 'HTTP 状态 / HTTP status', example: 400 },
    detail: { type: 'string', maxLength: 2000, description: '说明 / What went wrong', example: 'name: must not be empty' },
    instance: { type: 'string', maxLength: 2048, description: '请求路径 / The request path', example: '/api/v1/enterprises' },
    code: { type: 'string', maxLength: 40, description: '稳定的错误代码 / Stable error code', example: 'BAD_USER_INPUT' },
    requestId: {
      type: 'string',
      maxLength: 64,
      description: '请求编号（X-Request-Id）/ Request id (X-Request-Id)',
      example: '0b6f1c3e-8d2a-4f6b-9c1d-2e3f4a5b6c7d',
    },
    errors: {
      type: 'array',
      maxItems: 1000,
      description: '出错字段 / Fields at fault',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', maxLength: 200, description: '字段路径 / Field path', example: 'name' },
          message: { type: 'string', maxLength: 2000, description: '原因 / Why', example: 'must not be empty' },
        },
      },
    },
  },
};

/** Input bounds the validation enforces, by class and property: MaxLength, Length, IsUUID, ArrayMaxSize. */
interface Bounds {
  maxLength?: number;
  maxItems?: number;
}

type ValidationMeta = { target: unknown; propertyName: string; name?: string; constraints?: unknown[]; each?: boolean };

/** The bound one validation rule puts on a property, if it puts one. */
function boundOf(meta: ValidationMeta): Bounds | undefined {
  switch (meta.name) {
    case 'maxLength':
      return { maxLength: Number(meta.constraints?.[0]) };
    case 'length':
      return meta.constraints?.[1] === undefined ? undefined : { maxLength: Number(meta.constraints[1]) };
    case 'isUuid':
      return { maxLength: 36 };
    case 'isDateOnly':
      return { maxLength: 10 };
    // validator.js refuses URLs of 2083 characters or more.
    case 'isUrl':
      return { maxLength: 2082 };
    case 'arrayMaxSize':
      return { maxItems: Number(meta.constraints?.[0]) };
    case 'matches': {
      const longest = regexMaxLength(meta.constraints?.[0]);
      return longest === undefined ? undefined : { maxLength: longest };
    }
    default:
      return undefined;
  }
}

/**
 * Bounds the validation enforces, by class name and property, for the classes it knows and the
 * `inputClasses` given (handlers' parameter types), each with what it inherits.
 */
function validationBounds(inputClasses: readonly unknown[]): Map<string, Map<string, Bounds & { itemMaxLength?: number }>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMeta[]> };
  const byClass = new Map<string, Map<string, Bounds & { itemMaxLength?: number }>>();
  for (const type of new Set([...storage.validationMetadatas.keys(), ...inputClasses])) {
    if (typeof type !== 'function') continue;
    const properties = new Map<string, Bounds & { itemMaxLength?: number }>();
    // Own rules and inherited ones (a subclass adds to or repeats its parent's).
    for (let at: unknown = type; typeof at === 'function' && at !== Function.prototype; at = Object.getPrototypeOf(at)) {
      for (const meta of storage.validationMetadatas.get(at) ?? []) {
        const bound = boundOf(meta);
        if (!bound) continue;
        const existing = properties.get(meta.propertyName) ?? {};
        if (meta.each && bound.maxLength !== undefined) properties.set(meta.propertyName, { itemMaxLength: bound.maxLength, ...existing });
        else properties.set(meta.propertyName, { ...bound, ...existing });
      }
    }
    if (properties.size > 0 && !byClass.has((type as { name: string }).name)) byClass.set((type as { name: string }).name, properties);
  }
  return byClass;
}

/**
 * The longest text an anchored pattern (`^…$`) matches, or undefined when it has no bound (`*`, `+`,
 * `{n,}`), is not anchored, or uses what this reader does not follow (look-arounds, back-references).
 * Enough for the validation's patterns: codes, dates, times, region codes.
 */
export function regexMaxLength(pattern: unknown): number | undefined {
  const source = pattern instanceof RegExp ? pattern.source : typeof pattern === 'string' ? pattern : undefined;
  if (!source || !source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  let at = 1;
  const end = source.length - 1;
  // alternation := sequence ('|' sequence)*
  const alternation = (): number => {
    let longest = sequence();
    while (source[at] === '|') {
      at++;
      longest = Math.max(longest, sequence());
    }
    return longest;
  };
  const sequence = (): number => {
    let total = 0;
    while (at < end && source[at] !== '|' && source[at] !== ')') total += quantified(atom());
    return total;
  };
  const atom = (): number => {
    const c = source[at];
    if (c === '(') {
      at++;
      if (source[at] === '?') {
        if (source[at + 1] !== ':') throw new Error('unsupported group');
        at += 2;
      }
      const inner = alternation();
      if (source[at] !== ')') throw new Error('unbalanced');
      at++;
      return inner;
    }
    if (c === '[') {
      at++;
      while (at < end && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
      at++;
      return 1;
    }
    if (c === '\\') {
      if (/[1-9bBk]/.test(source[at + 1])) throw new Error('unsupported escape');
      at += source[at + 1] === 'u' ? 6 : source[at + 1] === 'x' ? 4 : 2;
      return 1;
    }
    if (c === '^' || c === '$') throw new Error('inner anchor');
    at++;
    return 1;
  };
  const quantified = (length: number): number => {
    const c = source[at];
    if (c === '*' || c === '+') throw new Error('unbounded');
    let times = 1;
    if (c === '?') {
      at++;
    } else if (c === '{') {
      const close = source.indexOf('}', at);
      const [min, max] = source.slice(at + 1, close).split(',');
      if (max === '') throw new Error('unbounded');
      times = Number(max ?? min);
      at = close + 1;
    }
    if (source[at] === '?') at++; // lazy
    return length * times;
  };
  try {
    const longest = alternation();
    return at === end && Number.isFinite(longest) ? longest : undefined;
  } catch {
    return undefined;
  }
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** Names of the component schemas a schema refers to, transitively. */
function collectRefs(schema: unknown, schemas: Record<string, Schema>, into: Set<string>): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, schemas, into);
    return;
  }
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = refName(value);
      if (!into.has(name)) {
        into.add(name);
        collectRefs(schemas[name], schemas, into);
      }
    } else {
      collectRefs(value, schemas, into);
    }
  }
}

/** Gives a string schema its bound: the validation's for inputs, the format's, or the response bound. */
function boundString(schema: Schema, input: boolean, bound: number | undefined, gaps: string[], where: string): void {
  if (schema.type !== 'string' || schema.maxLength !== undefined || schema.enum || schema.const !== undefined) return;
  const byFormat = schema.format ? FORMAT_MAX_LENGTH[schema.format] : undefined;
  if (bound !== undefined) schema.maxLength = bound;
  else if (byFormat) schema.maxLength = byFormat;
  else if (input) gaps.push(where);
  else if (schema.format === 'binary') schema.maxLength = RESPONSE_FILE_MAX_LENGTH;
  else schema.maxLength = RESPONSE_STRING_MAX_LENGTH;
}

function boundArray(schema: Schema, input: boolean, bound: number | undefined, gaps: string[], where: string): void {
  if (schema.type !== 'array' || schema.maxItems !== undefined) return;
  if (bound !== undefined) schema.maxItems = bound;
  else if (input) gaps.push(where);
  else schema.maxItems = RESPONSE_ARRAY_MAX_ITEMS;
}

/** Bounds every string and array below a schema (properties, items, compositions). */
function boundSchema(schema: Schema | undefined, input: boolean, bounds: Map<string, Bounds> | undefined, gaps: string[], where: string, own?: Bounds): void {
  if (!schema || typeof schema !== 'object' || schema.$ref) return;
  boundString(schema, input, own?.maxLength, gaps, where);
  boundArray(schema, input, own?.maxItems, gaps, where);
  if (schema.items)
    boundSchema(schema.items, input, undefined, gaps, `${where}[]`, { maxLength: (own as { itemMaxLength?: number } | undefined)?.itemMaxLength });
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    boundSchema(property, input, bounds, gaps, `${where}.${name}`, bounds?.get(name));
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) for (const part of (schema[key] ?? []) as Schema[]) boundSchema(part, input, bounds, gaps, where);
  // OAS 3.0: `nullable` needs a `type` beside it (a nullable reference is written as allOf + nullable).
  if (schema.nullable && !schema.type && Array.isArray(schema.allOf)) delete schema.nullable;
}

/** Each tag's description, Chinese first, grouped by campaign (安家, 暖新, 融入). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: '登录与账号 / Signing in, tokens and one\u2019s own account',
  staff: '员工账号 / Staff accounts',
  'api-keys': '平台 API 密钥 / Platform API keys',
  audit: '审计日志 / Audit log',
  reference: '基础数据：区划、部门、行业、主管规则、枚举标签 / Reference data: regions, departments, industries, supervision rules, enum labels',
  workers: '新就业群体劳动者 / Gig workers',
  organizing: '安家行动：企业、党组织、五个清台账、党建指导员 / Organizing: enterprises, party organisations, the five-clear ledger, instructors',
  'care: stations': '暖新行动：驿站 / Care: stations',
  'care: audits': '暖新行动：驿站评估 / Care: station audits',
  'care: events': '暖新行动：关爱活动 / Care: welfare events',
  'care: assistance cases': '暖新行动：帮扶诉求 / Care: assistance cases',
  governance: '融入行动：网格、志愿队伍、问题上报 / Governance: grids, volunteer teams, reported problems',
  roster: '平台骑手名单同步 / Platform roster sync (docs/platform-roster-sync.md)',
  dashboard: '数据看板 / Dashboard figures',
  exports: '导出 / Exports (.xlsx)',
  health: '健康检查 / Health probes',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** What each handler needs (`METHOD /path` → a permission or PUBLIC) and what each role holds: the permission map. */
export interface HandlerPermissions {
  handlers: Record<string, string>;
  roles: Record<string, readonly string[]>;
}

/**
 * The security requirement of a handler: none for a public one; the API key when only platforms hold
 * its permission, the bearer token when only people do, either when both do.
 */
function securityOf(permission: string | undefined, roles: HandlerPermissions['roles']): Schema[] | undefined {
  if (permission === 'PUBLIC') return [];
  if (!permission || permission === 'NONE') return undefined;
  const holders = Object.entries(roles)
    .filter(([, held]) => held.includes(permission))
    .map(([role]) => role);
  const platform = holders.includes('PLATFORM');
  const people = holders.some((role) => role !== 'PLATFORM');
  return [...(people ? [{ [BEARER]: [] }] : []), ...(platform ? [{ [API_KEY]: [] }] : [])];
}

const BEARER = 'bearer';
const API_KEY = 'api-key';

/**
 * Completes the document for integrators and linters, with the permission map for each
 * operation's security requirement. Returns what it could not complete: inputs whose strings or
 * arrays the validation leaves unbounded, operations without a security requirement (a test keeps
 * it empty).
 */
/** What a path parameter of that name is, wherever it appears (a route's own @ApiParam says more). */
const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  id: '编号（UUID）/ Id (UUID) of the record the path names',
  workerId: '劳动者编号（UUID）/ Worker id (UUID)',
  code: '代码（路径所指记录的代码：区划或问题类别）/ Code of the record the path names (a region or a problem category)',
  year: '年份 / Year',
  key: '台账项目代码 / Ledger item key',
  scope: '积分规则范围（县或乡镇区划代码）/ Scope of the points rules: a county or township code',
};

export function completeOpenApiDocument(document: OpenAPIObject, permissions: HandlerPermissions, inputClasses: readonly unknown[] = []): string[] {
  const gaps: string[] = [];
  const doc = document as unknown as Schema;
  doc.servers = [
    {
      url: '/',
      description: '本服务（同源；生产、测试或本地部署均同）/ This service, same origin (production, staging or local deployment alike)',
      'x-internal': false,
    },
  ];
  doc.components ??= {};
  doc.components.schemas ??= {};
  const schemas = doc.components.schemas as Record<string, Schema>;
  schemas[PROBLEM_SCHEMA] = PROBLEM;
  doc.components.headers = { ...(doc.components.headers ?? {}), ...HEADER_DEFINITIONS };
  doc.components.responses = {
    ...(doc.components.responses ?? {}),
    ...Object.fromEntries(
      Object.entries(ERROR_RESPONSES).map(([status, description]) => [
        `Problem${status}`,
        {
          description,
          ...(errorHeaders(status) ? { headers: errorHeaders(status) } : {}),
          content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
        },
      ]),
    ),
  };

  // Which component schemas are inputs (a request body refers to them).
  const inputs = new Set<string>();
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Schema>)) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      if (body) collectRefs(body, schemas, inputs);
    }
  }
  const bounds = validationBounds(inputClasses);
  for (const [name, schema] of Object.entries(schemas)) {
    if (name === PROBLEM_SCHEMA) continue;
    boundSchema(schema, inputs.has(name), bounds.get(name), gaps, name);
  }

  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Schema>)) {
    for (const method of METHODS) {
      const operation = item[method] as Schema | undefined;
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
      const permission = permissions.handlers[key];
      const isPublic = permission === 'PUBLIC';
      const security = securityOf(permission, permissions.roles);
      if (security) operation.security = security;
      else gaps.push(`${key}: no security requirement`);
      for (const parameter of (operation.parameters ?? []) as Schema[]) {
        const schema = parameter.schema as Schema | undefined;
        if (!schema) continue;
        if (parameter.in === 'path' && !parameter.description) parameter.description = PATH_PARAMETER_DESCRIPTIONS[parameter.name as string];
        if (!parameter.description) gaps.push(`${key} ${parameter.in} parameter ${parameter.name as string}: no description`);
        if (parameter.in === 'path') boundString(schema, false, Math.min(schema.maxLength ?? PATH_PARAMETER_MAX_LENGTH, PATH_PARAMETER_MAX_LENGTH), gaps, key);
        else boundSchema(schema, true, undefined, gaps, `${key} ?${parameter.name}`, queryBound(bounds, parameter.name as string));
      }
      for (const content of Object.values((operation.requestBody?.content ?? {}) as Record<string, Schema>)) {
        if (content.schema && !content.schema.$ref) boundSchema(content.schema, true, undefined, gaps, `${key} body`);
      }
      for (const response of Object.values((operation.responses ?? {}) as Record<string, Schema>)) {
        for (const content of Object.values((response.content ?? {}) as Record<string, Schema>)) {
          if (content.schema && !content.schema.$ref) boundSchema(content.schema, false, undefined, gaps, `${key} response`);
        }
      }
      addErrorResponses(operation, { isPublic, hasPathParameters: path.includes('{'), writes: method !== 'get' });
      // Health probes are never counted against a quota (@QuotaExempt), so their answers carry no quota headers.
      if (!((operation.tags ?? []) as string[]).includes('health')) addQuotaHeaders(operation);
    }
  }
  const used = new Set<string>();
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Schema>)) {
    for (const method of METHODS) for (const tag of (item[method]?.tags ?? []) as string[]) used.add(tag);
  }
  doc.tags = [...used].sort().map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  return gaps;
}

/** The bound the validation puts on a query parameter: the largest of the query classes declaring it (all must bound it). */
function queryBound(bounds: Map<string, Map<string, Bounds & { itemMaxLength?: number }>>, name: string): Bounds | undefined {
  let found: Bounds | undefined;
  for (const properties of bounds.values()) {
    const bound = properties.get(name);
    if (!bound) continue;
    found = {
      maxLength: Math.max(found?.maxLength ?? 0, bound.maxLength ?? 0) || undefined,
      maxItems: Math.max(found?.maxItems ?? 0, bound.maxItems ?? 0) || undefined,
    };
  }
  return found;
}

/** Adds the problems an operation may answer with (keeping what it documents, in problem+json). */
function addErrorResponses(operation: Schema, how: { isPublic: boolean; hasPathParameters: boolean; writes: boolean }): void {
  const responses = (operation.responses ??= {}) as Record<string, Schema>;
  const statuses = ['400', '429', '500'];
  if (!how.isPublic) statuses.push('401', '403');
  if (how.hasPathParameters) statuses.push('404');
  if (how.writes) statuses.push('409', '422');
  for (const status of statuses) {
    const existing = responses[status];
    if (!existing) {
      responses[status] = { $ref: `#/components/responses/Problem${status}` };
    } else if (!existing.$ref) {
      existing.content = { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } };
    }
  }
  for (const [status, existing] of Object.entries(responses)) {
    if (!/^[45]/.test(status) || existing.$ref) continue;
    existing.content ??= { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } };
    const headers = errorHeaders(status);
    if (headers) existing.headers = { ...(existing.headers ?? {}), ...headers };
  }
}

/** Documents the quota headers on an operation's successful answers (its error answers have them from addErrorResponses). */
function addQuotaHeaders(operation: Schema): void {
  for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Schema>)) {
    if (/^2/.test(status) && !response.$ref) response.headers = { ...(response.headers ?? {}), ...QUOTA_HEADERS };
  }
}
