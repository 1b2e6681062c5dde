import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sign-in and code-request rate limits' counters, shared by every instance (they were kept in
 * each process's memory, so each instance added the whole limit again). One row per key (the limit
 * and the client address) with the count in its current fixed window.
 *
 * UNLOGGED: no WAL per attempt, at the price of losing the counters when PostgreSQL crashes (they
 * start again from zero, as they did whenever an instance restarted). fillfactor 70 leaves room on
 * each page for the next version of a row, so the counting update stays a HOT update.
 */
export class RateLimits1764381500000 implements MigrationInterface {
  name = 'RateLimits1764381500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_window (
        key varchar(200) NOT NULL,
        hits integer NOT NULL,
        resets_at timestamptz NOT NULL,
        CONSTRAINT pk_rate_limit_window PRIMARY KEY (key)
      ) WITH (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit_window');
  }
}
