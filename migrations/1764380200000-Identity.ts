import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: workers, enterprises (core), staff users, refresh tokens, worker login codes and API keys. */
export class Identity1764380200000 implements MigrationInterface {
  name = 'Identity1764380200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE worker (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      name_cipher text,
      name_masked varchar(60),
      phone_cipher text,
      phone_index char(64),
      phone_masked varchar(11),
      id_number_cipher text,
      id_number_index char(64),
      id_number_masked varchar(18),
      gender varchar(6),
      industry varchar(24),
      township_id uuid,
      county_code varchar(6),
      merged_into_id uuid,
      CONSTRAINT pk_worker PRIMARY KEY (id),
      CONSTRAINT fk_worker_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_worker_phone_index ON worker (phone_index) WHERE merged_into_id IS NULL AND phone_index IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX uq_worker_id_number_index ON worker (id_number_index) WHERE merged_into_id IS NULL AND id_number_index IS NOT NULL');
    await q.query('CREATE INDEX ix_worker_county_code ON worker (county_code)');

    await q.query(`CREATE TABLE enterprise (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      name varchar(200) NOT NULL,
      social_credit_code varchar(18) NOT NULL,
      industry varchar(24) NOT NULL,
      township_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      is_platform boolean NOT NULL DEFAULT false,
      CONSTRAINT pk_enterprise PRIMARY KEY (id),
      CONSTRAINT fk_enterprise_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_enterprise_social_credit_code ON enterprise (social_credit_code)');
    await q.query('CREATE INDEX ix_enterprise_county_code ON enterprise (county_code)');

    await q.query(`CREATE TABLE staff_user (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      username citext NOT NULL,
      password_hash text NOT NULL,
      role varchar(20) NOT NULL,
      region_id uuid,
      department_id uuid,
      disabled boolean NOT NULL DEFAULT false,
      must_change_password boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      failed_login_count integer NOT NULL DEFAULT 0,
      failed_login_window_start timestamptz,
      locked_until timestamptz,
      last_login_at timestamptz,
      CONSTRAINT pk_staff_user PRIMARY KEY (id),
      CONSTRAINT ck_staff_user_region CHECK (role = 'ADMIN' OR region_id IS NOT NULL),
      CONSTRAINT fk_staff_user_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_staff_user_department FOREIGN KEY (department_id) REFERENCES department (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_staff_user_username ON staff_user (username)');

    await q.query(`CREATE TABLE refresh_token (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      subject_kind varchar(10) NOT NULL,
      subject_id uuid NOT NULL,
      token_hash char(64) NOT NULL,
      family_id uuid NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason varchar(30),
      replaced_by_id uuid,
      CONSTRAINT pk_refresh_token PRIMARY KEY (id)
    )`);
    await q.query('CREATE UNIQUE INDEX uq_refresh_token_hash ON refresh_token (token_hash)');
    await q.query('CREATE INDEX ix_refresh_token_subject ON refresh_token (subject_id)');
    await q.query('CREATE INDEX ix_refresh_token_family ON refresh_token (family_id)');

    await q.query(`CREATE TABLE worker_login_code (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      phone_index char(64) NOT NULL,
      code_hash char(64) NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      consumed_at timestamptz,
      request_ip varchar(45),
      CONSTRAINT pk_worker_login_code PRIMARY KEY (id)
    )`);
    await q.query('CREATE INDEX ix_worker_login_code_phone ON worker_login_code (phone_index, created_at)');

    await q.query(`CREATE TABLE api_key (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      name varchar(100) NOT NULL,
      enterprise_id uuid NOT NULL,
      prefix varchar(8) NOT NULL,
      key_hash char(64) NOT NULL,
      created_by_id uuid,
      revoked_at timestamptz,
      last_used_at timestamptz,
      CONSTRAINT pk_api_key PRIMARY KEY (id),
      CONSTRAINT fk_api_key_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_api_key_prefix ON api_key (prefix)');
    await q.query('CREATE UNIQUE INDEX uq_api_key_hash ON api_key (key_hash)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_key');
    await q.query('DROP TABLE worker_login_code');
    await q.query('DROP TABLE refresh_token');
    await q.query('DROP TABLE staff_user');
    await q.query('DROP TABLE enterprise');
    await q.query('DROP TABLE worker');
  }
}
