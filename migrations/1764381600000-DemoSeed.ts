import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The demo county's completion marker. A seed writes the row first (started, not completed) and
 * sets `completed_at` as its very last write, so a start interrupted while seeding is recognised on
 * the next one and the county is rebuilt instead of being served half-built. One row at most.
 * `began_on_empty_database` says whether the seed started on a database holding nothing else: only
 * then may an interrupted county be rebuilt by wiping the database.
 */
export class DemoSeed1764381600000 implements MigrationInterface {
  name = 'DemoSeed1764381600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE demo_seed (
      id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT ck_demo_seed_one_row CHECK (id = 1),
      started_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      began_on_empty_database boolean NOT NULL,
      counts jsonb
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE demo_seed');
  }
}
