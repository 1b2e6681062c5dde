import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Category attributes (Open311 service definitions): the extra questions a category asks, and the
 * answers a problem was reported with. NULL = none.
 */
export class CategoryAttributes1764391400000 implements MigrationInterface {
  name = 'CategoryAttributes1764391400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE issue_category ADD COLUMN attributes jsonb');
    await q.query('ALTER TABLE governance_issue ADD COLUMN attributes jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP COLUMN attributes');
    await q.query('ALTER TABLE issue_category DROP COLUMN attributes');
  }
}
