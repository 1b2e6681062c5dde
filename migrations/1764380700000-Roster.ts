import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster: platform roster syncs, riders and each sync's change list, plus the `roster_staging`
 * schema where each sync's rows wait (one unlogged table per sync, dropped once applied).
 */
export class Roster1764380700000 implements MigrationInterface {
  name = 'Roster1764380700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE roster_sync (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      enterprise_id uuid NOT NULL,
      api_key_id uuid,
      county_code varchar(6) NOT NULL,
      mode varchar(8) NOT NULL,
      dry_run boolean NOT NULL DEFAULT false,
      allow_mass_deactivation boolean NOT NULL DEFAULT false,
      status varchar(12) NOT NULL,
      consent_ref varchar(200) NOT NULL,
      idempotency_key varchar(200),
      body_hash char(64),
      format varchar(8) NOT NULL,
      received integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      deactivated integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      matched_party_members integer NOT NULL DEFAULT 0,
      ledger_entries_created integer NOT NULL DEFAULT 0,
      failure_code varchar(40),
      failure_reason text,
      failure_details jsonb,
      started_at timestamptz(3),
      finished_at timestamptz(3),
      CONSTRAINT pk_roster_sync PRIMARY KEY (id),
      CONSTRAINT fk_roster_sync_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT
    )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_roster_sync_idempotency_key ON roster_sync (enterprise_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL AND status <> 'FAILED'`,
    );
    await q.query('CREATE INDEX ix_roster_sync_enterprise_created ON roster_sync (enterprise_id, created_at)');
    await q.query('CREATE INDEX ix_roster_sync_county_code ON roster_sync (county_code)');

    await q.query(`CREATE TABLE roster_rider (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      enterprise_id uuid NOT NULL,
      external_id varchar(64) NOT NULL,
      county_code varchar(6) NOT NULL,
      region_id uuid NOT NULL,
      township_id uuid,
      worker_id uuid NOT NULL,
      name_masked varchar(60) NOT NULL,
      phone_index char(64) NOT NULL,
      phone_masked varchar(11) NOT NULL,
      id_number_index char(64),
      id_number_masked varchar(18),
      gender varchar(6),
      site_name varchar(200) NOT NULL,
      site_lat double precision NOT NULL,
      site_lng double precision NOT NULL,
      row_hash char(64) NOT NULL,
      active boolean NOT NULL DEFAULT true,
      deactivated_at timestamptz(3),
      last_sync_id uuid,
      CONSTRAINT pk_roster_rider PRIMARY KEY (id)
    )`);
    await q.query('CREATE UNIQUE INDEX uq_roster_rider_external_id ON roster_rider (enterprise_id, external_id)');
    await q.query('CREATE INDEX ix_roster_rider_county_code ON roster_rider (county_code)');
    await q.query('CREATE INDEX ix_roster_rider_township_id ON roster_rider (township_id)');
    await q.query('CREATE INDEX ix_roster_rider_worker_id ON roster_rider (worker_id)');
    await q.query('CREATE INDEX ix_roster_rider_deactivated_at ON roster_rider (deactivated_at) WHERE NOT active');

    await q.query(`CREATE TABLE roster_sync_change (
      sync_id uuid NOT NULL,
      kind varchar(12) NOT NULL,
      seq integer NOT NULL,
      external_id varchar(64),
      line integer,
      field varchar(40),
      reason_code varchar(40),
      reason text,
      CONSTRAINT pk_roster_sync_change PRIMARY KEY (sync_id, kind, seq)
    )`);

    await q.query('CREATE SCHEMA roster_staging');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA roster_staging CASCADE');
    await q.query('DROP TABLE roster_sync_change');
    await q.query('DROP TABLE roster_rider');
    await q.query('DROP TABLE roster_sync');
  }
}
