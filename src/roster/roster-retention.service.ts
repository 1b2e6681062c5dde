import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';

/** What one purge removed. */
export interface RosterPurgeReport {
  cutoff: Date;
  ridersPurged: number;
  /** Riders purged per platform enterprise id. */
  byPlatform: Record<string, number>;
  changeEntriesPurged: number;
  /** Syncs still RECEIVING a day after they began (their upload's process died): now FAILED. */
  interruptedUploads: number;
  stagingTablesDropped: number;
}

// An upload still RECEIVING this long after it began has lost its process.
const UPLOAD_LIFETIME_MS = 86_400_000;

/**
 * Retention (PIPL art. 19): riders who left a roster more than ROSTER_RETENTION_DAYS ago are
 * deleted, with the change lists of syncs that old and any staging left behind by a crash; syncs
 * whose upload died while it was received are failed. Each purge is audited (actor: system).
 */
@Injectable()
export class RosterRetentionService {
  private readonly logger = new Logger('RosterRetention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Purges everything past retention at the clock's now; the daily job calls it, tests may too. */
  async purge(): Promise<RosterPurgeReport> {
    const now = this.clock.now().getTime();
    const cutoff = new Date(now - this.config.ROSTER_RETENTION_DAYS * 86_400_000);
    const uploadsBefore = new Date(now - UPLOAD_LIFETIME_MS);
    const report = await this.dataSource.transaction(async (manager) => {
      const purged = await manager.query<{ enterprise_id: string; n: number }[]>(
        `WITH gone AS (DELETE FROM roster_rider WHERE NOT active AND deactivated_at < $1 RETURNING enterprise_id)
         SELECT enterprise_id, count(*)::int AS n FROM gone GROUP BY enterprise_id`,
        [cutoff],
      );
      const [, changeEntriesPurged] = await manager.query<[unknown, number]>(
        `DELETE FROM roster_sync_change c USING roster_sync s WHERE s.id = c.sync_id AND s.created_at < $1`,
        [cutoff],
      );
      const [, interruptedUploads] = await manager.query<[unknown, number]>(
        `UPDATE roster_sync SET status = 'FAILED', failure_code = 'UPLOAD_INTERRUPTED',
           failure_reason = 'The upload stopped before its body was in (the service restarted); nothing was changed. Send the sync again',
           finished_at = now(), updated_at = now()
         WHERE status = 'RECEIVING' AND created_at < $1`,
        [uploadsBefore],
      );
      const byPlatform = Object.fromEntries(purged.map((row) => [row.enterprise_id, row.n]));
      const ridersPurged = purged.reduce((sum, row) => sum + row.n, 0);
      const result = { cutoff, ridersPurged, byPlatform, changeEntriesPurged, interruptedUploads, stagingTablesDropped: 0 };
      await this.audit.record({
        action: 'roster.retention.purge',
        actor: { kind: 'system', label: 'roster retention job' },
        entityType: 'RosterRider',
        changes: {
          cutoff: cutoff.toISOString(),
          retentionDays: this.config.ROSTER_RETENTION_DAYS,
          ridersPurged,
          byPlatform,
          changeEntriesPurged,
          interruptedUploads,
        },
        manager,
      });
      return result;
    });
    report.stagingTablesDropped = await this.dropOrphanStaging(uploadsBefore);
    return report;
  }

  // Staging tables whose sync is finished or gone (a crash between staging and cleanup), except those
  // of syncs begun within the last day (one that failed while received may still be reading its body).
  private async dropOrphanStaging(uploadsBefore: Date): Promise<number> {
    const orphans = await this.dataSource.query<{ name: string }[]>(
      `SELECT t.tablename AS name FROM pg_tables t
       WHERE t.schemaname = 'roster_staging'
         AND NOT EXISTS (
           SELECT 1 FROM roster_sync s
           WHERE 's_' || replace(s.id::text, '-', '') = t.tablename
             AND (s.status IN ('RECEIVING', 'QUEUED', 'PROCESSING') OR s.created_at >= $1)
         )`,
      [uploadsBefore],
    );
    for (const { name } of orphans) {
      if (!/^s_[0-9a-f]{32}$/.test(name)) continue;
      await this.dataSource.query(`DROP TABLE IF EXISTS roster_staging.${name}`);
      this.logger.log(`Dropped orphan staging table roster_staging.${name}`);
    }
    return orphans.length;
  }
}
