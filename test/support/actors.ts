import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/auth/api-keys/api-keys.service.js';
import { Role } from '../../src/access/role.enum.js';
import { StaffUser } from '../../src/reference/staff/staff-user.entity.js';
import { TokenService } from '../../src/auth/tokens/token.service.js';
import { Enterprise } from '../../src/organizing/enterprises/enterprise.entity.js';
import { WorkersService } from '../../src/workers/workers.service.js';
import type { GraphQLResponse } from './test-app.js';

/** A client signed in as someone: REST methods and GraphQL with the credentials already set. */
export interface ActorClient {
  /** Staff user id, worker id, or API key id. */
  id: string;
  /** Bearer token (staff, worker) or API key (platform). */
  token: string;
  /** Refresh token (staff, worker). */
  refreshToken?: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
  patch(path: string): request.Test;
  delete(path: string): request.Test;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

const KNOWN_NAMES: Record<string, string> = { '430000': '湖南省', '431100': '永州市', '431126': '宁远县' };

/** Creates the region and its ancestors (province → city → county → township → community) if missing. */
export async function ensureRegion(dataSource: DataSource, code: string): Promise<{ id: string; path: string }> {
  const chain = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code.slice(0, 6), code.slice(0, 9), code.slice(0, 12)].filter(
    (c, i, all) => c.length <= code.length && c !== all[i - 1] && (i < 3 || c.length > 6),
  );
  const levels = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'COMMUNITY'];
  let parent: { id: string; path: string } | null = null;
  for (const [i, c] of [...new Set(chain)].entries()) {
    const level = c.length === 12 ? 'COMMUNITY' : c.length === 9 ? 'TOWNSHIP' : levels[i];
    const path: string = parent ? `${parent.path}.${c}` : c;
    const countyCode = c.length >= 9 || level === 'COUNTY' ? c.slice(0, 6) : null;
    const rows: { id: string; path: string }[] = await dataSource.query(
      `INSERT INTO region (code, name, level, parent_id, path, county_code) VALUES ($1, $2, $3, $4, $5::ltree, $6)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, path::text AS path`,
      [c, KNOWN_NAMES[c] ?? `区划${c}`, level, parent?.id ?? null, path, countyCode],
    );
    parent = rows[0];
  }
  return parent!;
}

/** A department of a kind in a county (created if missing). */
export async function ensureDepartment(dataSource: DataSource, countyCode: string, kind = 'MARKET_REGULATION'): Promise<string> {
  const county = await ensureRegion(dataSource, countyCode);
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO department (name, kind, region_id, county_code) VALUES ($1, $2, $3, $4)
     ON CONFLICT (region_id, kind) WHERE kind <> 'OTHER' DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [`${kind} ${countyCode}`, kind, county.id, countyCode],
  );
  return rows[0].id;
}

export function actorClient(app: NestFastifyApplication, id: string, header: [string, string], refreshToken?: string): ActorClient {
  const server = app.getHttpServer();
  const withAuth = (test: request.Test) => test.set(header[0], header[1]);
  return {
    id,
    token: header[1].replace(/^Bearer /, ''),
    refreshToken,
    get: (path) => withAuth(request(server).get(path)),
    post: (path) => withAuth(request(server).post(path)),
    put: (path) => withAuth(request(server).put(path)),
    patch: (path) => withAuth(request(server).patch(path)),
    delete: (path) => withAuth(request(server).delete(path)),
    async gql(query, variables) {
      const response = await withAuth(request(server).post('/graphql').set('content-type', 'application/json')).send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
  };
}

// One argon2 hash for every test account: hashing per user would slow every file down.
/** Password of every account made by staffClient. */
export const TEST_PASSWORD = 'test-password-1';
const TEST_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$rUByh3gCexFoDc1iNirGkw$RM+msQRDnPbBydvUwmBhJDeVrdT3vo4957YtAVfyi2A';

/** Signs in as a new staff user with `role` in `regionCode` (default Ningyuan 431126). */
export async function staffClient(
  app: NestFastifyApplication,
  role: Role,
  options: { regionCode?: string; departmentId?: string; username?: string } = {},
): Promise<ActorClient> {
  const dataSource = app.get(DataSource);
  const region = role === Role.ADMIN && !options.regionCode ? null : await ensureRegion(dataSource, options.regionCode ?? '431126');
  const needsDepartment = role === Role.DEPARTMENT_OFFICER || role === Role.INSTRUCTOR;
  const departmentId = options.departmentId ?? (needsDepartment ? await ensureDepartment(dataSource, (options.regionCode ?? '431126').slice(0, 6)) : null);
  const user = await dataSource.getRepository(StaffUser).save({
    username: options.username ?? `${role.toLowerCase()}_${randomBytes(4).toString('hex')}`,
    passwordHash: TEST_PASSWORD_HASH,
    role,
    regionId: region?.id ?? null,
    departmentId,
  });
  const tokens = await app.get(TokenService).issue({ sub: user.id, kind: 'staff', role });
  return actorClient(app, user.id, ['authorization', `Bearer ${tokens.accessToken}`], tokens.refreshToken);
}

/** Signs in as a worker (created on first sight of the phone). */
export async function workerClient(
  app: NestFastifyApplication,
  phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
): Promise<ActorClient & { phone: string }> {
  const worker = await app.get(WorkersService).findOrCreateByPhone(phone);
  const tokens = await app.get(TokenService).issue({ sub: worker.id, kind: 'worker', role: Role.WORKER });
  return { ...actorClient(app, worker.id, ['authorization', `Bearer ${tokens.accessToken}`], tokens.refreshToken), phone };
}

/** A platform enterprise in Ningyuan (created when `enterpriseId` is not given) and a key for it. */
export async function platformClient(app: NestFastifyApplication, enterpriseId?: string): Promise<ActorClient & { enterpriseId: string }> {
  const dataSource = app.get(DataSource);
  if (!enterpriseId) {
    const township = await ensureRegion(dataSource, '431126100');
    const saved = await dataSource.getRepository(Enterprise).save({
      name: `平台${randomBytes(3).toString('hex')}`,
      socialCreditCode: randomSocialCreditCode(),
      industry: 'FOOD_DELIVERY',
      townshipId: township.id,
      countyCode: '431126',
      isPlatform: true,
    });
    enterpriseId = saved.id;
  }
  const { apiKey, key } = await app.get(ApiKeysService).create(null, { enterpriseId, name: 'test key' });
  return { ...actorClient(app, apiKey.id, ['x-api-key', key]), enterpriseId };
}

/** A random code that passes the GB 32100 checksum. */
export function randomSocialCreditCode(): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91431126${Array.from({ length: 9 }, () => chars[Math.floor(Math.random() * 31)]).join('')}`;
  const sum = [...body].reduce((acc, ch, i) => acc + chars.indexOf(ch) * weights[i], 0);
  return body + chars[(31 - (sum % 31)) % 31];
}
