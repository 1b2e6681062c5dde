import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's phone and ID number are unique among live workers through exclusion constraints on
 * hash indexes instead of unique B-tree indexes.
 *
 * Blind indexes are HMACs: random, so every new person lands on a random leaf of a B-tree keyed by
 * 64 hex digits (120 MB at a million people, twice shared_buffers' share of it), and a roster sync
 * creating a million people spent most of its time there. A hash index keeps only each key's 32-bit
 * hash (36 MB at a million) and answers the same equality look-ups; `EXCLUDE … WITH =` on it is
 * PostgreSQL's uniqueness for index kinds without UNIQUE. Measured on this project's box, a
 * million people inserted in chunks of 250,000: 14.7 s with the B-trees (each chunk sorted by
 * phone), 9.0 s with the hash indexes (unsorted).
 *
 * A duplicate is now SQLSTATE 23P01 (exclusion_violation) rather than 23505; ON CONFLICT DO NOTHING
 * treats both alike.
 */
export class WorkerHashKeys1764381000000 implements MigrationInterface {
  name = 'WorkerHashKeys1764381000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE worker ADD CONSTRAINT ex_worker_phone_index EXCLUDE USING hash (phone_index WITH =) WHERE (merged_into_id IS NULL AND phone_index IS NOT NULL)',
    );
    await q.query(
      'ALTER TABLE worker ADD CONSTRAINT ex_worker_id_number_index EXCLUDE USING hash (id_number_index WITH =) WHERE (merged_into_id IS NULL AND id_number_index IS NOT NULL)',
    );
    await q.query('DROP INDEX uq_worker_phone_index');
    await q.query('DROP INDEX uq_worker_id_number_index');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX uq_worker_phone_index ON worker (phone_index) WHERE merged_into_id IS NULL AND phone_index IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX uq_worker_id_number_index ON worker (id_number_index) WHERE merged_into_id IS NULL AND id_number_index IS NOT NULL');
    await q.query('ALTER TABLE worker DROP CONSTRAINT ex_worker_id_number_index');
    await q.query('ALTER TABLE worker DROP CONSTRAINT ex_worker_phone_index');
  }
}
