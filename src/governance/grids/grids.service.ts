import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, QueryFailedError, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { inScope, withinRegion } from '../../access/scope.js';
import type { CreateGridInput, GridImportDto, UpdateGridInput } from './dto/grid.dto.js';
import { GridEnrolment, GridEnrolmentStatus } from './grid-enrolment.entity.js';
import { Grid } from './grid.entity.js';
import { ENROLMENT_REFERENCES_SQL, GRID_AT_SQL, GRID_REFERENCES_SQL, type EnrolmentReferences, type GridReferences } from './grids.sql.js';
import { centroidOf, ringOf, toPgPolygon } from './grid-geometry.js';

/** A grid with its community loaded (for the community code). */
export type GridWithCommunity = Grid & { community: Region };

const byCode: KeysetOrder<Grid> = { column: 'grid.code', idColumn: 'grid.id', direction: 'ASC', sortType: 'text', read: (g) => [g.code, g.id] };
const newestEnrolmentFirst: KeysetOrder<GridEnrolment> = {
  column: 'enrolment.requested_at',
  idColumn: 'enrolment.id',
  direction: 'DESC',
  read: (e) => [e.requestedAt, e.id],
};

/**
 * 网格 Grids and mobile-grid enrolment (流动网格报到). Boundaries are PostgreSQL polygons (x = lng,
 * y = lat); `gridAt` finds candidates through the GiST index and confirms with exact containment.
 */
@Injectable()
export class GridsService {
  constructor(
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @InjectRepository(GridEnrolment) private readonly enrolments: Repository<GridEnrolment>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The grid containing the point, or null. A point exactly on a boundary counts as inside
   * (PostgreSQL's polygon `@>` point includes the edge, and its geometric operators compare with a
   * tolerance of 1e-6, about 0.1 m here); on an edge two grids share, the one with the lowest code
   * wins, so the answer is stable.
   */
  async gridAt(lat: number, lng: number, manager: EntityManager = this.dataSource.manager): Promise<GridWithCommunity | null> {
    const rows: { id: string }[] = await manager.query(GRID_AT_SQL, [lng, lat]);
    if (rows.length === 0) return null;
    return (await manager.getRepository(Grid).findOne({ where: { id: rows[0].id }, relations: { community: true } })) as GridWithCommunity;
  }

  /** Creates a grid in a community inside the caller's region. */
  async create(actor: Actor, input: CreateGridInput): Promise<GridWithCommunity> {
    return this.dataSource.transaction(async (manager) => {
      const grid = await this.upsertOne(actor, manager, { ...input }, null, '');
      return grid;
    });
  }

  /** Renames a grid, reassigns its grid worker or redraws its boundary. */
  async update(actor: Actor, id: string, input: UpdateGridInput): Promise<GridWithCommunity> {
    const grid = await this.get(actor, id);
    if (input.name !== undefined) grid.name = input.name.trim();
    if (input.gridWorkerId !== undefined) grid.gridWorkerId = await this.checkGridWorker(this.dataSource.manager, input.gridWorkerId, 'gridWorkerId');
    if (input.boundary !== undefined) Object.assign(grid, geometryOf(input.boundary, 'boundary'));
    await this.grids.save(grid);
    return grid;
  }

  /**
   * Imports a GeoJSON FeatureCollection: each Polygon feature creates or updates (by `code`) one
   * grid. All or nothing: the first bad feature refuses the whole file, naming `features.N.…`.
   */
  async importGeoJson(actor: Actor, collection: GridImportDto): Promise<{ created: number; updated: number }> {
    return this.dataSource.transaction(async (manager) => {
      let created = 0;
      let updated = 0;
      for (const [i, feature] of collection.features.entries()) {
        const p = feature.properties ?? {};
        const field = (name: string) => `features.${i}.properties.${name}`;
        const text = (name: string, pattern: RegExp, message: string): string => {
          const value = p[name];
          if (typeof value !== 'string' || !pattern.test(value)) throw DomainError.badField(field(name), message);
          return value;
        };
        const code = text('code', /^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, - or _');
        const name = text('name', /^.{1,100}$/s, 'must be a name of 1-100 characters');
        const communityCode = text('communityCode', /^\d{12}$/, 'must be a community code of 12 digits');
        const gridWorkerId = p.gridWorkerId === undefined ? undefined : text('gridWorkerId', /^[0-9a-f-]{36}$/i, 'must be a staff user id');
        const existing = await manager.getRepository(Grid).findOneBy({ code });
        await this.upsertOne(
          actor,
          manager,
          { code, name, communityCode, gridWorkerId, boundary: feature.geometry },
          existing,
          `features.${i}.`,
          `features.${i}.geometry`,
        );
        if (existing) updated++;
        else created++;
      }
      return { created, updated };
    });
  }

  /** A grid in the caller's scope (grid workers: their own grids); NOT_FOUND otherwise. */
  async get(actor: Actor, id: string): Promise<GridWithCommunity> {
    const grid = await this.scoped(actor).andWhere('grid.id = :id', { id }).getOne();
    if (!grid) throw DomainError.notFound('Grid', id);
    return grid as GridWithCommunity;
  }

  /** GraphQL: grids in scope, by code. */
  connection(actor: Actor, filter: { regionCode?: string }, args: ConnectionArgs): Promise<ConnectionShape<Grid>> {
    return toConnection(this.search(actor, filter), byCode, args);
  }

  /** REST: grids in scope, by code. */
  page(actor: Actor, filter: { regionCode?: string }, query: CursorQuery): Promise<CursorPageShape<Grid>> {
    return toCursorPage(this.search(actor, filter), byCode, query);
  }

  /** REST: what each grid references (its community and township), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, GridReferences>> {
    return readReferences(this.dataSource, GRID_REFERENCES_SQL, ids);
  }

  /** REST: the grid each enrolment is in, named; one statement for them all. */
  enrolmentReferences(ids: readonly string[]): Promise<Map<string, EnrolmentReferences>> {
    return readReferences(this.dataSource, ENROLMENT_REFERENCES_SQL, ids);
  }

  /** Grids by id (DataLoader batch), community loaded. */
  async byIds(ids: readonly string[]): Promise<GridWithCommunity[]> {
    return (await this.grids.find({ where: { id: In([...ids]) }, relations: { community: true } })) as GridWithCommunity[];
  }

  // ── 流动网格报到 mobile-grid enrolment ──

  /** A worker asks to join a grid; one grid at a time (a second open enrolment is a CONFLICT). */
  async enrol(actor: Actor, gridId: string): Promise<GridEnrolment> {
    const workerId = workerOf(actor);
    const grid = await this.grids.findOneBy({ id: gridId });
    if (!grid) throw DomainError.notFound('Grid', gridId);
    try {
      const enrolment = this.enrolments.create({
        workerId,
        gridId,
        countyCode: grid.countyCode,
        status: GridEnrolmentStatus.PENDING,
        requestedAt: this.clock.now(),
        confirmedAt: null,
        confirmedById: null,
        endedAt: null,
      });
      return await this.enrolments.save(enrolment);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_grid_enrolment_active_worker')) {
        throw DomainError.conflict('You are already enrolled in a grid: leave it before joining another', { field: 'gridId' });
      }
      throw error;
    }
  }

  /** The worker's enrolment that has not ended, or null. */
  mine(actor: Actor): Promise<GridEnrolment | null> {
    return this.enrolments.findOneBy({ workerId: workerOf(actor), endedAt: IsNull() });
  }

  /** The worker leaves their grid; NOT_FOUND when not enrolled. */
  async leave(actor: Actor): Promise<GridEnrolment> {
    const enrolment = await this.mine(actor);
    if (!enrolment) throw DomainError.notFound('GridEnrolment');
    enrolment.status = GridEnrolmentStatus.ENDED;
    enrolment.endedAt = this.clock.now();
    return this.enrolments.save(enrolment);
  }

  /** The grid worker (or a township officer in scope) confirms a pending enrolment. */
  async confirm(actor: Actor, enrolmentId: string): Promise<GridEnrolment> {
    const enrolment = await this.enrolments.findOneBy({ id: enrolmentId });
    if (!enrolment) throw DomainError.notFound('GridEnrolment', enrolmentId);
    await this.get(actor, enrolment.gridId).catch(() => {
      throw DomainError.notFound('GridEnrolment', enrolmentId);
    });
    if (enrolment.status !== GridEnrolmentStatus.PENDING) {
      throw DomainError.conflict(`A ${enrolment.status} enrolment cannot be confirmed`, { status: enrolment.status, allowed: [] });
    }
    enrolment.status = GridEnrolmentStatus.CONFIRMED;
    enrolment.confirmedAt = this.clock.now();
    enrolment.confirmedById = actor.id;
    return this.enrolments.save(enrolment);
  }

  /** GraphQL: enrolments in grids the caller sees, newest first. */
  enrolmentConnection(actor: Actor, filter: { gridId?: string; status?: GridEnrolmentStatus }, args: ConnectionArgs): Promise<ConnectionShape<GridEnrolment>> {
    return toConnection(this.searchEnrolments(actor, filter), newestEnrolmentFirst, args);
  }

  /** REST: enrolments in grids the caller sees, newest first. */
  enrolmentPage(actor: Actor, filter: { gridId?: string; status?: GridEnrolmentStatus }, query: CursorQuery): Promise<CursorPageShape<GridEnrolment>> {
    return toCursorPage(this.searchEnrolments(actor, filter), newestEnrolmentFirst, query);
  }

  // Grids the caller sees: grid workers their own; everyone else their region subtree.
  private scoped(actor: Actor): SelectQueryBuilder<Grid> {
    const query = this.grids.createQueryBuilder('grid').innerJoinAndSelect('grid.community', 'community');
    if (actor.role === Role.GRID_WORKER) return query.andWhere('grid.grid_worker_id = :staffId', { staffId: actor.id });
    const scope = withinRegion(actor, 'community');
    return query.andWhere(scope.sql, scope.params);
  }

  private search(actor: Actor, filter: { regionCode?: string }): SelectQueryBuilder<Grid> {
    const query = this.scoped(actor);
    if (filter.regionCode) {
      query.andWhere(`community.path <@ (SELECT r.path FROM region r WHERE r.code = :regionCode)`, { regionCode: filter.regionCode });
    }
    return query;
  }

  private searchEnrolments(actor: Actor, filter: { gridId?: string; status?: GridEnrolmentStatus }): SelectQueryBuilder<GridEnrolment> {
    const grids = this.scoped(actor).select('grid.id');
    const query = this.enrolments.createQueryBuilder('enrolment').where(`enrolment.grid_id IN (${grids.getQuery()})`).setParameters(grids.getParameters());
    if (filter.gridId) query.andWhere('enrolment.grid_id = :gridId', { gridId: filter.gridId });
    if (filter.status) query.andWhere('enrolment.status = :status', { status: filter.status });
    return query;
  }

  // Creates or updates one grid; `prefix` names fields inside an import (`features.3.`).
  private async upsertOne(
    actor: Actor,
    manager: EntityManager,
    input: { code: string; name: string; communityCode: string; gridWorkerId?: string; boundary: { type?: unknown; coordinates?: unknown } },
    existing: Grid | null,
    prefix: string,
    boundaryField = 'boundary',
  ): Promise<GridWithCommunity> {
    const communityField = prefix ? `${prefix}properties.communityCode` : 'communityCode';
    const community = await manager.getRepository(Region).findOneBy({ code: input.communityCode });
    if (!community || community.level !== RegionLevel.COMMUNITY) throw DomainError.badField(communityField, `${input.communityCode} is not a known community`);
    if (!inScope(actor, community.path)) {
      throw DomainError.badField(communityField, `${input.communityCode} is outside your region`);
    }
    if (existing) {
      const ownerCommunity = await manager.getRepository(Region).findOneByOrFail({ id: existing.communityId });
      if (!inScope(actor, ownerCommunity.path)) {
        throw DomainError.badField(`${prefix}properties.code`, `grid ${input.code} exists outside your region`);
      }
    }
    const gridWorkerId =
      input.gridWorkerId === undefined
        ? (existing?.gridWorkerId ?? null)
        : await this.checkGridWorker(manager, input.gridWorkerId, prefix ? `${prefix}properties.gridWorkerId` : 'gridWorkerId');
    const grid = manager.getRepository(Grid).create({
      ...(existing ?? {}),
      code: input.code,
      name: input.name.trim(),
      communityId: community.id,
      countyCode: community.countyCode!,
      gridWorkerId,
      ...geometryOf(input.boundary, boundaryField),
    });
    if (!existing && (await manager.getRepository(Grid).existsBy({ code: input.code }))) {
      throw DomainError.conflict(`Grid code ${input.code} is taken`, { field: prefix ? `${prefix}properties.code` : 'code' });
    }
    const saved = await manager.getRepository(Grid).save(grid);
    return Object.assign(saved, { community });
  }

  private async checkGridWorker(manager: EntityManager, staffId: string, field: string): Promise<string> {
    const staff = await manager.getRepository(StaffUser).findOneBy({ id: staffId });
    if (!staff || staff.role !== Role.GRID_WORKER) throw DomainError.badField(field, 'must be a staff user with role GRID_WORKER');
    return staff.id;
  }
}

/** Boundary columns from a GeoJSON polygon (validated). */
function geometryOf(polygon: { type?: unknown; coordinates?: unknown }, field: string): Pick<Grid, 'boundary' | 'centroidLat' | 'centroidLng'> {
  const ring = ringOf(polygon, field);
  const centroid = centroidOf(ring);
  return { boundary: toPgPolygon(ring), centroidLat: centroid.lat, centroidLng: centroid.lng };
}

/** The worker behind a WORKER caller. */
export function workerOf(actor: Actor): string {
  if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker can do this');
  return actor.workerId;
}

/** Whether an error is PostgreSQL's unique violation on this constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return pg?.code === '23505' && pg.constraint === constraint;
}
