// The SQL of governance points (PointsService) that is not a query builder.

/**
 * What a worker's points are counted from, one row: `months` of confirmed grid enrolment up to $2
 * (the instant now), `resolved` problems they reported, and `county` (their latest enrolment's,
 * else their record's). $1: worker id.
 */
export const WORKER_POINTS_SQL = `SELECT
         (SELECT coalesce(sum(extract(year FROM age(least(coalesce(e.ended_at, $2), $2), e.confirmed_at)) * 12
                            + extract(month FROM age(least(coalesce(e.ended_at, $2), $2), e.confirmed_at))), 0)::int
            FROM grid_enrolment e WHERE e.worker_id = $1 AND e.confirmed_at IS NOT NULL AND e.confirmed_at <= $2) AS months,
         (SELECT count(*)::int FROM governance_issue i
            WHERE i.reporter_worker_id = $1 AND i.status IN ('RESOLVED', 'CLOSED')) AS resolved,
         coalesce((SELECT e.county_code FROM grid_enrolment e WHERE e.worker_id = $1 ORDER BY e.requested_at DESC LIMIT 1),
                  (SELECT w.county_code FROM worker w WHERE w.id = $1)) AS county`;
