import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { JOBS_TIME_ZONE, JobQueue } from '../jobs/job-queue.js';
import { PersonalDataReencryptionService } from './personal-data-reencryption.service.js';

/** Queue that re-encrypts personal data not in the current format under the current key. */
export const PERSONAL_DATA_REENCRYPT_QUEUE = 'personal-data-reencrypt';

/**
 * The re-encryption job on pg-boss (shared by every instance through PostgreSQL): queued at start-up
 * when some stored value is not current (after an upgrade from v1, or a change of the current key),
 * and nightly for whatever a run left (rows held by a transaction, values an old instance wrote
 * during a rolling deploy). The queue is `stately`: at most one run queued and one running across
 * all instances; runs are safe to overlap anyway (see PersonalDataReencryptionService).
 */
@Injectable()
export class PersonalDataJobs implements OnApplicationBootstrap {
  private boss?: PgBoss;
  private workerId?: string;

  constructor(
    private readonly jobs: JobQueue,
    private readonly reencryption: PersonalDataReencryptionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = this.jobs.boss;
    if (!boss) return;
    this.boss = boss;
    await this.jobs.ensureQueue(PERSONAL_DATA_REENCRYPT_QUEUE, { policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 4 * 3600 });
    await boss.schedule(PERSONAL_DATA_REENCRYPT_QUEUE, '45 3 * * *', {}, { tz: JOBS_TIME_ZONE });
    this.workerId = await boss.work(PERSONAL_DATA_REENCRYPT_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      await this.reencryption.run();
    });
    if (await this.reencryption.pending()) await this.enqueue();
  }

  /** Queues a run (unless one is already queued) and wakes this instance's worker for it. */
  async enqueue(): Promise<void> {
    if (!this.boss) throw new Error('Personal data jobs are not running');
    await this.boss.send(PERSONAL_DATA_REENCRYPT_QUEUE, {});
    if (this.workerId) this.boss.notifyWorker(this.workerId);
  }
}
