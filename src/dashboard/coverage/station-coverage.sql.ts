// The SQL behind `stationCoverage`, one statement. Shared with bench/graphql.ts.
import { STATION_CERTIFICATION_SQL } from '../../care/station-inspections/station-inspections.sql.js';

/**
 * Station coverage of roster delivery sites, one row of three JSON values (totals, by_township,
 * uncovered). Parameters: $1 '' (the ltree root: stations anywhere may cover a site, across county
 * borders), $2 the day certification is judged on (date), $3 radius in metres, $4 the region path
 * whose riders count (ltree), $5 its county code (narrows roster_rider) or null, $6 how many
 * uncovered sites to list.
 *
 * - A site is a distinct (township_id, site_lat, site_lng) among ACTIVE roster riders whose region
 *   lies in $4; its riders are the active riders there.
 * - A site is covered when an OPEN station that is certified (StationInspectionsService's rule,
 *   STATION_CERTIFICATION_SQL: latest audit under the current standard passed and valid on $2) lies
 *   within $3 metres (great-circle, earthdistance). The distance search is
 *   `earth_box(ll_to_earth(site), r) @> ll_to_earth(st.lat, st.lng)`, served by the GiST index
 *   ix_station_earth, confirmed by earth_distance <= r.
 * - Uncovered sites are ranked by riders affected; each carries its nearest OPEN station (certified
 *   or not) and the distance, found by KNN (`<->`) on the same GiST index.
 */
export const STATION_COVERAGE_SQL = `
  WITH sites AS MATERIALIZED (
    SELECT row_number() OVER (ORDER BY s.township_id, s.lat, s.lng) AS site_no, s.*
    FROM (
      SELECT rr.township_id, rr.site_lat AS lat, rr.site_lng AS lng, min(rr.site_name) AS site_name, count(*)::int AS riders
      FROM roster_rider rr
      WHERE rr.active AND ($5::varchar IS NULL OR rr.county_code = $5::varchar)
        AND rr.region_id IN (SELECT r.id FROM region r WHERE r.path <@ $4::ltree)
      GROUP BY rr.township_id, rr.site_lat, rr.site_lng
    ) s
  ), near AS MATERIALIZED (
    SELECT s.site_no, st.id AS station_id
    FROM sites s JOIN station st
      ON earth_box(ll_to_earth(s.lat, s.lng), $3::float8) @> ll_to_earth(st.lat, st.lng)
     AND earth_distance(ll_to_earth(s.lat, s.lng), ll_to_earth(st.lat, st.lng)) <= $3::float8
    WHERE st.status = 'OPEN'
  ), certified AS MATERIALIZED (
    SELECT cert.id FROM (${STATION_CERTIFICATION_SQL} AND st.id IN (SELECT n.station_id FROM near n)) cert WHERE cert.certified
  ), judged AS MATERIALIZED (
    SELECT s.*, s.site_no IN (SELECT n.site_no FROM near n JOIN certified c ON c.id = n.station_id) AS covered
    FROM sites s
  )
  SELECT
    (SELECT json_build_object('riders', COALESCE(sum(j.riders), 0)::int, 'coveredRiders', COALESCE(sum(j.riders) FILTER (WHERE j.covered), 0)::int,
                              'sites', count(*)::int, 'coveredSites', (count(*) FILTER (WHERE j.covered))::int)
       FROM judged j) AS totals,
    (SELECT COALESCE(json_agg(t ORDER BY t."townshipCode" NULLS LAST), '[]'::json) FROM (
       SELECT reg.code AS "townshipCode", reg.name AS "townshipName", sum(j.riders)::int AS riders,
              COALESCE(sum(j.riders) FILTER (WHERE j.covered), 0)::int AS "coveredRiders",
              count(*)::int AS sites, (count(*) FILTER (WHERE j.covered))::int AS "coveredSites"
       FROM judged j LEFT JOIN region reg ON reg.id = j.township_id
       GROUP BY reg.code, reg.name) t) AS by_township,
    (SELECT COALESCE(json_agg(u ORDER BY u.riders DESC, u.lat, u.lng, u."townshipCode"), '[]'::json) FROM (
       SELECT j.site_name AS "siteName", j.lat, j.lng, j.riders, reg.code AS "townshipCode", reg.name AS "townshipName",
              n.id AS "stationId", n.code AS "stationCode", n.name AS "stationName", n.distance AS "distanceMeters"
       FROM judged j
       LEFT JOIN region reg ON reg.id = j.township_id
       LEFT JOIN LATERAL (
         SELECT st.id, st.code, st.name, earth_distance(ll_to_earth(j.lat, j.lng), ll_to_earth(st.lat, st.lng)) AS distance
         FROM station st WHERE st.status = 'OPEN'
         ORDER BY ll_to_earth(st.lat, st.lng) <-> ll_to_earth(j.lat, j.lng)
         LIMIT 1
       ) n ON true
       WHERE NOT j.covered
       ORDER BY j.riders DESC, j.lat, j.lng, reg.code
       LIMIT $6::int) u) AS uncovered`;

/** Totals of STATION_COVERAGE_SQL. */
export interface CoverageCounts {
  riders: number;
  coveredRiders: number;
  sites: number;
  coveredSites: number;
}

/** A row of STATION_COVERAGE_SQL. */
export interface StationCoverageRow {
  totals: CoverageCounts;
  by_township: (CoverageCounts & { townshipCode: string | null; townshipName: string | null })[];
  uncovered: {
    siteName: string; lat: number; lng: number; riders: number; townshipCode: string | null; townshipName: string | null;
    stationId: string | null; stationCode: string | null; stationName: string | null; distanceMeters: number | null;
  }[];
}
