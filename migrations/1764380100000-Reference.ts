import type { MigrationInterface, QueryRunner } from 'typeorm';

const DEPARTMENT_KINDS = `'TWO_NEW_COMMITTEE', 'ORGANIZATION_DEPT', 'CYBERSPACE', 'MARKET_REGULATION', 'TRANSPORT', 'TRADE_UNION', 'POSTAL', 'TOWNSHIP'`;
const INDUSTRIES = `'FOOD_DELIVERY', 'EXPRESS_COURIER', 'LOGISTICS', 'FREIGHT_TRUCKING', 'RIDE_HAILING', 'NEW_MEDIA', 'ONLINE_SHOP', 'LIVE_STREAMING', 'DOMESTIC_SERVICE', 'OTHER'`;

/** Reference: regions, departments, industries and supervision rules. */
export class Reference1764380100000 implements MigrationInterface {
  name = 'Reference1764380100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE region (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      code varchar(12) NOT NULL,
      name varchar(100) NOT NULL,
      level varchar(12) NOT NULL,
      parent_id uuid,
      path ltree NOT NULL,
      county_code varchar(6),
      CONSTRAINT pk_region PRIMARY KEY (id),
      CONSTRAINT uq_region_code UNIQUE (code),
      CONSTRAINT ck_region_level CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'COMMUNITY')),
      CONSTRAINT fk_region_parent FOREIGN KEY (parent_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_region_parent_id ON region (parent_id)');
    await q.query('CREATE INDEX ix_region_path ON region USING GIST (path)');
    await q.query('CREATE INDEX ix_region_county_code ON region (county_code)');

    await q.query(`CREATE TABLE department (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      name varchar(100) NOT NULL,
      kind varchar(24) NOT NULL,
      region_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      CONSTRAINT pk_department PRIMARY KEY (id),
      CONSTRAINT ck_department_kind CHECK (kind IN (${DEPARTMENT_KINDS}, 'OTHER')),
      CONSTRAINT fk_department_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_department_region_kind ON department (region_id, kind) WHERE kind <> 'OTHER'`);
    await q.query('CREATE INDEX ix_department_county_code ON department (county_code)');

    await q.query(`CREATE TABLE supervision_rule (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      county_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      industry varchar(24) NOT NULL,
      department_kind varchar(24) NOT NULL,
      CONSTRAINT pk_supervision_rule PRIMARY KEY (id),
      CONSTRAINT uq_supervision_rule_county_industry UNIQUE (county_id, industry),
      CONSTRAINT ck_supervision_rule_industry CHECK (industry IN (${INDUSTRIES})),
      CONSTRAINT ck_supervision_rule_department_kind CHECK (department_kind IN (${DEPARTMENT_KINDS})),
      CONSTRAINT fk_supervision_rule_county FOREIGN KEY (county_id) REFERENCES region (id) ON DELETE CASCADE
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supervision_rule');
    await q.query('DROP TABLE department');
    await q.query('DROP TABLE region');
  }
}
