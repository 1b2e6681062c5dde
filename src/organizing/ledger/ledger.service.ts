import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assignedToInstructor } from '../instructors/instructor-scope.js';
import type { Actor } from '../../access/actor.js';
import { inScope, placedInScope, placedWithin } from '../../access/scope.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { cursorBatches } from '../../database/cursor-batches.js';
import { toConnectionInOneStatement, type ConnectionArgs, type ConnectionShape } from '../../common/pagination/connection.types.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { readPage } from '../../common/pagination/page-statement.js';
import { Region } from '../../reference/regions/region.entity.js';
import { RegionLevel } from '../../reference/regions/region-level.enum.js';
import { RegionService } from '../../reference/regions/region.service.js';
import { WorkerDto } from '../../workers/dto/worker.dto.js';
import { Worker } from '../../workers/worker.entity.js';
import { WorkersService } from '../../workers/workers.service.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { PartyOrganization } from '../party-organizations/party-organization.entity.js';
import type {
  CreateLedgerEntryInput,
  LedgerEntryItemDto,
  LedgerEntryViewDto,
  LedgerFilter,
  LedgerItemStateInput,
  SelfReportInput,
  SetLedgerEntryItemInput,
  UpdateLedgerEntryInput,
  VerifyLedgerEntryInput,
} from './dto/ledger.dto.js';
import { LedgerEntryDto } from './dto/ledger.dto.js';
import { LedgerEntryItem } from './ledger-entry-item.entity.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { LedgerItem } from './ledger-item.entity.js';
import { LedgerItemsService } from './ledger-items.service.js';
import {
  ENTRY_ENTERPRISE_JOINS,
  ENTRY_ENTERPRISE_SELECT,
  ENTRY_OF_WORKER_SQL,
  INSERT_ROSTER_MATCH_SQL,
  INSERT_ROSTER_MATCHES_SQL,
  ITEM_STATES_SQL,
  MASKED_NAMES_SQL,
  memberCountsSql,
  WORKERS_IN_LEDGER_SQL,
} from './ledger.sql.js';
import { assertVerificationTransition, completenessOf } from './ledger-rules.js';
import { DiscoveryChannel, FlowStatus, Membership, Verification } from './ledger.enums.js';
import { EventType } from '../../outbox/event-types.js';
import { OutboxService } from '../../outbox/outbox.service.js';

const byCreated: KeysetOrder<LedgerEntry> = { column: 'entry.created_at', idColumn: 'entry.id', direction: 'ASC', read: (e) => [e.createdAt, e.id] };

/** A listed entry with its enterprise (read with the page). */
export type LedgerEntryWithEnterprise = LedgerEntry & { enterprise: Enterprise | null };

/** The enterprise columns a page reads beside each entry, as JSON gives them. */
type EnterpriseRow = Omit<Enterprise, 'createdAt' | 'supervisionOverriddenAt'> & { createdAt: string; supervisionOverriddenAt: string | null };

/** Full and probationary members counted from the ledger (rejected entries never count). */
export interface MemberCounts {
  full: number;
  probationary: number;
}

/** What the roster feature knows when a synced rider matches a party member (平台名单比对). */
export interface RosterMatchInput {
  workerId: string;
  countyCode: string;
  enterpriseId?: string | null;
  townshipId?: string | null;
  /** Platforms only say "party member"; FULL unless the platform says probationary. */
  membership?: Membership;
}

// Where an entry sits: its enterprise, township and county.
interface Placement {
  enterpriseId: string | null;
  townshipId: string | null;
  countyCode: string;
}

/**
 * 五个清台账 The five-clear ledger of party members among workers. Entries are personal data:
 * every read is scoped (region subtree, or an instructor's assigned enterprises) and shows the
 * worker only masked. One entry per worker; verification only UNVERIFIED → VERIFIED | REJECTED.
 */
@Injectable()
export class LedgerService {
  constructor(
    @InjectRepository(LedgerEntry) private readonly entries: Repository<LedgerEntry>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly items: LedgerItemsService,
    private readonly workers: WorkersService,
    private readonly enterprises: EnterprisesService,
    private readonly regions: RegionService,
    private readonly clock: Clock,
  ) {}

  /** An officer adds a member found by door visit, questionnaire or phone; unverified until verified. */
  async create(actor: Actor, input: CreateLedgerEntryInput): Promise<LedgerEntry> {
    const worker = await this.liveWorker(actor, input.workerId);
    const placement = await this.placement(actor, input, worker);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.refuseSecondEntry(manager, worker.id);
      const attachedOrganizationId = await this.attachedOrganization(manager, input.attachedOrganizationId, placement.countyCode);
      await this.items.seedDefaults(manager, placement.countyCode);
      const entry = await manager.save(
        LedgerEntry,
        manager.create(LedgerEntry, {
          ...placement,
          workerId: worker.id,
          membership: input.membership,
          joinedOn: input.joinedOn ?? null,
          relationOrganizationName: input.relationOrganizationName?.trim() || null,
          relationRegionName: input.relationRegionName?.trim() || null,
          flowStatus: input.flowStatus ?? FlowStatus.LOCAL,
          attachedOrganizationId,
          channel: input.channel,
          verification: Verification.UNVERIFIED,
        }),
      );
      if (input.items) await this.writeItemStates(manager, entry, input.items);
      return entry.id;
    });
    return this.get(actor, id);
  }

  /** Edits an entry in scope; only the fields given change. */
  async update(actor: Actor, id: string, input: UpdateLedgerEntryInput): Promise<LedgerEntry> {
    const entry = await this.get(actor, id);
    await this.dataSource.transaction(async (manager) => {
      if (input.enterpriseId !== undefined || input.townshipCode !== undefined) {
        const worker = await manager.findOneByOrFail(Worker, { id: entry.workerId });
        Object.assign(
          entry,
          await this.placement(
            actor,
            {
              enterpriseId: input.enterpriseId ?? entry.enterpriseId ?? undefined,
              townshipCode: input.townshipCode,
              townshipId: input.townshipCode === undefined ? entry.townshipId : undefined,
              countyCode: entry.countyCode,
            },
            worker,
          ),
        );
      }
      if (input.membership !== undefined) entry.membership = input.membership;
      if (input.joinedOn !== undefined) entry.joinedOn = input.joinedOn;
      if (input.relationOrganizationName !== undefined) entry.relationOrganizationName = input.relationOrganizationName.trim() || null;
      if (input.relationRegionName !== undefined) entry.relationRegionName = input.relationRegionName.trim() || null;
      if (input.flowStatus !== undefined) entry.flowStatus = input.flowStatus;
      if (input.attachedOrganizationId !== undefined) {
        entry.attachedOrganizationId = await this.attachedOrganization(manager, input.attachedOrganizationId, entry.countyCode);
      }
      await manager.save(LedgerEntry, entry);
      if (input.items) await this.writeItemStates(manager, entry, input.items);
    });
    return this.get(actor, id);
  }

  /** Sets one five-clear item on an entry (clear or not, a note, when checked: today unless given). */
  async setItem(actor: Actor, id: string, key: string, input: SetLedgerEntryItemInput): Promise<LedgerEntry> {
    const entry = await this.get(actor, id);
    await this.dataSource.transaction((manager) => this.writeItemStates(manager, entry, [{ key, ...input }], 'key'));
    return this.get(actor, id);
  }

  /** 核实 Verifies or rejects an unverified entry; any other step → CONFLICT listing the allowed ones. */
  async verify(actor: Actor, id: string, input: VerifyLedgerEntryInput): Promise<LedgerEntry> {
    await this.get(actor, id);
    await this.dataSource.transaction(async (manager) => {
      const entry = await manager
        .getRepository(LedgerEntry)
        .createQueryBuilder('entry')
        .setLock('pessimistic_write')
        .where('entry.id = :id', { id })
        .getOneOrFail();
      assertVerificationTransition(entry.verification, input.decision);
      entry.verification = input.decision;
      entry.verifiedById = actor.id;
      entry.verifiedAt = this.clock.now();
      entry.verificationNote = input.note?.trim() || null;
      await manager.save(LedgerEntry, entry);
      await OutboxService.append(
        manager,
        EventType.LEDGER_ENTRY_VERIFIED,
        `ledger-entry:${entry.id}`,
        {
          entryId: entry.id,
          decision: entry.verification,
          countyCode: entry.countyCode,
          townshipId: entry.townshipId,
          enterpriseId: entry.enterpriseId,
          at: entry.verifiedAt?.toISOString(),
        },
        { countyCode: entry.countyCode },
      );
    });
    return this.get(actor, id);
  }

  /** Removes an entry (a duplicate, or one entered by mistake); its item states go with it. */
  async remove(actor: Actor, id: string): Promise<LedgerEntry> {
    const entry = await this.get(actor, id);
    await this.entries.delete(id);
    return entry;
  }

  /** 自主报到 A worker reports their own membership: an unverified SELF_REPORT entry for themselves. */
  async reportSelf(actor: Actor, input: SelfReportInput): Promise<LedgerEntry> {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker reports for themselves');
    const worker = await this.workers.get(actor.workerId);
    let township: Region | null = null;
    if (input.townshipCode) township = await this.township(input.townshipCode);
    const countyCode = township?.countyCode ?? worker.countyCode;
    if (!countyCode) throw DomainError.badField('townshipCode', 'tell us the township you work in');
    const id = await this.dataSource.transaction(async (manager) => {
      await this.refuseSecondEntry(manager, worker.id);
      await this.items.seedDefaults(manager, countyCode);
      const entry = await manager.save(
        LedgerEntry,
        manager.create(LedgerEntry, {
          countyCode,
          townshipId: township?.id ?? worker.townshipId ?? null,
          enterpriseId: null,
          workerId: worker.id,
          membership: input.membership,
          joinedOn: input.joinedOn ?? null,
          relationOrganizationName: input.relationOrganizationName?.trim() || null,
          relationRegionName: input.relationRegionName?.trim() || null,
          flowStatus: input.flowStatus ?? FlowStatus.LOCAL,
          attachedOrganizationId: null,
          channel: DiscoveryChannel.SELF_REPORT,
          verification: Verification.UNVERIFIED,
        }),
      );
      return entry.id;
    });
    return this.entries.findOneByOrFail({ id });
  }

  /** The signed-in worker's own entry, or null. */
  async mine(actor: Actor): Promise<LedgerEntry | null> {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker has a ledger entry of their own');
    return this.entries.findOneBy({ workerId: actor.workerId });
  }

  /**
   * For the roster feature (平台名单比对): inside the caller's transaction, adds an UNVERIFIED
   * ROSTER_MATCH entry for the worker unless they already have one. Returns the entry id and
   * whether it was created (false: the worker was already in the ledger, nothing changed).
   */
  async createFromRosterMatch(manager: EntityManager, input: RosterMatchInput): Promise<{ entryId: string; created: boolean }> {
    await this.items.seedDefaults(manager, input.countyCode);
    const inserted: { id: string }[] = await manager.query(INSERT_ROSTER_MATCH_SQL, [
      input.countyCode,
      input.workerId,
      input.enterpriseId ?? null,
      input.townshipId ?? null,
      input.membership ?? Membership.FULL,
    ]);
    if (inserted.length > 0) return { entryId: inserted[0].id, created: true };
    const [existing]: { id: string }[] = await manager.query(ENTRY_OF_WORKER_SQL, [input.workerId]);
    return { entryId: existing.id, created: false };
  }

  /**
   * For the roster feature: {@link createFromRosterMatch} for many workers at once, in one
   * statement (a big first roster sync enters tens of thousands). Workers already in the ledger
   * are left as they are; returns how many entries were created.
   */
  async createManyFromRosterMatch(manager: EntityManager, inputs: readonly RosterMatchInput[]): Promise<number> {
    if (inputs.length === 0) return 0;
    for (const countyCode of new Set(inputs.map((input) => input.countyCode))) await this.items.seedDefaults(manager, countyCode);
    const inserted: { id: string }[] = await manager.query(INSERT_ROSTER_MATCHES_SQL, [
      inputs.map((input) => input.countyCode),
      inputs.map((input) => input.workerId),
      inputs.map((input) => input.enterpriseId ?? null),
      inputs.map((input) => input.townshipId ?? null),
      inputs.map((input) => input.membership ?? Membership.FULL),
    ]);
    return inserted.length;
  }

  /** For the roster feature: which of these workers already have a ledger entry (any verification state). */
  async workerIdsInLedger(manager: EntityManager, workerIds: readonly string[]): Promise<string[]> {
    if (workerIds.length === 0) return [];
    const rows: { worker_id: string }[] = await manager.query(WORKERS_IN_LEDGER_SQL, [[...workerIds]]);
    return rows.map((row) => row.worker_id);
  }

  /** An entry the caller may see; NOT_FOUND otherwise. */
  /** Whether the entry is in the caller's scope (without loading it). */
  async mayRead(actor: Actor, id: string): Promise<boolean> {
    return this.scoped(actor).andWhere('entry.id = :id', { id }).getExists();
  }

  async get(actor: Actor, id: string): Promise<LedgerEntry> {
    const entry = await this.scoped(actor).andWhere('entry.id = :id', { id }).getOne();
    if (!entry) throw DomainError.notFound('LedgerEntry', id);
    return entry;
  }

  /** GraphQL: entries in scope matching the filter, oldest first. */
  async connection(actor: Actor, filter: LedgerFilter, args: ConnectionArgs): Promise<ConnectionShape<LedgerEntryWithEnterprise>> {
    return toConnectionInOneStatement(await this.filtered(actor, filter), byCreated, args, async (page, count) => {
      const { rows, total } = await readPage<LedgerEntry, { enterpriseRow: EnterpriseRow | null }>(page, count, {
        alias: 'x',
        select: ENTRY_ENTERPRISE_SELECT,
        joins: ENTRY_ENTERPRISE_JOINS,
      });
      return {
        total,
        rows: rows.map((entry) => {
          const e = entry.enterpriseRow;
          return Object.assign(entry, {
            enterprise:
              e &&
              ({
                ...e,
                createdAt: new Date(e.createdAt),
                supervisionOverriddenAt: e.supervisionOverriddenAt === null ? null : new Date(e.supervisionOverriddenAt),
              } as unknown as Enterprise),
          });
        }),
      };
    }) as Promise<ConnectionShape<LedgerEntryWithEnterprise>>;
  }

  /** REST: one page of entries in scope matching the filter. */
  async page(actor: Actor, filter: LedgerFilter, query: CursorQuery): Promise<CursorPageShape<LedgerEntry>> {
    return toCursorPage(await this.filtered(actor, filter), byCreated, query);
  }

  /**
   * Entries in scope matching the filter, oldest first, in batches (the export): their ids come from
   * one server-side cursor (the scoped, filtered query runs and sorts once), and each batch's
   * entries are loaded by id.
   */
  async *stream(actor: Actor, filter: LedgerFilter, batchSize = 500): AsyncGenerator<LedgerEntry[]> {
    const query = await this.filtered(actor, filter);
    const [sql, params] = query.clone().select('entry.id', 'id').orderBy(byCreated.column, 'ASC').addOrderBy(byCreated.idColumn, 'ASC').getQueryAndParameters();
    for await (const rows of cursorBatches<{ id: string }>(this.dataSource, sql, params, batchSize)) {
      const ids = rows.map((row) => row.id);
      const byId = new Map((await query.clone().andWhere('entry.id = ANY(:batchIds::uuid[])', { batchIds: ids }).getMany()).map((entry) => [entry.id, entry]));
      yield ids.flatMap((id) => byId.get(id) ?? []);
    }
  }

  /** Item states (active items, and retired ones that were checked) of each entry, in item order; for loaders and views. */
  async itemStates(entryIds: readonly string[]): Promise<Map<string, LedgerEntryItemDto[]>> {
    const result = new Map<string, LedgerEntryItemDto[]>(entryIds.map((id) => [id, []]));
    if (entryIds.length === 0) return result;
    const rows: {
      entry_id: string;
      item_id: string;
      key: string;
      label: string;
      retired: boolean;
      clear: boolean | null;
      note: string | null;
      checked_on: string | null;
    }[] = await this.dataSource.query(ITEM_STATES_SQL, [[...entryIds]]);
    for (const row of rows) {
      result.get(row.entry_id)!.push({
        itemId: row.item_id,
        key: row.key,
        label: row.label,
        retired: row.retired,
        clear: row.clear ?? false,
        note: row.note,
        checkedOn: row.checked_on,
      });
    }
    return result;
  }

  /** REST's full views of entries: masked worker, item states and completeness, in three queries whatever the count. */
  async views(entries: LedgerEntry[]): Promise<LedgerEntryViewDto[]> {
    const ids = entries.map((entry) => entry.id);
    const [states, workers] = await Promise.all([this.itemStates(ids), this.workers.byIds([...new Set(entries.map((e) => e.workerId))])]);
    const workerById = new Map(workers.map((worker) => [worker.id, worker]));
    return entries.map((entry) => {
      const items = states.get(entry.id) ?? [];
      return { ...LedgerEntryDto.from(entry), worker: WorkerDto.from(workerById.get(entry.workerId)!), items, completeness: completenessOf(items) };
    });
  }

  /** The masked name of the worker behind each ledger entry (an organisation's secretary), for loaders. */
  async maskedNames(entryIds: readonly string[]): Promise<Map<string, string | null>> {
    if (entryIds.length === 0) return new Map();
    const rows: { id: string; name: string | null }[] = await this.dataSource.query(MASKED_NAMES_SQL, [[...entryIds]]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Member counts of party organisations (entries attached to them), rejected entries excluded. */
  async memberCountsByOrganization(organizationIds: readonly string[]): Promise<Map<string, MemberCounts>> {
    return this.countBy('attached_organization_id', organizationIds);
  }

  /** Member counts of enterprises (entries of people working there), rejected entries excluded. */
  async memberCountsByEnterprise(enterpriseIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MemberCounts>> {
    return this.countBy('enterprise_id', enterpriseIds, manager);
  }

  private async countBy(
    column: 'attached_organization_id' | 'enterprise_id',
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, MemberCounts>> {
    const counts = new Map<string, MemberCounts>(ids.map((id) => [id, { full: 0, probationary: 0 }]));
    if (ids.length === 0) return counts;
    const rows: { id: string; full: number; probationary: number }[] = await manager.query(memberCountsSql(column), [[...ids]]);
    for (const row of rows) counts.set(row.id, { full: row.full, probationary: row.probationary });
    return counts;
  }

  /**
   * The caller's entries (alias `entry`): an instructor's are those of people working at enterprises
   * assigned to them; everyone else's lie in their region subtree (by township, else county).
   */
  scoped(actor: Actor): SelectQueryBuilder<LedgerEntry> {
    const query = this.entries.createQueryBuilder('entry');
    if (actor.role === Role.INSTRUCTOR) {
      const assigned = assignedToInstructor(actor, 'entry.enterprise_id');
      return query.where(assigned.sql, assigned.params);
    }
    const scope = placedInScope(actor, 'entry');
    return query.where(scope.sql, scope.params);
  }

  private async filtered(actor: Actor, filter: LedgerFilter): Promise<SelectQueryBuilder<LedgerEntry>> {
    const query = this.scoped(actor);
    if (filter.regionCode) {
      const region = await this.regions.getByCode(filter.regionCode);
      query.andWhere(placedWithin('entry', 'filterPath'), { filterPath: region.path });
    }
    if (filter.enterpriseId) query.andWhere('entry.enterprise_id = :enterpriseId', { enterpriseId: filter.enterpriseId });
    if (filter.attachedOrganizationId) query.andWhere('entry.attached_organization_id = :organizationId', { organizationId: filter.attachedOrganizationId });
    if (filter.membership) query.andWhere('entry.membership = :membership', { membership: filter.membership });
    if (filter.verification) query.andWhere('entry.verification = :verification', { verification: filter.verification });
    if (filter.flowStatus) query.andWhere('entry.flow_status = :flowStatus', { flowStatus: filter.flowStatus });
    if (filter.channel) query.andWhere('entry.channel = :channel', { channel: filter.channel });
    if (filter.complete !== undefined) {
      const complete = `(EXISTS (SELECT 1 FROM ledger_item li WHERE li.county_code = entry.county_code AND li.retired_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM ledger_item li WHERE li.county_code = entry.county_code AND li.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM ledger_entry_item lei WHERE lei.entry_id = entry.id AND lei.item_id = li.id AND lei.clear)))`;
      query.andWhere(filter.complete ? complete : `NOT ${complete}`);
    }
    return query;
  }

  // Upserts item states by key; keys must be active items of the entry's county.
  private async writeItemStates(
    manager: EntityManager,
    entry: LedgerEntry,
    states: (LedgerItemStateInput & { key: string })[],
    field = 'items',
  ): Promise<void> {
    await this.items.seedDefaults(manager, entry.countyCode);
    const items = await manager.find(LedgerItem, { where: { countyCode: entry.countyCode } });
    const today = this.clock.today();
    for (const [index, state] of states.entries()) {
      const item = items.find((candidate) => candidate.key === state.key && candidate.retiredAt === null);
      if (!item) throw DomainError.badField(field === 'key' ? 'key' : `${field}.${index}.key`, `county ${entry.countyCode} has no active item ${state.key}`);
      await manager
        .createQueryBuilder()
        .insert()
        .into(LedgerEntryItem)
        .values({ entryId: entry.id, itemId: item.id, clear: state.clear, note: state.note?.trim() || null, checkedOn: state.checkedOn ?? today })
        .orUpdate(['clear', 'note', 'checked_on', 'updated_at'], ['entry_id', 'item_id'])
        .execute();
    }
  }

  private async refuseSecondEntry(manager: EntityManager, workerId: string): Promise<void> {
    const existing = await manager.findOneBy(LedgerEntry, { workerId });
    if (existing) throw DomainError.conflict('This worker already has a ledger entry', { existingEntryId: existing.id, field: 'workerId' });
  }

  // A live worker the caller may record: one placed in their region, or one not placed anywhere yet.
  private async liveWorker(actor: Actor, workerId: string): Promise<Worker> {
    const worker = await this.dataSource.manager.findOneBy(Worker, { id: workerId });
    if (!worker) throw DomainError.badField('workerId', `no worker ${workerId}`);
    if (worker.mergedIntoId) {
      // The record it was merged into is named only to a caller who may read that one.
      const target = (await this.workers.mayRead(actor, worker.mergedIntoId)) ? ` into ${worker.mergedIntoId}` : '';
      throw DomainError.badField('workerId', `worker ${workerId} was merged${target}; record the member on the surviving record`);
    }
    if (worker.townshipId || worker.countyCode) {
      await this.workers.getScoped(actor, workerId).catch(() => {
        throw DomainError.badField('workerId', `worker ${workerId} is outside your region`);
      });
    }
    return worker;
  }

  // Enterprise, township and county of an entry: the county comes from the enterprise, else the township, else the worker, else the caller.
  private async placement(
    actor: Actor,
    input: { enterpriseId?: string; townshipCode?: string; townshipId?: string | null; countyCode?: string },
    worker: Worker,
  ): Promise<Placement> {
    const enterprise = input.enterpriseId ? await this.enterprises.referenced(actor, input.enterpriseId, 'enterpriseId') : null;
    let township: Region | null = input.townshipCode ? await this.township(input.townshipCode) : null;
    if (!township && input.townshipId) township = await this.dataSource.manager.findOneBy(Region, { id: input.townshipId });
    if (!township && enterprise) township = enterprise.township ?? null;
    const countyCode = enterprise?.countyCode ?? township?.countyCode ?? input.countyCode ?? worker.countyCode ?? actor.countyCode;
    if (!countyCode) throw DomainError.badField('townshipCode', 'say where the member works (a township or an enterprise)');
    if (enterprise && township && township.countyCode !== enterprise.countyCode) {
      throw DomainError.badField('townshipCode', `${township.code} is not in the enterprise's county ${enterprise.countyCode}`);
    }
    const path = township?.path ?? (await this.regions.getByCode(countyCode)).path;
    if (!inScope(actor, path)) {
      throw DomainError.badField(township ? 'townshipCode' : 'countyCode', 'is outside your region');
    }
    return { enterpriseId: enterprise?.id ?? null, townshipId: township?.id ?? null, countyCode };
  }

  private async township(code: string): Promise<Region> {
    const township = await this.regions.findByCode(code);
    if (!township || township.level !== RegionLevel.TOWNSHIP) throw DomainError.badField('townshipCode', `${code} is not a township`);
    return township;
  }

  private async attachedOrganization(manager: EntityManager, id: string | null | undefined, countyCode: string): Promise<string | null> {
    if (!id) return null;
    const organization = await manager.findOneBy(PartyOrganization, { id });
    if (!organization || organization.dissolvedOn || organization.countyCode !== countyCode) {
      throw DomainError.badField('attachedOrganizationId', `no active party organisation ${id} in county ${countyCode}`);
    }
    return organization.id;
  }
}
