import type { DataSource } from 'typeorm';

/**
 * The roster feature's `roster_rider` table, exactly as its migration (1764380700000-Roster.ts)
 * creates it, for dashboard tests and benchmarks on a branch that does not have that migration yet.
 * `IF NOT EXISTS` makes this a no-op once the real migration has run.
 */
export async function ensureRosterRiderTable(dataSource: Pick<DataSource, 'query'>): Promise<void> {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS roster_rider (
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
  await dataSource.query('CREATE UNIQUE INDEX IF NOT EXISTS uq_roster_rider_external_id ON roster_rider (enterprise_id, external_id)');
  await dataSource.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_county_code ON roster_rider (county_code)');
  await dataSource.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_township_id ON roster_rider (township_id)');
  await dataSource.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_worker_id ON roster_rider (worker_id)');
  await dataSource.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_deactivated_at ON roster_rider (deactivated_at) WHERE NOT active');
}
