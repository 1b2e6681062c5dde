import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import type { AssignInstructorInput, AssignmentFilter, EndInstructorAssignmentInput, LogGuidanceVisitInput, VisitFilter } from './dto/instructor.dto.js';
import { GuidanceVisit } from './guidance-visit.entity.js';
import { InstructorAssignment } from './instructor-assignment.entity.js';

const assignmentsByCreated: KeysetOrder<InstructorAssignment> = {
  column: 'assignment.created_at',
  idColumn: 'assignment.id',
  direction: 'ASC',
  read: (a) => [a.createdAt, a.id],
};
const visitsByCreated: KeysetOrder<GuidanceVisit> = { column: 'visit.created_at', idColumn: 'visit.id', direction: 'ASC', read: (v) => [v.createdAt, v.id] };

/**
 * 党建指导员 Instructors (staff users with role INSTRUCTOR and a department): their assignments to
 * enterprises (one active per enterprise; ending records the date) and the guidance visits they log
 * at the enterprises assigned to them.
 */
@Injectable()
export class InstructorsService {
  constructor(
    @InjectRepository(InstructorAssignment) private readonly assignments: Repository<InstructorAssignment>,
    @InjectRepository(GuidanceVisit) private readonly visits: Repository<GuidanceVisit>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly clock: Clock,
  ) {}

  /** Assigns an instructor to an enterprise in scope; an enterprise with an active assignment → CONFLICT naming it. */
  async assign(actor: Actor, input: AssignInstructorInput): Promise<InstructorAssignment> {
    const instructor = await this.dataSource.manager.findOneBy(StaffUser, { id: input.instructorId });
    if (!instructor || instructor.role !== Role.INSTRUCTOR || instructor.disabled) {
      throw DomainError.badField('instructorId', `no active staff user with role INSTRUCTOR has id ${input.instructorId}`);
    }
    if (!instructor.departmentId) throw DomainError.badField('instructorId', `instructor ${instructor.username} belongs to no department`);
    const enterprise = await this.enterprises.referenced(actor, input.enterpriseId, 'enterpriseId');
    const active = await this.assignments.findOneBy({ enterpriseId: enterprise.id, endedOn: IsNull() });
    if (active) {
      throw DomainError.conflict(`${enterprise.name} already has an active instructor assignment`, { existingAssignmentId: active.id, field: 'enterpriseId' });
    }
    return this.assignments.save(
      this.assignments.create({
        instructorId: instructor.id,
        enterpriseId: enterprise.id,
        startedOn: input.startedOn ?? this.clock.today(),
        endedOn: null,
        countyCode: enterprise.countyCode,
        assignedById: actor.id,
      }),
    );
  }

  /** Ends an active assignment on a date (today unless given); ending it twice → CONFLICT. */
  async end(actor: Actor, id: string, input: EndInstructorAssignmentInput): Promise<InstructorAssignment> {
    const assignment = await this.getAssignment(actor, id);
    if (assignment.endedOn) throw DomainError.conflict(`Assignment ${id} already ended on ${assignment.endedOn}`, { endedOn: assignment.endedOn });
    const endedOn = input.endedOn ?? this.clock.today();
    if (endedOn < assignment.startedOn) throw DomainError.badField('endedOn', `must not be before the start (${assignment.startedOn})`);
    assignment.endedOn = endedOn;
    return this.assignments.save(assignment);
  }

  /** An instructor logs a visit to an enterprise actively assigned to them; others → NOT_FOUND. */
  async logVisit(actor: Actor, input: LogGuidanceVisitInput): Promise<GuidanceVisit> {
    const active = await this.assignments.findOneBy({ instructorId: actor.id, enterpriseId: input.enterpriseId, endedOn: IsNull() });
    if (!active) throw DomainError.notFound('Enterprise', input.enterpriseId);
    if (input.visitedOn > this.clock.today()) throw DomainError.badField('visitedOn', 'must not be in the future');
    if (input.visitedOn < active.startedOn) throw DomainError.badField('visitedOn', `must not be before your assignment started (${active.startedOn})`);
    return this.visits.save(
      this.visits.create({
        instructorId: actor.id,
        enterpriseId: input.enterpriseId,
        visitedOn: input.visitedOn,
        summary: input.summary.trim(),
        followUps: (input.followUps ?? []).map((f) => f.trim()).filter(Boolean),
        countyCode: active.countyCode,
      }),
    );
  }

  /** An assignment the caller may see; NOT_FOUND otherwise. */
  async getAssignment(actor: Actor, id: string): Promise<InstructorAssignment> {
    const assignment = await this.scopedAssignments(actor).andWhere('assignment.id = :id', { id }).getOne();
    if (!assignment) throw DomainError.notFound('InstructorAssignment', id);
    return assignment;
  }

  /** GraphQL: assignments in scope. */
  async assignmentConnection(actor: Actor, filter: AssignmentFilter, args: ConnectionArgs): Promise<ConnectionShape<InstructorAssignment>> {
    return toConnection(this.filteredAssignments(actor, filter), assignmentsByCreated, args);
  }

  /** REST: a page of assignments in scope. */
  async assignmentPage(actor: Actor, filter: AssignmentFilter, query: CursorQuery): Promise<CursorPageShape<InstructorAssignment>> {
    return toCursorPage(this.filteredAssignments(actor, filter), assignmentsByCreated, query);
  }

  /** GraphQL: visits in scope. */
  async visitConnection(actor: Actor, filter: VisitFilter, args: ConnectionArgs): Promise<ConnectionShape<GuidanceVisit>> {
    return toConnection(this.filteredVisits(actor, filter), visitsByCreated, args);
  }

  /** REST: a page of visits in scope. */
  async visitPage(actor: Actor, filter: VisitFilter, query: CursorQuery): Promise<CursorPageShape<GuidanceVisit>> {
    return toCursorPage(this.filteredVisits(actor, filter), visitsByCreated, query);
  }

  /** Active assignments of enterprises, for loaders. */
  async activeAssignments(enterpriseIds: readonly string[]): Promise<InstructorAssignment[]> {
    if (enterpriseIds.length === 0) return [];
    return this.assignments
      .createQueryBuilder('a')
      .where('a.enterprise_id = ANY(:ids) AND a.ended_on IS NULL', { ids: [...enterpriseIds] })
      .getMany();
  }

  /** Instructors by id, for loaders. */
  async instructors(ids: readonly string[]): Promise<StaffUser[]> {
    if (ids.length === 0) return [];
    return this.dataSource.manager
      .createQueryBuilder(StaffUser, 'u')
      .where('u.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  // Instructors see their own; everyone else sees those of enterprises in their scope.
  private scopedAssignments(actor: Actor): SelectQueryBuilder<InstructorAssignment> {
    return this.limitTo(actor, this.assignments.createQueryBuilder('assignment'), 'assignment');
  }

  private filteredAssignments(actor: Actor, filter: AssignmentFilter): SelectQueryBuilder<InstructorAssignment> {
    const query = this.scopedAssignments(actor);
    if (filter.enterpriseId) query.andWhere('assignment.enterprise_id = :enterpriseId', { enterpriseId: filter.enterpriseId });
    if (filter.instructorId) query.andWhere('assignment.instructor_id = :instructorId', { instructorId: filter.instructorId });
    if (filter.activeOnly) query.andWhere('assignment.ended_on IS NULL');
    return query;
  }

  private filteredVisits(actor: Actor, filter: VisitFilter): SelectQueryBuilder<GuidanceVisit> {
    const query = this.limitTo(actor, this.visits.createQueryBuilder('visit'), 'visit');
    if (filter.enterpriseId) query.andWhere('visit.enterprise_id = :enterpriseId', { enterpriseId: filter.enterpriseId });
    if (filter.instructorId) query.andWhere('visit.instructor_id = :instructorId', { instructorId: filter.instructorId });
    return query;
  }

  private limitTo<T extends ObjectLiteral>(actor: Actor, query: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> {
    if (actor.role === Role.INSTRUCTOR) return query.where(`${alias}.instructor_id = :scopeInstructorId`, { scopeInstructorId: actor.id });
    const visible = this.enterprises.scoped(actor).select('enterprise.id');
    return query.where(`${alias}.enterprise_id IN (${visible.getQuery()})`).setParameters(visible.getParameters());
  }
}
