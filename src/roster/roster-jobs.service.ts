import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { SHANGHAI_TIME_ZONE } from '../common/clock/shanghai.js';
import { AppConfig } from '../config/app-config.js';
import { RosterApplier } from './roster-applier.js';
import { RosterRetentionService } from './roster-retention.service.js';

/** Queue that applies one staged sync: `{ syncId }`. */
export const ROSTER_APPLY_QUEUE = 'roster-apply';
/** Daily queue that purges riders past retention. */
export const ROSTER_PURGE_QUEUE = 'roster-purge';
/** PostgreSQL schema pg-boss keeps its tables in (apart from the application's `public`). */
export const JOBS_SCHEMA = 'pgboss';

/**
 * Roster jobs on pg-boss (PostgreSQL-backed, so several instances share them): applying staged
 * syncs and the daily retention purge. Started and stopped with the application; not started when
 * the app runs without a database (contract generation). A sync job that was running when its
 * instance died expires and is retried; the applier resumes it from its staging table.
 */
@Injectable()
export class RosterJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RosterJobs');
  private boss?: PgBoss;
  private readonly workerIds: string[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly applier: RosterApplier,
    private readonly retention: RosterRetentionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const boss = new PgBoss({
      connectionString: url,
      schema: JOBS_SCHEMA,
      max: this.config.ROSTER_SYNC_CONCURRENCY + 2,
      application_name: 'newforce jobs',
    });
    boss.on('error', (error: Error) => this.logger.error(`pg-boss: ${error.message}`));
    await boss.start();
    this.boss = boss;
    await boss.createQueue(ROSTER_APPLY_QUEUE, { name: ROSTER_APPLY_QUEUE, retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
    for (let i = 0; i < this.config.ROSTER_SYNC_CONCURRENCY; i++) {
      this.workerIds.push(
        await boss.work<{ syncId: string }>(ROSTER_APPLY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
          await this.applier.apply(job.data.syncId);
        }),
      );
    }
    await boss.createQueue(ROSTER_PURGE_QUEUE, { name: ROSTER_PURGE_QUEUE, retryLimit: 1, expireInSeconds: 3600 });
    await boss.schedule(ROSTER_PURGE_QUEUE, '30 3 * * *', {}, { tz: SHANGHAI_TIME_ZONE });
    await boss.work(ROSTER_PURGE_QUEUE, { pollingIntervalSeconds: 60 }, async () => {
      await this.retention.purge();
    });
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // Waits for a sync being applied; one still running after the timeout is failed and retried later.
    await boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  /** Queues a staged sync inside the caller's transaction, so it is queued exactly when its status says so. */
  async enqueueApply(syncId: string, manager: EntityManager): Promise<void> {
    if (!this.boss) throw new Error('Roster jobs are not running');
    const runner = manager.queryRunner!;
    await this.boss.send(ROSTER_APPLY_QUEUE, { syncId }, {
      db: { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) },
    });
  }

  /** Asks an idle worker to fetch now instead of at its next poll. */
  wake(): void {
    for (const id of this.workerIds) this.boss?.notifyWorker(id);
  }
}
