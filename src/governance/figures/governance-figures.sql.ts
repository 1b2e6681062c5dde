// The SQL of the governance figures (GovernanceFiguresService): every statement reads $1 the region
// path (ltree), $2 from and $3 to (timestamptz), the period [from, to).
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';

const RESOLVED = `i.status IN ('RESOLVED', 'CLOSED') AND i.resolved_at >= $2 AND i.resolved_at < $3`;
const REPORTED = `i.reported_at >= $2 AND i.reported_at < $3`;
const IN_REGION = `JOIN region t ON t.id = i.township_id AND t.path <@ $1::ltree`;
const LOCAL_DAY = (param: string) => `(${param}::timestamptz AT TIME ZONE '${SHANGHAI_TIME_ZONE}')::date`;

/** Problems reported and resolved, resolved on time, resolved with a deadline, and the median hours to resolve, one row. */
export const ISSUE_TOTALS_SQL = `SELECT count(*) FILTER (WHERE ${REPORTED})::int AS reported,
                count(*) FILTER (WHERE ${RESOLVED})::int AS resolved,
                count(*) FILTER (WHERE ${RESOLVED} AND i.deadline_at IS NOT NULL AND i.resolved_at <= COALESCE(i.first_deadline_at, i.deadline_at))::int AS on_time,
                count(*) FILTER (WHERE ${RESOLVED} AND i.deadline_at IS NOT NULL)::int AS with_deadline,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.resolved_at - i.reported_at) / 3600) FILTER (WHERE ${RESOLVED}) AS median
         FROM governance_issue i ${IN_REGION}`;

/** Problems reported and resolved by category (key = code), in code order. */
export const ISSUES_BY_CATEGORY_SQL = `SELECT c.code AS key, c.name, count(*) FILTER (WHERE ${REPORTED})::int AS reported, count(*) FILTER (WHERE ${RESOLVED})::int AS resolved
         FROM governance_issue i ${IN_REGION} JOIN issue_category c ON c.id = i.category_id
         WHERE (${REPORTED}) OR (${RESOLVED}) GROUP BY c.code, c.name ORDER BY c.code`;

/** Problems reported and resolved by township (key = code), in code order. */
export const ISSUES_BY_TOWNSHIP_SQL = `SELECT t.code AS key, t.name, count(*) FILTER (WHERE ${REPORTED})::int AS reported, count(*) FILTER (WHERE ${RESOLVED})::int AS resolved
         FROM governance_issue i ${IN_REGION}
         WHERE (${REPORTED}) OR (${RESOLVED}) GROUP BY t.code, t.name ORDER BY t.code`;

/** Problems reported and resolved by Shanghai calendar month (key = name = `YYYY-MM`), in month order. */
export const ISSUES_BY_MONTH_SQL = `SELECT month AS key, month AS name, sum(reported)::int AS reported, sum(resolved)::int AS resolved FROM (
           SELECT to_char(i.reported_at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM') AS month, 1 AS reported, 0 AS resolved
           FROM governance_issue i ${IN_REGION} WHERE ${REPORTED}
           UNION ALL
           SELECT to_char(i.resolved_at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM'), 0, 1
           FROM governance_issue i ${IN_REGION} WHERE ${RESOLVED}
         ) months GROUP BY month ORDER BY month`;

/**
 * Teams formed before the period's end (`teams`); distinct workers mobilised (`mobilized`): team
 * members in the period, approved volunteer hours at activities in it, confirmed grid enrolments
 * overlapping it; and those grid enrollees (`enrollees`). One row.
 */
export const PEOPLE_SQL = `WITH members AS (
           SELECT m.worker_id FROM volunteer_team_member m
           JOIN volunteer_team vt ON vt.id = m.team_id JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree
           WHERE m.joined_on < ${LOCAL_DAY('$3')} AND (m.left_on IS NULL OR m.left_on >= ${LOCAL_DAY('$2')})
         ), volunteers AS (
           SELECT h.worker_id FROM volunteer_hours h
           JOIN volunteer_activity a ON a.id = h.activity_id
           JOIN volunteer_team vt ON vt.id = a.team_id JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree
           WHERE h.status = 'APPROVED' AND a.held_on >= ${LOCAL_DAY('$2')} AND a.held_on < ${LOCAL_DAY('$3')}
         ), enrollees AS (
           SELECT e.worker_id FROM grid_enrolment e
           JOIN grid g ON g.id = e.grid_id JOIN region c ON c.id = g.community_id AND c.path <@ $1::ltree
           WHERE e.confirmed_at IS NOT NULL AND e.confirmed_at < $3 AND (e.ended_at IS NULL OR e.ended_at >= $2)
         )
         SELECT (SELECT count(*)::int FROM volunteer_team vt JOIN region t ON t.id = vt.township_id AND t.path <@ $1::ltree WHERE vt.created_at < $3) AS teams,
                (SELECT count(DISTINCT worker_id)::int FROM (SELECT worker_id FROM members UNION SELECT worker_id FROM volunteers UNION SELECT worker_id FROM enrollees) w) AS mobilized,
                (SELECT count(DISTINCT worker_id)::int FROM enrollees) AS enrollees`;
