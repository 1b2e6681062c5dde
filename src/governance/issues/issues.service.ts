import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Permission, roleHas } from '../../access/permission.enum.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { toConnection, toConnectionInOneStatement, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readReferences } from '../../common/references/references.js';
import { Department } from '../../reference/departments/department.entity.js';
import { DepartmentKind } from '../../reference/departments/department-kind.enum.js';
import { HolidayCalendarService } from '../../reference/holidays/holiday-calendar.service.js';
import { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { placedAtInScope } from '../../access/scope.js';
import { Worker } from '../../workers/worker.entity.js';
import { GridsService, isUniqueViolation, workerOf } from '../grids/grids.service.js';
import type { IssueFilter, IssueTransitionInput, RateIssueInput, ReopenIssueInput, ReportInput } from './dto/issue.dto.js';
import { IssueView } from './dto/issue.dto.js';
import { GovernanceIssue } from './governance-issue.entity.js';
import { DeadlineUnit } from './deadline-unit.enum.js';
import { IssueCategory } from './issue-category.entity.js';
import { IssueEvent, IssueEventActorKind } from './issue-event.entity.js';
import { EventType, OutboxService, issueEventPayload, overdueEvents, autoCloseEvents } from './issue-outbox.js';
import { loadIssuePage, type IssueWithRelations } from './issue-page.sql.js';
import {
  ADD_FOLLOWER_SQL,
  AUTO_CLOSE_SQL,
  COUNT_FOLLOWERS_SQL,
  ISSUE_REFERENCES_SQL,
  LIKELY_DUPLICATES_SQL,
  MARK_OVERDUE_SQL,
  REMOVE_FOLLOWER_SQL,
  type IssueReferences,
} from './issues.sql.js';
import { actorGroupOf, extensionPending, IssueAction, IssueActorGroup, IssueStatus, nextStatus, OPEN_STATUSES } from './issue-workflow.js';

/** How close an open problem of the same category must be to count as a likely duplicate. */
export const DUPLICATE_RADIUS_METERS = 50;
/** The reporter may reopen a problem they rated at most this… */
export const REOPEN_MAX_RATING = 2;
/** …within this many days of rating it. */
export const REOPEN_WITHIN_DAYS = 7;
/** A resolved problem the reporter has not rated closes itself after this many days. */
export const AUTO_CLOSE_AFTER_DAYS = 7;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const newestFirst: KeysetOrder<GovernanceIssue> = {
  column: 'issue.reported_at',
  idColumn: 'issue.id',
  direction: 'DESC',
  read: (i) => [i.reportedAt, i.id],
};

/** Roles that accept, reject, merge and dispatch (受理、派单). */
const DISPATCHER_ROLES: readonly Role[] = [Role.GRID_WORKER, Role.TOWNSHIP_OFFICER, Role.ORG_OFFICER, Role.ADMIN];
/** Roles that decide extension requests. */
const TOWNSHIP_ROLES: readonly Role[] = [Role.TOWNSHIP_OFFICER, Role.ORG_OFFICER, Role.ADMIN];

/** A problem and the view it may be shown in. */
export interface ViewedIssue {
  issue: GovernanceIssue;
  view: IssueView;
  reportedByMe: boolean;
}

/**
 * 治理问题 Governance problems: reporting with duplicate detection, the 12345-style workflow
 * (issue-workflow.ts), scoped reading, and the overdue and auto-close jobs. The reporter is never
 * part of any view; only the reporter's own calls look them up.
 */
@Injectable()
export class IssuesService {
  constructor(
    @InjectRepository(GovernanceIssue) private readonly issues: Repository<GovernanceIssue>,
    @InjectRepository(IssueCategory) private readonly categories: Repository<IssueCategory>,
    @InjectRepository(IssueEvent) private readonly events: Repository<IssueEvent>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grids: GridsService,
    private readonly clock: Clock,
    private readonly holidays: HolidayCalendarService,
  ) {}

  // ── reporting ──

  /**
   * Open problems of the same category within 50 m (great-circle, earthdistance), nearest first.
   * The GiST index on ll_to_earth(lat, lng) serves the earth_box filter; earth_distance confirms.
   */
  async likelyDuplicates(categoryId: string, lat: number, lng: number, manager: EntityManager = this.dataSource.manager): Promise<GovernanceIssue[]> {
    const rows: { id: string }[] = await manager.query(LIKELY_DUPLICATES_SQL, [categoryId, lat, lng, DUPLICATE_RADIUS_METERS]);
    if (rows.length === 0) return [];
    const found = await manager.getRepository(GovernanceIssue).findBy({ id: In(rows.map((r) => r.id)) });
    return rows.map((r) => found.find((i) => i.id === r.id)!);
  }

  /**
   * A worker reports a problem. The grid (and so the township) comes from the location; outside
   * every grid the township is the one given, else the worker's own. When open problems of the same
   * category lie within 50 m, nothing is saved and they are returned, unless the worker confirms
   * with `submitDespiteDuplicates`. With a `clientRequestId` the same report sent again (even
   * concurrently) answers the problem the first one saved, never a second one.
   */
  async report(actor: Actor, input: ReportInput): Promise<{ issue: GovernanceIssue | null; likelyDuplicates: GovernanceIssue[] }> {
    const clientRequestId = input.clientRequestId;
    if (!clientRequestId) return this.reportNew(actor, input);
    const workerId = workerOf(actor);
    const known = await this.byClientRequest(workerId, clientRequestId);
    if (known) return { issue: known, likelyDuplicates: [] };
    try {
      const result = await this.reportNew(actor, input);
      // A concurrent retry may have committed between the look-up and the duplicate search (which then found it).
      if (!result.issue) {
        const raced = await this.byClientRequest(workerId, clientRequestId);
        if (raced) return { issue: raced, likelyDuplicates: [] };
      }
      return result;
    } catch (error) {
      // Two copies of the same report at once: the second insert waits on the unique key, then fails; answer the first.
      if (!isUniqueViolation(error, 'uq_governance_issue_reporter_client_request')) throw error;
      return { issue: await this.issues.findOneByOrFail({ reporterWorkerId: workerId, clientRequestId }), likelyDuplicates: [] };
    }
  }

  /** The problem this reporter already sent under this client request id, if any. */
  private byClientRequest(workerId: string, clientRequestId: string): Promise<GovernanceIssue | null> {
    return this.issues.findOneBy({ reporterWorkerId: workerId, clientRequestId });
  }

  private async reportNew(actor: Actor, input: ReportInput): Promise<{ issue: GovernanceIssue | null; likelyDuplicates: GovernanceIssue[] }> {
    const workerId = workerOf(actor);
    const category = await this.categories.findOneBy({ code: input.category });
    if (!category || !category.active) throw DomainError.badField('category', `${input.category} is not an open problem category`);
    return this.dataSource.transaction(async (manager) => {
      const likelyDuplicates = await this.likelyDuplicates(category.id, input.lat, input.lng, manager);
      if (likelyDuplicates.length > 0 && !input.submitDespiteDuplicates) return { issue: null, likelyDuplicates };
      const grid = await this.grids.gridAt(input.lat, input.lng, manager);
      const township = grid
        ? await manager.getRepository(Region).findOneByOrFail({ id: grid.community.parentId! })
        : await this.townshipFor(manager, workerId, input.townshipCode);
      const now = this.clock.now();
      const issue = await manager.getRepository(GovernanceIssue).save(
        manager.getRepository(GovernanceIssue).create({
          reportedAt: now,
          categoryId: category.id,
          description: input.description.trim(),
          address: input.address?.trim() || null,
          lat: input.lat,
          lng: input.lng,
          photos: input.photos ?? [],
          gridId: grid?.id ?? null,
          townshipId: township.id,
          countyCode: township.countyCode!,
          reporterWorkerId: workerId,
          status: IssueStatus.REPORTED,
          duplicateOfId: null,
          departmentId: null,
          dispatchedById: null,
          acceptedAt: null,
          dispatchedAt: null,
          deadlineAt: null,
          deadlineWarning: null,
          overdueAt: null,
          resolvedAt: null,
          closedAt: null,
          resolutionNote: null,
          resolutionPhoto: null,
          rating: null,
          ratingComment: null,
          autoClosed: false,
          extensionRequestedHours: null,
          extensionRequestedWorkingDays: null,
          extensionReason: null,
          clientRequestId: input.clientRequestId ?? null,
          attributes: input.attributes ?? null,
        }),
      );
      await this.append(manager, issue, 'REPORT', null, { kind: IssueEventActorKind.WORKER, actor }, null, now);
      return { issue, likelyDuplicates };
    });
  }

  // ── reading ──

  /**
   * One problem as the caller may see it: staff with ISSUE_READ see it in their scope (NOT_FOUND
   * outside); its reporter sees their own view; everyone else (anonymous, other workers, staff
   * without ISSUE_READ) the public view. No view names the reporter.
   */
  async view(actor: Actor | undefined, id: string): Promise<ViewedIssue> {
    if (actor?.kind === 'staff' && roleHas(actor.role, Permission.ISSUE_READ)) {
      const issue = await this.scoped(actor).andWhere('issue.id = :id', { id }).getOne();
      if (!issue) throw DomainError.notFound('GovernanceIssue', id);
      return { issue, view: IssueView.STAFF, reportedByMe: false };
    }
    const issue = await this.issues.findOneBy({ id });
    if (!issue) throw DomainError.notFound('GovernanceIssue', id);
    const mine = actor?.kind === 'worker' && issue.reporterWorkerId === actor.workerId;
    return { issue, view: mine ? IssueView.REPORTER : IssueView.PUBLIC, reportedByMe: mine };
  }

  /** Staff: problems in scope, newest first, as a Relay connection; each with its relations (one statement for the page and the total). */
  connection(actor: Actor, filter: IssueFilter, args: ConnectionArgs): Promise<ConnectionShape<IssueWithRelations>> {
    return toConnectionInOneStatement(this.search(actor, filter), newestFirst, args, loadIssuePage) as Promise<ConnectionShape<IssueWithRelations>>;
  }

  /** Staff: problems in scope, newest first, one REST page. */
  page(actor: Actor, filter: IssueFilter, query: CursorQuery): Promise<CursorPageShape<GovernanceIssue>> {
    return toCursorPage(this.search(actor, filter), newestFirst, query);
  }

  /**
   * The worker's own problems, the originals their merged duplicates now follow, and the problems
   * they follow ("me too"), newest first. (`reportedByMe` tells their own apart.)
   */
  mine(actor: Actor, args: ConnectionArgs): Promise<ConnectionShape<GovernanceIssue>> {
    const workerId = workerOf(actor);
    const query = this.issues
      .createQueryBuilder('issue')
      .where(
        `(issue.reporter_worker_id = :workerId OR issue.id IN (
        SELECT d.duplicate_of_id FROM governance_issue d WHERE d.reporter_worker_id = :workerId AND d.status = 'DUPLICATE')
        OR issue.id IN (SELECT f.issue_id FROM governance_issue_follower f WHERE f.worker_id = :workerId))`,
        { workerId },
      )
      .andWhere(`issue.status <> 'DUPLICATE'`);
    return toConnection(query, newestFirst, args);
  }

  /** Timelines of several problems (DataLoader batch), oldest step first. */
  async timelines(issueIds: readonly string[]): Promise<IssueEvent[]> {
    return this.events.find({ where: { issueId: In([...issueIds]) }, order: { at: 'ASC', createdAt: 'ASC' } });
  }

  /** The timeline of one problem the caller may see (same rules as `view`). */
  async timeline(actor: Actor | undefined, id: string): Promise<{ events: IssueEvent[]; view: IssueView }> {
    const { view } = await this.view(actor, id);
    return { events: await this.timelines([id]), view };
  }

  /** Categories by id (DataLoader batch). */
  categoriesByIds(ids: readonly string[]): Promise<IssueCategory[]> {
    return this.categories.findBy({ id: In([...ids]) });
  }

  /** REST: what each problem references (category, grid, township, department), named; one statement for them all. */
  references(ids: readonly string[]): Promise<Map<string, IssueReferences>> {
    return readReferences(this.dataSource, ISSUE_REFERENCES_SQL, ids);
  }

  /** Departments by id (DataLoader batch). */
  departmentsByIds(ids: readonly string[]): Promise<Department[]> {
    return this.dataSource.getRepository(Department).findBy({ id: In([...ids]) });
  }

  // ── workflow ──

  /**
   * Moves a problem one step (accept, reject, merge, dispatch, start, return, resolve, extensions).
   * Outside the caller's scope → NOT_FOUND; the wrong role for the step → FORBIDDEN; a step the
   * status does not allow → CONFLICT with `allowed`; a missing note, department… → BAD_USER_INPUT
   * naming the field. The change and its timeline step commit together.
   */
  async transition(actor: Actor, id: string, input: IssueTransitionInput): Promise<GovernanceIssue> {
    return this.dataSource.transaction(async (manager) => {
      const inScope = await this.scoped(actor, manager).andWhere('issue.id = :id', { id }).getExists();
      if (!inScope) throw DomainError.notFound('GovernanceIssue', id);
      const issue = await manager.getRepository(GovernanceIssue).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const action = input.action;
      await this.checkActor(manager, actor, issue, action);
      const from = issue.status;
      const to = nextStatus(from, action);
      const now = this.clock.now();
      let note = input.note?.trim() ?? null;
      const need = (field: 'note', value: unknown) => {
        if (value === undefined || value === null || value === '') throw DomainError.badField(field, `is required to ${action}`);
      };
      switch (action) {
        case IssueAction.ACCEPT:
          issue.acceptedAt = now;
          break;
        case IssueAction.REJECT:
        case IssueAction.RETURN:
          need('note', note);
          break;
        case IssueAction.MARK_DUPLICATE:
          issue.duplicateOfId = await this.checkOriginal(manager, issue, input.duplicateOfId);
          break;
        case IssueAction.DISPATCH: {
          const department = await this.departmentFor(manager, issue, input.departmentId);
          const category = await manager.getRepository(IssueCategory).findOneByOrFail({ id: issue.categoryId });
          issue.departmentId = department.id;
          issue.dispatchedById = actor.id;
          issue.dispatchedAt = now;
          Object.assign(issue, await this.deadlineFrom(manager, category, now));
          issue.overdueAt = null;
          issue.extensionRequestedHours = null;
          issue.extensionRequestedWorkingDays = null;
          issue.extensionReason = null;
          note = [`→ ${department.name}`, note, issue.deadlineWarning && `⚠ ${issue.deadlineWarning}`].filter(Boolean).join(' ');
          break;
        }
        case IssueAction.START:
          break;
        case IssueAction.RESOLVE:
          need('note', note);
          issue.resolvedAt = now;
          issue.resolutionNote = note;
          issue.resolutionPhoto = input.photo ?? null;
          break;
        case IssueAction.REQUEST_EXTENSION: {
          if (extensionPending(issue))
            throw DomainError.conflict('An extension request is already pending', { allowed: [IssueAction.APPROVE_EXTENSION, IssueAction.DENY_EXTENSION] });
          // Asked for in the unit the category's deadline is counted in.
          const category = await manager.getRepository(IssueCategory).findOneByOrFail({ id: issue.categoryId });
          const inWorkingDays = category.deadlineUnit === DeadlineUnit.WORKING_DAYS;
          const [field, other] = inWorkingDays ? (['extensionWorkingDays', 'extensionHours'] as const) : (['extensionHours', 'extensionWorkingDays'] as const);
          if (input[other] != null)
            throw DomainError.badField(other, `this category's deadline is counted in ${inWorkingDays ? 'working days' : 'hours'}: give ${field}`);
          if (!input[field]) throw DomainError.badField(field, 'is required to REQUEST_EXTENSION');
          need('note', note);
          if (inWorkingDays) issue.extensionRequestedWorkingDays = input.extensionWorkingDays!;
          else issue.extensionRequestedHours = input.extensionHours!;
          issue.extensionReason = note;
          note = `${inWorkingDays ? `+${input.extensionWorkingDays} 个工作日 working days` : `+${input.extensionHours} h`}: ${note}`;
          break;
        }
        case IssueAction.APPROVE_EXTENSION:
        case IssueAction.DENY_EXTENSION: {
          const hours = issue.extensionRequestedHours;
          const workingDays = issue.extensionRequestedWorkingDays;
          if (!extensionPending(issue)) throw DomainError.conflict('No extension request is pending', { allowed: [IssueAction.REQUEST_EXTENSION] });
          if (action === IssueAction.APPROVE_EXTENSION) {
            if (workingDays !== null) {
              // The close of the Nth working day after the day the deadline falls on.
              const extended = await this.holidays.deadline(issue.deadlineAt!, workingDays, manager);
              issue.deadlineAt = extended.deadline;
              issue.deadlineWarning = extended.warning ?? issue.deadlineWarning;
            } else {
              issue.deadlineAt = new Date(issue.deadlineAt!.getTime() + hours! * HOUR_MS);
            }
            issue.overdueAt = null;
            note = [workingDays !== null ? `+${workingDays} 个工作日 working days` : `+${hours} h`, note].filter(Boolean).join(' ');
          }
          issue.extensionRequestedHours = null;
          issue.extensionRequestedWorkingDays = null;
          issue.extensionReason = null;
          break;
        }
        default:
          throw DomainError.forbidden(`${action} is not a staff action`);
      }
      issue.status = to;
      await manager.getRepository(GovernanceIssue).save(issue);
      await this.append(manager, issue, action, from, { kind: IssueEventActorKind.STAFF, actor }, note, now);
      return issue;
    });
  }

  /** The reporter rates a resolved problem (回访评价, 1–5) and so closes it. */
  async rate(actor: Actor, id: string, input: RateIssueInput): Promise<GovernanceIssue> {
    const workerId = workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const issue = await manager.getRepository(GovernanceIssue).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      // Someone else's problem is not found, so a rating cannot probe who reported what.
      if (!issue || issue.reporterWorkerId !== workerId) throw DomainError.notFound('GovernanceIssue', id);
      const from = issue.status;
      issue.status = nextStatus(from, IssueAction.RATE);
      const now = this.clock.now();
      issue.rating = input.rating;
      issue.ratingComment = input.comment?.trim() || null;
      issue.closedAt = now;
      await manager.getRepository(GovernanceIssue).save(issue);
      await this.append(manager, issue, IssueAction.RATE, from, { kind: IssueEventActorKind.WORKER, actor }, `${input.rating}/5`, now);
      return issue;
    });
  }

  /**
   * 不满意重办 The reporter who rated the resolution 1 or 2 reopens it, with a reason, within 7 days
   * of rating: REOPENED, back to the township for re-dispatch. The first round's deadline is kept
   * (the on-time rate judges by it); the resolution and rating leave the problem (the timeline
   * keeps them), so the figures count it resolved again only when it is resolved again.
   * Anyone but the reporter: NOT_FOUND (as for rating); not closed by a rating of 1 or 2, or too late: CONFLICT.
   */
  async reopen(actor: Actor, id: string, input: ReopenIssueInput): Promise<GovernanceIssue> {
    const workerId = workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const issue = await manager.getRepository(GovernanceIssue).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!issue || issue.reporterWorkerId !== workerId) throw DomainError.notFound('GovernanceIssue', id);
      const from = issue.status;
      const to = nextStatus(from, IssueAction.REOPEN);
      const now = this.clock.now();
      if (issue.autoClosed || issue.rating === null || issue.rating > REOPEN_MAX_RATING) {
        throw DomainError.conflict(`Only a resolution you rated 1 or 2 can be reopened`, { status: from, action: IssueAction.REOPEN, rating: issue.rating });
      }
      if (now.getTime() - issue.closedAt!.getTime() > REOPEN_WITHIN_DAYS * DAY_MS) {
        throw DomainError.conflict(`A problem can be reopened only within ${REOPEN_WITHIN_DAYS} days of rating it`, {
          status: from,
          action: IssueAction.REOPEN,
          closedAt: issue.closedAt,
        });
      }
      const note = `${issue.rating}/5: ${input.reason.trim()}`;
      issue.firstDeadlineAt ??= issue.deadlineAt;
      issue.reopenCount += 1;
      issue.reopenedAt = now;
      Object.assign(issue, {
        status: to,
        resolvedAt: null,
        closedAt: null,
        resolutionNote: null,
        resolutionPhoto: null,
        rating: null,
        ratingComment: null,
        overdueAt: null,
      });
      await manager.getRepository(GovernanceIssue).save(issue);
      await this.append(manager, issue, IssueAction.REOPEN, from, { kind: IssueEventActorKind.WORKER, actor }, note, now);
      return issue;
    });
  }

  // ── following ──

  /**
   * 我也遇到 A worker follows an open problem someone else reported instead of reporting it again:
   * it shows in their `myIssues` and counts one more follower. Following twice changes nothing.
   * Not open: CONFLICT; their own report: CONFLICT (they follow it already).
   */
  async follow(actor: Actor, id: string): Promise<GovernanceIssue> {
    const workerId = workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const issue = await manager.getRepository(GovernanceIssue).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!issue) throw DomainError.notFound('GovernanceIssue', id);
      if (issue.reporterWorkerId === workerId) throw DomainError.conflict('You reported this problem: it is already among yours');
      if (!OPEN_STATUSES.includes(issue.status))
        throw DomainError.conflict(`A ${issue.status} problem cannot be followed: only open ones`, { status: issue.status });
      const added: unknown[] = await manager.query(ADD_FOLLOWER_SQL, [id, workerId]);
      if (added.length > 0) issue.followerCount = await this.countFollowers(manager, id);
      return issue;
    });
  }

  /** The worker stops following a problem (nothing happens when they did not). */
  async unfollow(actor: Actor, id: string): Promise<GovernanceIssue> {
    const workerId = workerOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const issue = await manager.getRepository(GovernanceIssue).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!issue) throw DomainError.notFound('GovernanceIssue', id);
      const removed: [unknown[], number] = await manager.query(REMOVE_FOLLOWER_SQL, [id, workerId]);
      if (removed[1] > 0) issue.followerCount = await this.countFollowers(manager, id);
      return issue;
    });
  }

  // The stored count follows the rows, under the problem's row lock (so concurrent follows never lose one).
  private async countFollowers(manager: EntityManager, id: string): Promise<number> {
    // An UPDATE answers [rows, affected].
    const [[row]]: [{ follower_count: number }[], number] = await manager.query(COUNT_FOLLOWERS_SQL, [id]);
    return row.follower_count;
  }

  // ── jobs ──

  /**
   * 超期督办 Marks every problem whose running deadline has passed (by the clock) as overdue and
   * records one supervision entry and one timeline step for it. Idempotent: a problem already marked
   * is skipped, and the supervision key (problem, deadline) refuses a second entry, so concurrent
   * runs on several instances are safe. Returns how many problems it marked.
   */
  async markOverdue(): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => overdueEvents(manager, now, await manager.query(MARK_OVERDUE_SQL, [now])));
  }

  /** Closes problems resolved more than 7 days ago (by the clock) that the reporter never rated. Returns how many. */
  async autoClose(): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) =>
      autoCloseEvents(
        manager,
        now,
        await manager.query(AUTO_CLOSE_SQL, [
          now,
          AUTO_CLOSE_AFTER_DAYS,
          `${AUTO_CLOSE_AFTER_DAYS} 天未评价自动关闭 / closed after ${AUTO_CLOSE_AFTER_DAYS} days without a rating`,
        ]),
      ),
    );
  }

  // ── scope and rules ──

  /**
   * Problems a staff caller may see: department officers those dispatched to their department;
   * grid workers those in their grids; everyone else their region subtree (by township).
   */
  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<GovernanceIssue> {
    const query = manager.getRepository(GovernanceIssue).createQueryBuilder('issue');
    if (actor.kind !== 'staff') return query.andWhere('FALSE');
    if (actor.role === Role.DEPARTMENT_OFFICER) {
      return actor.departmentId ? query.andWhere('issue.department_id = :departmentId', { departmentId: actor.departmentId }) : query.andWhere('FALSE');
    }
    if (actor.role === Role.GRID_WORKER) {
      return query.andWhere('issue.grid_id IN (SELECT g.id FROM grid g WHERE g.grid_worker_id = :staffId)', { staffId: actor.id });
    }
    const scope = placedAtInScope(actor, 'issue');
    return query.andWhere(scope.sql, scope.params);
  }

  private search(actor: Actor, filter: IssueFilter): SelectQueryBuilder<GovernanceIssue> {
    const query = this.scoped(actor);
    if (filter.status) query.andWhere('issue.status = :status', { status: filter.status });
    if (filter.category) query.andWhere('issue.category_id IN (SELECT c.id FROM issue_category c WHERE c.code = :category)', { category: filter.category });
    if (filter.gridId) query.andWhere('issue.grid_id = :gridId', { gridId: filter.gridId });
    if (filter.overdue === true) query.andWhere(`issue.overdue_at IS NOT NULL AND issue.status IN ('DISPATCHED', 'IN_PROGRESS')`);
    if (filter.overdue === false) query.andWhere(`NOT (issue.overdue_at IS NOT NULL AND issue.status IN ('DISPATCHED', 'IN_PROGRESS'))`);
    return query;
  }

  // Who may take the step: dispatchers (grid worker, township, county), the handling department, the township for extensions.
  private async checkActor(manager: EntityManager, actor: Actor, issue: GovernanceIssue, action: IssueAction): Promise<void> {
    const group = actorGroupOf(action);
    if (group === IssueActorGroup.DISPATCHER && DISPATCHER_ROLES.includes(actor.role)) return;
    if (group === IssueActorGroup.TOWNSHIP && TOWNSHIP_ROLES.includes(actor.role)) return;
    if (group === IssueActorGroup.DEPARTMENT && issue.departmentId) {
      if (actor.departmentId && actor.departmentId === issue.departmentId) return;
      // A problem dispatched to a township office is handled by that township's officers.
      if (actor.role === Role.TOWNSHIP_OFFICER) {
        const department = await manager.getRepository(Department).findOneBy({ id: issue.departmentId });
        if (department?.kind === DepartmentKind.TOWNSHIP && department.regionId === issue.townshipId) return;
      }
    }
    const who = {
      DISPATCHER: 'a grid worker or township officer',
      DEPARTMENT: 'the handling department',
      TOWNSHIP: 'a township officer',
      REPORTER: 'the reporter',
      SYSTEM: 'the system',
    }[group];
    throw DomainError.forbidden(`Only ${who} can ${action} a problem`);
  }

  // The deadline a dispatch at `now` sets: hours from now, or the close of the Nth working day after today (with a warning for years with no schedule).
  private async deadlineFrom(manager: EntityManager, category: IssueCategory, now: Date): Promise<Pick<GovernanceIssue, 'deadlineAt' | 'deadlineWarning'>> {
    if (category.deadlineUnit !== DeadlineUnit.WORKING_DAYS)
      return { deadlineAt: new Date(now.getTime() + category.deadlineHours * HOUR_MS), deadlineWarning: null };
    const { deadline, warning } = await this.holidays.deadline(now, category.deadlineWorkingDays!, manager);
    return { deadlineAt: deadline, deadlineWarning: warning };
  }

  // The department a dispatch goes to: the one named (in the problem's county), else the category's default kind.
  private async departmentFor(manager: EntityManager, issue: GovernanceIssue, departmentId?: string): Promise<Department> {
    const departments = manager.getRepository(Department);
    if (departmentId) {
      const named = await departments.findOneBy({ id: departmentId });
      if (!named || named.countyCode !== issue.countyCode) throw DomainError.badField('departmentId', "must be a department of the problem's county");
      return named;
    }
    const category = await manager.getRepository(IssueCategory).findOneByOrFail({ id: issue.categoryId });
    const kind = category.defaultDepartmentKind;
    const regionId =
      kind === DepartmentKind.TOWNSHIP
        ? issue.townshipId
        : (await manager.getRepository(Region).findOneByOrFail({ code: issue.countyCode, level: RegionLevel.COUNTY })).id;
    const found = await departments.findOneBy({ regionId, kind });
    if (!found) throw DomainError.badField('departmentId', `no ${kind} department exists for this problem: name one`);
    return found;
  }

  // The original a duplicate is merged into: another problem of the county that is not itself merged or rejected.
  private async checkOriginal(manager: EntityManager, issue: GovernanceIssue, duplicateOfId?: string): Promise<string> {
    if (!duplicateOfId) throw DomainError.badField('duplicateOfId', 'is required to MARK_DUPLICATE');
    if (duplicateOfId === issue.id) throw DomainError.badField('duplicateOfId', 'cannot be the problem itself');
    const original = await manager.getRepository(GovernanceIssue).findOneBy({ id: duplicateOfId });
    if (!original || original.countyCode !== issue.countyCode) throw DomainError.badField('duplicateOfId', 'no such problem in this county');
    if (original.status === IssueStatus.DUPLICATE || original.status === IssueStatus.REJECTED) {
      throw DomainError.badField('duplicateOfId', `the original is ${original.status}: merge into a live problem`);
    }
    return original.id;
  }

  // Outside every grid: the township named, else the worker's own.
  private async townshipFor(manager: EntityManager, workerId: string, townshipCode?: string): Promise<Region> {
    const regions = manager.getRepository(Region);
    if (townshipCode) {
      const named = await regions.findOneBy({ code: townshipCode });
      if (!named || named.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', `${townshipCode} is not a known township`);
      return named;
    }
    const worker = await manager.getRepository(Worker).findOneByOrFail({ id: workerId });
    const own = worker.townshipId ? await regions.findOneBy({ id: worker.townshipId }) : null;
    if (!own) throw DomainError.badField('townshipCode', 'the location is in no grid: give the township it lies in');
    return own;
  }

  private async append(
    manager: EntityManager,
    issue: GovernanceIssue,
    action: string,
    from: IssueStatus | null,
    by: { kind: IssueEventActorKind; actor: Actor },
    note: string | null,
    at: Date,
  ): Promise<void> {
    await manager.getRepository(IssueEvent).insert({
      issueId: issue.id,
      at,
      action,
      fromStatus: from,
      toStatus: issue.status,
      actorKind: by.kind,
      // A worker (the reporter, rating) is never identified, not even by id.
      actorId: by.kind === IssueEventActorKind.STAFF ? by.actor.id : null,
      actorRole: by.kind === IssueEventActorKind.STAFF ? by.actor.role : null,
      note,
    });
    await OutboxService.append(
      manager,
      from === null ? EventType.ISSUE_REPORTED : EventType.ISSUE_STATUS_CHANGED,
      `issue:${issue.id}`,
      issueEventPayload(issue, action, from, by.kind, note, at),
      { countyCode: issue.countyCode },
    );
  }
}
