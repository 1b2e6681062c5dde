import { randomBytes } from 'node:crypto';
import { Role } from '../../src/access/role.enum.js';
import { TokenService } from '../../src/auth/tokens/token.service.js';
import { actorClient, ensureRegion, type ActorClient } from './actors.js';
import type { TestApp } from './test-app.js';

/** Ningyuan's county seat, roughly (宁远县舜陵街道). */
export const NINGYUAN = { lat: 25.5967, lng: 111.9447 };

/** A point `north` and `east` metres from `from` (good enough within a few km). */
export function offset(from: { lat: number; lng: number }, north: number, east: number): { lat: number; lng: number } {
  return { lat: from.lat + north / 111_195, lng: from.lng + east / (111_195 * Math.cos((from.lat * Math.PI) / 180)) };
}

/** Many signed-in workers at once: one INSERT for the records, tokens signed without a database round trip each. */
export async function manyWorkers(t: TestApp, count: number): Promise<ActorClient[]> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO worker (phone_masked, county_code) SELECT '139****' || lpad(g::text, 4, '0'), '431126' FROM generate_series(1, $1) g RETURNING id`,
    [count],
  );
  const tokens = t.app.get(TokenService);
  return Promise.all(
    rows.map(async ({ id }) => actorClient(t.app, id, ['authorization', `Bearer ${await tokens.sign({ sub: id, kind: 'worker', role: Role.WORKER })}`])),
  );
}

/** Creates a station over GraphQL as `client` (an officer), returning its id and code. */
export async function createStation(client: ActorClient, overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const code = `T-${randomBytes(4).toString('hex').toUpperCase()}`;
  const response = await client.gql<{ createStation: { id: string; code: string } }>(
    'mutation($input: CreateStationInput!) { createStation(input: $input) { id code } }',
    {
      input: {
        code,
        name: `驿站 ${code}`,
        kind: 'COURIER_STATION',
        hostVenue: 'LIBRARY',
        address: '宁远县舜陵街道',
        ...NINGYUAN,
        townshipCode: '431126100',
        status: 'OPEN',
        openingHours: { weekly: allWeek('00:00', '24:00') },
        ...overrides,
      },
    },
  );
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createStation;
}

/** The same range every day of the week. */
export function allWeek(start: string, end: string) {
  return ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({ day, ranges: [{ start, end }] }));
}

/** The township every care test uses. */
export const ensureTownship = (t: TestApp) => ensureRegion(t.dataSource, '431126100');
