import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { scopePathOf } from '../../access/scope.js';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { Enterprise } from '../../organizing/enterprises/enterprise.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { WorkersService } from '../../workers/workers.service.js';
import { WelfareEvent } from '../events/welfare-event.entity.js';
import { Station } from '../stations/station.entity.js';
import { AssistanceCase, AssistanceCaseNote } from './assistance-case.entity.js';
import { AssistanceCaseStatus, CaseNoteKind } from './assistance.enums.js';
import { CaseAction, nextCaseStatus } from './case-workflow.js';
import type { AssignAssistanceCaseInput, AssistanceCaseFilter, OpenAssistanceCaseInput } from './dto/assistance.dto.js';
import { CASE_REFERENCES_SQL, type CaseReferences } from './assistance.sql.js';

const newestFirst: KeysetOrder<AssistanceCase> = { column: 'c.created_at', idColumn: 'c.id', direction: 'DESC', read: (c) => [c.createdAt, c.id] };

/** ORG_OFFICER and ADMIN see every case in their region; others only as the handling department or the worker. */
const OVERSEERS: readonly Role[] = [Role.ORG_OFFICER, Role.ADMIN];

/**
 * 求助件 Assistance cases: opened by a worker (or staff on their behalf), assigned to a department,
 * handled through OPEN → IN_PROGRESS → RESOLVED → CLOSED, every step on an append-only timeline.
 * Only the worker, the handling department, ORG_OFFICER and ADMIN see a case; others get NOT_FOUND.
 */
@Injectable()
export class AssistanceService {
  constructor(
    @InjectRepository(AssistanceCase) private readonly cases: Repository<AssistanceCase>,
    @InjectRepository(AssistanceCaseNote) private readonly notes: Repository<AssistanceCaseNote>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: WorkersService,
    private readonly clock: Clock,
  ) {}

  /** The cases the caller may see. */
  visible(actor: Actor): SelectQueryBuilder<AssistanceCase> {
    const query = this.cases.createQueryBuilder('c');
    if (actor.kind === 'worker') return query.where('c.worker_id = :workerId', { workerId: actor.workerId ?? null });
    if (OVERSEERS.includes(actor.role)) {
      const scopePath = scopePathOf(actor);
      if (scopePath === null) return query.where('TRUE');
      return query.where("c.county_code IN (SELECT r.code FROM region r WHERE r.level = 'COUNTY' AND r.path <@ :scopePath)", { scopePath });
    }
    if (actor.departmentId) return query.where('c.department_id = :departmentId', { departmentId: actor.departmentId });
    return query.where('FALSE');
  }

  /** A case the caller may see; NOT_FOUND otherwise. */
  async get(actor: Actor, id: string): Promise<AssistanceCase> {
    const found = await this.visible(actor).andWhere('c.id = :id', { id }).getOne();
    if (!found) throw DomainError.notFound('AssistanceCase', id);
    return found;
  }

  /** One GraphQL page of visible cases, newest first. */
  async connection(actor: Actor, filter: AssistanceCaseFilter = {}, args: ConnectionArgs): Promise<ConnectionShape<AssistanceCase>> {
    return toConnection(this.filtered(actor, filter), newestFirst, args);
  }

  /** One REST page of visible cases, newest first. */
  async page(actor: Actor, filter: AssistanceCaseFilter, query: CursorQuery): Promise<CursorPageShape<AssistanceCase>> {
    return toCursorPage(this.filtered(actor, filter), newestFirst, query);
  }

  /** REST: what each case references (station, handling department), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, CaseReferences>> {
    return readReferences(this.dataSource, CASE_REFERENCES_SQL, ids);
  }

  /** The signed-in worker's own cases, newest first (at most 100). */
  mine(actor: Actor): Promise<AssistanceCase[]> {
    if (actor.kind !== 'worker') throw DomainError.forbidden('Only a signed-in worker has their own cases');
    return this.visible(actor).orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(100).getMany();
  }

  /** Timelines of several cases, oldest entry first (for the per-request loader). */
  timelines(caseIds: readonly string[]): Promise<AssistanceCaseNote[]> {
    return this.notes.find({ where: { caseId: In([...caseIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Opens a case: a worker for themselves; staff for a worker named by phone (at a station or event). */
  async open(actor: Actor, input: OpenAssistanceCaseInput): Promise<AssistanceCase> {
    let workerId: string;
    if (actor.kind === 'worker') {
      if (input.workerPhone !== undefined) throw DomainError.badField('workerPhone', 'is for staff opening a case on a worker’s behalf');
      workerId = actor.workerId!;
    } else {
      if (!input.workerPhone) throw DomainError.badField('workerPhone', 'is required when staff open a case on a worker’s behalf');
      workerId = (await this.workers.findOrCreateByPhone(input.workerPhone)).id;
    }
    const [enterprise, station, event] = await Promise.all([
      input.enterpriseId ? this.dataSource.getRepository(Enterprise).findOneBy({ id: input.enterpriseId }) : null,
      input.stationId ? this.dataSource.getRepository(Station).findOneBy({ id: input.stationId }) : null,
      input.eventId ? this.dataSource.getRepository(WelfareEvent).findOneBy({ id: input.eventId }) : null,
    ]);
    if (input.enterpriseId && !enterprise) throw DomainError.badField('enterpriseId', 'no such enterprise');
    if (input.stationId && !station) throw DomainError.badField('stationId', 'no such station');
    if (input.eventId && !event) throw DomainError.badField('eventId', 'no such event');
    const worker = await this.workers.get(workerId);
    const countyCode = station?.countyCode ?? event?.countyCode ?? worker.countyCode ?? enterprise?.countyCode ?? actor.countyCode ?? null;
    return this.dataSource.transaction(async (manager) => {
      const opened = await manager.save(
        manager.create(AssistanceCase, {
          workerId,
          category: input.category,
          description: input.description.trim(),
          enterpriseId: enterprise?.id ?? null,
          stationId: station?.id ?? null,
          eventId: event?.id ?? null,
          openedByStaffId: actor.kind === 'staff' ? actor.id : null,
          status: AssistanceCaseStatus.OPEN,
          countyCode,
        }),
      );
      await this.appendNote(manager, actor, opened.id, { kind: CaseNoteKind.OPENED, toStatus: AssistanceCaseStatus.OPEN });
      return opened;
    });
  }

  /**
   * Assigns a case to a department and optionally a handler. ORG_OFFICER/ADMIN assign to any
   * department; a handling department may only change the handler within itself.
   */
  async assign(actor: Actor, id: string, input: AssignAssistanceCaseInput): Promise<AssistanceCase> {
    const current = await this.get(actor, id);
    if (!OVERSEERS.includes(actor.role) && input.departmentId !== actor.departmentId) {
      throw DomainError.forbidden('Only ORG_OFFICER or ADMIN move a case to another department');
    }
    if (current.status !== AssistanceCaseStatus.OPEN && current.status !== AssistanceCaseStatus.IN_PROGRESS) {
      throw DomainError.conflict(`A ${current.status} case cannot be reassigned`, { status: current.status, allowed: [] });
    }
    const department = await this.dataSource.getRepository(Department).findOneBy({ id: input.departmentId });
    if (!department) throw DomainError.badField('departmentId', 'no such department');
    if (input.handlerId) {
      const handler = await this.dataSource.getRepository(StaffUser).findOneBy({ id: input.handlerId });
      if (!handler || handler.disabled || handler.departmentId !== department.id)
        throw DomainError.badField('handlerId', 'must be an active staff member of that department');
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, id);
      locked.departmentId = department.id;
      locked.handlerId = input.handlerId ?? null;
      const saved = await manager.save(locked);
      await this.appendNote(manager, actor, id, { kind: CaseNoteKind.ASSIGNED, text: `${department.name}${input.handlerId ? ` / ${input.handlerId}` : ''}` });
      return saved;
    });
  }

  /** Moves a case along its workflow: staff START, RESOLVE and CLOSE; the worker REOPENs within 7 days of resolution. */
  async transition(actor: Actor, id: string, action: CaseAction, note?: string): Promise<AssistanceCase> {
    await this.get(actor, id);
    const byWorker = actor.kind === 'worker';
    if (byWorker !== (action === CaseAction.REOPEN)) {
      throw DomainError.forbidden(byWorker ? 'A worker may only reopen their case' : 'Only the worker reopens a case');
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, id);
      if (action === CaseAction.START && !locked.departmentId) {
        throw DomainError.conflict('Assign the case to a department before starting it', { status: locked.status, allowed: ['assignAssistanceCase'] });
      }
      const now = this.clock.now();
      const from = locked.status;
      locked.status = nextCaseStatus(from, action, locked.resolvedAt, now);
      if (action === CaseAction.RESOLVE) locked.resolvedAt = now;
      if (action === CaseAction.CLOSE) locked.closedAt = now;
      if (action === CaseAction.REOPEN) {
        locked.resolvedAt = null;
        locked.closedAt = null;
      }
      const saved = await manager.save(locked);
      await this.appendNote(manager, actor, id, { kind: CaseNoteKind.STATUS_CHANGED, fromStatus: from, toStatus: saved.status, text: note ?? null });
      return saved;
    });
  }

  /** Adds a note to the timeline of a case the caller may see. */
  async addNote(actor: Actor, id: string, text: string): Promise<AssistanceCaseNote> {
    await this.get(actor, id);
    return this.appendNote(this.dataSource.manager, actor, id, { kind: CaseNoteKind.NOTE, text: text.trim() });
  }

  private filtered(actor: Actor, filter: AssistanceCaseFilter): SelectQueryBuilder<AssistanceCase> {
    const query = this.visible(actor);
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.category) query.andWhere('c.category = :category', { category: filter.category });
    return query;
  }

  private async lock(manager: EntityManager, id: string): Promise<AssistanceCase> {
    return manager.findOneOrFail(AssistanceCase, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private appendNote(manager: EntityManager, actor: Actor, caseId: string, entry: Partial<AssistanceCaseNote>): Promise<AssistanceCaseNote> {
    return manager.save(
      manager.create(AssistanceCaseNote, {
        caseId,
        authorKind: actor.kind === 'worker' ? 'worker' : 'staff',
        authorId: actor.id,
        authorLabel: actor.label.slice(0, 100),
        text: null,
        fromStatus: null,
        toStatus: null,
        ...entry,
      }),
    );
  }
}
