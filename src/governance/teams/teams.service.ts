import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { inScope, withinRegion } from '../../access/scope.js';
import { Worker } from '../../workers/worker.entity.js';
import { GridsService, isUniqueViolation, workerOf } from '../grids/grids.service.js';
import type { CreateResponsibilityZoneInput, CreateVolunteerTeamInput, MakeCommitmentInput, RecordVolunteerActivityInput } from './dto/team.dto.js';
import { PublicCommitment } from './public-commitment.entity.js';
import { ResponsibilityZone } from './responsibility-zone.entity.js';
import { VolunteerActivity } from './volunteer-activity.entity.js';
import { VolunteerHours, VolunteerHoursSource, VolunteerHoursStatus } from './volunteer-hours.entity.js';
import { TeamMemberRole, VolunteerTeamMember } from './volunteer-team-member.entity.js';
import { MEMBER_ON_DAY_SQL, MY_HOURS_SQL, TEAM_REFERENCES_SQL, type TeamReferences } from './teams.sql.js';
import { VolunteerTeam } from './volunteer-team.entity.js';

const newestTeamFirst: KeysetOrder<VolunteerTeam> = { column: 'team.created_at', idColumn: 'team.id', direction: 'DESC', read: (t) => [t.createdAt, t.id] };
const newestCommitmentFirst: KeysetOrder<PublicCommitment> = {
  column: 'commitment.created_at',
  idColumn: 'commitment.id',
  direction: 'DESC',
  read: (c) => [c.createdAt, c.id],
};

/** Approved hours per team and per worker over a period. */
export interface HoursSummary {
  totalHours: number;
  byTeam: { teamId: string; teamName: string; hours: number }[];
  byWorker: { workerId: string; hours: number }[];
}

/**
 * 志愿服务队 Teams, members, activities and hours; public commitments (亮身份、亮承诺) and
 * party-member responsibility zones (党员责任区). Commitments and zones reference the worker: the
 * five-clear ledger keeps one entry per worker, so a ledger entry is reached through `worker_id`.
 * Hours recorded by the team leader or staff count at once; hours a worker reports wait for the
 * leader (or staff) to approve them.
 */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(VolunteerTeamMember) private readonly members: Repository<VolunteerTeamMember>,
    @InjectRepository(VolunteerHours) private readonly hours: Repository<VolunteerHours>,
    @InjectRepository(PublicCommitment) private readonly commitments: Repository<PublicCommitment>,
    @InjectRepository(ResponsibilityZone) private readonly zones: Repository<ResponsibilityZone>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grids: GridsService,
    private readonly clock: Clock,
  ) {}

  // ── teams and members ──

  /** Forms a team in a township of the caller's region; its leader becomes its first member. */
  async create(actor: Actor, input: CreateVolunteerTeamInput): Promise<VolunteerTeam> {
    const township = await this.dataSource.getRepository(Region).findOneBy({ code: input.townshipCode });
    if (!township || township.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', `${input.townshipCode} is not a known township`);
    if (!inScope(actor, township.path)) throw DomainError.badField('townshipCode', 'is outside your region');
    await this.checkWorker(input.leaderWorkerId, 'leaderWorkerId');
    return this.dataSource.transaction(async (manager) => {
      const team = await manager.getRepository(VolunteerTeam).save(
        manager.getRepository(VolunteerTeam).create({
          name: input.name.trim(),
          kind: input.kind,
          townshipId: township.id,
          countyCode: township.countyCode!,
          leaderWorkerId: input.leaderWorkerId,
        }),
      );
      await manager
        .getRepository(VolunteerTeamMember)
        .insert({ teamId: team.id, workerId: input.leaderWorkerId, role: TeamMemberRole.LEADER, joinedOn: this.clock.today(), leftOn: null });
      return team;
    });
  }

  /** A team in the caller's region; NOT_FOUND otherwise. */
  async get(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<VolunteerTeam> {
    const team = await this.scoped(actor, manager).andWhere('team.id = :id', { id }).getOne();
    if (!team) throw DomainError.notFound('VolunteerTeam', id);
    return team;
  }

  /** GraphQL: teams in scope, newest first. */
  connection(actor: Actor, args: ConnectionArgs): Promise<ConnectionShape<VolunteerTeam>> {
    return toConnection(this.scoped(actor), newestTeamFirst, args);
  }

  /** REST: teams in scope, newest first. */
  page(actor: Actor, query: CursorQuery): Promise<CursorPageShape<VolunteerTeam>> {
    return toCursorPage(this.scoped(actor), newestTeamFirst, query);
  }

  /** REST: the township of each team, named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, TeamReferences>> {
    return readReferences(this.dataSource, TEAM_REFERENCES_SQL, ids);
  }

  /** Adds a worker to a team (already a current member → CONFLICT). */
  async addMember(actor: Actor, teamId: string, workerId: string, joinedOn?: string): Promise<VolunteerTeamMember> {
    await this.get(actor, teamId);
    await this.checkWorker(workerId, 'workerId');
    if (joinedOn && joinedOn > this.clock.today()) throw DomainError.badField('joinedOn', 'cannot be in the future');
    try {
      return await this.members.save(
        this.members.create({ teamId, workerId, role: TeamMemberRole.MEMBER, joinedOn: joinedOn ?? this.clock.today(), leftOn: null }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'uq_volunteer_team_member_current')) throw DomainError.conflict('The worker is already a member', { field: 'workerId' });
      throw error;
    }
  }

  /** A member leaves (the leader stays until replaced). */
  async removeMember(actor: Actor, teamId: string, workerId: string): Promise<VolunteerTeamMember> {
    await this.get(actor, teamId);
    const member = await this.members.findOneBy({ teamId, workerId, leftOn: IsNull() });
    if (!member) throw DomainError.notFound('VolunteerTeamMember', workerId);
    if (member.role === TeamMemberRole.LEADER) throw DomainError.conflict('The leader cannot leave the team', { field: 'workerId' });
    member.leftOn = this.clock.today();
    return this.members.save(member);
  }

  /** Current members of several teams (DataLoader batch), leader first. */
  currentMembers(teamIds: readonly string[]): Promise<VolunteerTeamMember[]> {
    return this.members.find({ where: { teamId: In([...teamIds]), leftOn: IsNull() }, order: { role: 'ASC', joinedOn: 'ASC' } });
  }

  // ── activities and hours ──

  /**
   * Records an activity with participants' hours, which count at once. Staff with TEAM_MANAGE may do
   * it for a team in their region, a worker only for the team they lead. Participants must be members
   * on that day.
   */
  async recordActivity(actor: Actor, teamId: string, input: RecordVolunteerActivityInput): Promise<{ activity: VolunteerActivity; hours: VolunteerHours[] }> {
    return this.dataSource.transaction(async (manager) => {
      const team = await this.teamFor(manager, actor, teamId);
      const source = actor.kind === 'worker' ? VolunteerHoursSource.LEADER : VolunteerHoursSource.STAFF;
      const activity = await manager.getRepository(VolunteerActivity).save(
        manager.getRepository(VolunteerActivity).create({
          teamId: team.id,
          kind: input.kind,
          heldOn: input.heldOn,
          place: input.place.trim(),
          description: input.description?.trim() || null,
          recordedById: actor.id,
        }),
      );
      const seen = new Set<string>();
      const rows: VolunteerHours[] = [];
      for (const [i, p] of input.participants.entries()) {
        if (seen.has(p.workerId)) throw DomainError.badField(`participants.${i}.workerId`, 'is listed twice');
        seen.add(p.workerId);
        if (!(await this.wasMember(manager, team.id, p.workerId, input.heldOn))) {
          throw DomainError.badField(`participants.${i}.workerId`, `was not a member of the team on ${input.heldOn}`);
        }
        rows.push(
          manager.getRepository(VolunteerHours).create({
            activityId: activity.id,
            workerId: p.workerId,
            hours: p.hours,
            status: VolunteerHoursStatus.APPROVED,
            source,
            decidedAt: this.clock.now(),
            decidedById: actor.id,
          }),
        );
      }
      const hours = rows.length ? await manager.getRepository(VolunteerHours).save(rows) : [];
      return { activity, hours };
    });
  }

  /** A member reports their own hours at an activity of their team; they wait for approval. */
  async reportOwnHours(actor: Actor, activityId: string, hours: number): Promise<VolunteerHours> {
    const workerId = workerOf(actor);
    const activity = await this.dataSource.getRepository(VolunteerActivity).findOneBy({ id: activityId });
    if (!activity || !(await this.wasMember(this.dataSource.manager, activity.teamId, workerId, activity.heldOn))) {
      throw DomainError.notFound('VolunteerActivity', activityId);
    }
    try {
      return await this.hours.save(
        this.hours.create({
          activityId,
          workerId,
          hours,
          status: VolunteerHoursStatus.PENDING,
          source: VolunteerHoursSource.SELF,
          decidedAt: null,
          decidedById: null,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'uq_volunteer_hours_activity_worker'))
        throw DomainError.conflict('Your hours for this activity are already recorded', { field: 'activityId' });
      throw error;
    }
  }

  /** The team leader (or staff in scope) approves or rejects self-reported hours; only PENDING ones. */
  async decideHours(actor: Actor, hoursId: string, approve: boolean): Promise<VolunteerHours> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(VolunteerHours).findOne({ where: { id: hoursId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw DomainError.notFound('VolunteerHours', hoursId);
      const activity = await manager.getRepository(VolunteerActivity).findOneByOrFail({ id: row.activityId });
      await this.teamFor(manager, actor, activity.teamId).catch((error: DomainError) => {
        throw error.code === 'FORBIDDEN' ? error : DomainError.notFound('VolunteerHours', hoursId);
      });
      if (actor.kind === 'worker' && actor.workerId === row.workerId) throw DomainError.forbidden('A leader cannot approve their own hours');
      if (row.status !== VolunteerHoursStatus.PENDING) throw DomainError.conflict(`These hours are already ${row.status}`, { status: row.status, allowed: [] });
      row.status = approve ? VolunteerHoursStatus.APPROVED : VolunteerHoursStatus.REJECTED;
      row.decidedAt = this.clock.now();
      row.decidedById = actor.id;
      return manager.getRepository(VolunteerHours).save(row);
    });
  }

  /** Approved hours (by activity date, inclusive) per team and per worker, for teams in scope. */
  async hoursSummary(actor: Actor, filter: { from: string; to: string; teamId?: string }): Promise<HoursSummary> {
    if (filter.from > filter.to) throw DomainError.badField('from', 'must not be later than to');
    const scope = withinRegion(actor, 'township');
    const base = this.dataSource
      .createQueryBuilder()
      .from(VolunteerHours, 'h')
      .innerJoin(VolunteerActivity, 'a', 'a.id = h.activity_id')
      .innerJoin(VolunteerTeam, 'team', 'team.id = a.team_id')
      .innerJoin(Region, 'township', 'township.id = team.township_id')
      .where(`h.status = 'APPROVED'`)
      .andWhere('a.held_on BETWEEN :from AND :to', { from: filter.from, to: filter.to })
      .andWhere(scope.sql, scope.params);
    if (filter.teamId) base.andWhere('team.id = :teamId', { teamId: filter.teamId });
    const byTeam = await base
      .clone()
      .select('team.id', 'teamId')
      .addSelect('team.name', 'teamName')
      .addSelect('sum(h.hours)::float', 'hours')
      .groupBy('team.id')
      .addGroupBy('team.name')
      .orderBy('hours', 'DESC')
      .getRawMany<{ teamId: string; teamName: string; hours: number }>();
    const byWorker = await base
      .clone()
      .select('h.worker_id', 'workerId')
      .addSelect('sum(h.hours)::float', 'hours')
      .groupBy('h.worker_id')
      .orderBy('hours', 'DESC')
      .addOrderBy('h.worker_id')
      .getRawMany<{ workerId: string; hours: number }>();
    return { totalHours: round1(byTeam.reduce((sum, t) => sum + t.hours, 0)), byTeam, byWorker };
  }

  /** The signed-in worker's approved and pending hours over a period. */
  async myHours(actor: Actor, from: string, to: string): Promise<{ approvedHours: number; pendingHours: number }> {
    const [row]: { approved: number; pending: number }[] = await this.dataSource.query(MY_HOURS_SQL, [workerOf(actor), from, to]);
    return { approvedHours: row.approved, pendingHours: row.pending };
  }

  // ── 亮身份、亮承诺 commitments ──

  /** A worker makes (or replaces) their public commitment. */
  async makeCommitment(actor: Actor, input: MakeCommitmentInput): Promise<PublicCommitment & { worker: Worker }> {
    const workerId = workerOf(actor);
    const worker = await this.dataSource.getRepository(Worker).findOneByOrFail({ id: workerId });
    const regions = this.dataSource.getRepository(Region);
    const township = input.townshipCode
      ? await regions.findOneBy({ code: input.townshipCode })
      : worker.townshipId
        ? await regions.findOneBy({ id: worker.townshipId })
        : null;
    if (!township || township.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', 'give the township where you serve');
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PublicCommitment).update({ workerId, withdrawnAt: IsNull() }, { withdrawnAt: this.clock.now() });
      const saved = await manager
        .getRepository(PublicCommitment)
        .save(
          manager
            .getRepository(PublicCommitment)
            .create({ workerId, townshipId: township.id, text: input.text.trim(), showIdentity: input.showIdentity, withdrawnAt: null }),
        );
      return Object.assign(saved, { worker });
    });
  }

  /** Current commitments in a county or township, newest first (public: names only when shown). */
  commitmentConnection(regionCode: string, args: ConnectionArgs): Promise<ConnectionShape<PublicCommitment>> {
    const query = this.commitments
      .createQueryBuilder('commitment')
      .innerJoinAndSelect('commitment.worker', 'worker')
      .innerJoin(Region, 'township', 'township.id = commitment.township_id')
      .where('commitment.withdrawn_at IS NULL')
      .andWhere('township.path <@ (SELECT r.path FROM region r WHERE r.code = :regionCode)', { regionCode });
    return toConnection(query, newestCommitmentFirst, args);
  }

  // ── 党员责任区 responsibility zones ──

  /** Assigns a party member (worker) a zone in a grid of the caller's region; one current zone per member and grid. */
  async createZone(actor: Actor, input: CreateResponsibilityZoneInput): Promise<ResponsibilityZone> {
    await this.grids.get(actor, input.gridId).catch(() => {
      throw DomainError.badField('gridId', 'no such grid in your region');
    });
    await this.checkWorker(input.workerId, 'workerId');
    try {
      return await this.zones.save(this.zones.create({ workerId: input.workerId, gridId: input.gridId, description: input.description.trim(), endedAt: null }));
    } catch (error) {
      if (isUniqueViolation(error, 'uq_responsibility_zone_current'))
        throw DomainError.conflict('The member already has a zone in this grid', { field: 'gridId' });
      throw error;
    }
  }

  /** Current zones in a grid the caller sees. */
  async zonesOf(actor: Actor, gridId: string): Promise<ResponsibilityZone[]> {
    await this.grids.get(actor, gridId);
    return this.zones.find({ where: { gridId, endedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  // ── helpers ──

  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<VolunteerTeam> {
    const scope = withinRegion(actor, 'township');
    return manager
      .getRepository(VolunteerTeam)
      .createQueryBuilder('team')
      .innerJoin(Region, 'township', 'township.id = team.township_id')
      .andWhere(scope.sql, scope.params);
  }

  // The team an actor may run: staff in scope, or the worker who leads it.
  private async teamFor(manager: EntityManager, actor: Actor, teamId: string): Promise<VolunteerTeam> {
    if (actor.kind !== 'worker') return this.get(actor, teamId, manager);
    const team = await manager.getRepository(VolunteerTeam).findOneBy({ id: teamId });
    if (!team) throw DomainError.notFound('VolunteerTeam', teamId);
    if (team.leaderWorkerId !== actor.workerId) throw DomainError.forbidden('Only the team leader can do this');
    return team;
  }

  private async wasMember(manager: EntityManager, teamId: string, workerId: string, on: string): Promise<boolean> {
    const [row]: { n: number }[] = await manager.query(MEMBER_ON_DAY_SQL, [teamId, workerId, on]);
    return row.n > 0;
  }

  private async checkWorker(workerId: string, field: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Worker).existsBy({ id: workerId }))) throw DomainError.badField(field, 'no such worker');
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
