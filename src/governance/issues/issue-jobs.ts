import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { IssuesService } from './issues.service.js';

/** pg-boss queue of the problem jobs. */
export const ISSUE_JOBS_QUEUE = 'governance-issue-jobs';

/**
 * The problem jobs (超期督办 overdue supervision, auto-close) as one recurring pg-boss job on
 * ISSUE_JOBS_CRON: one run per tick for all instances together, never two at once. Each job is a
 * single statement that acts only on rows not yet marked (and skips rows another transaction
 * holds), so a run repeated or overlapping by accident still supervises each problem once.
 * Tests leave the cron off and call `IssuesService.markOverdue()` / `autoClose()` with the clock moved.
 */
@Injectable()
export class IssueJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('IssueJobs');

  constructor(
    private readonly issues: IssuesService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.ISSUE_JOBS_CRON === 'off' ? null : this.config.ISSUE_JOBS_CRON;
    await this.jobs.recurring(ISSUE_JOBS_QUEUE, cron, () => this.run(), {
      pollingIntervalSeconds: 5,
      expireInSeconds: 15 * 60,
      cronSetting: 'ISSUE_JOBS_CRON',
    });
  }

  /** One run of both jobs; a failure is logged and fails the job (the next tick runs them again). */
  async run(): Promise<{ overdue: number; autoClosed: number }> {
    try {
      const overdue = await this.issues.markOverdue();
      const autoClosed = await this.issues.autoClose();
      if (overdue || autoClosed) this.logger.log(`marked ${overdue} overdue, auto-closed ${autoClosed}`);
      return { overdue, autoClosed };
    } catch (error) {
      this.logger.error(`problem jobs failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
