import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.enum.js';
import { AppConfig } from '../config/app-config.js';
import { LEDGER_MATCHER, type LedgerMatcher, type RosterLedgerMatch } from './ledger/ledger-matcher.js';
import { lineOrderedIdSql, timeOrderedIdPrefix } from './roster-ids.js';
import { RosterRejectionCode } from './roster-record.js';
import { stagingTable } from './roster-staging.js';
import { failureOf, interruptedRefusal, RosterSyncRefusal } from './roster-sync-failure.js';
import { leaseHeld, RosterSyncOwner, RosterSyncRole } from './roster-sync-lease.js';
import { RosterSync, RosterSyncMode, RosterSyncStatus } from './roster-sync.entity.js';

/** Thrown inside an apply-while-receiving transaction: roll it back and apply the sync as a whole (once its body is in). */
class ApplyAsWhole extends Error {}

/** Thrown inside an apply-while-receiving transaction: the upload was refused or failed; stop. */
class UploadWithdrawn extends Error {}

/**
 * Which staged rows a step works on and the scratch tables holding their plan and matches: the whole
 * body (roster_plan, roster_match) or one chunk of lines of a sync applied while it is received.
 * `lines` narrows every read of the staging table (`s`) to the chunk, so a chunk costs its own size.
 */
interface ApplyScope {
  plan: string;
  match: string;
  lines: string;
  /**
   * False when the platform had no riders as the apply began (its first sync): no row can then be
   * on the roster (a row whose externalId an earlier chunk created is a repeat, and repeats send the
   * sync to the whole-body path), so planning skips looking each one up.
   */
  ridersBefore: boolean;
  /**
   * Look each row's person up in the worker indexes instead of letting the planner hash every
   * worker: set for a chunk far smaller than the worker table. The planner cannot see that itself,
   * since the worker statistics are from before the sync (a million-rider first sync's last chunk of
   * 65,000 rows took 2.1 s hashing 935,000 workers twice).
   */
  probeWorkers: boolean;
}

const WHOLE: ApplyScope = { plan: 'roster_plan', match: 'roster_match', lines: '', ridersBefore: true, probeWorkers: false };

// A chunk is matched by index look-ups when the worker table holds more than this many times its rows.
// Measured in a million-rider first sync: a row's two look-ups cost ≈ 11 µs, hashing a worker for both
// joins ≈ 2.2 µs (a 166,000-row chunk took 1.8 s either way against 833,000 workers).
const PROBE_WORKERS_RATIO = 5;

function chunkScope(after: number, through: number, ridersBefore: boolean, workers: number): ApplyScope {
  return {
    plan: 'roster_chunk_plan',
    match: 'roster_chunk_match',
    lines: `AND s.line > ${Math.trunc(after)} AND s.line <= ${Math.trunc(through)}`,
    ridersBefore,
    probeWorkers: (through - after) * PROBE_WORKERS_RATIO < workers,
  };
}

// How often a sync applied while it is received looks for newly staged rows.
const RECEIVING_POLL_MS = 100;

// How often a sync waiting for an earlier one of its platform to be applied looks again.
const TURN_POLL_MS = 250;

// A sync in one of these states is still to be applied (or being applied).
const UNSETTLED = new Set([RosterSyncStatus.RECEIVING, RosterSyncStatus.QUEUED, RosterSyncStatus.PROCESSING]);

interface PlanCounts {
  received: number;
  created: number;
  /** Of the created: riders who had left and are back (their roster row is updated). */
  reactivated: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  rejected: number;
  stale: number;
}

const LEDGER_BATCH = 5000;

// What inserting new people meets when one of them exists already (unique_violation for the worker's
// primary key, exclusion_violation for its phone and ID-number keys), or when another sync is
// creating the same person at the same time (deadlock_detected: two inserts of one key into an
// exclusion constraint wait for each other, and PostgreSQL ends one of them).
const PERSON_CONFLICTS = new Set(['23505', '23P01', '40P01']);

// A sync that wrote at least this many riders has the worker and rider statistics refreshed.
const ANALYZE_AFTER_ROWS = 10_000;

// A sync of at least this many rows applies with 128 MB of work_mem (hash nodes may take twice that).
const BIG_SYNC_ROWS = 50_000;

/**
 * Applies a staged sync to the roster in ONE transaction (all of it or none of it): classifies
 * every staged row against the platform's roster, enforces the rejected-share and
 * mass-deactivation guards, links riders to worker persons (ID blind index, else phone; creating
 * the missing ones), writes riders, records the change list, matches against the five-clear ledger
 * and audits. A dry run does the same reading and writes only the report and the change list.
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
    private readonly audit: AuditService,
    @Inject(LEDGER_MATCHER) private readonly ledger: LedgerMatcher,
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
      const written = await owner.manager.transaction((manager) => this.applyIn(manager, sync));
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
      const written = await owner.manager.transaction((manager) => this.applyChunksIn(manager, sync));
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
    const { affected } = await this.dataSource
      .getRepository(RosterSync)
      .update({ id: syncId, status: RosterSyncStatus.RECEIVING }, failureOf(refusal));
    if (!affected) {
      await this.fail(syncId, refusal);
      await this.dropStaging(syncId);
    }
  }

  // A sync to be applied as a whole after applying it while received gave up: waits, outside any
  // transaction, until its body is in (or, if its rows stop arriving, fails it as stalled).
  private async received(syncId: string): Promise<RosterSync | null> {
    const syncs = this.dataSource.getRepository(RosterSync);
    const stalled = this.stallWatch();
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
        await this.failWhileReceiving(syncId, this.stalled());
        return syncs.findOneBy({ id: syncId });
      }
      await sleep(RECEIVING_POLL_MS);
    }
  }

  // Given the last staged line each time it looks, says whether none has arrived for ROSTER_UPLOAD_IDLE_SECONDS.
  private stallWatch(): (last: number) => boolean {
    let seen = -1;
    let lastArrival = Date.now();
    return (last) => {
      if (last !== seen) {
        seen = last;
        lastArrival = Date.now();
      }
      return Date.now() - lastArrival > this.config.ROSTER_UPLOAD_IDLE_SECONDS * 1000;
    };
  }

  private stalled(): RosterSyncRefusal {
    return new RosterSyncRefusal(
      'UPLOAD_STALLED',
      `No rows of this sync arrived for ${this.config.ROSTER_UPLOAD_IDLE_SECONDS} s; nothing was changed. Send the sync again`,
    );
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
   * stays COMMITTED (a commit whose answer was lost is still a commit).
   */
  async fail(syncId: string, refusal: RosterSyncRefusal): Promise<void> {
    await this.dataSource.getRepository(RosterSync).update({ id: syncId, status: Not(RosterSyncStatus.COMMITTED) }, failureOf(refusal));
  }

  /** Drops a sync's staging table, if it is still there. */
  async dropStaging(syncId: string): Promise<void> {
    try {
      await this.dataSource.query(`DROP TABLE IF EXISTS ${stagingTable(syncId)}`);
    } catch (error) {
      this.logger.warn(`Could not drop the staging table of roster sync ${syncId}: ${messageOf(error)}`);
    }
  }

  // Returns how many riders it wrote (none for a dry run or a refused sync).
  private async applyIn(manager: EntityManager, sync: RosterSync): Promise<number> {
    const staging = stagingTable(sync.id);
    await this.begin(manager, sync, sync.received >= BIG_SYNC_ROWS);
    // A retried job may find that an earlier run (on an instance that was stopping) finished it.
    const [current] = await manager.query<{ status: RosterSyncStatus }[]>('SELECT status FROM roster_sync WHERE id = $1 FOR UPDATE', [sync.id]);
    if (current?.status !== RosterSyncStatus.PROCESSING) return 0;
    await this.refuseIfSuperseded(manager, sync);

    const [{ present }] = await manager.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [staging]);
    if (!present) throw new RosterSyncRefusal('STAGING_LOST', 'The staged rows of this sync are gone (the database restarted); send the sync again');
    // A crash empties an unlogged table whole (it is never left half full), and a failed COPY fails
    // the upload: staged rows that are there at all are all there.
    const [{ empty }] = await manager.query<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM ${staging}) AS empty`);
    if (empty && sync.received > 0) {
      throw new RosterSyncRefusal('STAGING_LOST', 'The staged rows of this sync are gone (the database restarted); send the sync again');
    }

    if (!sync.externalIdsDistinct) await this.rejectDuplicates(manager, staging);
    await this.plan(manager, staging, sync, WHOLE);
    if (sync.mode === RosterSyncMode.SNAPSHOT) await this.planMissing(manager, staging, sync);
    await manager.query('ANALYZE roster_plan');
    const counts = await this.countPlan(manager, WHOLE, sync.received);
    const refusal = await this.guard(manager, sync, counts);
    if (refusal) {
      await this.recordRefusal(manager, sync, counts, refusal);
      return 0;
    }

    await this.matchWorkers(manager, staging, sync, WHOLE);
    if (!sync.dryRun) await this.writeRoster(manager, staging, sync, counts, WHOLE);
    return this.finish(manager, sync, counts);
  }

  // The transaction's settings and the platform's lock, taken by every apply.
  private async begin(manager: EntityManager, sync: RosterSync, big: boolean): Promise<void> {
    await manager.query(`SET LOCAL application_name = 'newforce roster apply'`);
    // A big sync gets room for its hash joins and sorts (matching people hashes the worker table;
    // the change list sorts the riders a snapshot no longer lists), which otherwise spill to
    // temporary files; small ones keep the server's setting.
    if (big) await manager.query(`SET LOCAL work_mem = '128MB'`);
    // Statistics of the scratch tables from a 3,000-row sample: their columns are unique or have a
    // handful of values, which that sample shows as well as the default 30,000 rows do, at a tenth
    // of the time.
    await manager.query('SET LOCAL default_statistics_target = 10');
    // No JIT: these statements are bound by writes and index look-ups, and the estimated cost of a
    // big one (a chunk's look-ups: 600,000) buys it inlining and optimisation that take longer to
    // compile than they save.
    await manager.query('SET LOCAL jit = off');
    // One platform's syncs apply one after the other; other platforms' go on in parallel.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('roster_sync:' || $1, 0))`, [sync.enterpriseId]);
  }

  // SUPERSEDED: a sync of this platform received after this one has committed; applying this one
  // would undo it. Asked under the platform's lock, so none can commit meanwhile.
  private async refuseIfSuperseded(manager: EntityManager, sync: RosterSync): Promise<void> {
    const [newer] = await manager.query<{ id: string }[]>(
      `SELECT id FROM roster_sync
       WHERE enterprise_id = $1 AND status = 'COMMITTED' AND NOT dry_run AND (created_at, id) > ($2, $3)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [sync.enterpriseId, sync.createdAt, sync.id],
    );
    if (newer) {
      throw new RosterSyncRefusal(
        'SUPERSEDED',
        `A newer sync of this platform (${newer.id}), received after this one, has been applied already; applying this one would undo it. ` +
          'Nothing was changed; send the roster again if this one is still current',
        { supersededBy: newer.id },
      );
    }
  }

  // Applies chunks of staged lines as they are committed, until the upload has ended; then what
  // needs the whole body. Throws ApplyAsWhole where the whole-body path must decide instead.
  private async applyChunksIn(manager: EntityManager, sync: RosterSync): Promise<number> {
    const staging = stagingTable(sync.id);
    await this.begin(manager, sync, true);
    const readState = async () =>
      (
        await manager.query<{ status: RosterSyncStatus; received: number; external_ids_distinct: boolean }[]>(
          'SELECT status, received, external_ids_distinct FROM roster_sync WHERE id = $1',
          [sync.id],
        )
      )[0];
    // Upload over before the lock was ours (or another run got here first): the whole-body path.
    if ((await readState())?.status !== RosterSyncStatus.RECEIVING) throw new ApplyAsWhole();
    await this.refuseIfSuperseded(manager, sync);
    // The mass-deactivation guard compares with the roster as it was before this sync wrote to it.
    const activeBefore = sync.mode === RosterSyncMode.SNAPSHOT ? await this.activeRiders(manager, sync.enterpriseId) : 0;
    const [{ ridersBefore }] = await manager.query<{ ridersBefore: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM roster_rider WHERE enterprise_id = $1) AS "ridersBefore"',
      [sync.enterpriseId],
    );
    // About how many workers there are: the statistics' count from before the sync, plus the people
    // each chunk adds (at most one a created rider).
    let [{ workers }] = await manager.query<{ workers: number }[]>(
      `SELECT greatest(reltuples, 0)::float8 AS workers FROM pg_class WHERE oid = 'worker'::regclass`,
    );
    const minChunk = this.config.ROSTER_APPLY_WHILE_RECEIVING_ROWS;
    const stalled = this.stallWatch();
    let applied = 0;
    let state: Awaited<ReturnType<typeof readState>>;
    for (;;) {
      // Status first: once it is past RECEIVING, every COPY of the body has committed and is seen below.
      state = await readState();
      if (!state || state.status === RosterSyncStatus.FAILED) throw new UploadWithdrawn();
      const ended = state.status !== RosterSyncStatus.RECEIVING;
      const [{ last }] = await manager.query<{ last: number }[]>(`SELECT coalesce(max(line), 0)::int AS last FROM ${staging}`);
      const idle = stalled(last);
      if (last > applied && (ended || last - applied >= minChunk)) {
        // An externalId repeated: the sync goes the whole-body way (this transaction and what it holds
        // are let go at once; the rest of the body is waited for outside it).
        const created = await this.applyChunk(manager, staging, sync, chunkScope(applied, last, ridersBefore, workers));
        if (created === null) throw new ApplyAsWhole();
        workers += created;
        applied = last;
        continue;
      }
      if (ended) break;
      if (idle) throw this.stalled();
      await sleep(RECEIVING_POLL_MS);
    }
    if (applied === 0 || !state.external_ids_distinct) throw new ApplyAsWhole();

    const whole = { ...sync, received: state.received };
    // (A first sync cannot miss anyone: every rider it knows, it created.)
    if (sync.mode === RosterSyncMode.SNAPSHOT && ridersBefore) await this.planMissing(manager, staging, sync);
    await manager.query('ANALYZE roster_plan');
    const counts = await this.countPlan(manager, WHOLE, state.received);
    if (await this.guard(manager, whole, counts, activeBefore)) throw new ApplyAsWhole();
    if (!sync.dryRun && sync.mode === RosterSyncMode.SNAPSHOT && counts.deactivated > 0) {
      await this.deactivate(manager, sync, '(SELECT rider_id, kind FROM roster_plan WHERE line IS NULL)');
    }
    return this.finish(manager, whole, counts);
  }

  // One chunk of staged lines, planned, matched and written; its plan and matches then join the
  // whole sync's (roster_plan, roster_match) for the change list, the counts and the ledger.
  // Returns how many riders it created, or null (and nothing of the chunk kept) when a row repeats the
  // externalId of a rider an earlier chunk created: a platform's first sync does not look its rows
  // up, so the rider's insert meets it.
  private async applyChunk(manager: EntityManager, staging: string, sync: RosterSync, scope: ApplyScope): Promise<number | null> {
    await manager.query(`DROP TABLE IF EXISTS ${scope.plan}, ${scope.match}`);
    await this.plan(manager, staging, sync, scope);
    await manager.query(`ANALYZE ${scope.plan}`);
    const counts = await this.countPlan(manager, scope, 0);
    await this.matchWorkers(manager, staging, sync, scope);
    if (!sync.dryRun) {
      await manager.query('SAVEPOINT roster_chunk_riders');
      try {
        await this.writeRoster(manager, staging, sync, counts, scope);
        await manager.query('RELEASE SAVEPOINT roster_chunk_riders');
      } catch (error) {
        const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
        if (driverError?.code !== '23505' || driverError.constraint !== 'uq_roster_rider_external_id') throw error;
        await manager.query('ROLLBACK TO SAVEPOINT roster_chunk_riders');
        return null;
      }
    }
    // Kept for the end: what the counts and the change list read of the plan, and the ledger
    // candidates of the matches (not the blind indexes: a million of them are 130 MB of temp data).
    const kept = {
      plan: `SELECT line, external_id, rider_id, kind, field, reason_code, reason FROM ${scope.plan}`,
      match: `SELECT line, worker_id, existed, party_member, county_code FROM ${scope.match} WHERE existed OR party_member`,
    };
    const [{ present }] = await manager.query<{ present: boolean }[]>(`SELECT to_regclass('pg_temp.roster_plan') IS NOT NULL AS present`);
    if (present) {
      await manager.query(`INSERT INTO roster_plan ${kept.plan}`);
      await manager.query(`INSERT INTO roster_match ${kept.match}`);
    } else {
      await manager.query(`CREATE TEMP TABLE roster_plan ON COMMIT DROP AS ${kept.plan}`);
      await manager.query(`CREATE TEMP TABLE roster_match ON COMMIT DROP AS ${kept.match}`);
    }
    return counts.created;
  }

  // The change list, the ledger, the audit entry and the sync's counts: the end of every apply that
  // was not refused. Returns how many riders it wrote (none for a dry run).
  private async finish(manager: EntityManager, sync: RosterSync, counts: PlanCounts): Promise<number> {
    await this.writeChanges(manager, sync.id);
    const ledger = await this.matchLedger(manager, sync);

    const result = {
      received: counts.received,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      deactivated: counts.deactivated,
      rejected: counts.rejected,
      matchedPartyMembers: ledger.matched,
      ledgerEntriesCreated: ledger.created,
    };
    await this.audit.record({
      action: sync.dryRun ? 'roster.sync.dry_run' : 'roster.sync.apply',
      actor: platformActor(sync),
      entityType: 'RosterSync',
      entityId: sync.id,
      changes: { mode: sync.mode, dryRun: sync.dryRun, consentRef: sync.consentRef, ...result },
      countyCode: sync.countyCode,
      manager,
    });
    await manager.getRepository(RosterSync).update(sync.id, {
      ...result,
      status: RosterSyncStatus.COMMITTED,
      failureCode: null,
      failureReason: null,
      failureDetails: null,
      finishedAt: new Date(),
    });
    return sync.dryRun ? 0 : counts.created + counts.updated + counts.deactivated;
  }

  // Several rows with one externalId: none of them can be trusted, so all are rejected (and,
  // as rejected rows, they keep the rider from being deactivated).
  private async rejectDuplicates(manager: EntityManager, staging: string): Promise<void> {
    await manager.query(
      `UPDATE ${staging} s
       SET status = 'R', field = 'externalId', reason_code = $1,
           reason = 'externalId appears on more than one row of this sync (lines ' || d.lines || ')'
       FROM (
         SELECT external_id, array_to_string((array_agg(line ORDER BY line))[1:5], ', ') || CASE WHEN count(*) > 5 THEN ', …' ELSE '' END AS lines
         FROM ${staging} WHERE status <> 'R' GROUP BY external_id HAVING count(*) > 1
       ) d
       WHERE s.external_id = d.external_id AND s.status <> 'R'`,
      [RosterRejectionCode.DUPLICATE_EXTERNAL_ID],
    );
  }

  // roster_plan: one row per staged row and per rider a snapshot no longer lists, saying what
  // happens to it. U rows were unchanged when staged; if the roster moved since, they are STALE.
  // It carries what matching people needs of new or changed rows (staged as N; the other rows
  // have none of it), so matching does not read the wide staged rows again.
  private async plan(manager: EntityManager, staging: string, sync: RosterSync, scope: ApplyScope): Promise<void> {
    await manager.query(
      `CREATE TEMP TABLE ${scope.plan} ON COMMIT DROP AS
       SELECT s.line, s.external_id, r.id AS rider_id,
         CASE
           WHEN s.status = 'R' THEN 'REJECTED'
           WHEN s.status = 'D' THEN CASE WHEN r.id IS NULL THEN 'REJECTED' WHEN r.active THEN 'DEACTIVATED' ELSE 'UNCHANGED' END
           WHEN s.status = 'U' THEN CASE WHEN r.active AND r.row_hash = s.row_hash THEN 'UNCHANGED' ELSE 'STALE' END
           WHEN r.id IS NULL OR NOT r.active THEN 'CREATED'
           WHEN r.row_hash = s.row_hash THEN 'UNCHANGED'
           ELSE 'UPDATED'
         END::varchar(12) AS kind,
         CASE WHEN s.status = 'R' THEN s.field WHEN s.status = 'D' AND r.id IS NULL THEN 'externalId' END AS field,
         CASE WHEN s.status = 'R' THEN s.reason_code WHEN s.status = 'D' AND r.id IS NULL THEN $2 END AS reason_code,
         CASE WHEN s.status = 'R' THEN s.reason WHEN s.status = 'D' AND r.id IS NULL THEN 'No rider with this externalId is on the roster' END AS reason,
         s.phone_index, s.id_index, s.party_member, s.county_code
       FROM ${staging} s
       LEFT JOIN roster_rider r ON ${scope.ridersBefore} AND r.enterprise_id = $1 AND r.external_id = s.external_id
       WHERE true ${scope.lines}`,
      [sync.enterpriseId, RosterRejectionCode.UNKNOWN_RIDER],
    );
  }

  // Riders a snapshot no longer lists; a rejected row still "lists" its rider. (Riders this sync
  // created are listed, so a sync applied while it is received finds only those it found before.)
  private async planMissing(manager: EntityManager, staging: string, sync: RosterSync): Promise<void> {
    await manager.query(
      `INSERT INTO roster_plan (line, external_id, rider_id, kind)
       SELECT NULL, r.external_id, r.id, 'DEACTIVATED'
       FROM roster_rider r
       WHERE r.enterprise_id = $1 AND r.active
         AND NOT EXISTS (SELECT 1 FROM ${staging} s WHERE s.external_id = r.external_id)`,
      [sync.enterpriseId],
    );
  }

  private async countPlan(manager: EntityManager, scope: ApplyScope, received: number): Promise<PlanCounts> {
    const rows = await manager.query<{ kind: string; known: boolean; n: number }[]>(
      `SELECT kind, rider_id IS NOT NULL AS known, count(*)::int AS n FROM ${scope.plan} GROUP BY 1, 2`,
    );
    const of = (kind: string, known?: boolean) =>
      rows.filter((row) => row.kind === kind && (known === undefined || row.known === known)).reduce((sum, row) => sum + row.n, 0);
    return {
      received,
      created: of('CREATED'),
      reactivated: of('CREATED', true),
      updated: of('UPDATED'),
      unchanged: of('UNCHANGED'),
      deactivated: of('DEACTIVATED'),
      rejected: of('REJECTED'),
      stale: of('STALE'),
    };
  }

  /** The first guard this sync trips, if any: stale rows, too many rejected rows, mass deactivation. */
  private async guard(manager: EntityManager, sync: RosterSync, counts: PlanCounts, activeBefore?: number): Promise<RosterSyncRefusal | null> {
    if (counts.stale > 0) {
      return new RosterSyncRefusal(
        'ROSTER_CHANGED',
        `${counts.stale} riders changed on the roster while this sync waited (another sync of this platform); send it again`,
        { changedMeanwhile: counts.stale },
      );
    }
    const maxRejected = this.config.ROSTER_MAX_REJECTED_PERCENT;
    if (counts.received > 0 && counts.rejected * 100 > counts.received * maxRejected) {
      return new RosterSyncRefusal(
        'REJECTED_SHARE_EXCEEDED',
        `${counts.rejected} of ${counts.received} rows were rejected, more than ${maxRejected}%; nothing was changed. ` +
          'Fix the rejected rows (see the change list) and send the sync again',
        { rejected: counts.rejected, received: counts.received, limitPercent: maxRejected },
      );
    }
    if (sync.mode === RosterSyncMode.SNAPSHOT && !sync.allowMassDeactivation && counts.deactivated > 0) {
      const active = activeBefore ?? (await this.activeRiders(manager, sync.enterpriseId));
      const maxDeactivated = this.config.ROSTER_MAX_DEACTIVATED_PERCENT;
      if (counts.deactivated * 100 > active * maxDeactivated) {
        return new RosterSyncRefusal(
          'MASS_DEACTIVATION',
          `This snapshot would deactivate ${counts.deactivated} of ${active} active riders, more than ${maxDeactivated}%; nothing was changed. ` +
            'Send it with allowMassDeactivation=true if that is intended',
          { wouldDeactivate: counts.deactivated, activeRiders: active, limitPercent: maxDeactivated },
        );
      }
    }
    return null;
  }

  private async activeRiders(manager: EntityManager, platform: string): Promise<number> {
    const [{ active }] = await manager.query<{ active: number }[]>(
      'SELECT count(*)::int AS active FROM roster_rider WHERE enterprise_id = $1 AND active',
      [platform],
    );
    return active;
  }

  // A refused sync still reports its counts and its rejected rows, so the platform can fix them;
  // the transaction then commits that record and nothing else.
  private async recordRefusal(manager: EntityManager, sync: RosterSync, counts: PlanCounts, refusal: RosterSyncRefusal): Promise<void> {
    await manager.query(`DELETE FROM roster_plan WHERE kind <> 'REJECTED'`);
    await this.writeChanges(manager, sync.id);
    await manager.getRepository(RosterSync).update(sync.id, {
      received: counts.received,
      rejected: counts.rejected,
      status: RosterSyncStatus.FAILED,
      failureCode: refusal.code,
      failureReason: refusal.message,
      failureDetails: refusal.details,
      finishedAt: new Date(),
    });
  }

  // roster_match: each created or updated rider with its worker person: by ID blind index, else
  // by phone (unless that person carries another ID number). A rider nobody matches gets a new
  // person's id at once (`existed` false), so creating people needs no second pass over the rows.
  // New ids are time-ordered and increase with the line, the order the people are inserted in, so
  // the worker primary key is appended to (see roster-ids.ts).
  private async matchWorkers(manager: EntityManager, staging: string, sync: RosterSync, scope: ApplyScope): Promise<void> {
    const { plan, match, lines } = scope;
    if (scope.probeWorkers) await manager.query('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
    // `found`: a person is there to link to. `existed`: that person was there before this sync (a
    // sync applied chunk by chunk finds people its earlier chunks created; they are not "existing"
    // for the ledger). Rows this transaction inserted carry its start time, now(), as created_at.
    await manager.query(
      `CREATE TEMP TABLE ${match} ON COMMIT DROP AS
       SELECT p.line, p.kind, p.rider_id,
              COALESCE(wi.id, wp.id, ${lineOrderedIdSql('$1', 'p.line', 'p.phone_index')}) AS worker_id,
              (wi.id IS NOT NULL OR wp.id IS NOT NULL) AS found,
              COALESCE(CASE WHEN wi.id IS NOT NULL THEN wi.created_at ELSE wp.created_at END <> now()::timestamptz(3), false) AS existed,
              p.party_member, p.county_code
       FROM ${plan} p
       LEFT JOIN worker wi ON p.id_index IS NOT NULL AND wi.id_number_index = p.id_index AND wi.merged_into_id IS NULL
       LEFT JOIN worker wp ON wp.phone_index = p.phone_index AND wp.merged_into_id IS NULL
         AND (p.id_index IS NULL OR wp.id_number_index IS NULL OR wp.id_number_index = p.id_index)
       WHERE p.kind IN ('CREATED', 'UPDATED')`,
      [timeOrderedIdPrefix()],
    );
    if (scope.probeWorkers) await manager.query('SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT');
    // Without statistics the planner takes roster_match for small and hashes the wide staging rows
    // instead, spilling them to temp files in every join below.
    await manager.query(`ANALYZE ${match}`);
    if (sync.dryRun) return;
    const [{ industry }] = await manager.query<{ industry: string }[]>('SELECT industry FROM enterprise WHERE id = $1', [sync.enterpriseId]);
    // New people. Usually none of them can conflict (no two rows of one person, nobody else
    // creating the same person meanwhile): then one plain INSERT creates them all, which is much
    // cheaper than ON CONFLICT (that probes the worker's unique keys of every row first). In line
    // order, the order of their time-ordered ids: the phone and ID-number keys are hash indexes,
    // which no order helps. If one does conflict (or waits on another sync creating the same person
    // until one of the two is ended as a deadlock), the savepoint undoes the attempt and the careful
    // path below runs instead.
    const newPeople = `
      INSERT INTO worker (id, name_cipher, name_masked, phone_cipher, phone_index, phone_masked,
                          id_number_cipher, id_number_index, id_number_masked, gender, industry, county_code)
      SELECT m.worker_id, s.name_cipher, s.name_masked, s.phone_cipher, s.phone_index, s.phone_masked,
             s.id_cipher, s.id_index, s.id_masked, s.gender, $1, s.county_code
      FROM ${match} m JOIN ${staging} s ON s.line = m.line
      WHERE NOT m.found ${lines}`;
    await manager.query('SAVEPOINT roster_new_people');
    try {
      await manager.query(newPeople, [industry]);
      await manager.query('RELEASE SAVEPOINT roster_new_people');
      return; // every rider has its worker: no id was given up
    } catch (error) {
      if (!PERSON_CONFLICTS.has((error as { driverError?: { code?: string } }).driverError?.code ?? '')) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT roster_new_people');
    }
    // Random ids here, as before ids were time-ordered: then even a time-ordered id that happened
    // to equal an existing person's cannot leave its rider without a person below.
    await manager.query(`UPDATE ${match} SET worker_id = gen_random_uuid() WHERE NOT found`);
    // A second row of one person (same ID or phone), or a person created meanwhile, is skipped by
    // DO NOTHING; its rider loses the id it was given and is matched below to the person that exists.
    await manager.query(
      `WITH inserted AS (${newPeople}
         ON CONFLICT DO NOTHING
         RETURNING id
       )
       UPDATE ${match} m SET worker_id = NULL
       WHERE NOT m.found AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.id = m.worker_id)`,
      [industry],
    );
    const resolve = `
      UPDATE ${match} m SET worker_id = COALESCE(wi.id, wp.id)
      FROM ${staging} s
      LEFT JOIN worker wi ON s.id_index IS NOT NULL AND wi.id_number_index = s.id_index AND wi.merged_into_id IS NULL
      LEFT JOIN worker wp ON wp.phone_index = s.phone_index AND wp.merged_into_id IS NULL
        AND (s.id_index IS NULL OR wp.id_number_index IS NULL OR wp.id_number_index = s.id_index)
      WHERE m.worker_id IS NULL AND s.line = m.line ${lines}`;
    await manager.query(resolve);
    // Left: an ID number nobody has, with a phone held by someone with another ID number. The
    // phone stays with its holder; this person is created with the ID number alone.
    await manager.query(
      `INSERT INTO worker (name_cipher, name_masked, id_number_cipher, id_number_index, id_number_masked, gender, industry, county_code)
       SELECT s.name_cipher, s.name_masked, s.id_cipher, s.id_index, s.id_masked, s.gender, $1, s.county_code
       FROM ${match} m JOIN ${staging} s ON s.line = m.line
       WHERE m.worker_id IS NULL AND s.id_index IS NOT NULL ${lines}
       ORDER BY s.line
       ON CONFLICT DO NOTHING`,
      [industry],
    );
    await manager.query(resolve);
    const [{ unmatched }] = await manager.query<{ unmatched: number }[]>(`SELECT count(*)::int AS unmatched FROM ${match} WHERE worker_id IS NULL`);
    if (unmatched > 0) throw new Error(`${unmatched} riders could not be linked to a worker`);
  }

  // Each statement runs only when the plan has rows for it (a first sync has only new riders).
  private async writeRoster(manager: EntityManager, staging: string, sync: RosterSync, counts: PlanCounts, scope: ApplyScope): Promise<void> {
    const { plan, match, lines } = scope;
    // Time-ordered ids in line order, the order the join yields the rows in (see roster-ids.ts). A
    // collision would need another sync in the same ms with the same random bits, line and row
    // hash bits; it would fail this sync cleanly (unique violation) and a retry draws new ids.
    if (counts.created > counts.reactivated) {
      await manager.query(
        `INSERT INTO roster_rider (id, enterprise_id, external_id, county_code, region_id, township_id, worker_id, name_masked,
                                   phone_index, phone_masked, id_number_index, id_number_masked, gender,
                                   site_name, site_lat, site_lng, row_hash, last_sync_id)
         SELECT ${lineOrderedIdSql('$3', 's.line', 's.row_hash')}, $1, s.external_id, s.county_code, s.region_id, s.township_id, m.worker_id, s.name_masked,
                s.phone_index, s.phone_masked, s.id_index, s.id_masked, s.gender,
                s.site_name, s.site_lat, s.site_lng, s.row_hash, $2
         FROM ${match} m
         JOIN ${staging} s ON s.line = m.line
         WHERE m.kind = 'CREATED' AND m.rider_id IS NULL ${lines}`,
        [sync.enterpriseId, sync.id, timeOrderedIdPrefix()],
      );
    }
    if (counts.updated + counts.reactivated > 0) {
      await manager.query(
        `UPDATE roster_rider r SET
           county_code = s.county_code, region_id = s.region_id, township_id = s.township_id, worker_id = m.worker_id,
           name_masked = s.name_masked, phone_index = s.phone_index, phone_masked = s.phone_masked,
           id_number_index = s.id_index, id_number_masked = s.id_masked, gender = s.gender,
           site_name = s.site_name, site_lat = s.site_lat, site_lng = s.site_lng, row_hash = s.row_hash,
           active = true, deactivated_at = NULL, last_sync_id = $1, updated_at = now()
         FROM ${match} m
         JOIN ${staging} s ON s.line = m.line
         WHERE r.id = m.rider_id ${lines}`,
        [sync.id],
      );
    }
    if (counts.deactivated > 0) await this.deactivate(manager, sync, plan);
  }

  // Deactivates the riders a plan (a table, or a query in parentheses) marks DEACTIVATED.
  private async deactivate(manager: EntityManager, sync: RosterSync, plan: string): Promise<void> {
    await manager.query(
      `UPDATE roster_rider r SET active = false, deactivated_at = now(), last_sync_id = $1, updated_at = now()
       FROM ${plan} p
       WHERE r.id = p.rider_id AND p.kind = 'DEACTIVATED'`,
      [sync.id],
    );
  }

  // The change list, each kind in line order: `seq` is the row's line (unique in a sync), and riders
  // a snapshot no longer lists follow the last line in externalId order. (Numbering every kind
  // 1, 2, 3… instead sorted the whole plan: 4 s of a million-rider first sync.)
  private async writeChanges(manager: EntityManager, syncId: string): Promise<void> {
    await manager.query(
      `INSERT INTO roster_sync_change (sync_id, kind, seq, external_id, line, field, reason_code, reason)
       SELECT $1::uuid, p.kind, p.line, p.external_id, p.line, p.field, p.reason_code, p.reason
       FROM roster_plan p
       WHERE p.kind IN ('CREATED', 'UPDATED', 'DEACTIVATED', 'REJECTED') AND p.line IS NOT NULL
       UNION ALL
       SELECT $1::uuid, p.kind, (SELECT coalesce(max(line), 0) FROM roster_plan) + row_number() OVER (ORDER BY p.external_id),
              p.external_id, NULL, p.field, p.reason_code, p.reason
       FROM roster_plan p
       WHERE p.kind = 'DEACTIVATED' AND p.line IS NULL`,
      [syncId],
    );
  }

  // matchedPartyMembers: created or updated riders whose worker (one that existed before this
  // sync) has a ledger entry. Riders the platform flags as party members who are not in the ledger
  // become unverified ledger entries (channel ROSTER_MATCH); a dry run only counts them.
  private async matchLedger(manager: EntityManager, sync: RosterSync): Promise<{ matched: number; created: number }> {
    await manager.query(
      `CREATE TEMP TABLE roster_ledger_candidate ON COMMIT DROP AS
       SELECT line, worker_id, existed, party_member, county_code FROM roster_match WHERE existed OR party_member`,
    );
    await manager.query('CREATE INDEX ON roster_ledger_candidate (line)');
    let matched = 0;
    let created = 0;
    const entered = new Set<string>();
    for (let after = 0; ; ) {
      const rows = await manager.query<{ line: number; worker_id: string | null; existed: boolean; party_member: boolean; county_code: string }[]>(
        'SELECT line, worker_id, existed, party_member, county_code FROM roster_ledger_candidate WHERE line > $1 ORDER BY line LIMIT $2',
        [after, LEDGER_BATCH],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].line;
      const existing = [...new Set(rows.filter((row) => row.existed && row.worker_id).map((row) => row.worker_id!))];
      const inLedger = new Set(await this.ledger.workerIdsInLedger(manager, existing));
      const entries: RosterLedgerMatch[] = [];
      for (const row of rows) {
        if (row.existed && inLedger.has(row.worker_id!)) {
          matched++;
          continue;
        }
        if (!row.party_member) continue;
        // In a dry run a new person has no worker yet; count each such rider once.
        const key = row.worker_id ?? `line:${row.line}`;
        if (entered.has(key)) continue;
        entered.add(key);
        created++;
        if (!sync.dryRun) entries.push({ workerId: row.worker_id!, countyCode: row.county_code, enterpriseId: sync.enterpriseId, rosterSyncId: sync.id });
      }
      // One statement per batch: a first sync of a big platform enters tens of thousands.
      await this.ledger.createManyFromRosterMatch(manager, entries);
    }
    return { matched, created };
  }
}

function platformActor(sync: RosterSync): Actor {
  return { kind: 'platform', id: sync.apiKeyId ?? sync.enterpriseId, role: Role.PLATFORM, label: 'roster sync', enterpriseId: sync.enterpriseId };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
