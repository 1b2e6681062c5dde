import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../access/actor.js';
import { Role } from '../access/role.enum.js';
import { AppConfig } from '../config/app-config.js';
import { LEDGER_MATCHER, type LedgerMatcher, type RosterLedgerMatch } from './ledger/ledger-matcher.js';
import { firstRefusal, activeRiders, refuseIfSuperseded, stalledRefusal, stallWatch } from './roster-apply-guards.js';
import {
  beginApply,
  chunkScope,
  countPlan,
  deactivateRiders,
  matchWorkers,
  planMissing,
  planRows,
  rejectDuplicates,
  WHOLE,
  writeChanges,
  writeRoster,
  type ApplyScope,
  type PlanCounts,
} from './roster-apply.sql.js';
import { stagingTable } from './roster-staging.js';
import { RosterSyncRefusal } from './roster-sync-failure.js';
import { RosterSync, RosterSyncMode, RosterSyncStatus } from './roster-sync.entity.js';
import { EventType, OutboxService, syncEventPayload } from './roster-outbox.js';

/** Thrown inside an apply-while-receiving transaction: roll it back and apply the sync as a whole (once its body is in). */
export class ApplyAsWhole extends Error {}

/** Thrown inside an apply-while-receiving transaction: the upload was refused or failed; stop. */
export class UploadWithdrawn extends Error {}

/** How often a sync applied while it is received looks for newly staged rows. */
export const RECEIVING_POLL_MS = 100;

const LEDGER_BATCH = 5000;

// A sync of at least this many rows applies with 128 MB of work_mem (hash nodes may take twice that).
const BIG_SYNC_ROWS = 50_000;

/**
 * What one apply transaction does (RosterApplier opens it and records what it throws): a staged
 * sync as a whole, or a big one chunk by chunk while its body arrives. Either way every staged row
 * is classified against the platform's roster, the guards are asked, riders are linked to worker
 * persons (ID blind index, else phone; creating the missing ones) and written, the change list is
 * recorded, the riders are matched against the five-clear ledger and the sync is audited. A dry run
 * does the same reading and writes only the report and the change list.
 */
@Injectable()
export class RosterApplyTransaction {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(LEDGER_MATCHER) private readonly ledger: LedgerMatcher,
    private readonly outbox: OutboxService,
  ) {}

  /** Applies a claimed sync whose body is in; returns how many riders it wrote (none for a dry run or a refused sync). */
  async whole(manager: EntityManager, sync: RosterSync): Promise<number> {
    const staging = stagingTable(sync.id);
    await beginApply(manager, sync, sync.received >= BIG_SYNC_ROWS);
    // A retried job may find that an earlier run (on an instance that was stopping) finished it.
    const [current] = await manager.query<{ status: RosterSyncStatus }[]>('SELECT status FROM roster_sync WHERE id = $1 FOR UPDATE', [sync.id]);
    if (current?.status !== RosterSyncStatus.PROCESSING) return 0;
    await refuseIfSuperseded(manager, sync);

    const [{ present }] = await manager.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [staging]);
    if (!present) throw new RosterSyncRefusal('STAGING_LOST', 'The staged rows of this sync are gone (the database restarted); send the sync again');
    // A crash empties an unlogged table whole (it is never left half full), and a failed COPY fails
    // the upload: staged rows that are there at all are all there.
    const [{ empty }] = await manager.query<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM ${staging}) AS empty`);
    if (empty && sync.received > 0) {
      throw new RosterSyncRefusal('STAGING_LOST', 'The staged rows of this sync are gone (the database restarted); send the sync again');
    }

    if (!sync.externalIdsDistinct) await rejectDuplicates(manager, staging);
    await planRows(manager, staging, sync, WHOLE);
    if (sync.mode === RosterSyncMode.SNAPSHOT) await planMissing(manager, staging, sync);
    await manager.query('ANALYZE roster_plan');
    const counts = await countPlan(manager, WHOLE, sync.received);
    const refusal = await firstRefusal(manager, this.config, sync, counts);
    if (refusal) {
      await this.recordRefusal(manager, sync, counts, refusal);
      return 0;
    }

    void this.outbox.announceRosterProgress({ syncId: sync.id, platformId: sync.enterpriseId, status: 'PROCESSING', received: sync.received, applied: 0 });
    await matchWorkers(manager, staging, sync, WHOLE);
    if (!sync.dryRun) await writeRoster(manager, staging, sync, counts, WHOLE);
    return this.finish(manager, sync, counts);
  }

  /**
   * Applies chunks of staged lines as they are committed, until the upload has ended; then what
   * needs the whole body. Throws ApplyAsWhole where the whole-body path must decide instead.
   */
  async whileReceiving(manager: EntityManager, sync: RosterSync): Promise<number> {
    const staging = stagingTable(sync.id);
    await beginApply(manager, sync, true);
    const readState = async () =>
      (
        await manager.query<{ status: RosterSyncStatus; received: number; external_ids_distinct: boolean }[]>(
          'SELECT status, received, external_ids_distinct FROM roster_sync WHERE id = $1',
          [sync.id],
        )
      )[0];
    // Upload over before the lock was ours (or another run got here first): the whole-body path.
    if ((await readState())?.status !== RosterSyncStatus.RECEIVING) throw new ApplyAsWhole();
    await refuseIfSuperseded(manager, sync);
    // The mass-deactivation guard compares with the roster as it was before this sync wrote to it.
    const activeBefore = sync.mode === RosterSyncMode.SNAPSHOT ? await activeRiders(manager, sync.enterpriseId) : 0;
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
    const stalled = stallWatch(this.config.ROSTER_UPLOAD_IDLE_SECONDS);
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
        void this.outbox.announceRosterProgress({ syncId: sync.id, platformId: sync.enterpriseId, status: 'PROCESSING', received: last, applied });
        continue;
      }
      if (ended) break;
      if (idle) throw stalledRefusal(this.config.ROSTER_UPLOAD_IDLE_SECONDS);
      await sleep(RECEIVING_POLL_MS);
    }
    if (applied === 0 || !state.external_ids_distinct) throw new ApplyAsWhole();

    const whole = { ...sync, received: state.received };
    // (A first sync cannot miss anyone: every rider it knows, it created.)
    if (sync.mode === RosterSyncMode.SNAPSHOT && ridersBefore) await planMissing(manager, staging, sync);
    await manager.query('ANALYZE roster_plan');
    const counts = await countPlan(manager, WHOLE, state.received);
    if (await firstRefusal(manager, this.config, whole, counts, activeBefore)) throw new ApplyAsWhole();
    if (!sync.dryRun && sync.mode === RosterSyncMode.SNAPSHOT && counts.deactivated > 0) {
      await deactivateRiders(manager, sync, '(SELECT rider_id, kind FROM roster_plan WHERE line IS NULL)');
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
    await planRows(manager, staging, sync, scope);
    await manager.query(`ANALYZE ${scope.plan}`);
    const counts = await countPlan(manager, scope, 0);
    await matchWorkers(manager, staging, sync, scope);
    if (!sync.dryRun) {
      await manager.query('SAVEPOINT roster_chunk_riders');
      try {
        await writeRoster(manager, staging, sync, counts, scope);
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
      plan: `SELECT line, external_id, rider_id, kind, field, reason_code, reason, problems, changed_fields FROM ${scope.plan}`,
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
    await writeChanges(manager, sync.id);
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
      // A dry run ends in a status of its own: a client polling for COMMITTED must not take it for a write.
      status: sync.dryRun ? RosterSyncStatus.DRY_RUN_COMPLETE : RosterSyncStatus.COMMITTED,
      failureCode: null,
      failureReason: null,
      failureDetails: null,
      finishedAt: new Date(),
    });
    await OutboxService.append(
      manager,
      EventType.ROSTER_SYNC_COMPLETED,
      `roster-sync:${sync.id}`,
      syncEventPayload(sync, sync.dryRun ? RosterSyncStatus.DRY_RUN_COMPLETE : RosterSyncStatus.COMMITTED, result),
      { platformId: sync.enterpriseId, countyCode: sync.countyCode },
    );
    return sync.dryRun ? 0 : counts.created + counts.updated + counts.deactivated;
  }

  // A refused sync still reports its counts and its rejected rows, so the platform can fix them;
  // the transaction then commits that record and nothing else.
  private async recordRefusal(manager: EntityManager, sync: RosterSync, counts: PlanCounts, refusal: RosterSyncRefusal): Promise<void> {
    await manager.query(`DELETE FROM roster_plan WHERE kind <> 'REJECTED'`);
    await writeChanges(manager, sync.id);
    await manager.getRepository(RosterSync).update(sync.id, {
      received: counts.received,
      rejected: counts.rejected,
      status: RosterSyncStatus.FAILED,
      failureCode: refusal.code,
      failureReason: refusal.message,
      failureDetails: refusal.details,
      finishedAt: new Date(),
    });
    await OutboxService.append(
      manager,
      EventType.ROSTER_SYNC_FAILED,
      `roster-sync:${sync.id}`,
      syncEventPayload(sync, RosterSyncStatus.FAILED, { received: counts.received, rejected: counts.rejected }, refusal.code),
      { platformId: sync.enterpriseId, countyCode: sync.countyCode },
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
    for (let after = 0; ;) {
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
