// The SQL of the county exports (ExportsService): one keyset-batched statement per sheet.
import { STATION_CERTIFICATION_SQL } from '../../care/station-inspections/station-inspections.sql.js';
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';

/**
 * Stations with audit status: STATION_CERTIFICATION_SQL (stations not CLOSED under $1, certification
 * judged on $2) in code order after $3, $4 at a time.
 */
export const STATION_EXPORT_SQL = `
  SELECT cert.code, cert.name, st.kind, st.host_venue, st.address, t.code AS township_code, t.name AS township_name, st.status, st.lat, st.lng,
         cert.passed, cert.audited_on, cert.valid_until, cert.rectification_due,
         (SELECT string_agg(a.amenity || CASE WHEN a.working THEN '' ELSE '!' END, ',' ORDER BY a.amenity) FROM station_amenity a WHERE a.station_id = st.id) AS amenities
  FROM (${STATION_CERTIFICATION_SQL} AND ($3::varchar IS NULL OR st.code > $3::varchar) ORDER BY st.code LIMIT $4::int) cert
  JOIN station st ON st.id = cert.id JOIN region t ON t.id = st.township_id
  ORDER BY cert.code`;

/** Welfare events of the region ($1) starting in [$2, $3), with attendance, in start order after ($4, $5), $6 at a time. */
export const EVENT_EXPORT_SQL = `
  SELECT ev.id, ev.title, ev.kind, ev.status, ev.starts_at, ev.ends_at, COALESCE(st.name, ev.address) AS place, r.code AS region_code, r.name AS region_name,
         d.name AS organizer, ev.registration_required, ev.capacity, ev.served_count, reg.confirmed, reg.waitlisted, reg.cancelled, reg.attended
  FROM welfare_event ev
  JOIN region r ON r.id = ev.region_id
  JOIN department d ON d.id = ev.organizer_department_id
  LEFT JOIN station st ON st.id = ev.station_id
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE er.status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE er.status = 'WAITLISTED')::int AS waitlisted,
           count(*) FILTER (WHERE er.status = 'CANCELLED')::int AS cancelled, count(*) FILTER (WHERE er.attended_at IS NOT NULL)::int AS attended
    FROM event_registration er WHERE er.event_id = ev.id
  ) reg ON true
  WHERE r.path <@ $1::ltree AND ($7::varchar IS NULL OR ev.county_code = $7::varchar)
    AND ev.starts_at >= $2::timestamptz AND ev.starts_at < $3::timestamptz
    AND ($4::timestamptz IS NULL OR (ev.starts_at, ev.id) > ($4::timestamptz, $5::uuid))
  ORDER BY ev.starts_at, ev.id
  LIMIT $6::int`;

/**
 * Governance problems of the region ($1) reported in [$2, $3), with their timelines (by role, never
 * the reporter's identity) as text, in report order after ($4, $5), $6 at a time; $7 county code or
 * null; $8 the Chinese labels (TIMELINE_LABELS). The text is built in SQL so the server parses one
 * string per problem rather than an object per step.
 */
export const ISSUE_EXPORT_SQL = `
  SELECT i.id, i.reported_at, c.name AS category, i.status, i.description, i.address, i.lat, i.lng, t.code AS township_code, t.name AS township_name,
         g.code AS grid_code, g.name AS grid_name, d.name AS department, i.deadline_at, i.overdue_at, i.resolved_at, i.closed_at, i.resolution_note, i.rating,
         (SELECT string_agg(to_char(e.at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM-DD HH24:MI') || ' ' ||
                            CASE e.actor_kind WHEN 'WORKER' THEN $8::jsonb ->> 'WORKER' WHEN 'SYSTEM' THEN $8::jsonb ->> 'SYSTEM'
                                 ELSE COALESCE($8::jsonb -> 'roles' ->> e.actor_role, $8::jsonb ->> 'STAFF') END || ' ' ||
                            COALESCE($8::jsonb -> 'actions' ->> e.action, e.action) || ' → ' || COALESCE($8::jsonb -> 'statuses' ->> e.to_status, e.to_status) ||
                            COALESCE('：' || e.note, ''), E'\n' ORDER BY e.at, e.created_at)
            FROM governance_issue_event e WHERE e.issue_id = i.id) AS timeline
  FROM governance_issue i
  JOIN region t ON t.id = i.township_id
  JOIN issue_category c ON c.id = i.category_id
  LEFT JOIN grid g ON g.id = i.grid_id
  LEFT JOIN department d ON d.id = i.department_id
  WHERE t.path <@ $1::ltree AND ($7::varchar IS NULL OR i.county_code = $7::varchar)
    AND i.reported_at >= $2::timestamptz AND i.reported_at < $3::timestamptz
    AND ($4::timestamptz IS NULL OR (i.reported_at, i.id) > ($4::timestamptz, $5::uuid))
  ORDER BY i.reported_at, i.id
  LIMIT $6::int`;
