import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { IssuesService } from './issues.service.js';

/** How often the overdue and auto-close jobs run. */
export const ISSUE_JOB_INTERVAL_MS = 5 * 60_000;

/**
 * Runs the problem jobs (超期督办 overdue marking, auto-close) every few minutes. Both are single
 * idempotent SQL statements that skip rows another instance holds, so several instances may run
 * them at once; pg-boss can take over scheduling later without changing them. Not started in
 * tests: specs call `IssuesService.markOverdue()` / `autoClose()` with the clock moved.
 */
@Injectable()
export class IssueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IssueScheduler');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly issues: IssuesService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test') return;
    this.timer = setInterval(() => void this.runOnce(), ISSUE_JOB_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round of both jobs; failures are logged and retried next round. */
  async runOnce(): Promise<{ overdue: number; autoClosed: number }> {
    try {
      const overdue = await this.issues.markOverdue();
      const autoClosed = await this.issues.autoClose();
      if (overdue || autoClosed) this.logger.log(`marked ${overdue} overdue, auto-closed ${autoClosed}`);
      return { overdue, autoClosed };
    } catch (error) {
      this.logger.error(`problem jobs failed: ${(error as Error).message}`);
      return { overdue: 0, autoClosed: 0 };
    }
  }
}
