import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { stalledRefusal, stallWatch } from './roster-apply-guards.js';
import { ApplyAsWhole, RECEIVING_POLL_MS, RosterApplyTransaction, UploadWithdrawn } from './roster-apply-transaction.js';
import { stagingTable } from './roster-staging.js';
import { failureOf, interruptedRefusal, RosterSyncRefusal } from './roster-sync-failure.js';
import { leaseHeld, RosterSyncOwner, RosterSyncRole } from './roster-sync-lease.js';
import { RosterSync, RosterSyncStatus } from './roster-sync.entity.js';
import { EventType, OutboxService, syncEventPayload } from './roster-outbox.js';

// How often a sync waiting for an earlier one of its platform to be applied looks again.
const TURN_POLL_MS = 250;

// A sync in one of these states is still to be applied (or being applied).
const UNSETTLED = new Set([RosterSyncStatus.RECEIVING, RosterSyncStatus.QUEUED, RosterSyncStatus.PROCESSING]);

// A sync that wrote at least this many riders has the worker and rider statistics refreshed.
const ANALYZE_AFTER_ROWS = 10_000;

/**
 * A roster sync's way from QUEUED (or RECEIVING, for a big one applied while its rows arrive) to
 * COMMITTED (DRY_RUN_COMPLETE for a dry run) or FAILED. Each apply is ONE transaction, all of it or none of it
 * (RosterApplyTransaction, with its SQL steps in roster-apply.sql.ts and its guards in
 * roster-apply-guards.ts); this class decides when it runs and records how it ended.
 *
 * Syncs of one platform apply in the order they were received (`createdAt`), one after the other
 * (an advisory lock per platform); one received before a sync of its platform that has committed
 * is refused as SUPERSEDED. The applier holds the sync's apply lease (see roster-sync-lease.ts)
 * from before it claims the sync until its outcome is written, so a sync whose applier died is
 * told from one being applied: the sweeper fails it as INTERRUPTED, and a retried job never
 * applies it.
 */
@Injectable()
export class RosterApplier {
  private readonly logger = new Logger('RosterApplier');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly transaction: RosterApplyTransaction,
  ) {}

  /**
   * Applies a sync (the apply job's work): a QUEUED one, or a big one still RECEIVING as its rows
   * arrive. A sync another applier holds is left to it, a finished one is returned as it is, and one
   * found PROCESSING with nobody applying it (its applier died) is failed as INTERRUPTED. Never
   * throws for a failed sync: the failure is recorded on it (status FAILED, code, reason) and the
   * roster is left as it was.
   */
  async apply(syncId: string): Promise<RosterSync | null> {
    const syncs = this.dataSource.getRepository(RosterSync);
    const seen = await syncs.findOneBy({ id: syncId });
    if (!seen || !UNSETTLED.has(seen.status)) return seen;
    const owner = await RosterSyncOwner.open(this.dataSource);
    try {
      if (!(await owner.tryTake(RosterSyncRole.APPLY, syncId))) return syncs.findOneBy({ id: syncId });
      let sync = await syncs.findOneBy({ id: syncId });
      // PROCESSING while its lease was free: whoever applied it is gone. (Unless it was RECEIVING a
      // moment ago: its upload ended and, finding this lease held, handed the sync to this applier.)
      if (sync?.status === RosterSyncStatus.PROCESSING && seen.status !== RosterSyncStatus.RECEIVING) {
        await this.interrupt(sync);
        return syncs.findOneBy({ id: syncId });
      }
      if (sync?.status === RosterSyncStatus.QUEUED && !(await this.claim(sync))) return syncs.findOneBy({ id: syncId });
      if (sync?.status !== RosterSyncStatus.RECEIVING && sync?.status !== RosterSyncStatus.PROCESSING) return sync;
      await this.afterEarlierSyncs(owner, sync);
      sync = await syncs.findOneBy({ id: syncId });
      if (sync?.status === RosterSyncStatus.RECEIVING) {
        if (!(await this.applyWhileReceiving(owner, sync))) return syncs.findOneBy({ id: syncId });
        sync = await this.received(syncId);
      }
      // Gone: an upload refused while it was being applied keeps nothing.
      if (sync?.status !== RosterSyncStatus.PROCESSING) return sync;
      await this.applyWhole(owner, sync);
      return syncs.findOneBy({ id: syncId });
    } finally {
      await owner.close();
    }
  }

  // QUEUED → PROCESSING, by the holder of its apply lease. False if it was no longer QUEUED.
  private async claim(sync: RosterSync): Promise<boolean> {
    const startedAt = new Date();
    const { affected } = await this.dataSource
      .getRepository(RosterSync)
      .update({ id: sync.id, status: RosterSyncStatus.QUEUED }, { status: RosterSyncStatus.PROCESSING, startedAt });
    Object.assign(sync, { status: RosterSyncStatus.PROCESSING, startedAt });
    return Boolean(affected);
  }

  // Syncs of the platform received before this one go first. One waiting in the queue is applied
  // here and now (its own job then finds it done); one being applied is waited for. One still being
  // received with nothing applying it yet is not waited for (if this sync commits first, that one
  // will be SUPERSEDED), nor is one whose applier died (the sweeper fails it). Dry runs write
  // nothing, so nobody waits for them; a dry run waits like any sync, to report on the roster
  // those before it leave.
  private async afterEarlierSyncs(owner: RosterSyncOwner, sync: RosterSync): Promise<void> {
    for (;;) {
      const earlier = await this.dataSource.query<{ id: string; status: RosterSyncStatus }[]>(
        `SELECT id, status FROM roster_sync
         WHERE enterprise_id = $1 AND NOT dry_run AND status IN ('RECEIVING', 'QUEUED', 'PROCESSING') AND (created_at, id) < ($2, $3)
         ORDER BY created_at, id`,
        [sync.enterpriseId, sync.createdAt, sync.id],
      );
      let next: 'go' | 'wait' | 'look again' = 'go';
      for (const { id, status } of earlier) {
        if (await leaseHeld(this.dataSource.manager, RosterSyncRole.APPLY, id)) next = 'wait';
        else if (status === RosterSyncStatus.QUEUED) next = (await this.applyEarlier(owner, id, sync.id)) ? 'look again' : 'wait';
        else continue;
        break;
      }
      if (next === 'go') return;
      if (next === 'wait') await sleep(TURN_POLL_MS);
    }
  }

  // Applies a sync waiting in the queue that was received before `laterId`. False if its own job
  // has just taken it.
  private async applyEarlier(owner: RosterSyncOwner, id: string, laterId: string): Promise<boolean> {
    if (!(await owner.tryTake(RosterSyncRole.APPLY, id))) return false;
    try {
      const earlier = await this.dataSource.getRepository(RosterSync).findOneBy({ id });
      if (earlier?.status === RosterSyncStatus.QUEUED && (await this.claim(earlier))) {
        this.logger.log(`Roster sync ${id} was received before ${laterId} and is applied first`);
        await this.applyWhole(owner, earlier);
      }
    } finally {
      await owner.give(RosterSyncRole.APPLY, id);
    }
    return true;
  }

  // Applies a claimed (PROCESSING) sync whose body is in, on the owner's connection; records a
  // failure on the sync and drops its staging either way.
  private async applyWhole(owner: RosterSyncOwner, sync: RosterSync): Promise<void> {
    try {
      const started = Date.now();
      const written = await owner.manager.transaction((manager) => this.transaction.whole(manager, sync));
      this.logger.log(`Roster sync ${sync.id} (${sync.received} rows${sync.dryRun ? ', dry run' : ''}) applied in ${Date.now() - started} ms`);
      if (written >= ANALYZE_AFTER_ROWS) await this.refreshStatistics(sync.id);
    } catch (error) {
      await this.fail(sync.id, this.refusalOf(sync.id, error));
    }
    await this.dropStaging(sync.id);
  }

  // A sync found PROCESSING with its apply lease free: its applier died. Failed, staging dropped.
  private async interrupt(sync: RosterSync): Promise<void> {
    this.logger.warn(`Roster sync ${sync.id} was left PROCESSING by an applier that is gone; it is failed as INTERRUPTED`);
    await this.dataSource
      .getRepository(RosterSync)
      .update({ id: sync.id, status: RosterSyncStatus.PROCESSING }, failureOf(interruptedRefusal(RosterSyncRole.APPLY)));
    await this.dropStaging(sync.id);
  }

  // A big sync starts applying while its body is still arriving: each chunk of staged rows is
  // planned, matched and written as it comes, in one transaction that commits after the last, so
  // the database works while the service parses and encrypts the rest. What needs the whole body
  // (repeated externalIds, the guards, riders a snapshot no longer lists) is decided at the end; a
  // sync with repeated externalIds or one a guard refuses is rolled back and applied as a whole
  // instead, which records its outcome exactly as for a small sync. True: apply it as a whole now.
  private async applyWhileReceiving(owner: RosterSyncOwner, sync: RosterSync): Promise<boolean> {
    try {
      const started = Date.now();
      await this.dataSource.getRepository(RosterSync).update({ id: sync.id, status: RosterSyncStatus.RECEIVING }, { startedAt: new Date(started) });
      const written = await owner.manager.transaction((manager) => this.transaction.whileReceiving(manager, sync));
      this.logger.log(`Roster sync ${sync.id} (${sync.dryRun ? 'dry run, ' : ''}applied while received) in ${Date.now() - started} ms`);
      if (written >= ANALYZE_AFTER_ROWS) await this.refreshStatistics(sync.id);
      await this.dropStaging(sync.id);
      return false;
    } catch (error) {
      if (error instanceof ApplyAsWhole) return true;
      if (error instanceof UploadWithdrawn) return false;
      // Chunk by chunk, this sync holds the people it created until it commits; another platform's
      // sync creating some of the same people the other way round is a deadlock, and PostgreSQL
      // ends one of the two. The one ended here is applied as a whole once its body is in.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '40P01') {
        this.logger.warn(`Roster sync ${sync.id} met a deadlock while it was received; it will be applied as a whole`);
        return true;
      }
      await this.failWhileReceiving(sync.id, this.refusalOf(sync.id, error));
      return false;
    }
  }

  // What a failed apply records: its refusal, or (logged) APPLY_FAILED for anything unexpected.
  private refusalOf(syncId: string, error: unknown): RosterSyncRefusal {
    if (error instanceof RosterSyncRefusal) return error;
    this.logger.error(`Roster sync ${syncId} failed: ${messageOf(error)}`);
    return new RosterSyncRefusal('APPLY_FAILED', `Applying the sync failed and the roster was left unchanged: ${messageOf(error)}`);
  }

  // While the body is still arriving its uploader owns the staging table: it sees FAILED, stops
  // and drops it. If the upload ended meanwhile, the sync is failed and its staging dropped here.
  private async failWhileReceiving(syncId: string, refusal: RosterSyncRefusal): Promise<void> {
    const { affected } = await this.dataSource.getRepository(RosterSync).update({ id: syncId, status: RosterSyncStatus.RECEIVING }, failureOf(refusal));
    if (!affected) {
      await this.fail(syncId, refusal);
      await this.dropStaging(syncId);
    }
  }

  // A sync to be applied as a whole after applying it while received gave up: waits, outside any
  // transaction, until its body is in (or, if its rows stop arriving, fails it as stalled).
  private async received(syncId: string): Promise<RosterSync | null> {
    const syncs = this.dataSource.getRepository(RosterSync);
    const stalled = stallWatch(this.config.ROSTER_UPLOAD_IDLE_SECONDS);
    for (;;) {
      const sync = await syncs.findOneBy({ id: syncId });
      if (sync?.status !== RosterSyncStatus.RECEIVING) return sync;
      let last: number;
      try {
        [{ last }] = await this.dataSource.query<{ last: number }[]>(`SELECT coalesce(max(line), 0)::int AS last FROM ${stagingTable(syncId)}`);
      } catch {
        return syncs.findOneBy({ id: syncId }); // the upload failed and dropped its rows
      }
      if (stalled(last)) {
        await this.failWhileReceiving(syncId, stalledRefusal(this.config.ROSTER_UPLOAD_IDLE_SECONDS));
        return syncs.findOneBy({ id: syncId });
      }
      await sleep(RECEIVING_POLL_MS);
    }
  }

  // After a sync that wrote many rows, fresh planner statistics for the tables it wrote, as
  // autovacuum would take a minute later: until then the planner takes a roster of 200,000 for a
  // few hundred rows and the next sync hashes every worker instead of looking up the changed ones.
  private async refreshStatistics(syncId: string): Promise<void> {
    try {
      await this.dataSource.query('ANALYZE worker, roster_rider');
    } catch (error) {
      this.logger.warn(`Could not refresh statistics after roster sync ${syncId}: ${messageOf(error)}`);
    }
  }

  /**
   * Marks a sync FAILED (outside any transaction the failure may have broken); one that committed
   * stays COMMITTED, a finished dry run DRY_RUN_COMPLETE (a commit whose answer was lost is still a commit).
   */
  async fail(syncId: string, refusal: RosterSyncRefusal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const settled = [RosterSyncStatus.COMMITTED, RosterSyncStatus.DRY_RUN_COMPLETE, RosterSyncStatus.FAILED];
      const before = await manager.getRepository(RosterSync).findOne({ where: { id: syncId }, lock: { mode: 'pessimistic_write' } });
      await manager
        .getRepository(RosterSync)
        .update({ id: syncId, status: Not(In([RosterSyncStatus.COMMITTED, RosterSyncStatus.DRY_RUN_COMPLETE])) }, failureOf(refusal));
      const sync = before && !settled.includes(before.status) ? before : null;
      if (sync)
        await OutboxService.append(
          manager,
          EventType.ROSTER_SYNC_FAILED,
          `roster-sync:${sync.id}`,
          syncEventPayload(sync, RosterSyncStatus.FAILED, { received: sync.received, rejected: sync.rejected }, refusal.code),
          { platformId: sync.enterpriseId, countyCode: sync.countyCode },
        );
    });
  }

  /** Drops a sync's staging table, if it is still there. */
  async dropStaging(syncId: string): Promise<void> {
    try {
      await this.dataSource.query(`DROP TABLE IF EXISTS ${stagingTable(syncId)}`);
    } catch (error) {
      this.logger.warn(`Could not drop the staging table of roster sync ${syncId}: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
