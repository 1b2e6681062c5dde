import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { SHANGHAI_TIME_ZONE } from '../common/clock/shanghai.js';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { RosterApplier } from './roster-applier.js';
import { RosterRetentionService } from './roster-retention.service.js';
import { RosterSweeper } from './roster-sweeper.service.js';

/** Queue that applies one staged sync: `{ syncId }`. */
export const ROSTER_APPLY_QUEUE = 'roster-apply';
/** Daily queue that purges riders past retention. */
export const ROSTER_PURGE_QUEUE = 'roster-purge';
/** Queue that sweeps up syncs whose process died, every minute. */
export const ROSTER_SWEEP_QUEUE = 'roster-sweep';

/**
 * Roster jobs on the shared pg-boss (PostgreSQL-backed, so several instances share them): applying
 * staged syncs, sweeping up syncs whose process died (at start-up and every minute) and the daily
 * retention purge. Registered when the application starts; nothing runs when the app runs without
 * a database (contract generation). A sync whose instance died while receiving or applying it is
 * failed as INTERRUPTED by the next sweep; its apply job, expired and retried by pg-boss an hour
 * later, finds it failed and does nothing.
 */
@Injectable()
export class RosterJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('RosterJobs');
  private boss?: PgBoss;
  private readonly workerIds: string[] = [];

  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly applier: RosterApplier,
    private readonly retention: RosterRetentionService,
    private readonly sweeper: RosterSweeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = this.jobs.boss;
    if (!boss) return;
    this.boss = boss;
    // Before this instance applies anything: syncs an earlier run of it left behind.
    await this.sweep();
    await this.jobs.recurring(ROSTER_SWEEP_QUEUE, '* * * * *', () => this.sweep(), { pollingIntervalSeconds: 10, expireInSeconds: 300 });
    await this.jobs.ensureQueue(ROSTER_APPLY_QUEUE, { retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
    for (let i = 0; i < this.config.ROSTER_SYNC_CONCURRENCY; i++) {
      this.workerIds.push(
        await boss.work<{ syncId: string }>(ROSTER_APPLY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
          await this.applier.apply(job.data.syncId);
        }),
      );
    }
    await this.jobs.ensureQueue(ROSTER_PURGE_QUEUE, { retryLimit: 1, expireInSeconds: 3600 });
    await boss.schedule(ROSTER_PURGE_QUEUE, '30 3 * * *', {}, { tz: SHANGHAI_TIME_ZONE });
    await boss.work(ROSTER_PURGE_QUEUE, { pollingIntervalSeconds: 60 }, async () => {
      await this.retention.purge();
    });
  }

  // A sweep that fails is logged and tried again at the next one.
  private async sweep(): Promise<void> {
    try {
      await this.sweeper.sweep();
    } catch (error) {
      this.logger.error(`Sweeping roster syncs failed: ${(error as Error).message}`);
    }
  }

  /** Queues a staged sync inside the caller's transaction, so it is queued exactly when its status says so. */
  async enqueueApply(syncId: string, manager: EntityManager): Promise<void> {
    if (!this.boss) throw new Error('Roster jobs are not running');
    const runner = manager.queryRunner!;
    await this.boss.send(
      ROSTER_APPLY_QUEUE,
      { syncId },
      {
        db: { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) },
      },
    );
  }

  /** Asks an idle worker to fetch now instead of at its next poll. */
  wake(): void {
    for (const id of this.workerIds) this.boss?.notifyWorker(id);
  }
}
