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
  stagingTablesDropped: number;
}

/**
 * Retention (PIPL art. 19): riders who left a roster more than ROSTER_RETENTION_DAYS ago are
 * deleted, with the change lists of syncs that old and any staging left behind by a crash. Each
 * purge is audited (actor: system).
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
    const cutoff = new Date(this.clock.now().getTime() - this.config.ROSTER_RETENTION_DAYS * 86_400_000);
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
      const byPlatform = Object.fromEntries(purged.map((row) => [row.enterprise_id, row.n]));
      const ridersPurged = purged.reduce((sum, row) => sum + row.n, 0);
      const result = { cutoff, ridersPurged, byPlatform, changeEntriesPurged, stagingTablesDropped: 0 };
      await this.audit.record({
        action: 'roster.retention.purge',
        actor: { kind: 'system', label: 'roster retention job' },
        entityType: 'RosterRider',
        changes: { cutoff: cutoff.toISOString(), retentionDays: this.config.ROSTER_RETENTION_DAYS, ridersPurged, byPlatform, changeEntriesPurged },
        manager,
      });
      return result;
    });
    report.stagingTablesDropped = await this.dropOrphanStaging();
    return report;
  }

  // Staging tables whose sync is finished (a day ago or more) or gone (a crash between staging and cleanup).
  private async dropOrphanStaging(): Promise<number> {
    const orphans = await this.dataSource.query<{ name: string }[]>(
      `SELECT t.tablename AS name FROM pg_tables t
       WHERE t.schemaname = 'roster_staging'
         AND NOT EXISTS (
           SELECT 1 FROM roster_sync s
           WHERE 's_' || replace(s.id::text, '-', '') = t.tablename
             -- (a sync that failed while it was received may still have its upload reading the body)
             AND (s.status IN ('RECEIVING', 'QUEUED', 'PROCESSING') OR s.finished_at > now() - interval '1 day')
         )`,
    );
    for (const { name } of orphans) {
      if (!/^s_[0-9a-f]{32}$/.test(name)) continue;
      await this.dataSource.query(`DROP TABLE IF EXISTS roster_staging.${name}`);
      this.logger.log(`Dropped orphan staging table roster_staging.${name}`);
    }
    return orphans.length;
  }
}
