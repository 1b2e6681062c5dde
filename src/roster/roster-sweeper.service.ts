import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { EventType, OutboxService, syncEventPayload } from './roster-outbox.js';
import { failureOf, interruptedRefusal } from './roster-sync-failure.js';
import { RosterSyncRole, tryLeaseForTransaction } from './roster-sync-lease.js';
import { RosterSync, RosterSyncStatus } from './roster-sync.entity.js';
import { dropStagingSql, STAGING_TABLES_SQL, UNFINISHED_SYNCS_SQL, UNSETTLED_SYNCS_SQL } from './roster-sweeper.sql.js';

/** What one sweep did. */
export interface RosterSweepReport {
  /** Syncs failed as INTERRUPTED: whoever received or applied them is gone. */
  interrupted: string[];
  /** Staging tables dropped that no sync needs and nobody owns. */
  stagingDropped: number;
}

const STAGING_TABLE = /^s_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/**
 * Finds syncs whose owner died (see roster-sync-lease.ts): one RECEIVING whose uploader holds no
 * lease, or PROCESSING whose applier holds none, is failed as INTERRUPTED, and staging tables that
 * no unfinished sync needs and no owner holds are dropped. Safe on any number of instances at once:
 * a sync is failed only while its lease is taken by the sweep itself, so no owner can be working
 * on it. Runs at start-up and every minute (RosterJobs).
 */
@Injectable()
export class RosterSweeper {
  private readonly logger = new Logger('RosterSweeper');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** One sweep: fails interrupted syncs, then drops staging nobody owns. */
  async sweep(): Promise<RosterSweepReport> {
    const unsettled = await this.dataSource.query<{ id: string; status: RosterSyncStatus; county_code: string }[]>(UNSETTLED_SYNCS_SQL);
    const interrupted: string[] = [];
    for (const sync of unsettled) {
      if (await this.interruptIfOrphaned(sync.id, sync.status, sync.county_code)) interrupted.push(sync.id);
    }
    return { interrupted, stagingDropped: await this.dropUnownedStaging() };
  }

  // RECEIVING is owned by its uploader, PROCESSING by its applier. If the sweep can take that lease,
  // the owner is gone.
  private async interruptIfOrphaned(syncId: string, status: RosterSyncStatus, countyCode: string): Promise<boolean> {
    const role = status === RosterSyncStatus.RECEIVING ? RosterSyncRole.UPLOAD : RosterSyncRole.APPLY;
    return this.dataSource.transaction(async (manager) => {
      if (!(await tryLeaseForTransaction(manager, role, syncId))) return false;
      const { affected } = await manager.getRepository(RosterSync).update({ id: syncId, status }, failureOf(interruptedRefusal(role)));
      if (!affected) return false; // it moved on meanwhile
      this.logger.warn(`Roster sync ${syncId} was left ${status} by a process that is gone; it is failed as INTERRUPTED`);
      await this.audit.record({
        action: 'roster.sync.interrupt',
        actor: { kind: 'system', label: 'roster sweeper' },
        entityType: 'RosterSync',
        entityId: syncId,
        changes: { status: { from: status, to: RosterSyncStatus.FAILED }, failureCode: 'INTERRUPTED' },
        countyCode,
        manager,
      });
      // The platform hears of it like any other failed sync (roster.sync.failed, then its webhook).
      const sync = await manager.getRepository(RosterSync).findOneByOrFail({ id: syncId });
      await OutboxService.append(
        manager,
        EventType.ROSTER_SYNC_FAILED,
        `roster-sync:${syncId}`,
        syncEventPayload(sync, RosterSyncStatus.FAILED, { received: sync.received, rejected: sync.rejected }, 'INTERRUPTED'),
        { platformId: sync.enterpriseId, countyCode: sync.countyCode },
      );
      return true;
    });
  }

  // A staging table is kept while its sync is unfinished, or while an uploader or applier still
  // holds the sync (an upload refused while it was applied reads the rest of its body first).
  private async dropUnownedStaging(): Promise<number> {
    const tables = await this.dataSource.query<{ name: string }[]>(STAGING_TABLES_SQL);
    const ids = new Map<string, string>();
    for (const { name } of tables) {
      const parts = STAGING_TABLE.exec(name);
      if (parts) ids.set(parts.slice(1).join('-'), name);
    }
    if (ids.size === 0) return 0;
    const needed = await this.dataSource.query<{ id: string }[]>(UNFINISHED_SYNCS_SQL, [[...ids.keys()]]);
    for (const { id } of needed) ids.delete(id);
    let dropped = 0;
    for (const [id, name] of ids) {
      try {
        const done = await this.dataSource.transaction(async (manager) => {
          if (!(await tryLeaseForTransaction(manager, RosterSyncRole.UPLOAD, id))) return false;
          if (!(await tryLeaseForTransaction(manager, RosterSyncRole.APPLY, id))) return false;
          // An apply rolling back may still hold the table for a moment; the next sweep will drop it.
          await manager.query(`SET LOCAL lock_timeout = '2s'`);
          await manager.query(dropStagingSql(name));
          return true;
        });
        if (done) {
          dropped++;
          this.logger.log(`Dropped the staging table roster_staging.${name}, which nobody owned`);
        }
      } catch (error) {
        this.logger.warn(`Could not drop roster_staging.${name} yet: ${(error as Error).message}`);
      }
    }
    return dropped;
  }
}
