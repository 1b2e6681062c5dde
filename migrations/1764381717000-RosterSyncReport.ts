import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a roster sync reports (issue 17): a dry run ends in its own status, DRY_RUN_COMPLETE (16
 * characters: the status column widens); a rejected row keeps every problem it has; an UPDATED
 * change names the fields that changed; a rider keeps its declared party membership, so a change of
 * it can be named. Widening a varchar and adding nullable columns rewrite nothing.
 */
export class RosterSyncReport1764381717000 implements MigrationInterface {
  name = 'RosterSyncReport1764381717000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roster_sync ALTER COLUMN status TYPE varchar(20)');
    await q.query('ALTER TABLE roster_sync_change ADD COLUMN problems jsonb, ADD COLUMN changed_fields varchar(20)[]');
    await q.query('ALTER TABLE roster_rider ADD COLUMN party_member boolean');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roster_rider DROP COLUMN party_member');
    await q.query('ALTER TABLE roster_sync_change DROP COLUMN problems, DROP COLUMN changed_fields');
    await q.query(`UPDATE roster_sync SET status = 'COMMITTED' WHERE status = 'DRY_RUN_COMPLETE'`);
    await q.query('ALTER TABLE roster_sync ALTER COLUMN status TYPE varchar(12)');
  }
}
