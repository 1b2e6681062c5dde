import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizing: workers (full), enterprises (supervision), party organisations, the five-clear ledger and instructors. */
export class Organizing1764380400000 implements MigrationInterface {
  name = 'Organizing1764380400000';

  async up(q: QueryRunner): Promise<void> {
    // Workers: a merged record points at the record it was merged into.
    await q.query('ALTER TABLE worker ADD CONSTRAINT fk_worker_merged_into FOREIGN KEY (merged_into_id) REFERENCES worker (id) ON DELETE RESTRICT');
    await q.query('CREATE INDEX ix_worker_township_id ON worker (township_id)');

    // Enterprises: address, protected contact, headcount, supervising department (derived or overridden with a reason).
    await q.query(`ALTER TABLE enterprise
      ADD COLUMN address varchar(300),
      ADD COLUMN contact_name_cipher text,
      ADD COLUMN contact_name_masked varchar(60),
      ADD COLUMN contact_phone_cipher text,
      ADD COLUMN contact_phone_masked varchar(11),
      ADD COLUMN worker_headcount integer,
      ADD COLUMN supervising_department_id uuid,
      ADD COLUMN supervision_override_reason varchar(500),
      ADD COLUMN supervision_overridden_by_id uuid,
      ADD COLUMN supervision_overridden_at timestamptz(3),
      ADD CONSTRAINT fk_enterprise_supervising_department FOREIGN KEY (supervising_department_id) REFERENCES department (id) ON DELETE RESTRICT`);
    await q.query('CREATE INDEX ix_enterprise_supervising_department_id ON enterprise (supervising_department_id)');
    await q.query('CREATE INDEX ix_enterprise_name_trgm ON enterprise USING gin (name gin_trgm_ops)');

    await q.query(`CREATE TABLE party_organization (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      name varchar(200) NOT NULL,
      kind varchar(16) NOT NULL,
      formation_mode varchar(16) NOT NULL,
      parent_id uuid,
      established_on date NOT NULL,
      secretary_entry_id uuid,
      region_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      dissolved_on date,
      CONSTRAINT pk_party_organization PRIMARY KEY (id),
      CONSTRAINT ck_party_organization_kind CHECK (kind IN ('COMMITTEE', 'GENERAL_BRANCH', 'BRANCH')),
      CONSTRAINT ck_party_organization_formation_mode CHECK (formation_mode IN ('STANDALONE', 'INDUSTRY_JOINT', 'DISPATCHED')),
      CONSTRAINT fk_party_organization_parent FOREIGN KEY (parent_id) REFERENCES party_organization (id) ON DELETE RESTRICT,
      CONSTRAINT fk_party_organization_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_party_organization_parent_id ON party_organization (parent_id)');
    await q.query('CREATE INDEX ix_party_organization_county_code ON party_organization (county_code)');

    await q.query(`CREATE TABLE party_organization_enterprise (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      organization_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      CONSTRAINT pk_party_organization_enterprise PRIMARY KEY (id),
      CONSTRAINT fk_party_organization_enterprise_organization FOREIGN KEY (organization_id) REFERENCES party_organization (id) ON DELETE CASCADE,
      CONSTRAINT fk_party_organization_enterprise_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_party_organization_enterprise_enterprise ON party_organization_enterprise (enterprise_id)');
    await q.query('CREATE INDEX ix_party_organization_enterprise_organization_id ON party_organization_enterprise (organization_id)');

    await q.query(`CREATE TABLE ledger_entry (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      county_code varchar(6) NOT NULL,
      worker_id uuid NOT NULL,
      enterprise_id uuid,
      township_id uuid,
      membership varchar(12) NOT NULL,
      joined_on date,
      relation_organization_name varchar(200),
      relation_region_name varchar(100),
      flow_status varchar(8) NOT NULL DEFAULT 'LOCAL',
      attached_organization_id uuid,
      channel varchar(16) NOT NULL,
      verification varchar(10) NOT NULL DEFAULT 'UNVERIFIED',
      verified_by_id uuid,
      verified_at timestamptz(3),
      verification_note varchar(500),
      CONSTRAINT pk_ledger_entry PRIMARY KEY (id),
      CONSTRAINT ck_ledger_entry_membership CHECK (membership IN ('FULL', 'PROBATIONARY')),
      CONSTRAINT ck_ledger_entry_flow_status CHECK (flow_status IN ('LOCAL', 'INFLOW', 'OUTFLOW')),
      CONSTRAINT ck_ledger_entry_channel CHECK (channel IN ('DOOR_VISIT', 'QUESTIONNAIRE', 'PHONE', 'ROSTER_MATCH', 'SELF_REPORT')),
      CONSTRAINT ck_ledger_entry_verification CHECK (verification IN ('UNVERIFIED', 'VERIFIED', 'REJECTED')),
      CONSTRAINT fk_ledger_entry_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_ledger_entry_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT,
      CONSTRAINT fk_ledger_entry_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_ledger_entry_attached_organization FOREIGN KEY (attached_organization_id) REFERENCES party_organization (id) ON DELETE SET NULL
    )`);
    await q.query('CREATE UNIQUE INDEX uq_ledger_entry_worker ON ledger_entry (worker_id)');
    await q.query('CREATE INDEX ix_ledger_entry_county_code ON ledger_entry (county_code)');
    await q.query('CREATE INDEX ix_ledger_entry_enterprise_id ON ledger_entry (enterprise_id)');
    await q.query('CREATE INDEX ix_ledger_entry_attached_organization_id ON ledger_entry (attached_organization_id)');
    await q.query(`ALTER TABLE party_organization ADD CONSTRAINT fk_party_organization_secretary_entry
      FOREIGN KEY (secretary_entry_id) REFERENCES ledger_entry (id) ON DELETE SET NULL`);

    await q.query(`CREATE TABLE ledger_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      county_code varchar(6) NOT NULL,
      key varchar(40) NOT NULL,
      label varchar(50) NOT NULL,
      position integer NOT NULL,
      retired_at timestamptz(3),
      CONSTRAINT pk_ledger_item PRIMARY KEY (id)
    )`);
    await q.query('CREATE UNIQUE INDEX uq_ledger_item_county_key ON ledger_item (county_code, key)');

    await q.query(`CREATE TABLE ledger_entry_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      entry_id uuid NOT NULL,
      item_id uuid NOT NULL,
      clear boolean NOT NULL DEFAULT false,
      note varchar(500),
      checked_on date,
      CONSTRAINT pk_ledger_entry_item PRIMARY KEY (id),
      CONSTRAINT fk_ledger_entry_item_entry FOREIGN KEY (entry_id) REFERENCES ledger_entry (id) ON DELETE CASCADE,
      CONSTRAINT fk_ledger_entry_item_item FOREIGN KEY (item_id) REFERENCES ledger_item (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_ledger_entry_item_entry_item ON ledger_entry_item (entry_id, item_id)');
    await q.query('CREATE INDEX ix_ledger_entry_item_item_id ON ledger_entry_item (item_id)');

    await q.query(`CREATE TABLE ledger_import (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      county_code varchar(6) NOT NULL,
      created_by_id uuid NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      committed_at timestamptz(3),
      row_count integer NOT NULL,
      rows jsonb NOT NULL,
      CONSTRAINT pk_ledger_import PRIMARY KEY (id)
    )`);

    await q.query(`CREATE TABLE instructor_assignment (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      instructor_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      started_on date NOT NULL,
      ended_on date,
      county_code varchar(6) NOT NULL,
      assigned_by_id uuid,
      CONSTRAINT pk_instructor_assignment PRIMARY KEY (id),
      CONSTRAINT fk_instructor_assignment_instructor FOREIGN KEY (instructor_id) REFERENCES staff_user (id) ON DELETE RESTRICT,
      CONSTRAINT fk_instructor_assignment_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_instructor_assignment_active_enterprise ON instructor_assignment (enterprise_id) WHERE ended_on IS NULL');
    await q.query('CREATE INDEX ix_instructor_assignment_instructor_id ON instructor_assignment (instructor_id)');
    await q.query('CREATE INDEX ix_instructor_assignment_enterprise_id ON instructor_assignment (enterprise_id)');
    await q.query('CREATE INDEX ix_instructor_assignment_county_code ON instructor_assignment (county_code)');

    await q.query(`CREATE TABLE guidance_visit (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      instructor_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      visited_on date NOT NULL,
      summary text NOT NULL,
      follow_ups text[] NOT NULL DEFAULT '{}',
      county_code varchar(6) NOT NULL,
      CONSTRAINT pk_guidance_visit PRIMARY KEY (id),
      CONSTRAINT fk_guidance_visit_instructor FOREIGN KEY (instructor_id) REFERENCES staff_user (id) ON DELETE RESTRICT,
      CONSTRAINT fk_guidance_visit_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_guidance_visit_instructor_id ON guidance_visit (instructor_id)');
    await q.query('CREATE INDEX ix_guidance_visit_enterprise_id ON guidance_visit (enterprise_id)');
    await q.query('CREATE INDEX ix_guidance_visit_county_code ON guidance_visit (county_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guidance_visit');
    await q.query('DROP TABLE instructor_assignment');
    await q.query('DROP TABLE ledger_import');
    await q.query('DROP TABLE ledger_entry_item');
    await q.query('DROP TABLE ledger_item');
    await q.query('ALTER TABLE party_organization DROP CONSTRAINT fk_party_organization_secretary_entry');
    await q.query('DROP TABLE ledger_entry');
    await q.query('DROP TABLE party_organization_enterprise');
    await q.query('DROP TABLE party_organization');
    await q.query('DROP INDEX ix_enterprise_name_trgm');
    await q.query('DROP INDEX ix_enterprise_supervising_department_id');
    await q.query(`ALTER TABLE enterprise
      DROP CONSTRAINT fk_enterprise_supervising_department,
      DROP COLUMN supervision_overridden_at,
      DROP COLUMN supervision_overridden_by_id,
      DROP COLUMN supervision_override_reason,
      DROP COLUMN supervising_department_id,
      DROP COLUMN worker_headcount,
      DROP COLUMN contact_phone_masked,
      DROP COLUMN contact_phone_cipher,
      DROP COLUMN contact_name_masked,
      DROP COLUMN contact_name_cipher,
      DROP COLUMN address`);
    await q.query('DROP INDEX ix_worker_township_id');
    await q.query('ALTER TABLE worker DROP CONSTRAINT fk_worker_merged_into');
  }
}
