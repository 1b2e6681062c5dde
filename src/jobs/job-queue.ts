import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { SHANGHAI_TIME_ZONE } from '../common/clock/shanghai.js';
import { AppConfig } from '../config/app-config.js';

/** PostgreSQL schema pg-boss keeps its tables in (apart from the application's `public`). */
export const JOBS_SCHEMA = 'pgboss';
/** Time zone recurring jobs' cron expressions are read in. */
export const JOBS_TIME_ZONE = SHANGHAI_TIME_ZONE;
/** Advisory lock (hashed) that lets one instance at a time change pg-boss's tables. */
const SETUP_LOCK = 'newforce:pg-boss setup';

/** How a recurring job runs. */
export interface RecurringJobOptions {
  /** Seconds between an idle instance's looks for a due run. */
  pollingIntervalSeconds: number;
  /** A run still going after this long is failed (the next tick runs it again). */
  expireInSeconds: number;
  /** The setting the cron comes from, named when pg-boss refuses the expression. */
  cronSetting?: string;
}

/** A queue's options as pg-boss takes them. */
export type QueueOptions = Omit<PgBoss.Queue, 'name'>;

/**
 * The process's one pg-boss (jobs in PostgreSQL, so every instance shares them), started before
 * any feature registers its queues (`onApplicationBootstrap`) and stopped gracefully, waiting for
 * running jobs, when the application stops. Not started when the app runs without a database
 * (contract generation): `boss` is then undefined and `recurring` does nothing.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private started?: PgBoss;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The started pg-boss, or undefined without a database. */
  get boss(): PgBoss | undefined {
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const boss = new PgBoss({
      connectionString: (this.dataSource.options as { url?: string }).url,
      schema: JOBS_SCHEMA,
      // Fetching and completing jobs (handlers use the application's own pool): one per roster
      // sync worker, one for the recurring jobs, and pg-boss's own maintenance and cron.
      max: this.config.ROSTER_SYNC_CONCURRENCY + 3,
      application_name: 'newforce jobs',
    });
    boss.on('error', (error: Error) => this.logger.error(`pg-boss: ${error.message}`));
    // On a fresh database this creates pg-boss's schema and its internal queue.
    await this.oneInstanceAtATime(() => boss.start());
    this.started = boss;
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.started;
    this.started = undefined;
    // Waits for running jobs; one still running after the timeout is failed and retried later.
    await boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  /**
   * Creates a queue unless it exists. pg-boss gives each queue a partition of its job table, and two
   * instances adding partitions at once deadlock (seen when two replicas first started together), so
   * creation happens one instance at a time.
   */
  async ensureQueue(name: string, options: QueueOptions): Promise<void> {
    const boss = this.started;
    if (!boss || (await boss.getQueue(name))) return;
    await this.oneInstanceAtATime(() => boss.createQueue(name, { name, ...options }));
  }

  /**
   * A job run on a cron (read in Asia/Shanghai time), once per tick for all instances together:
   * the schedule is one row per queue whichever instances register it, pg-boss's clock sends one
   * job per tick, the queue holds at most one run waiting and one running, and the first instance
   * to fetch the job runs it. With `cron` null the schedule is removed and nothing runs it.
   */
  async recurring(queue: string, cron: string | null, run: () => Promise<unknown>, options: RecurringJobOptions): Promise<void> {
    const boss = this.started;
    if (!boss) return;
    await this.ensureQueue(queue, { policy: 'stately', retryLimit: 0, expireInSeconds: options.expireInSeconds });
    if (!cron) await boss.unschedule(queue);
    else {
      await boss.schedule(queue, cron, {}, { tz: JOBS_TIME_ZONE }).catch((error: Error) => {
        throw new Error(`${options.cronSetting ?? queue}=${JSON.stringify(cron)} is not a cron expression pg-boss accepts: ${error.message}`, { cause: error });
      });
    }
    await boss.work(queue, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async () => {
      await run();
    });
  }

  // Runs `work` holding a session advisory lock on a connection of the application's pool (pg-boss
  // works on its own), so instances starting together take turns.
  private async oneInstanceAtATime<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
