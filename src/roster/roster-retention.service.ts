import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { PURGE_CHANGES_SQL, PURGE_RIDERS_SQL } from './roster-retention.sql.js';

/** What one purge removed. */
export interface RosterPurgeReport {
  cutoff: Date;
  ridersPurged: number;
  /** Riders purged per platform enterprise id. */
  byPlatform: Record<string, number>;
  changeEntriesPurged: number;
}

/**
 * Retention (PIPL art. 19): riders who left a roster more than ROSTER_RETENTION_DAYS ago are
 * deleted, with the change lists of syncs that old. Each purge is audited (actor: system). (Syncs
 * and staged rows a crash leaves behind are the sweeper's: RosterSweeper.)
 */
@Injectable()
export class RosterRetentionService {
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
    return this.dataSource.transaction(async (manager) => {
      // A daily purge may delete millions of rows: longer than a request's statement may run.
      await manager.query('SET LOCAL statement_timeout = 0');
      const purged = await manager.query<{ enterprise_id: string; n: number }[]>(PURGE_RIDERS_SQL, [cutoff]);
      const [, changeEntriesPurged] = await manager.query<[unknown, number]>(PURGE_CHANGES_SQL, [cutoff]);
      const byPlatform = Object.fromEntries(purged.map((row) => [row.enterprise_id, row.n]));
      const ridersPurged = purged.reduce((sum, row) => sum + row.n, 0);
      const result = { cutoff, ridersPurged, byPlatform, changeEntriesPurged };
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
        },
        manager,
      });
      return result;
    });
  }
}
