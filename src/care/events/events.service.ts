import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { DepartmentService } from '../../reference/departments/department.service.js';
import { inScope, withinRegion } from '../../access/scope.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { StationsService } from '../stations/stations.service.js';
import { CheckInCodeDto } from '../check-in-codes/check-in-code.dto.js';
import { CheckInCodes, splitScanned } from '../check-in-codes/check-in-codes.service.js';
import { EVENT_QR_PREFIX, eventQrPayload, type CreateWelfareEventInput, type UpdateWelfareEventInput, type WelfareEventFilter } from './dto/event.dto.js';
import { EventRegistration } from './event-registration.entity.js';
import {
  ADD_CONFIRMED_SQL,
  EVENT_REFERENCES_SQL,
  FREE_PLACE_SQL,
  PROMOTE_WAITLISTED_SQL,
  REGION_CODE_SQL,
  TAKE_QUEUE_NUMBER_SQL,
  type EventReferences,
} from './events.sql.js';
import { RegistrationStatus, WelfareEventStatus } from './event.enums.js';
import { WelfareEvent } from './welfare-event.entity.js';
import { EventType, OutboxService, registrationEventPayload } from '../care-outbox.js';

const soonestFirst: KeysetOrder<WelfareEvent> = { column: 'event.starts_at', idColumn: 'event.id', direction: 'ASC', read: (e) => [e.startsAt, e.id] };
const inSignUpOrder: KeysetOrder<EventRegistration> = {
  column: 'registration.queue_number',
  idColumn: 'registration.id',
  direction: 'ASC',
  sortType: 'integer',
  read: (r) => [r.queueNumber, r.id],
};

/** Which status an event may move to from each status. */
export const EVENT_TRANSITIONS: Readonly<Record<WelfareEventStatus, readonly WelfareEventStatus[]>> = {
  DRAFT: [WelfareEventStatus.PUBLISHED, WelfareEventStatus.CANCELLED],
  PUBLISHED: [WelfareEventStatus.CANCELLED, WelfareEventStatus.COMPLETED],
  CANCELLED: [],
  COMPLETED: [],
};

/** Check-in opens this long before an event starts. */
const CHECK_IN_LEAD_MS = 2 * 3600_000;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code for QR payloads (no 0/O/1/I/L to misread). */
function randomCode(length: number): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** An attendee row as organisers see it. */
export interface AttendeeRow {
  id: string;
  workerId: string;
  workerPhone: string | null;
  status: RegistrationStatus;
  registeredAt: Date;
  attendedAt: Date | null;
}

/**
 * 公益活动 Welfare events: organisers run them within scope; workers register, cancel and check in.
 * Sign-up never overbooks: every change to an event's confirmed places happens in a transaction
 * holding the event's row lock (SELECT … FOR UPDATE), and a CHECK keeps confirmed ≤ capacity.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(WelfareEvent) private readonly events: Repository<WelfareEvent>,
    @InjectRepository(EventRegistration) private readonly registrations: Repository<EventRegistration>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stations: StationsService,
    private readonly departments: DepartmentService,
    private readonly regions: RegionService,
    private readonly clock: Clock,
    private readonly checkInCodes: CheckInCodes,
  ) {}

  // ── organisers ──

  /** Events the caller may manage: their region subtree; a department officer their department's; a station manager their stations'. */
  private managed(actor: Actor): SelectQueryBuilder<WelfareEvent> {
    const scope = withinRegion(actor, 'region');
    const query = this.events.createQueryBuilder('event').innerJoin('event.region', 'region').where(scope.sql, scope.params);
    if (actor.role === Role.DEPARTMENT_OFFICER) query.andWhere('event.organizer_department_id = :departmentId', { departmentId: actor.departmentId ?? null });
    if (actor.role === Role.STATION_MANAGER) {
      query.andWhere('event.station_id IN (SELECT s.id FROM station s WHERE s.manager_id = :managerId)', { managerId: actor.id });
    }
    return query;
  }

  /** An event the caller may manage; NOT_FOUND otherwise. */
  async getManaged(actor: Actor, id: string): Promise<WelfareEvent> {
    const event = await this.managed(actor).andWhere('event.id = :id', { id }).getOne();
    if (!event) throw DomainError.notFound('WelfareEvent', id);
    return event;
  }

  /**
   * An event the caller may change, publish, cancel or complete: one they manage (`getManaged`) and,
   * for a station manager, one they organised. Events of others at their station they run at the door
   * (attendees, check-in, served count) but do not change: that is for the organiser, the organising
   * department and the county's officers.
   */
  private async getOrganised(actor: Actor, id: string): Promise<WelfareEvent> {
    const event = await this.getManaged(actor, id);
    if (actor.role === Role.STATION_MANAGER && event.createdById !== actor.id) {
      throw DomainError.forbidden('Station managers change or cancel only the events they organise; ask its organiser or the county’s officers');
    }
    return event;
  }

  /** One GraphQL page of events the caller manages, soonest first. */
  async managedConnection(actor: Actor, filter: WelfareEventFilter, args: ConnectionArgs): Promise<ConnectionShape<WelfareEvent>> {
    return toConnection(await this.filtered(this.managed(actor), filter), soonestFirst, args);
  }

  /** One REST page of events the caller manages, soonest first. */
  async managedPage(actor: Actor, filter: WelfareEventFilter, query: CursorQuery): Promise<CursorPageShape<WelfareEvent>> {
    return toCursorPage(await this.filtered(this.managed(actor), filter), soonestFirst, query);
  }

  /** REST: what each event references (organising department, station), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, EventReferences>> {
    return readReferences(this.dataSource, EVENT_REFERENCES_SQL, ids);
  }

  /** Creates a DRAFT event at a station in scope or at an address in a region in scope. */
  async create(actor: Actor, input: CreateWelfareEventInput): Promise<WelfareEvent> {
    const department = await this.departments.getById(input.organizerDepartmentId).catch(() => {
      throw DomainError.badField('organizerDepartmentId', 'no such department');
    });
    if (actor.role === Role.DEPARTMENT_OFFICER && department.id !== actor.departmentId) {
      throw DomainError.badField('organizerDepartmentId', 'must be your own department');
    }
    let region = department.region;
    let stationId: string | null = null;
    if (input.stationId) {
      const station = await this.stations.get(actor, input.stationId).catch(() => {
        throw DomainError.badField('stationId', 'no such station in your scope');
      });
      stationId = station.id;
      region = await this.regions.getByCode((await this.dataSource.query(REGION_CODE_SQL, [station.townshipId]))[0].code);
    } else {
      if (actor.role === Role.STATION_MANAGER) throw DomainError.badField('stationId', 'station managers hold events at their stations');
      if (!input.address) throw DomainError.badField('address', 'is required when the event is not at a station');
      if (input.regionCode) {
        const given = await this.regions.findByCode(input.regionCode);
        if (!given) throw DomainError.badField('regionCode', `no region has code ${input.regionCode}`);
        region = given;
      }
    }
    if (!inScope(actor, region.path)) throw DomainError.badField(input.regionCode ? 'regionCode' : 'organizerDepartmentId', 'is outside your region');
    const registrationRequired = input.registrationRequired ?? true;
    if (!registrationRequired && input.capacity !== undefined) throw DomainError.badField('capacity', 'applies only to events with sign-up');
    const event = this.events.create({
      title: input.title.trim(),
      kind: input.kind,
      description: input.description ?? null,
      organizerDepartmentId: department.id,
      stationId,
      address: input.address ?? null,
      regionId: region.id,
      countyCode: region.countyCode ?? department.countyCode,
      createdById: actor.kind === 'staff' ? actor.id : null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      registrationRequired,
      capacity: input.capacity ?? null,
      registrationOpensAt: input.registrationOpensAt ?? null,
      registrationClosesAt: input.registrationClosesAt ?? null,
      waitlistEnabled: input.waitlistEnabled ?? true,
      status: WelfareEventStatus.DRAFT,
      checkInCode: randomCode(8),
    });
    this.checkTimes(event);
    return this.events.save(event);
  }

  /** Edits a DRAFT or PUBLISHED event the caller organised (`getOrganised`); capacity never drops below confirmed places, and raising it promotes the wait-list. */
  async update(actor: Actor, id: string, input: UpdateWelfareEventInput): Promise<WelfareEvent> {
    await this.getOrganised(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockEvent(manager, id);
      if (event.status !== WelfareEventStatus.DRAFT && event.status !== WelfareEventStatus.PUBLISHED) {
        throw DomainError.conflict(`A ${event.status} event cannot be edited`, { status: event.status, allowed: [] });
      }
      if (input.capacity !== undefined) {
        if (!event.registrationRequired) throw DomainError.badField('capacity', 'applies only to events with sign-up');
        if (input.capacity !== null && input.capacity < event.confirmedCount)
          throw DomainError.badField('capacity', `must be at least the ${event.confirmedCount} confirmed registrations`);
      }
      for (const key of [
        'title',
        'description',
        'address',
        'startsAt',
        'endsAt',
        'capacity',
        'registrationOpensAt',
        'registrationClosesAt',
        'waitlistEnabled',
      ] as const) {
        if (input[key] !== undefined) Object.assign(event, { [key]: input[key] });
      }
      this.checkTimes(event);
      const saved = await manager.save(event);
      await this.fillFromWaitlist(manager, saved);
      return manager.findOneByOrFail(WelfareEvent, { id });
    });
  }

  /** Moves an event the caller organised (`getOrganised`) along EVENT_TRANSITIONS (publish, cancel, complete); anything else is CONFLICT listing what is allowed. */
  async transition(actor: Actor, id: string, to: WelfareEventStatus): Promise<WelfareEvent> {
    await this.getOrganised(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockEvent(manager, id);
      const allowed = EVENT_TRANSITIONS[event.status];
      if (!allowed.includes(to)) throw DomainError.conflict(`A ${event.status} event cannot become ${to}`, { from: event.status, allowed });
      if (to === WelfareEventStatus.COMPLETED && this.clock.now() < event.startsAt) {
        throw DomainError.conflict('An event completes only after it started', { startsAt: event.startsAt.toISOString() });
      }
      event.status = to;
      return manager.save(event);
    });
  }

  /** Records how many workers a hand-out without sign-up served (the total so far). */
  async recordServed(actor: Actor, id: string, servedCount: number): Promise<WelfareEvent> {
    const event = await this.getManaged(actor, id);
    if (event.registrationRequired)
      throw DomainError.conflict('Events with sign-up count attendance by check-in, not a served count', { registrationRequired: true });
    if (event.status !== WelfareEventStatus.PUBLISHED && event.status !== WelfareEventStatus.COMPLETED) {
      throw DomainError.conflict(`A ${event.status} event served nobody`, {
        status: event.status,
        allowed: [WelfareEventStatus.PUBLISHED, WelfareEventStatus.COMPLETED],
      });
    }
    event.servedCount = servedCount;
    return this.events.save(event);
  }

  /** Staff scan a worker's ticket (`NF-TKT-<code>`) at the door: a CONFIRMED registration is marked attended (again: unchanged). */
  async checkInAttendee(actor: Actor, eventId: string, ticket: string): Promise<EventRegistration> {
    const event = await this.getManaged(actor, eventId);
    const code = ticket.trim().replace(/^NF-TKT-/, '');
    const registration = await this.registrations.findOneBy({ ticketCode: code, eventId: event.id });
    if (!registration) throw DomainError.badField('ticketCode', 'is not a ticket for this event');
    return this.markAttended(event, registration);
  }

  /** What the event's screen shows for registered workers to scan now: for whoever manages it (its station's manager too). */
  async checkInCode(actor: Actor, eventId: string): Promise<CheckInCodeDto> {
    const event = await this.getManaged(actor, eventId);
    return CheckInCodeDto.from(eventQrPayload(event.checkInCode), this.checkInCodes.current(`event:${event.id}`));
  }

  /** Registrations of an event the caller manages, in sign-up order, workers masked. */
  async attendees(actor: Actor, eventId: string, status: RegistrationStatus | undefined, args: ConnectionArgs): Promise<ConnectionShape<AttendeeRow>> {
    const page = await toConnection(this.attendeeQuery(await this.getManaged(actor, eventId), status), inSignUpOrder, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toAttendee(e.node) })) };
  }

  /** One REST page of an event's registrations. */
  async attendeePage(actor: Actor, eventId: string, status: RegistrationStatus | undefined, query: CursorQuery): Promise<CursorPageShape<AttendeeRow>> {
    const page = await toCursorPage(this.attendeeQuery(await this.getManaged(actor, eventId), status), inSignUpOrder, query);
    return { ...page, items: page.items.map(toAttendee) };
  }

  // ── public ──

  /** A published (or completed, or cancelled) event anyone may see; drafts are NOT_FOUND. */
  async getPublic(id: string): Promise<WelfareEvent> {
    const event = await this.events.findOneBy({ id });
    if (!event || event.status === WelfareEventStatus.DRAFT) throw DomainError.notFound('WelfareEvent', id);
    return event;
  }

  /** Published events that have not ended, soonest first. */
  async publicConnection(filter: WelfareEventFilter, args: ConnectionArgs): Promise<ConnectionShape<WelfareEvent>> {
    const query = this.events
      .createQueryBuilder('event')
      .innerJoin('event.region', 'region')
      .where('event.status = :published', { published: WelfareEventStatus.PUBLISHED })
      .andWhere('event.ends_at > :now', { now: this.clock.now() });
    return toConnection(await this.filtered(query, { ...filter, status: undefined }), soonestFirst, args);
  }

  // ── workers ──

  /**
   * `registerForEvent`: CONFIRMED while places remain, else WAITLISTED (or refused when the wait-list
   * is off). One registration per worker; a cancelled one may register again (to the back of the queue).
   * Queue numbers are handed out under the event's row lock, so they follow the order sign-ups were served.
   */
  async register(actor: Actor, eventId: string): Promise<EventRegistration> {
    const workerId = this.workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockEvent(manager, eventId);
      if (event.status === WelfareEventStatus.DRAFT) throw DomainError.notFound('WelfareEvent', eventId);
      if (event.status !== WelfareEventStatus.PUBLISHED) throw DomainError.conflict(`The event is ${event.status}`, { status: event.status });
      if (!event.registrationRequired) throw DomainError.conflict('This event needs no sign-up: just come', { registrationRequired: false });
      const now = this.clock.now();
      if (event.registrationOpensAt && now < event.registrationOpensAt) {
        throw DomainError.conflict(`Sign-up opens at ${event.registrationOpensAt.toISOString()}`, { opensAt: event.registrationOpensAt.toISOString() });
      }
      const closesAt = event.registrationClosesAt ?? event.startsAt;
      if (now >= closesAt) throw DomainError.conflict(`Sign-up closed at ${closesAt.toISOString()}`, { closedAt: closesAt.toISOString() });

      const existing = await manager.findOneBy(EventRegistration, { eventId, workerId });
      if (existing && existing.status !== RegistrationStatus.CANCELLED) {
        throw DomainError.conflict(`You are already ${existing.status} for this event`, { status: existing.status, registrationId: existing.id });
      }
      const confirm = event.capacity === null || event.confirmedCount < event.capacity;
      if (!confirm && !event.waitlistEnabled) throw DomainError.conflict('The event is full and has no wait-list', { capacity: event.capacity });
      const status = confirm ? RegistrationStatus.CONFIRMED : RegistrationStatus.WAITLISTED;
      const [[{ last_queue_number: queueNumber }]] = await manager.query(TAKE_QUEUE_NUMBER_SQL, [eventId, confirm ? 1 : 0]);
      const registration = existing ?? manager.create(EventRegistration, { eventId, workerId, ticketCode: randomCode(10), countyCode: event.countyCode });
      Object.assign(registration, { status, registeredAt: now, queueNumber, promotedAt: null, cancelledAt: null, attendedAt: null });
      const saved = await manager.save(registration);
      await OutboxService.append(manager, EventType.EVENT_REGISTRATION_CHANGED, `event:${eventId}`, registrationEventPayload(event, saved, status), {
        countyCode: event.countyCode,
      });
      return saved;
    });
  }

  /** `cancelRegistration`: frees the worker's place and, in the same transaction, confirms the first wait-listed worker. */
  async cancel(actor: Actor, eventId: string): Promise<EventRegistration> {
    const workerId = this.workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockEvent(manager, eventId);
      const registration = await manager.findOneBy(EventRegistration, { eventId, workerId });
      if (!registration || registration.status === RegistrationStatus.CANCELLED || event.status === WelfareEventStatus.DRAFT) {
        throw DomainError.notFound('EventRegistration');
      }
      if (this.clock.now() >= event.startsAt)
        throw DomainError.conflict('The event has started; registrations can no longer be cancelled', { startsAt: event.startsAt.toISOString() });
      const wasConfirmed = registration.status === RegistrationStatus.CONFIRMED;
      registration.status = RegistrationStatus.CANCELLED;
      registration.cancelledAt = this.clock.now();
      const saved = await manager.save(registration);
      await OutboxService.append(
        manager,
        EventType.EVENT_REGISTRATION_CHANGED,
        `event:${eventId}`,
        registrationEventPayload(event, saved, RegistrationStatus.CANCELLED),
        { countyCode: event.countyCode },
      );
      if (wasConfirmed) {
        const [[row]] = await manager.query(FREE_PLACE_SQL, [eventId]);
        event.confirmedCount = row.confirmed_count;
        if (event.status === WelfareEventStatus.PUBLISHED) await this.fillFromWaitlist(manager, event);
      }
      return saved;
    });
  }

  /**
   * A worker scans the code on the event's screen (`NF-EVT-<code>.<rotating code>`, see CheckInCodes) on
   * site; their CONFIRMED registration is marked attended.
   */
  async checkInToEvent(actor: Actor, scanned: string): Promise<EventRegistration> {
    const workerId = this.workerOf(actor);
    const parts = splitScanned(scanned, EVENT_QR_PREFIX);
    const code = parts.fixed;
    const event = await this.events.findOneBy({ checkInCode: code });
    if (!event || event.status === WelfareEventStatus.DRAFT) throw DomainError.notFound('WelfareEvent', code);
    await this.checkInCodes.verify(actor, `event:${event.id}`, parts, 'event');
    const registration = await this.registrations.findOneBy({ eventId: event.id, workerId });
    if (!registration || registration.status === RegistrationStatus.CANCELLED) throw DomainError.notFound('EventRegistration');
    return this.markAttended(event, registration);
  }

  /** The signed-in worker's registrations, newest event first. */
  mine(actor: Actor): Promise<EventRegistration[]> {
    return this.registrations
      .createQueryBuilder('registration')
      .innerJoin('registration.event', 'event')
      .where('registration.worker_id = :workerId', { workerId: this.workerOf(actor) })
      .orderBy('event.starts_at', 'DESC')
      .addOrderBy('registration.id')
      .limit(100)
      .getMany();
  }

  /** Events by id (for the per-request loader behind `EventRegistration.event`). */
  byIds(ids: readonly string[]): Promise<WelfareEvent[]> {
    return this.events
      .createQueryBuilder('event')
      .where('event.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  // ── helpers ──

  private workerOf(actor: Actor): string {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker registers for events');
    return actor.workerId;
  }

  /** The event row, locked FOR UPDATE until the transaction ends: every places change goes through here. */
  private async lockEvent(manager: EntityManager, id: string): Promise<WelfareEvent> {
    const event = await manager.findOne(WelfareEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!event) throw DomainError.notFound('WelfareEvent', id);
    return event;
  }

  /** Confirms wait-listed registrations, first come first served, while places remain (caller holds the event lock). */
  private async fillFromWaitlist(manager: EntityManager, event: WelfareEvent): Promise<void> {
    if (!event.registrationRequired) return;
    const free = event.capacity === null ? 1_000_000 : event.capacity - event.confirmedCount;
    if (free <= 0) return;
    const promoted: { id: string }[] = await manager
      .query(PROMOTE_WAITLISTED_SQL, [event.id, free, this.clock.now()])
      .then(([rows]: [{ id: string }[]]) => rows);
    if (promoted.length) {
      await manager.query(ADD_CONFIRMED_SQL, [event.id, promoted.length]);
    }
    for (const row of promoted)
      await OutboxService.append(
        manager,
        EventType.EVENT_REGISTRATION_CHANGED,
        `event:${event.id}`,
        registrationEventPayload(event, { id: row.id }, 'PROMOTED'),
        { countyCode: event.countyCode },
      );
  }

  private async markAttended(event: WelfareEvent, registration: EventRegistration): Promise<EventRegistration> {
    if (event.status !== WelfareEventStatus.PUBLISHED && event.status !== WelfareEventStatus.COMPLETED) {
      throw DomainError.conflict(`The event is ${event.status}`, { status: event.status });
    }
    const now = this.clock.now();
    if (now.getTime() < event.startsAt.getTime() - CHECK_IN_LEAD_MS || now > event.endsAt) {
      throw DomainError.conflict('Check-in is open from two hours before the start until the end', {
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
      });
    }
    if (registration.status !== RegistrationStatus.CONFIRMED) {
      throw DomainError.conflict(`A ${registration.status} registration cannot check in`, { status: registration.status });
    }
    if (registration.attendedAt) return registration;
    registration.attendedAt = now;
    return this.registrations.save(registration);
  }

  private attendeeQuery(event: WelfareEvent, status?: RegistrationStatus): SelectQueryBuilder<EventRegistration> {
    const query = this.registrations
      .createQueryBuilder('registration')
      .leftJoinAndSelect('registration.worker', 'worker')
      .where('registration.event_id = :eventId', { eventId: event.id });
    if (status) query.andWhere('registration.status = :status', { status });
    return query;
  }

  private async filtered(query: SelectQueryBuilder<WelfareEvent>, filter: WelfareEventFilter): Promise<SelectQueryBuilder<WelfareEvent>> {
    if (filter.regionCode) {
      const region = await this.regions.findByCode(filter.regionCode);
      query.andWhere('region.path <@ :filterPath', { filterPath: region?.path ?? filter.regionCode });
    }
    if (filter.kind) query.andWhere('event.kind = :kind', { kind: filter.kind });
    if (filter.status) query.andWhere('event.status = :status', { status: filter.status });
    if (filter.stationId) query.andWhere('event.station_id = :stationId', { stationId: filter.stationId });
    return query;
  }

  private checkTimes(event: WelfareEvent): void {
    if (event.endsAt <= event.startsAt) throw DomainError.badField('endsAt', 'must be after startsAt');
    if (event.registrationClosesAt && event.registrationClosesAt > event.startsAt)
      throw DomainError.badField('registrationClosesAt', 'must not be after startsAt');
    if (event.registrationOpensAt && event.registrationOpensAt >= (event.registrationClosesAt ?? event.startsAt)) {
      throw DomainError.badField('registrationOpensAt', 'must be before sign-up closes');
    }
  }
}

function toAttendee(r: EventRegistration): AttendeeRow {
  return {
    id: r.id,
    workerId: r.workerId,
    workerPhone: r.worker?.phoneMasked ?? null,
    status: r.status,
    registeredAt: r.registeredAt,
    attendedAt: r.attendedAt,
  };
}
