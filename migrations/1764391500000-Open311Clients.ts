import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Open311 client applications and their API keys (SHA-256 only), issued by admins. */
export class Open311Clients1764391500000 implements MigrationInterface {
  name = 'Open311Clients1764391500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open311_client (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        name varchar(100) NOT NULL,
        prefix varchar(8) NOT NULL,
        key_hash char(64) NOT NULL,
        created_by_id uuid,
        revoked_at timestamptz(3),
        last_used_at timestamptz(3),
        CONSTRAINT pk_open311_client PRIMARY KEY (id)
      )`);
    await q.query('CREATE INDEX ix_open311_client_prefix ON open311_client (prefix)');
    await q.query('CREATE UNIQUE INDEX uq_open311_client_key_hash ON open311_client (key_hash)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE open311_client');
  }
}
