import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { OutboxService } from './outbox.service.js';

/** Queue of the daily outbox purge. */
export const OUTBOX_RETENTION_QUEUE = 'events.outbox-retention';

/** Purges outbox events older than EVENT_RETENTION_DAYS once a day (03:40 Shanghai), once for all instances. */
@Injectable()
export class OutboxRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxRetention');

  constructor(
    private readonly outbox: OutboxService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.recurring(OUTBOX_RETENTION_QUEUE, '40 3 * * *', () => this.purge(), { pollingIntervalSeconds: 60, expireInSeconds: 3600 });
  }

  /** Deletes events past retention at the clock's now; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.EVENT_RETENTION_DAYS * 86_400_000);
    const purged = await this.outbox.purge(cutoff);
    if (purged) this.logger.log(`Purged ${purged} outbox events older than ${cutoff.toISOString()}`);
    return purged;
  }
}
