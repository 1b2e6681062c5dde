import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper first roster syncs.
 *
 * roster_sync.external_ids_distinct: staging sets it when no two rows share an externalId, so the
 * applier need not sort the staged rows to look for them.
 *
 * Worker indexes that cost every new person and served no query:
 * - ix_worker_county_code: no query looks workers up by county (scopes go through the township's
 *   and county's region paths). A county's roster sync gives every new person the same code, and
 *   this index alone took ≈ 0.45 s of inserting 200,000 of them.
 * - ix_worker_township_id now leaves out workers without a township (people a roster sync or a
 *   ledger import creates); it still serves the region foreign key's check.
 */
export class RosterWrites1764380900000 implements MigrationInterface {
  name = 'RosterWrites1764380900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roster_sync ADD COLUMN external_ids_distinct boolean NOT NULL DEFAULT false');
    await q.query('DROP INDEX ix_worker_county_code');
    await q.query('DROP INDEX ix_worker_township_id');
    await q.query('CREATE INDEX ix_worker_township_id ON worker (township_id) WHERE township_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_worker_township_id');
    await q.query('CREATE INDEX ix_worker_township_id ON worker (township_id)');
    await q.query('CREATE INDEX ix_worker_county_code ON worker (county_code)');
    await q.query('ALTER TABLE roster_sync DROP COLUMN external_ids_distinct');
  }
}
