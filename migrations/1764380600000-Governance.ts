import type { MigrationInterface, QueryRunner } from 'typeorm';

const ISSUE_STATUSES = `'REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED', 'DUPLICATE', 'RETURNED'`;
const STAMPS = `id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now()`;

/**
 * Governance (新星闪耀): volunteer teams, members, commitments, responsibility zones, activities and
 * hours; grids (native polygon + GiST) and mobile-grid enrolments; points rules; problem categories,
 * governance problems (GiST on ll_to_earth for the 50 m duplicate search), their append-only
 * timeline and supervision (督办) entries.
 */
export class Governance1764380600000 implements MigrationInterface {
  name = 'Governance1764380600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE governance_points_rule (
      ${STAMPS},
      scope varchar(6) NOT NULL,
      kind varchar(20) NOT NULL,
      points integer NOT NULL,
      CONSTRAINT pk_governance_points_rule PRIMARY KEY (id),
      CONSTRAINT uq_governance_points_rule_scope_kind UNIQUE (scope, kind),
      CONSTRAINT ck_governance_points_rule_kind CHECK (kind IN ('ENROLMENT_MONTH', 'RESOLVED_REPORT')),
      CONSTRAINT ck_governance_points_rule_points CHECK (points >= 0)
    )`);
    await q.query(`INSERT INTO governance_points_rule (scope, kind, points) VALUES ('ALL', 'ENROLMENT_MONTH', 10), ('ALL', 'RESOLVED_REPORT', 5)`);

    await q.query(`CREATE TABLE grid (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      code varchar(32) NOT NULL,
      name varchar(100) NOT NULL,
      community_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      grid_worker_id uuid,
      boundary polygon NOT NULL,
      centroid_lat double precision NOT NULL,
      centroid_lng double precision NOT NULL,
      CONSTRAINT pk_grid PRIMARY KEY (id),
      CONSTRAINT uq_grid_code UNIQUE (code),
      CONSTRAINT fk_grid_community FOREIGN KEY (community_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_grid_grid_worker FOREIGN KEY (grid_worker_id) REFERENCES staff_user (id) ON DELETE SET NULL
    )`);
    await q.query('CREATE INDEX ix_grid_community_id ON grid (community_id)');
    await q.query('CREATE INDEX ix_grid_county_code ON grid (county_code)');
    await q.query('CREATE INDEX ix_grid_grid_worker_id ON grid (grid_worker_id)');
    // Serves `boundary @> polygon(box(p, p))` (gridAt's candidate search).
    await q.query('CREATE INDEX ix_grid_boundary ON grid USING GiST (boundary)');

    await q.query(`CREATE TABLE grid_enrolment (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      worker_id uuid NOT NULL,
      grid_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      status varchar(10) NOT NULL,
      requested_at timestamptz(3) NOT NULL,
      confirmed_at timestamptz(3),
      confirmed_by_id uuid,
      ended_at timestamptz(3),
      CONSTRAINT pk_grid_enrolment PRIMARY KEY (id),
      CONSTRAINT ck_grid_enrolment_status CHECK (status IN ('PENDING', 'CONFIRMED', 'ENDED')),
      CONSTRAINT fk_grid_enrolment_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_grid_enrolment_grid FOREIGN KEY (grid_id) REFERENCES grid (id) ON DELETE RESTRICT
    )`);
    // One grid at a time: at most one enrolment per worker that has not ended.
    await q.query('CREATE UNIQUE INDEX uq_grid_enrolment_active_worker ON grid_enrolment (worker_id) WHERE ended_at IS NULL');
    await q.query('CREATE INDEX ix_grid_enrolment_grid_id ON grid_enrolment (grid_id)');

    await q.query(`CREATE TABLE volunteer_team (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      name varchar(100) NOT NULL,
      kind varchar(10) NOT NULL,
      township_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      leader_worker_id uuid NOT NULL,
      CONSTRAINT pk_volunteer_team PRIMARY KEY (id),
      CONSTRAINT ck_volunteer_team_kind CHECK (kind IN ('VANGUARD', 'VOLUNTEER')),
      CONSTRAINT fk_volunteer_team_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_volunteer_team_leader FOREIGN KEY (leader_worker_id) REFERENCES worker (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_volunteer_team_township_id ON volunteer_team (township_id)');
    await q.query('CREATE INDEX ix_volunteer_team_county_code ON volunteer_team (county_code)');
    await q.query('CREATE INDEX ix_volunteer_team_leader_worker_id ON volunteer_team (leader_worker_id)');

    await q.query(`CREATE TABLE volunteer_team_member (
      ${STAMPS},
      team_id uuid NOT NULL,
      worker_id uuid NOT NULL,
      role varchar(8) NOT NULL,
      joined_on date NOT NULL,
      left_on date,
      CONSTRAINT pk_volunteer_team_member PRIMARY KEY (id),
      CONSTRAINT ck_volunteer_team_member_role CHECK (role IN ('LEADER', 'MEMBER')),
      CONSTRAINT fk_volunteer_team_member_team FOREIGN KEY (team_id) REFERENCES volunteer_team (id) ON DELETE RESTRICT,
      CONSTRAINT fk_volunteer_team_member_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_volunteer_team_member_current ON volunteer_team_member (team_id, worker_id) WHERE left_on IS NULL');
    await q.query('CREATE INDEX ix_volunteer_team_member_worker_id ON volunteer_team_member (worker_id)');

    // Commitments and zones reference the worker; the five-clear ledger (one entry per worker) is reached through it.
    await q.query(`CREATE TABLE public_commitment (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      worker_id uuid NOT NULL,
      township_id uuid NOT NULL,
      text text NOT NULL,
      show_identity boolean NOT NULL DEFAULT false,
      withdrawn_at timestamptz(3),
      CONSTRAINT pk_public_commitment PRIMARY KEY (id),
      CONSTRAINT fk_public_commitment_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_public_commitment_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_public_commitment_current_worker ON public_commitment (worker_id) WHERE withdrawn_at IS NULL');
    await q.query('CREATE INDEX ix_public_commitment_township_id ON public_commitment (township_id)');

    await q.query(`CREATE TABLE responsibility_zone (
      ${STAMPS},
      worker_id uuid NOT NULL,
      grid_id uuid NOT NULL,
      description text NOT NULL,
      ended_at timestamptz(3),
      CONSTRAINT pk_responsibility_zone PRIMARY KEY (id),
      CONSTRAINT fk_responsibility_zone_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_responsibility_zone_grid FOREIGN KEY (grid_id) REFERENCES grid (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE UNIQUE INDEX uq_responsibility_zone_current ON responsibility_zone (worker_id, grid_id) WHERE ended_at IS NULL');
    await q.query('CREATE INDEX ix_responsibility_zone_grid_id ON responsibility_zone (grid_id)');

    await q.query(`CREATE TABLE volunteer_activity (
      ${STAMPS},
      team_id uuid NOT NULL,
      kind varchar(16) NOT NULL,
      held_on date NOT NULL,
      place varchar(200) NOT NULL,
      description text,
      recorded_by_id uuid NOT NULL,
      CONSTRAINT pk_volunteer_activity PRIMARY KEY (id),
      CONSTRAINT ck_volunteer_activity_kind CHECK (kind IN ('CIVILIZATION', 'GOVERNANCE', 'SAFETY', 'ENVIRONMENT', 'OTHER')),
      CONSTRAINT fk_volunteer_activity_team FOREIGN KEY (team_id) REFERENCES volunteer_team (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_volunteer_activity_team_held_on ON volunteer_activity (team_id, held_on)');

    await q.query(`CREATE TABLE volunteer_hours (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      activity_id uuid NOT NULL,
      worker_id uuid NOT NULL,
      hours numeric(4,1) NOT NULL,
      status varchar(10) NOT NULL,
      source varchar(8) NOT NULL,
      decided_at timestamptz(3),
      decided_by_id uuid,
      CONSTRAINT pk_volunteer_hours PRIMARY KEY (id),
      CONSTRAINT uq_volunteer_hours_activity_worker UNIQUE (activity_id, worker_id),
      CONSTRAINT ck_volunteer_hours_hours CHECK (hours > 0 AND hours <= 24),
      CONSTRAINT ck_volunteer_hours_status CHECK (status IN ('APPROVED', 'PENDING', 'REJECTED')),
      CONSTRAINT ck_volunteer_hours_source CHECK (source IN ('LEADER', 'STAFF', 'SELF')),
      CONSTRAINT fk_volunteer_hours_activity FOREIGN KEY (activity_id) REFERENCES volunteer_activity (id) ON DELETE RESTRICT,
      CONSTRAINT fk_volunteer_hours_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_volunteer_hours_worker_id ON volunteer_hours (worker_id)');

    await q.query(`CREATE TABLE issue_category (
      ${STAMPS},
      code varchar(32) NOT NULL,
      name varchar(50) NOT NULL,
      deadline_hours integer NOT NULL,
      default_department_kind varchar(24) NOT NULL,
      active boolean NOT NULL DEFAULT true,
      CONSTRAINT pk_issue_category PRIMARY KEY (id),
      CONSTRAINT uq_issue_category_code UNIQUE (code),
      CONSTRAINT ck_issue_category_deadline_hours CHECK (deadline_hours > 0)
    )`);
    // Hazards within 24 h; the rest follow 12345 practice (3 days), disputes and "other" go to the township.
    await q.query(`INSERT INTO issue_category (code, name, deadline_hours, default_department_kind) VALUES
      ('SAFETY_HAZARD', '安全隐患', 24, 'TOWNSHIP'),
      ('ROAD_TRAFFIC', '道路交通', 72, 'TRANSPORT'),
      ('SANITATION', '环境卫生', 72, 'TOWNSHIP'),
      ('PUBLIC_FACILITY', '公共设施', 72, 'TOWNSHIP'),
      ('NEIGHBOURHOOD_DISPUTE', '邻里纠纷', 72, 'TOWNSHIP'),
      ('OTHER', '其他', 72, 'TOWNSHIP')`);

    await q.query(`CREATE TABLE governance_issue (
      ${STAMPS},
      version integer NOT NULL DEFAULT 1,
      reported_at timestamptz(3) NOT NULL,
      category_id uuid NOT NULL,
      description text NOT NULL,
      address varchar(200),
      lat double precision NOT NULL,
      lng double precision NOT NULL,
      photos text array NOT NULL,
      grid_id uuid,
      township_id uuid NOT NULL,
      county_code varchar(6) NOT NULL,
      reporter_worker_id uuid NOT NULL,
      status varchar(12) NOT NULL,
      duplicate_of_id uuid,
      department_id uuid,
      dispatched_by_id uuid,
      accepted_at timestamptz(3),
      dispatched_at timestamptz(3),
      deadline_at timestamptz(3),
      overdue_at timestamptz(3),
      resolved_at timestamptz(3),
      closed_at timestamptz(3),
      resolution_note text,
      resolution_photo varchar(500),
      rating smallint,
      rating_comment text,
      auto_closed boolean NOT NULL DEFAULT false,
      extension_requested_hours integer,
      extension_reason text,
      CONSTRAINT pk_governance_issue PRIMARY KEY (id),
      CONSTRAINT ck_governance_issue_status CHECK (status IN (${ISSUE_STATUSES})),
      CONSTRAINT ck_governance_issue_rating CHECK (rating BETWEEN 1 AND 5),
      CONSTRAINT fk_governance_issue_category FOREIGN KEY (category_id) REFERENCES issue_category (id) ON DELETE RESTRICT,
      CONSTRAINT fk_governance_issue_grid FOREIGN KEY (grid_id) REFERENCES grid (id) ON DELETE RESTRICT,
      CONSTRAINT fk_governance_issue_township FOREIGN KEY (township_id) REFERENCES region (id) ON DELETE RESTRICT,
      CONSTRAINT fk_governance_issue_reporter FOREIGN KEY (reporter_worker_id) REFERENCES worker (id) ON DELETE RESTRICT,
      CONSTRAINT fk_governance_issue_duplicate_of FOREIGN KEY (duplicate_of_id) REFERENCES governance_issue (id) ON DELETE RESTRICT,
      CONSTRAINT fk_governance_issue_department FOREIGN KEY (department_id) REFERENCES department (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_governance_issue_township_status ON governance_issue (township_id, status)');
    await q.query('CREATE INDEX ix_governance_issue_grid_id ON governance_issue (grid_id)');
    await q.query('CREATE INDEX ix_governance_issue_county_code ON governance_issue (county_code)');
    await q.query('CREATE INDEX ix_governance_issue_reporter_worker_id ON governance_issue (reporter_worker_id)');
    await q.query('CREATE INDEX ix_governance_issue_duplicate_of_id ON governance_issue (duplicate_of_id)');
    await q.query('CREATE INDEX ix_governance_issue_department_id ON governance_issue (department_id)');
    // The 50 m duplicate search: earth_box(ll_to_earth(lat, lng), r) @> ll_to_earth(lat, lng), open problems only.
    await q.query(`CREATE INDEX ix_governance_issue_open_location ON governance_issue USING GiST (ll_to_earth(lat, lng))
      WHERE status IN ('REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RETURNED')`);
    // The overdue job's scan: running deadlines not yet marked.
    await q.query(`CREATE INDEX ix_governance_issue_running_deadline ON governance_issue (deadline_at)
      WHERE status IN ('DISPATCHED', 'IN_PROGRESS') AND overdue_at IS NULL`);

    await q.query(`CREATE TABLE governance_issue_event (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      issue_id uuid NOT NULL,
      at timestamptz(3) NOT NULL,
      action varchar(24) NOT NULL,
      from_status varchar(12),
      to_status varchar(12) NOT NULL,
      actor_kind varchar(8) NOT NULL,
      actor_id uuid,
      actor_role varchar(20),
      note text,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT pk_governance_issue_event PRIMARY KEY (id),
      CONSTRAINT ck_governance_issue_event_actor_kind CHECK (actor_kind IN ('STAFF', 'WORKER', 'SYSTEM')),
      CONSTRAINT fk_governance_issue_event_issue FOREIGN KEY (issue_id) REFERENCES governance_issue (id) ON DELETE RESTRICT
    )`);
    await q.query('CREATE INDEX ix_governance_issue_event_issue_at ON governance_issue_event (issue_id, at)');
    // Append-only timeline: steps are written once and never changed or removed.
    await q.query(`
      CREATE FUNCTION governance_issue_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'governance_issue_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'A problem''s timeline is never changed or removed.';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER trg_governance_issue_event_no_update_delete BEFORE UPDATE OR DELETE ON governance_issue_event
      FOR EACH ROW EXECUTE FUNCTION governance_issue_event_append_only()`);
    await q.query(`
      CREATE TRIGGER trg_governance_issue_event_no_truncate BEFORE TRUNCATE ON governance_issue_event
      FOR EACH STATEMENT EXECUTE FUNCTION governance_issue_event_append_only()`);

    await q.query(`CREATE TABLE governance_issue_supervision (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      issue_id uuid NOT NULL,
      deadline_at timestamptz(3) NOT NULL,
      at timestamptz(3) NOT NULL,
      department_id uuid,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT pk_governance_issue_supervision PRIMARY KEY (id),
      CONSTRAINT uq_governance_issue_supervision_issue_deadline UNIQUE (issue_id, deadline_at),
      CONSTRAINT fk_governance_issue_supervision_issue FOREIGN KEY (issue_id) REFERENCES governance_issue (id) ON DELETE RESTRICT
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE governance_issue_supervision');
    await q.query('DROP TRIGGER trg_governance_issue_event_no_truncate ON governance_issue_event');
    await q.query('DROP TRIGGER trg_governance_issue_event_no_update_delete ON governance_issue_event');
    await q.query('DROP TABLE governance_issue_event');
    await q.query('DROP FUNCTION governance_issue_event_append_only()');
    await q.query('DROP TABLE governance_issue');
    await q.query('DROP TABLE issue_category');
    await q.query('DROP TABLE volunteer_hours');
    await q.query('DROP TABLE volunteer_activity');
    await q.query('DROP TABLE responsibility_zone');
    await q.query('DROP TABLE public_commitment');
    await q.query('DROP TABLE volunteer_team_member');
    await q.query('DROP TABLE volunteer_team');
    await q.query('DROP TABLE grid_enrolment');
    await q.query('DROP TABLE grid');
    await q.query('DROP TABLE governance_points_rule');
  }
}
