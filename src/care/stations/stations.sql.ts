// The SQL of stations (StationsService): the nearest open stations, daily visits and REST references.
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';
import { departmentRefJoins, departmentRefJson } from '../../reference/departments/department-ref.sql.js';

/**
 * The SQL behind `nearestStations`: open stations inside the radius, nearest first. The earth_box
 * test is what the GiST index on ll_to_earth(lat, lng) serves; earth_distance then trims the box's
 * corners. $1 lat, $2 lng, $3 radius in metres, $4 amenities (may be null) that must all be present
 * and working, $5 limit. Shared with the benchmark.
 */
export const NEAREST_STATIONS_SQL = `
  SELECT s.id, s.code, s.name, s.kind, s.host_venue, s.address, s.lat, s.lng, s.status, s.opening_hours,
         earth_distance(ll_to_earth($1, $2), ll_to_earth(s.lat, s.lng)) AS distance,
         COALESCE((SELECT json_agg(json_build_object('amenity', a.amenity, 'working', a.working,
                                                     'statusChangedAt', a.status_changed_at, 'note', a.note) ORDER BY a.amenity)
                   FROM station_amenity a WHERE a.station_id = s.id), '[]'::json) AS amenities
  FROM station s
  WHERE earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(s.lat, s.lng)
    AND earth_distance(ll_to_earth($1, $2), ll_to_earth(s.lat, s.lng)) <= $3
    AND s.status = 'OPEN'
    AND ($4::varchar[] IS NULL OR (SELECT count(*) FROM station_amenity a
                                   WHERE a.station_id = s.id AND a.working AND a.amenity = ANY($4::varchar[])) = cardinality($4::varchar[]))
  ORDER BY distance, s.id
  LIMIT $5`;

/**
 * Check-ins and distinct workers per Shanghai day at a station, as `date` (YYYY-MM-DD), `visits`
 * and `workers`, one row for every day of the range. $1 station id, $2 first day, $3 last day.
 */
export const DAILY_VISITS_SQL = `SELECT to_char(d, 'YYYY-MM-DD') AS date, count(c.id)::int AS visits, count(DISTINCT c.worker_id)::int AS workers
       FROM generate_series($2::timestamp, $3::timestamp, interval '1 day') AS d
       LEFT JOIN station_check_in c ON c.station_id = $1
        AND c.checked_in_at >= (d AT TIME ZONE '${SHANGHAI_TIME_ZONE}') AND c.checked_in_at < ((d + interval '1 day') AT TIME ZONE '${SHANGHAI_TIME_ZONE}')
       GROUP BY d ORDER BY d`;

/** What a station references, named as REST shows it (`STATION_REFERENCES_SQL`). */
export interface StationReferences {
  township: RefDto;
  department: RefDto | null;
}

/** What stations reference, named `{id, code, name}`: township and running department (null for the county's own). $1: station ids (uuid[]). */
export const STATION_REFERENCES_SQL = `SELECT s.id, ${refJson('t')} AS township, ${departmentRefJson('d')} AS department
       FROM station s
       LEFT JOIN region t ON t.id = s.township_id
       ${departmentRefJoins('d', 's.department_id')}
       WHERE s.id = ANY($1::uuid[])`;
