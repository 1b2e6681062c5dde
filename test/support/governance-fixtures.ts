import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/access/role.enum.js';
import { ensureDepartment, ensureRegion, type ActorClient } from './actors.js';
import type { TestApp } from './test-app.js';

/** A square GeoJSON polygon [lng0, lat0] to [lng1, lat1]. */
export function square(lng0: number, lat0: number, lng1: number, lat1: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng0, lat0],
        [lng1, lat0],
        [lng1, lat1],
        [lng0, lat1],
        [lng0, lat0],
      ],
    ],
  };
}

/** The township office (kind TOWNSHIP) of a township, created if missing. */
export async function ensureTownshipDepartment(dataSource: DataSource, townshipCode: string): Promise<string> {
  const township = await ensureRegion(dataSource, townshipCode);
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO department (name, kind, region_id, county_code) VALUES ($1, 'TOWNSHIP', $2, $3)
     ON CONFLICT (region_id, kind) WHERE kind <> 'OTHER' DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [`乡镇办 ${townshipCode}`, township.id, townshipCode.slice(0, 6)],
  );
  return rows[0].id;
}

/** A grid drawn by an admin in a community, with a grid worker of its own; returns ids and the grid worker's client. */
export async function makeGrid(
  t: TestApp,
  admin: ActorClient,
  options: { communityCode?: string; boundary?: ReturnType<typeof square>; code?: string } = {},
): Promise<{ id: string; code: string; gridWorker: ActorClient }> {
  const communityCode = options.communityCode ?? '431126100001';
  await ensureRegion(t.dataSource, communityCode);
  const gridWorker = await t.as(Role.GRID_WORKER, { regionCode: communityCode.slice(0, 9) });
  const code = options.code ?? `G-${randomBytes(3).toString('hex')}`;
  const response = await admin
    .post('/api/v1/grids')
    .send({ code, name: `网格 ${code}`, communityCode, gridWorkerId: gridWorker.id, boundary: options.boundary ?? square(111.9, 25.6, 111.95, 25.65) })
    .expect(201);
  return { id: response.body.id, code, gridWorker };
}

export { ensureDepartment, ensureRegion };
