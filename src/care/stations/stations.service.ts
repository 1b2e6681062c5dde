import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Not, Repository, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { Clock } from '../../common/clock/clock.js';
import { isCalendarDate } from '../../common/clock/shanghai.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { toConnectionInOneStatement, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readPage } from '../../common/pagination/page-statement.js';
import { readReferences } from '../../common/references/references.js';
import { Department } from '../../reference/departments/department.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { inScope, placedAtInScope } from '../../access/scope.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import { CheckInCodes, splitScanned } from '../check-in-codes/check-in-codes.service.js';
import type {
  AmenityStatusInput,
  CreateStationInput,
  NearestStationsArgs,
  NearbyStationDto,
  StationDailyVisitsDto,
  StationFilter,
  UpdateStationInput,
} from './dto/station.dto.js';
import { STATION_QR_PREFIX, stationQrPayload } from './dto/station.dto.js';
import type { OpeningHoursDto } from './dto/opening-hours.dto.js';
import { isOpenAt, isOpenAtMoment, openingHoursErrors, shanghaiMoment, type OpeningHours } from './opening-hours.js';
import { StationAmenity } from './station-amenity.entity.js';
import { StationCheckIn } from './station-check-in.entity.js';
import { Amenity, StationStatus } from './station.enums.js';
import { Station } from './station.entity.js';
import { DAILY_VISITS_SQL, NEAREST_STATIONS_SQL, STATION_REFERENCES_SQL, type StationReferences } from './stations.sql.js';
import { EventType, OutboxService, stationEventPayload } from '../care-outbox.js';

const newestFirst: KeysetOrder<Station> = { column: 'station.created_at', idColumn: 'station.id', direction: 'DESC', read: (s) => [s.createdAt, s.id] };

/** Which status a station may move to from each status. */
export const STATION_TRANSITIONS: Readonly<Record<StationStatus, readonly StationStatus[]>> = {
  PLANNED: [StationStatus.OPEN, StationStatus.CLOSED],
  OPEN: [StationStatus.SUSPENDED, StationStatus.CLOSED],
  SUSPENDED: [StationStatus.OPEN, StationStatus.CLOSED],
  CLOSED: [],
};

/** What a station manager may change on their own station. */
const MANAGER_FIELDS = new Set(['openingHours', 'amenities', 'expectedVersion']);
/** Most stations `nearestStations` weighs when it must filter by opening hours (a 50 km radius in a dense city). */
const OPEN_NOW_CANDIDATES = 2000;

/** A listed station with its amenities (read with the page). */
export type StationWithAmenities = Station & { amenities: StationAmenity[] };

/** A station row as the distance search returns it. */
interface NearbyRow {
  id: string;
  code: string;
  name: string;
  kind: Station['kind'];
  host_venue: Station['hostVenue'];
  address: string;
  lat: number;
  lng: number;
  status: StationStatus;
  opening_hours: OpeningHours | null;
  distance: number;
  amenities: { amenity: Amenity; working: boolean; statusChangedAt: string; note: string | null }[];
}

/** 驿站 Stations: upkeep within scope, the public distance search, and worker check-ins. */
@Injectable()
export class StationsService {
  constructor(
    @InjectRepository(Station) private readonly stations: Repository<Station>,
    @InjectRepository(StationAmenity) private readonly amenities: Repository<StationAmenity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionService,
    private readonly clock: Clock,
    private readonly checkInCodes: CheckInCodes,
  ) {}

  /** Stations the caller may see: their region subtree; a station manager only their own stations. */
  scoped(actor: Actor): SelectQueryBuilder<Station> {
    const scope = placedAtInScope(actor, 'station');
    const query = this.stations.createQueryBuilder('station').where(scope.sql, scope.params);
    if (actor.role === Role.STATION_MANAGER) query.andWhere('station.manager_id = :managerId', { managerId: actor.id });
    return query;
  }

  /** A station in the caller's scope; NOT_FOUND otherwise (existence outside scope is not revealed). */
  async get(actor: Actor, id: string): Promise<Station> {
    const station = await this.scoped(actor).andWhere('station.id = :id', { id }).getOne();
    if (!station) throw DomainError.notFound('Station', id);
    return station;
  }

  /** One GraphQL page of stations in scope, newest first, each with its amenities (one statement for the page, amenities and total). */
  async connection(actor: Actor, filter: StationFilter, args: ConnectionArgs): Promise<ConnectionShape<StationWithAmenities>> {
    return toConnectionInOneStatement(await this.filtered(actor, filter), newestFirst, args, async (page, count) => {
      const { rows, total } = await readPage<Station, { amenityRows: (Omit<StationAmenity, 'statusChangedAt'> & { statusChangedAt: string })[] }>(page, count, {
        alias: 's',
        select: `COALESCE((SELECT json_agg(json_build_object('stationId', a.station_id, 'amenity', a.amenity, 'working', a.working,
                                                            'statusChangedAt', a.status_changed_at, 'note', a.note) ORDER BY a.amenity)
                           FROM station_amenity a WHERE a.station_id = s.id), '[]'::json) AS "amenityRows"`,
        joins: '',
      });
      return {
        total,
        rows: rows.map((station) =>
          Object.assign(station, { amenities: station.amenityRows.map((a) => ({ ...a, statusChangedAt: new Date(a.statusChangedAt) })) }),
        ),
      };
    }) as Promise<ConnectionShape<StationWithAmenities>>;
  }

  /** One REST page of stations in scope, newest first. */
  async page(actor: Actor, filter: StationFilter, query: CursorQuery): Promise<CursorPageShape<Station>> {
    return toCursorPage(await this.filtered(actor, filter), newestFirst, query);
  }

  /** Whether the station is open at the Clock's now (Asia/Shanghai hours). */
  isOpenNow(station: Pick<Station, 'status' | 'openingHours'>): boolean {
    return station.status === StationStatus.OPEN && isOpenAt(station.openingHours, this.clock.now());
  }

  /**
   * A station the caller may change: one in scope (`get`) and, for a department officer, one their
   * department runs (they see every station of their region, but run only their department's).
   */
  async getManageable(actor: Actor, id: string): Promise<Station> {
    const station = await this.get(actor, id);
    if (actor.role === Role.DEPARTMENT_OFFICER && (!actor.departmentId || station.departmentId !== actor.departmentId)) {
      throw DomainError.forbidden('Department officers change only the stations their department runs');
    }
    return station;
  }

  /**
   * Creates a station in a township of the caller's region, with its amenities (all working). A
   * department officer's station is their department's; other officers may name the department that runs it.
   */
  async create(actor: Actor, input: CreateStationInput): Promise<Station> {
    if (actor.role === Role.STATION_MANAGER) throw DomainError.forbidden('Station managers edit their own stations; officers create stations');
    const township = await this.regions.findByCode(input.townshipCode);
    if (!township || township.level !== RegionLevel.TOWNSHIP || !inScope(actor, township.path)) {
      throw DomainError.badField('townshipCode', `no township ${input.townshipCode} in your region`);
    }
    let departmentId = input.departmentId ?? null;
    if (actor.role === Role.DEPARTMENT_OFFICER) {
      if (departmentId && departmentId !== actor.departmentId) throw DomainError.badField('departmentId', 'must be your own department');
      departmentId = actor.departmentId ?? null;
    } else if (departmentId) {
      await this.checkDepartment(departmentId, township.countyCode!);
    }
    this.checkHours(input.openingHours);
    if (input.managerId) await this.checkManager(input.managerId);
    if (await this.stations.existsBy({ code: input.code })) throw DomainError.conflict(`Station code ${input.code} is taken`, { field: 'code' });
    return this.dataSource.transaction(async (manager) => {
      const station = await manager.save(
        manager.create(Station, {
          code: input.code,
          name: input.name.trim(),
          kind: input.kind,
          hostVenue: input.hostVenue,
          address: input.address.trim(),
          lat: input.lat,
          lng: input.lng,
          townshipId: township.id,
          countyCode: township.countyCode!,
          managerId: input.managerId ?? null,
          departmentId,
          status: input.status ?? StationStatus.PLANNED,
          openingHours: (input.openingHours as OpeningHours | undefined) ?? null,
        }),
      );
      if (input.amenities?.length) {
        await manager.insert(
          StationAmenity,
          input.amenities.map((amenity) => ({ stationId: station.id, amenity, statusChangedAt: this.clock.now() })),
        );
      }
      return station;
    });
  }

  /**
   * Edits a station the caller may change (`getManageable`). Station managers may change only hours and
   * amenities; only the county's officers assign it to another department; a status change must follow
   * STATION_TRANSITIONS; `expectedVersion` refuses an edit made on a stale copy.
   */
  async update(actor: Actor, id: string, input: UpdateStationInput): Promise<Station> {
    const station = await this.getManageable(actor, id);
    if (actor.role === Role.STATION_MANAGER) {
      const others = Object.keys(input).filter((key) => input[key as keyof UpdateStationInput] !== undefined && !MANAGER_FIELDS.has(key));
      if (others.length > 0)
        throw new DomainError(ErrorCode.FORBIDDEN, `Station managers may change only opening hours and amenities, not ${others.join(', ')}`, {
          fields: others.map((field) => ({ field, message: 'is for officers' })),
        });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== station.version) {
      throw DomainError.conflict(`Station ${id} changed since version ${input.expectedVersion} (now ${station.version}); reload it`, {
        currentVersion: station.version,
      });
    }
    const statusFrom = station.status;
    if (input.status !== undefined && input.status !== station.status) {
      const allowed = STATION_TRANSITIONS[station.status];
      if (!allowed.includes(input.status)) {
        throw DomainError.conflict(`A ${station.status} station cannot become ${input.status}`, { field: 'status', from: station.status, allowed });
      }
      station.status = input.status;
    }
    this.checkHours(input.openingHours);
    if (input.managerId !== undefined) await this.checkManager(input.managerId);
    if (input.departmentId !== undefined && input.departmentId !== station.departmentId) {
      if (actor.role === Role.DEPARTMENT_OFFICER) throw DomainError.badField('departmentId', 'only the county’s officers hand a station to another department');
      if (input.departmentId !== null) await this.checkDepartment(input.departmentId, station.countyCode);
    }
    for (const key of ['name', 'kind', 'hostVenue', 'address', 'lat', 'lng', 'managerId', 'departmentId'] as const) {
      if (input[key] !== undefined) Object.assign(station, { [key]: input[key] });
    }
    if (input.openingHours !== undefined) station.openingHours = input.openingHours as OpeningHours;
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(station);
      if (input.amenities !== undefined) {
        await manager.delete(StationAmenity, { stationId: id, ...(input.amenities.length ? { amenity: notIn(input.amenities) } : {}) });
        if (input.amenities.length) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(StationAmenity)
            .values(input.amenities.map((amenity) => ({ stationId: id, amenity, statusChangedAt: this.clock.now() })))
            .orIgnore()
            .execute();
        }
      }
      if (saved.status !== statusFrom)
        await OutboxService.append(
          manager,
          EventType.STATION_STATUS_CHANGED,
          `station:${id}`,
          stationEventPayload(saved, { from: statusFrom, to: saved.status }),
          { countyCode: saved.countyCode },
        );
      return saved;
    });
  }

  /** A manager marks one of the station's amenities out of order (or back in order); the time is kept. */
  async setAmenityStatus(actor: Actor, stationId: string, input: AmenityStatusInput): Promise<StationAmenity> {
    const station = await this.getManageable(actor, stationId);
    const row = await this.amenities.findOneBy({ stationId, amenity: input.amenity });
    if (!row) throw DomainError.badField('amenity', `station ${stationId} has no ${input.amenity}`);
    const changed = row.working !== input.working;
    if (changed) row.statusChangedAt = this.clock.now();
    row.working = input.working;
    row.note = input.note ?? null;
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(row);
      if (changed)
        await OutboxService.append(
          manager,
          EventType.STATION_STATUS_CHANGED,
          `station:${stationId}`,
          stationEventPayload(station, { amenity: { amenity: row.amenity, working: row.working } }),
          { countyCode: station.countyCode },
        );
      return saved;
    });
  }

  /** REST: what each station references (township, department), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, StationReferences>> {
    return readReferences(this.dataSource, STATION_REFERENCES_SQL, ids);
  }

  /** Amenities of several stations, for the per-request loader. */
  amenitiesOf(stationIds: readonly string[]): Promise<StationAmenity[]> {
    return this.amenities.find({ where: { stationId: In([...stationIds]) }, order: { amenity: 'ASC' } });
  }

  /**
   * `nearestStations`: OPEN stations within `radiusMeters`, nearest first, with every listed amenity
   * working, and when `openNow` only those open at the Clock's now (hours in Asia/Shanghai).
   */
  async nearest(args: NearestStationsArgs): Promise<NearbyStationDto[]> {
    const amenities = args.amenities?.length ? args.amenities : null;
    const limit = args.openNow ? OPEN_NOW_CANDIDATES : args.first;
    const rows: NearbyRow[] = await this.dataSource.query(NEAREST_STATIONS_SQL, [args.lat, args.lng, args.radiusMeters, amenities, limit]);
    const now = shanghaiMoment(this.clock.now());
    const found = rows.map((row) => ({
      id: row.id,
      code: row.code,
      qrPayload: stationQrPayload(row.code),
      name: row.name,
      kind: row.kind,
      hostVenue: row.host_venue,
      address: row.address,
      lat: row.lat,
      lng: row.lng,
      status: row.status,
      openingHours: row.opening_hours as OpeningHoursDto | null,
      distanceMeters: Math.round(row.distance * 10) / 10,
      openNow: isOpenAtMoment(row.opening_hours, now),
      amenities: row.amenities.map((a) => ({ ...a, statusChangedAt: new Date(a.statusChangedAt) })),
    }));
    return (args.openNow ? found.filter((s) => s.openNow) : found).slice(0, args.first);
  }

  /** What the station's screen shows for workers to scan now: for the staff who run it (`getManageable`). */
  async checkInCode(actor: Actor, stationId: string): Promise<CheckInCodeDto> {
    const station = await this.getManageable(actor, stationId);
    return CheckInCodeDto.from(stationQrPayload(station.code), this.checkInCodes.current(`station:${station.id}`));
  }

  /**
   * A worker checks in by scanning the code on the station's screen (`NF-STN-<code>.<rotating code>`, see
   * CheckInCodes): at most once per station per clock hour, enforced by a unique index, so concurrent
   * scans count once.
   */
  async checkIn(actor: Actor, scanned: string): Promise<{ checkIn: StationCheckIn; station: Station }> {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker checks in');
    const parts = splitScanned(scanned, STATION_QR_PREFIX);
    const code = parts.fixed;
    const station = await this.stations.findOneBy({ code });
    if (!station) throw DomainError.notFound('Station', code);
    await this.checkInCodes.verify(actor, `station:${station.id}`, parts, 'station');
    if (station.status !== StationStatus.OPEN) throw DomainError.conflict(`Station ${code} is ${station.status}, not open`, { status: station.status });
    const now = this.clock.now();
    const hourSlot = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(StationCheckIn)
      .values({ stationId: station.id, workerId: actor.workerId, checkedInAt: now, hourSlot, countyCode: station.countyCode })
      .orIgnore()
      .returning('*')
      .execute();
    const row = inserted.raw[0] as Record<string, unknown> | undefined;
    if (!row) {
      const next = new Date(hourSlot.getTime() + 3_600_000);
      throw DomainError.conflict(`You already checked in at ${station.name} this hour; check in again after ${next.toISOString()}`, {
        nextCheckInAt: next.toISOString(),
      });
    }
    const checkIn = Object.assign(new StationCheckIn(), {
      id: row.id as string,
      stationId: station.id,
      workerId: actor.workerId,
      checkedInAt: now,
      hourSlot,
      countyCode: station.countyCode,
    });
    return { checkIn, station };
  }

  /** Check-ins and distinct workers per day (Asia/Shanghai) at a station in scope, every day of [from, to]. */
  async dailyVisits(actor: Actor, stationId: string, from: string, to: string): Promise<StationDailyVisitsDto[]> {
    if (!isCalendarDate(from)) throw DomainError.badField('from', 'must be a date YYYY-MM-DD');
    if (!isCalendarDate(to)) throw DomainError.badField('to', 'must be a date YYYY-MM-DD');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) throw DomainError.badField('to', 'must not be before from');
    if (days > 366) throw DomainError.badField('to', 'must be at most 366 days after from');
    await this.get(actor, stationId);
    return this.dataSource.query(DAILY_VISITS_SQL, [stationId, from, to]);
  }

  private async filtered(actor: Actor, filter: StationFilter): Promise<SelectQueryBuilder<Station>> {
    const query = this.scoped(actor);
    if (filter.regionCode) {
      const region = await this.regions.findByCode(filter.regionCode);
      query.andWhere('station.township_id IN (SELECT r.id FROM region r WHERE r.path <@ :filterPath)', { filterPath: region?.path ?? filter.regionCode });
    }
    if (filter.status) query.andWhere('station.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('station.kind = :kind', { kind: filter.kind });
    return query;
  }

  private checkHours(hours: OpeningHours | undefined): void {
    if (!hours) return;
    const errors = openingHoursErrors(hours);
    if (errors.length) throw DomainError.badInput(`Invalid opening hours: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }

  private async checkDepartment(departmentId: string, countyCode: string): Promise<void> {
    const department = await this.dataSource.getRepository(Department).findOneBy({ id: departmentId });
    if (!department || department.countyCode !== countyCode) throw DomainError.badField('departmentId', 'must be a department of the station’s county');
  }

  private async checkManager(managerId: string): Promise<void> {
    const user = await this.dataSource.getRepository(StaffUser).findOneBy({ id: managerId });
    if (!user || user.role !== Role.STATION_MANAGER || user.disabled) throw DomainError.badField('managerId', 'must be an active STATION_MANAGER account');
  }
}

function notIn(values: Amenity[]) {
  return Not(In(values));
}
