// The SQL behind `overview`, one statement for the headline figures and one for the monthly series.
// Shared with bench/graphql.ts so the bare handler runs exactly what the service runs.
import { STATION_CERTIFICATION_SQL } from '../../care/station-inspections/station-inspections.sql.js';

/*
 * Every figure, its source and its period (county_code narrows the large tables when the region
 * is a county or below; the ltree test on the region path decides):
 *
 * partyMembersIdentified  STOCK as of `to`. Ledger entries (五个清台账) not REJECTED, created before `to`,
 *                         whose township (else county) lies in the region:
 *                         (the township's path, else the county's, <@ the region's path).
 * partyOrganizations      STOCK on the as-of day D. party_organization in the region (region_id), established_on <= D and
 *                         (dissolved_on IS NULL OR dissolved_on > D); total and by formation_mode.
 * instructors             STOCK on D. Distinct instructor_assignment.instructor_id with started_on <= D and
 *                         (ended_on IS NULL OR ended_on > D), whose enterprise's township lies in the region.
 * stations                STOCK. Stations whose township lies in the region, status OPEN or SUSPENDED (built and not
 *                         closed), created before `to`.
 * certifiedStations       STOCK on D. StationInspectionsService's rule (STATION_CERTIFICATION_SQL): stations not CLOSED whose latest
 *                         audit under the current standard passed and is valid on D.
 * eventsHeld              FLOW. welfare_event in the region (region_id), status COMPLETED, starts_at in [from, to).
 * workersServed           FLOW. Over those events: attended registrations (attended_at IS NOT NULL) + served_count.
 * eventsByKind            The two above by kind.
 * enterprises             STOCK. Enterprises whose township lies in the region, created before `to`: withOrganization =
 *                         covered by a party organisation not dissolved (party_organization_enterprise); withInstructorOnly
 *                         = otherwise with an instructor assignment active on D; uncovered = the rest.
 * volunteerTeams, workersMobilized, gridEnrollees, issuesResolved, issuesOnTimeRate
 *                         GovernanceFiguresService.figures(region, from, to) (see its definitions).
 *
 * D = the Asia/Shanghai day of the instant just before `to`, or today when `to` is later.
 */

/** Ledger entries identified (stock): alias e; needs $1 path, `${before}` the instant. */
const PARTY_MEMBERS = (before: string, county: string) => `
  SELECT count(*)::int FROM ledger_entry e
  WHERE e.verification <> 'REJECTED' AND e.created_at < ${before} AND (${county} IS NULL OR e.county_code = ${county})
    AND (e.township_id IN (SELECT r.id FROM region r WHERE r.path <@ $1::ltree)
         OR (e.township_id IS NULL AND EXISTS (SELECT 1 FROM region c WHERE c.code = e.county_code AND c.path <@ $1::ltree)))`;

/** STATION_CERTIFICATION_SQL narrowed to the county (its SQL ends in its WHERE clause), judged on `day`. */
function certification(day: string, county: string): string {
  const parts = STATION_CERTIFICATION_SQL.split('$2::date');
  if (parts.length !== 2) throw new Error('STATION_CERTIFICATION_SQL must use $2::date exactly once (the day certification is judged on)');
  return `${parts.join(day)} AND (${county} IS NULL OR st.county_code = ${county})`;
}

const ORGANIZATIONS_BY_MODE = (day: string, county: string) => `
  SELECT po.formation_mode AS mode, count(*)::int AS n FROM party_organization po JOIN region r ON r.id = po.region_id
  WHERE r.path <@ $1::ltree AND po.established_on <= ${day} AND (po.dissolved_on IS NULL OR po.dissolved_on > ${day})
    AND (${county} IS NULL OR po.county_code = ${county})
  GROUP BY po.formation_mode`;

const INSTRUCTORS = (day: string, county: string) => `
  SELECT count(DISTINCT ia.instructor_id)::int FROM instructor_assignment ia
  JOIN enterprise en ON en.id = ia.enterprise_id JOIN region t ON t.id = en.township_id
  WHERE t.path <@ $1::ltree AND ia.started_on <= ${day} AND (ia.ended_on IS NULL OR ia.ended_on > ${day})
    AND (${county} IS NULL OR ia.county_code = ${county})`;

const STATIONS = (before: string, county: string) => `
  SELECT count(*)::int FROM station st JOIN region t ON t.id = st.township_id
  WHERE t.path <@ $1::ltree AND st.status IN ('OPEN', 'SUSPENDED') AND st.created_at < ${before}
    AND (${county} IS NULL OR st.county_code = ${county})`;

const EVENTS_BY_KIND = (from: string, to: string, county: string) => `
  SELECT ev.kind, count(*)::int AS held,
         sum(ev.served_count + (SELECT count(*) FROM event_registration er WHERE er.event_id = ev.id AND er.attended_at IS NOT NULL))::int AS served
  FROM welfare_event ev JOIN region r ON r.id = ev.region_id
  WHERE r.path <@ $1::ltree AND ev.status = 'COMPLETED' AND ev.starts_at >= ${from} AND ev.starts_at < ${to}
    AND (${county} IS NULL OR ev.county_code = ${county})
  GROUP BY ev.kind`;

/**
 * Headline figures of one region over [from, to), one row. $1 region path (ltree), $2 as-of day D
 * (date), $3 from, $4 to (timestamptz), $5 county code when the region is a county or below, else null.
 * $1 and $2 are also STATION_CERTIFICATION_SQL's parameters, so certification is StationInspectionsService's rule.
 */
export const OVERVIEW_SQL = `
  SELECT
    (${PARTY_MEMBERS('$4::timestamptz', '$5::varchar')}) AS party_members,
    (SELECT COALESCE(json_agg(json_build_object('mode', m.mode, 'count', m.n) ORDER BY m.mode), '[]'::json)
       FROM (${ORGANIZATIONS_BY_MODE('$2::date', '$5::varchar')}) m) AS organizations,
    (${INSTRUCTORS('$2::date', '$5::varchar')}) AS instructors,
    (${STATIONS('$4::timestamptz', '$5::varchar')}) AS stations,
    (SELECT count(*) FILTER (WHERE certified)::int FROM (${certification('$2::date', '$5::varchar')}) cert) AS certified_stations,
    (SELECT COALESCE(json_agg(json_build_object('kind', k.kind, 'held', k.held, 'workersServed', k.served) ORDER BY k.kind), '[]'::json)
       FROM (${EVENTS_BY_KIND('$3::timestamptz', '$4::timestamptz', '$5::varchar')}) k) AS events,
    (SELECT json_build_object('total', count(*)::int, 'withOrganization', (count(*) FILTER (WHERE x.org))::int,
                              'withInstructorOnly', (count(*) FILTER (WHERE NOT x.org AND x.instructor))::int)
       FROM (
         SELECT EXISTS (SELECT 1 FROM party_organization_enterprise poe JOIN party_organization po ON po.id = poe.organization_id
                        WHERE poe.enterprise_id = en.id AND po.dissolved_on IS NULL) AS org,
                EXISTS (SELECT 1 FROM instructor_assignment ia WHERE ia.enterprise_id = en.id
                        AND ia.started_on <= $2::date AND (ia.ended_on IS NULL OR ia.ended_on > $2::date)) AS instructor
         FROM enterprise en JOIN region t ON t.id = en.township_id
         WHERE t.path <@ $1::ltree AND en.created_at < $4::timestamptz AND ($5::varchar IS NULL OR en.county_code = $5::varchar)
       ) x) AS enterprises`;

/**
 * The organizing and care figures of each series month, one row per month in order: each is the
 * headline figure over that month. $1 region path, $2 county code or null, $3 month labels (text[]),
 * $4 each month's from, $5 each month's to (timestamptz[]), $6 each month's as-of day (date[]).
 */
export const OVERVIEW_SERIES_SQL = `
  SELECT m.month,
    (${PARTY_MEMBERS('m.t1', '$2::varchar')}) AS party_members,
    (SELECT COALESCE(sum(o.n), 0)::int FROM (${ORGANIZATIONS_BY_MODE('m.day', '$2::varchar')}) o) AS organizations,
    (${INSTRUCTORS('m.day', '$2::varchar')}) AS instructors,
    (${STATIONS('m.t1', '$2::varchar')}) AS stations,
    (SELECT count(*) FILTER (WHERE certified)::int FROM (${certification('m.day', '$2::varchar')}) cert) AS certified_stations,
    (SELECT COALESCE(sum(k.held), 0)::int FROM (${EVENTS_BY_KIND('m.t0', 'm.t1', '$2::varchar')}) k) AS events_held,
    (SELECT COALESCE(sum(k.served), 0)::int FROM (${EVENTS_BY_KIND('m.t0', 'm.t1', '$2::varchar')}) k) AS workers_served
  FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[], $6::date[]) WITH ORDINALITY AS m(month, t0, t1, day, n)
  ORDER BY m.n`;

/** A row of OVERVIEW_SQL. */
export interface OverviewRow {
  party_members: number;
  organizations: { mode: string; count: number }[];
  instructors: number;
  stations: number;
  certified_stations: number;
  events: { kind: string; held: number; workersServed: number }[];
  enterprises: { total: number; withOrganization: number; withInstructorOnly: number };
}

/** A row of OVERVIEW_SERIES_SQL. */
export interface OverviewSeriesRow {
  month: string;
  party_members: number;
  organizations: number;
  instructors: number;
  stations: number;
  certified_stations: number;
  events_held: number;
  workers_served: number;
}
