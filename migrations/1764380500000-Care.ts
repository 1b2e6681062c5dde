import type { MigrationInterface, QueryRunner } from 'typeorm';

const LIU_YOU_ITEMS: [string, string][] = [
  ['SIGNAGE', '有统一标识名称 / Unified signage and name'],
  ['SITING', '有合理站点布局 / Sensible siting'],
  ['FACILITIES', '有健全服务设施 / Sound facilities'],
  ['SERVICES', '有完善服务功能 / Complete services'],
  ['RULES', '有规范管理制度 / Proper rules'],
  ['MAP_LISTING', '有地图可查 / Findable on the map'],
];

/** Care: stations, six-item audits, welfare events and assistance cases. */
export class Care1764380500000 implements MigrationInterface {
  name = 'Care1764380500000';

  async up(q: QueryRunner): Promise<void> {
    // ── stations ──
    await q.query(`CREATE TABLE station (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      code varchar(32) NOT NULL,
      name varchar(200) NOT NULL,
      kind varchar(24) NOT NULL,
      host_venue varchar(24) NOT NULL,
      address varchar(300) NOT NULL,
      lat double precision NOT NULL,
      lng double precision NOT NULL,
      township_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      manager_id uuid,
      status varchar(12) NOT NULL DEFAULT 'PLANNED',
      opening_hours jsonb,
      CONSTRAINT pk_station PRIMARY KEY (id),
      CONSTRAINT ck_station_kind CHECK (kind IN ('OUTDOOR_WORKER_STATION', 'WORKERS_HOME', 'COURIER_STATION', 'CARE_STATION', 'TRUCKER_HOME')),
      CONSTRAINT ck_station_host_venue CHECK (host_venue IN ('PARTY_SERVICE_CENTER', 'GAS_STATION', 'LIBRARY', 'BANK', 'SHOP', 'GOVERNMENT_OFFICE', 'OTHER')),
      CONSTRAINT ck_station_status CHECK (status IN ('PLANNED', 'OPEN', 'SUSPENDED', 'CLOSED')),
      CONSTRAINT ck_station_lat CHECK (lat BETWEEN -90 AND 90),
      CONSTRAINT ck_station_lng CHECK (lng BETWEEN -180 AND 180),
      CONSTRAINT fk_station_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_station_manager FOREIGN KEY (manager_id) REFERENCES staff_user (id) ON DELETE SET NULL
    )`);
    await q.query('CREATE UNIQUE INDEX uq_station_code ON station (code)');
    await q.query('CREATE INDEX ix_station_township_id ON station (township_id)');
    await q.query('CREATE INDEX ix_station_county_code ON station (county_code)');
    await q.query('CREATE INDEX ix_station_manager_id ON station (manager_id)');
    // nearestStations: earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(lat, lng) is served by this index.
    await q.query('CREATE INDEX ix_station_earth ON station USING gist (ll_to_earth(lat, lng))');

    await q.query(`CREATE TABLE station_amenity (
      station_id uuid NOT NULL,
      amenity varchar(20) NOT NULL,
      working boolean NOT NULL DEFAULT true,
      status_changed_at timestamptz(3) NOT NULL DEFAULT now(),
      note varchar(200),
      CONSTRAINT pk_station_amenity PRIMARY KEY (station_id, amenity),
      CONSTRAINT ck_station_amenity_amenity CHECK (amenity IN ('DRINKING_WATER', 'MICROWAVE', 'WIFI', 'BOOKS', 'FIRST_AID', 'RESTROOM', 'CHARGING', 'HEATING_COOLING', 'REST_SEATS', 'FRIDGE')),
      CONSTRAINT fk_station_amenity_station FOREIGN KEY (station_id) REFERENCES station (id) ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE station_check_in (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      station_id uuid NOT NULL,
      worker_id uuid NOT NULL,
      checked_in_at timestamptz(3) NOT NULL,
      hour_slot timestamptz(3) NOT NULL,
      county_code varchar(6) NOT NULL,
      CONSTRAINT pk_station_check_in PRIMARY KEY (id),
      CONSTRAINT fk_station_check_in_station FOREIGN KEY (station_id) REFERENCES station (id) ON DELETE CASCADE,
      CONSTRAINT fk_station_check_in_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE CASCADE
    )`);
    await q.query('CREATE UNIQUE INDEX uq_station_check_in_hour ON station_check_in (station_id, worker_id, hour_slot)');
    await q.query('CREATE INDEX ix_station_check_in_station_at ON station_check_in (station_id, checked_in_at)');
    await q.query('CREATE INDEX ix_station_check_in_worker_id ON station_check_in (worker_id)');
    await q.query('CREATE INDEX ix_station_check_in_county_code ON station_check_in (county_code)');

    // ── six-item audits ──
    await q.query(`CREATE TABLE audit_standard (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      code varchar(40) NOT NULL,
      version integer NOT NULL,
      name varchar(200) NOT NULL,
      is_current boolean NOT NULL DEFAULT false,
      validity_months integer NOT NULL DEFAULT 12,
      rectification_days integer NOT NULL DEFAULT 30,
      CONSTRAINT pk_audit_standard PRIMARY KEY (id)
    )`);
    await q.query('CREATE UNIQUE INDEX uq_audit_standard_code_version ON audit_standard (code, version)');
    await q.query('CREATE UNIQUE INDEX uq_audit_standard_current ON audit_standard (is_current) WHERE is_current');

    await q.query(`CREATE TABLE audit_standard_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      standard_id uuid NOT NULL,
      key varchar(40) NOT NULL,
      label varchar(200) NOT NULL,
      required boolean NOT NULL DEFAULT true,
      position integer NOT NULL,
      CONSTRAINT pk_audit_standard_item PRIMARY KEY (id),
      CONSTRAINT fk_audit_standard_item_standard FOREIGN KEY (standard_id) REFERENCES audit_standard (id) ON DELETE CASCADE
    )`);
    await q.query('CREATE UNIQUE INDEX uq_audit_standard_item_key ON audit_standard_item (standard_id, key)');

    await q.query(`CREATE TABLE station_audit (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      station_id uuid NOT NULL,
      standard_id uuid NOT NULL,
      auditor_id uuid,
      audited_on date NOT NULL,
      passed boolean NOT NULL,
      valid_until date NOT NULL,
      note text,
      evidence_urls jsonb NOT NULL DEFAULT '[]',
      county_code varchar(6) NOT NULL,
      CONSTRAINT pk_station_audit PRIMARY KEY (id),
      CONSTRAINT fk_station_audit_station FOREIGN KEY (station_id) REFERENCES station (id) ON DELETE CASCADE,
      CONSTRAINT fk_station_audit_standard FOREIGN KEY (standard_id) REFERENCES audit_standard (id) ON DELETE RESTRICT,
      CONSTRAINT fk_station_audit_auditor FOREIGN KEY (auditor_id) REFERENCES staff_user (id) ON DELETE SET NULL
    )`);
    await q.query('CREATE INDEX ix_station_audit_station_standard ON station_audit (station_id, standard_id, audited_on)');
    await q.query('CREATE INDEX ix_station_audit_standard_id ON station_audit (standard_id)');
    await q.query('CREATE INDEX ix_station_audit_county_code ON station_audit (county_code)');

    await q.query(`CREATE TABLE station_audit_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      audit_id uuid NOT NULL,
      item_id uuid NOT NULL,
      passed boolean NOT NULL,
      note varchar(500),
      rectification_due date,
      CONSTRAINT pk_station_audit_item PRIMARY KEY (id),
      CONSTRAINT fk_station_audit_item_audit FOREIGN KEY (audit_id) REFERENCES station_audit (id) ON DELETE CASCADE,
      CONSTRAINT fk_station_audit_item_item FOREIGN KEY (item_id) REFERENCES audit_standard_item (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_station_audit_item ON station_audit_item (audit_id, item_id)');
    await q.query('CREATE INDEX ix_station_audit_item_item_id ON station_audit_item (item_id)');

    // 六有 v1, the seeded default standard (docs/ARCHITECTURE.md §7).
    const [standard] = await q.query(
      `INSERT INTO audit_standard (code, version, name, is_current, validity_months, rectification_days)
       VALUES ('LIU_YOU', 1, '六有 v1 / Six-item standard v1', true, 12, 30) RETURNING id`,
    );
    for (const [position, [key, label]] of LIU_YOU_ITEMS.entries()) {
      await q.query('INSERT INTO audit_standard_item (standard_id, key, label, required, position) VALUES ($1, $2, $3, true, $4)', [
        standard.id,
        key,
        label,
        position + 1,
      ]);
    }

    // ── welfare events ──
    await q.query(`CREATE TABLE welfare_event (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      title varchar(200) NOT NULL,
      kind varchar(20) NOT NULL,
      description text,
      organizer_department_id uuid NOT NULL,
      station_id uuid,
      address varchar(300),
      region_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      starts_at timestamptz(3) NOT NULL,
      ends_at timestamptz(3) NOT NULL,
      registration_required boolean NOT NULL DEFAULT true,
      capacity integer,
      registration_opens_at timestamptz(3),
      registration_closes_at timestamptz(3),
      waitlist_enabled boolean NOT NULL DEFAULT true,
      status varchar(12) NOT NULL DEFAULT 'DRAFT',
      confirmed_count integer NOT NULL DEFAULT 0,
      last_queue_number integer NOT NULL DEFAULT 0,
      served_count integer NOT NULL DEFAULT 0,
      check_in_code varchar(16) NOT NULL,
      CONSTRAINT pk_welfare_event PRIMARY KEY (id),
      CONSTRAINT ck_welfare_event_kind CHECK (kind IN ('FREE_MEAL', 'COOLING', 'HEALTH_CHECK', 'LEGAL_AID', 'CONSULTATION', 'OTHER')),
      CONSTRAINT ck_welfare_event_status CHECK (status IN ('DRAFT', 'PUBLISHED', 'CANCELLED', 'COMPLETED')),
      CONSTRAINT ck_welfare_event_period CHECK (ends_at > starts_at),
      CONSTRAINT ck_welfare_event_capacity CHECK (confirmed_count >= 0 AND (capacity IS NULL OR confirmed_count <= capacity)),
      CONSTRAINT ck_welfare_event_served CHECK (served_count >= 0),
      CONSTRAINT fk_welfare_event_organizer_department FOREIGN KEY (organizer_department_id) REFERENCES department (id) ON DELETE RESTRICT,
      CONSTRAINT fk_welfare_event_station FOREIGN KEY (station_id) REFERENCES station (id) ON DELETE RESTRICT,
      CONSTRAINT fk_welfare_event_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_welfare_event_check_in_code ON welfare_event (check_in_code)');
    await q.query('CREATE INDEX ix_welfare_event_starts_at ON welfare_event (starts_at)');
    await q.query('CREATE INDEX ix_welfare_event_organizer_department_id ON welfare_event (organizer_department_id)');
    await q.query('CREATE INDEX ix_welfare_event_station_id ON welfare_event (station_id)');
    await q.query('CREATE INDEX ix_welfare_event_region_id ON welfare_event (region_id)');
    await q.query('CREATE INDEX ix_welfare_event_county_code ON welfare_event (county_code)');

    await q.query(`CREATE TABLE event_registration (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      event_id uuid NOT NULL,
      worker_id uuid NOT NULL,
      status varchar(12) NOT NULL,
      registered_at timestamptz(3) NOT NULL,
      queue_number integer NOT NULL,
      promoted_at timestamptz(3),
      cancelled_at timestamptz(3),
      attended_at timestamptz(3),
      ticket_code varchar(16) NOT NULL,
      county_code varchar(6) NOT NULL,
      CONSTRAINT pk_event_registration PRIMARY KEY (id),
      CONSTRAINT ck_event_registration_status CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED')),
      CONSTRAINT fk_event_registration_event FOREIGN KEY (event_id) REFERENCES welfare_event (id) ON DELETE CASCADE,
      CONSTRAINT fk_event_registration_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE CASCADE
    )`);
    await q.query('CREATE UNIQUE INDEX uq_event_registration_event_worker ON event_registration (event_id, worker_id)');
    await q.query('CREATE UNIQUE INDEX uq_event_registration_ticket_code ON event_registration (ticket_code)');
    await q.query('CREATE INDEX ix_event_registration_queue ON event_registration (event_id, status, queue_number)');
    await q.query('CREATE INDEX ix_event_registration_worker_id ON event_registration (worker_id)');
    await q.query('CREATE INDEX ix_event_registration_county_code ON event_registration (county_code)');

    // ── assistance cases ──
    await q.query(`CREATE TABLE assistance_case (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      worker_id uuid NOT NULL,
      category varchar(24) NOT NULL,
      description text NOT NULL,
      enterprise_id uuid,
      station_id uuid,
      event_id uuid,
      opened_by_staff_id uuid,
      department_id uuid,
      handler_id uuid,
      status varchar(12) NOT NULL DEFAULT 'OPEN',
      resolved_at timestamptz(3),
      closed_at timestamptz(3),
      county_code varchar(6),
      CONSTRAINT pk_assistance_case PRIMARY KEY (id),
      CONSTRAINT ck_assistance_case_category CHECK (category IN ('WAGE_ARREARS', 'SOCIAL_INSURANCE', 'LABOR_CONTRACT', 'LABOR_DISPUTE', 'LEGAL_CONSULTATION', 'OTHER')),
      CONSTRAINT ck_assistance_case_status CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
      CONSTRAINT fk_assistance_case_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_assistance_case_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE RESTRICT,
      CONSTRAINT fk_assistance_case_station FOREIGN KEY (station_id) REFERENCES station (id) ON DELETE SET NULL,
      CONSTRAINT fk_assistance_case_event FOREIGN KEY (event_id) REFERENCES welfare_event (id) ON DELETE SET NULL,
      CONSTRAINT fk_assistance_case_opened_by FOREIGN KEY (opened_by_staff_id) REFERENCES staff_user (id) ON DELETE SET NULL,
      CONSTRAINT fk_assistance_case_department FOREIGN KEY (department_id) REFERENCES department (id) ON DELETE RESTRICT,
      CONSTRAINT fk_assistance_case_handler FOREIGN KEY (handler_id) REFERENCES staff_user (id) ON DELETE SET NULL
    )`);
    await q.query('CREATE INDEX ix_assistance_case_worker_id ON assistance_case (worker_id)');
    await q.query('CREATE INDEX ix_assistance_case_department_id ON assistance_case (department_id)');
    await q.query('CREATE INDEX ix_assistance_case_county_code ON assistance_case (county_code)');

    await q.query(`CREATE TABLE assistance_case_note (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      case_id uuid NOT NULL,
      kind varchar(16) NOT NULL,
      author_kind varchar(8) NOT NULL,
      author_id uuid NOT NULL,
      author_label varchar(100) NOT NULL,
      text text,
      from_status varchar(12),
      to_status varchar(12),
      CONSTRAINT pk_assistance_case_note PRIMARY KEY (id),
      CONSTRAINT ck_assistance_case_note_kind CHECK (kind IN ('NOTE', 'OPENED', 'ASSIGNED', 'STATUS_CHANGED')),
      CONSTRAINT fk_assistance_case_note_case FOREIGN KEY (case_id) REFERENCES assistance_case (id) ON DELETE CASCADE
    )`);
    await q.query('CREATE INDEX ix_assistance_case_note_case ON assistance_case_note (case_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'assistance_case_note',
      'assistance_case',
      'event_registration',
      'welfare_event',
      'station_audit_item',
      'station_audit',
      'audit_standard_item',
      'audit_standard',
      'station_check_in',
      'station_amenity',
      'station',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
