// A province-sized data set for the dashboard benchmarks, written with generate_series (no row
// passes through Node). Hunan-like: 14 cities × 9 counties (Ningyuan 431126 among them), 10
// townships per county, one community and one grid per township.
import type pg from 'pg';
import { timed } from './bench-support.js';

export const COUNTIES = 126;
export const TOWNSHIPS_PER_COUNTY = 10;
export const TOWNSHIPS = COUNTIES * TOWNSHIPS_PER_COUNTY;
/** Delivery sites per township. */
export const SITES_PER_TOWNSHIP = 30;

/** Row counts at SCALE=1 (the province). */
export const PROVINCE = {
  riders: 1_000_000,
  enterprises: 20_000,
  workers: 50_000,
  ledgerEntries: 50_000,
  stations: 5_000,
  problems: 200_000,
  events: 3_000,
  teams: 2_000,
  teamMembers: 20_000,
  enrolments: 15_000,
  partyOrganizations: 1_500,
  instructors: 600,
  assignments: 3_000,
};

/** The roster feature's table (its migration's CREATE TABLE), when this branch does not have it yet. */
export const ROSTER_RIDER_TABLE = `CREATE TABLE IF NOT EXISTS roster_rider (
  id uuid NOT NULL DEFAULT gen_random_uuid(), created_at timestamptz(3) NOT NULL DEFAULT now(), updated_at timestamptz(3) NOT NULL DEFAULT now(),
  enterprise_id uuid NOT NULL, external_id varchar(64) NOT NULL, county_code varchar(6) NOT NULL, region_id uuid NOT NULL, township_id uuid,
  worker_id uuid NOT NULL, name_masked varchar(60) NOT NULL, phone_index char(64) NOT NULL, phone_masked varchar(11) NOT NULL,
  id_number_index char(64), id_number_masked varchar(18), gender varchar(6), site_name varchar(200) NOT NULL,
  site_lat double precision NOT NULL, site_lng double precision NOT NULL, row_hash char(64) NOT NULL, active boolean NOT NULL DEFAULT true,
  deactivated_at timestamptz(3), last_sync_id uuid, CONSTRAINT pk_roster_rider PRIMARY KEY (id))`;

/** Regions (province, cities, counties, townships, communities) and the `bench_township` lookup (idx → id, county, centre). */
export async function seedRegions(client: pg.Client): Promise<void> {
  await timed(
    client,
    'regions',
    `
    WITH p AS (
      INSERT INTO region (code, name, level, path) VALUES ('430000', '湖南省', 'PROVINCE', '430000') RETURNING id, path
    ), cities AS (
      INSERT INTO region (code, name, level, parent_id, path)
      SELECT '43' || lpad(c::text, 2, '0') || '00', '市' || c, 'CITY', p.id, (p.path::text || '.43' || lpad(c::text, 2, '0') || '00')::ltree
      FROM generate_series(1, 14) c, p RETURNING id, code, path
    ), counties AS (
      INSERT INTO region (code, name, level, parent_id, path, county_code)
      SELECT left(ci.code, 4) || k, CASE WHEN left(ci.code, 4) || k = '431126' THEN '宁远县' ELSE '县' || left(ci.code, 4) || k END, 'COUNTY', ci.id,
             (ci.path::text || '.' || left(ci.code, 4) || k)::ltree, left(ci.code, 4) || k
      FROM cities ci, generate_series(21, 29) k RETURNING id, code, path
    ), townships AS (
      INSERT INTO region (code, name, level, parent_id, path, county_code)
      SELECT co.code || (100 + t), '乡镇' || co.code || (100 + t), 'TOWNSHIP', co.id, (co.path::text || '.' || co.code || (100 + t))::ltree, co.code
      FROM counties co, generate_series(0, ${TOWNSHIPS_PER_COUNTY - 1}) t RETURNING id, code, path, county_code
    )
    INSERT INTO region (code, name, level, parent_id, path, county_code)
    SELECT tw.code || '001', '社区' || tw.code, 'COMMUNITY', tw.id, (tw.path::text || '.' || tw.code || '001')::ltree, tw.county_code FROM townships tw`,
  );
  // Counties on a grid over Hunan, Ningyuan at its real place; townships within ~10 km of their county seat.
  await timed(
    client,
    'bench_township',
    `
    CREATE TABLE bench_township AS
    SELECT (row_number() OVER (ORDER BY t.code) - 1)::int AS idx, t.id, t.code, t.county_code, c.id AS community_id,
           CASE WHEN t.county_code = '431126' THEN 25.60 ELSE 24.8 + (ci.n / 12) * 0.45 END + ((right(t.code, 1)::int % 5) - 2) * 0.04 AS lat,
           CASE WHEN t.county_code = '431126' THEN 111.94 ELSE 109.0 + (ci.n % 12) * 0.45 END + ((right(t.code, 1)::int / 5) - 0.5) * 0.08 AS lng
    FROM region t
    JOIN region c ON c.parent_id = t.id
    JOIN (SELECT code, (row_number() OVER (ORDER BY code) - 1)::int AS n FROM region WHERE level = 'COUNTY') ci ON ci.code = t.county_code
    WHERE t.level = 'TOWNSHIP'`,
  );
  await client.query('CREATE UNIQUE INDEX ON bench_township (idx)');
  await timed(
    client,
    'departments',
    `
    INSERT INTO department (name, kind, region_id, county_code)
    SELECT k || r.code, k, r.id, r.code FROM region r, unnest(ARRAY['TRANSPORT', 'TRADE_UNION']) k WHERE r.level = 'COUNTY'`,
  );
}

/** Everything else, scaled. Rows are spread over counties by `g % counties`, so a county's rows are scattered in the heap as real ones are. */
export async function seedProvince(client: pg.Client, scale: number, options: { riders?: boolean } = {}): Promise<Record<string, number>> {
  const n = Object.fromEntries(Object.entries(PROVINCE).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as typeof PROVINCE;
  // bench:peer reads no roster: without riders the province seeds in a third of the time.
  if (options.riders === false) n.riders = 0;
  await seedRegions(client);
  await timed(
    client,
    'workers',
    `
    INSERT INTO worker (phone_masked, county_code, township_id)
    SELECT '139****' || lpad((g % 10000)::text, 4, '0'), t.county_code, t.id FROM generate_series(1, $1::int) g JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}`,
    [n.workers],
  );
  await client.query('CREATE TABLE bench_worker AS SELECT (row_number() OVER (ORDER BY id))::int AS n, id, county_code, township_id FROM worker');
  await client.query('CREATE UNIQUE INDEX ON bench_worker (n)');
  await timed(
    client,
    'enterprises',
    `
    INSERT INTO enterprise (name, social_credit_code, industry, township_id, county_code, is_platform)
    SELECT '企业' || g, '91' || lpad(g::text, 16, '0'), (ARRAY['FOOD_DELIVERY', 'COURIER', 'FREIGHT', 'LOGISTICS'])[1 + g % 4], t.id, t.county_code, g % 100 = 0
    FROM generate_series(1, $1::int) g JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}`,
    [n.enterprises],
  );
  await client.query('CREATE TABLE bench_enterprise AS SELECT (row_number() OVER (ORDER BY id))::int AS n, id, county_code FROM enterprise');
  await client.query('CREATE UNIQUE INDEX ON bench_enterprise (n)');
  await timed(
    client,
    'ledger entries',
    `
    INSERT INTO ledger_entry (county_code, worker_id, township_id, membership, channel, verification, created_at)
    SELECT w.county_code, w.id, w.township_id, CASE WHEN w.n % 5 = 0 THEN 'PROBATIONARY' ELSE 'FULL' END, 'DOOR_VISIT',
           (ARRAY['UNVERIFIED', 'VERIFIED', 'VERIFIED', 'REJECTED'])[1 + w.n % 4], now() - (w.n % 365) * interval '1 day'
    FROM bench_worker w WHERE w.n <= $1::int`,
    [n.ledgerEntries],
  );
  await timed(
    client,
    'party organisations',
    `
    WITH po AS (
      INSERT INTO party_organization (name, kind, formation_mode, established_on, region_id, county_code)
      SELECT '党支部' || g, 'BRANCH', (ARRAY['STANDALONE', 'INDUSTRY_JOINT', 'DISPATCHED'])[1 + g % 3], current_date - (g % 700), e.township_id, e.county_code
      FROM generate_series(1, $1::int) g JOIN (SELECT be.n, en.township_id, en.county_code FROM bench_enterprise be JOIN enterprise en ON en.id = be.id) e ON e.n = g
      RETURNING id, name
    )
    INSERT INTO party_organization_enterprise (organization_id, enterprise_id)
    SELECT po.id, be.id FROM po JOIN bench_enterprise be ON be.n = substr(po.name, 4)::int`,
    [n.partyOrganizations],
  );
  await timed(
    client,
    'instructors',
    `
    INSERT INTO staff_user (username, password_hash, role, region_id)
    SELECT 'instructor' || g, 'x', 'INSTRUCTOR', t.id FROM generate_series(1, $1::int) g JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}`,
    [n.instructors],
  );
  await timed(
    client,
    'instructor assignments',
    `
    INSERT INTO instructor_assignment (instructor_id, enterprise_id, started_on, county_code)
    SELECT s.id, be.id, current_date - (g % 300), be.county_code
    FROM generate_series(1, $1::int) g
    JOIN bench_enterprise be ON be.n = $2::int + g
    JOIN (SELECT (row_number() OVER (ORDER BY id))::int - 1 AS k, id FROM staff_user WHERE role = 'INSTRUCTOR') s ON s.k = g % $3::int`,
    [n.assignments, n.partyOrganizations, n.instructors],
  );
  await timed(
    client,
    'stations',
    `
    INSERT INTO station (code, name, kind, host_venue, address, lat, lng, township_id, county_code, status)
    SELECT 'ST' || g, '驿站' || g, 'COURIER_STATION', 'SHOP', '湖南', t.lat + ((g * 7919 % 1000) / 1000.0 - 0.5) * 0.06, t.lng + ((g * 104729 % 1000) / 1000.0 - 0.5) * 0.06,
           t.id, t.county_code, CASE WHEN g % 10 = 0 THEN 'PLANNED' WHEN g % 17 = 0 THEN 'CLOSED' ELSE 'OPEN' END
    FROM generate_series(1, $1::int) g JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}`,
    [n.stations],
  );
  await timed(
    client,
    'station audits',
    `
    INSERT INTO station_audit (station_id, standard_id, audited_on, passed, valid_until, county_code)
    SELECT st.id, s.id, current_date - 30, (hashtext(st.code) % 5) <> 0, current_date + 335, st.county_code
    FROM station st, audit_standard s WHERE s.is_current AND hashtext(st.code) % 3 <> 0`,
  );
  await timed(
    client,
    'welfare events',
    `
    INSERT INTO welfare_event (title, kind, organizer_department_id, address, region_id, county_code, starts_at, ends_at, registration_required, status, served_count, check_in_code)
    SELECT '活动' || g, (ARRAY['FREE_MEAL', 'COOLING', 'HEALTH_CHECK', 'LEGAL_AID', 'CONSULTATION'])[1 + g % 5], d.id, '湖南', t.id, t.county_code,
           now() - (g % 360) * interval '1 day', now() - (g % 360) * interval '1 day' + interval '2 hours', g % 2 = 0,
           CASE WHEN g % 10 < 7 THEN 'COMPLETED' ELSE 'PUBLISHED' END, CASE WHEN g % 2 = 1 AND g % 10 < 7 THEN 50 + g % 50 ELSE 0 END, 'E' || g
    FROM generate_series(1, $1::int) g JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}
    JOIN department d ON d.county_code = t.county_code AND d.kind = 'TRADE_UNION'`,
    [n.events],
  );
  await timed(
    client,
    'registrations',
    `
    INSERT INTO event_registration (event_id, worker_id, status, registered_at, queue_number, attended_at, ticket_code, county_code)
    SELECT ev.id, w.id, 'CONFIRMED', ev.starts_at - interval '1 day', w.n, CASE WHEN w.n % 3 <> 0 THEN ev.starts_at END, 'T' || w.n, ev.county_code
    FROM bench_worker w JOIN (SELECT id, starts_at, county_code, (row_number() OVER (ORDER BY id))::int AS k FROM welfare_event WHERE registration_required) ev
      ON ev.k = 1 + w.n % GREATEST(1, $2::int / 2)
    WHERE w.n <= $1::int`,
    [n.workers / 2, n.events],
  );
  await timed(
    client,
    'volunteer teams',
    `
    INSERT INTO volunteer_team (name, kind, township_id, county_code, leader_worker_id, created_at)
    SELECT '服务队' || g, 'VOLUNTEER', w.township_id, w.county_code, w.id, now() - (g % 300) * interval '1 day'
    FROM generate_series(1, $1::int) g JOIN bench_worker w ON w.n = g`,
    [n.teams],
  );
  await timed(
    client,
    'team members',
    `
    INSERT INTO volunteer_team_member (team_id, worker_id, role, joined_on)
    SELECT vt.id, w.id, 'MEMBER', current_date - (w.n % 200)
    FROM bench_worker w JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int AS k FROM volunteer_team) vt ON vt.k = 1 + w.n % $2::int
    WHERE w.n <= $1::int`,
    [n.teamMembers, n.teams],
  );
  await timed(
    client,
    'grids',
    `
    INSERT INTO grid (code, name, community_id, county_code, boundary, centroid_lat, centroid_lng)
    SELECT 'G' || t.code, '网格' || t.code, t.community_id, t.county_code,
           polygon(box(point(t.lng - 0.05, t.lat - 0.05), point(t.lng + 0.05, t.lat + 0.05))), t.lat, t.lng
    FROM bench_township t`,
  );
  await timed(
    client,
    'grid enrolments',
    `
    INSERT INTO grid_enrolment (worker_id, grid_id, county_code, status, requested_at, confirmed_at)
    SELECT w.id, g.id, w.county_code, 'CONFIRMED', now() - (w.n % 200) * interval '1 day', now() - (w.n % 200) * interval '1 day'
    FROM bench_worker w JOIN bench_township t ON t.id = w.township_id JOIN grid g ON g.community_id = t.community_id
    WHERE w.n > $2::int - $1::int`,
    [n.enrolments, n.workers],
  );
  await timed(
    client,
    'governance problems',
    `
    INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, grid_id, township_id, county_code, reporter_worker_id, status,
                                  department_id, dispatched_at, deadline_at, resolved_at, closed_at)
    SELECT r.at, c.id, '问题描述 ' || g, t.lat, t.lng, '{}', gr.id, t.id, t.county_code, w.id, r.status,
           CASE WHEN r.status IN ('DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED') THEN d.id END,
           CASE WHEN r.status IN ('DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED') THEN r.at + interval '2 hours' END,
           CASE WHEN r.status IN ('DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED') THEN r.at + interval '74 hours' END,
           CASE WHEN r.status IN ('RESOLVED', 'CLOSED') THEN r.at + (g % 100) * interval '1 hour' END,
           CASE WHEN r.status = 'CLOSED' THEN r.at + (g % 100 + 24) * interval '1 hour' END
    FROM generate_series(1, $1::int) g
    CROSS JOIN LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS at,
                               (ARRAY['REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CLOSED', 'REJECTED'])[1 + g % 8] AS status) r
    JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}
    JOIN grid gr ON gr.community_id = t.community_id
    JOIN department d ON d.county_code = t.county_code AND d.kind = 'TRANSPORT'
    JOIN bench_worker w ON w.n = 1 + g % $2::int
    JOIN (SELECT id, (row_number() OVER (ORDER BY code))::int - 1 AS k FROM issue_category) c ON c.k = g % 6`,
    [n.problems, n.workers],
  );
  await timed(
    client,
    'problem timelines',
    `
    INSERT INTO governance_issue_event (issue_id, at, action, from_status, to_status, actor_kind, actor_id, actor_role)
    SELECT i.id, i.reported_at, 'REPORT', NULL, 'REPORTED', 'WORKER', i.reporter_worker_id, NULL FROM governance_issue i
    UNION ALL
    SELECT i.id, i.reported_at + interval '1 hour', 'ACCEPT', 'REPORTED', 'ACCEPTED', 'STAFF', NULL, 'GRID_WORKER' FROM governance_issue i WHERE i.status <> 'REPORTED'`,
  );
  await client.query(ROSTER_RIDER_TABLE);
  await client.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_county_code ON roster_rider (county_code)');
  await client.query('CREATE INDEX IF NOT EXISTS ix_roster_rider_township_id ON roster_rider (township_id)');
  await timed(
    client,
    'roster riders',
    `
    INSERT INTO roster_rider (enterprise_id, external_id, county_code, region_id, township_id, worker_id, name_masked, phone_index, phone_masked,
                              site_name, site_lat, site_lng, row_hash, active)
    SELECT gen_random_uuid(), 'R' || g, t.county_code, t.id, t.id, gen_random_uuid(), '张*', repeat('0', 64), '139****0000',
           '点位' || t.code || '-' || s.k, t.lat + ((s.k * 37 % 61) / 61.0 - 0.5) * 0.06, t.lng + ((s.k * 53 % 59) / 59.0 - 0.5) * 0.06, repeat('0', 64), g % 20 <> 0
    FROM generate_series(1, $1::int) g
    CROSS JOIN LATERAL (SELECT (g / ${TOWNSHIPS}) % ${SITES_PER_TOWNSHIP} AS k) s
    JOIN bench_township t ON t.idx = g % ${TOWNSHIPS}`,
    [n.riders],
  );
  await timed(client, 'vacuum analyze', 'VACUUM ANALYZE');
  return n;
}
