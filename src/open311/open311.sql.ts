// The SQL of the Open311 GeoReport v2 endpoints (Open311Service): requests, jurisdictions, tokens, updates.

/**
 * The columns a public view of a service request shows (no reporter, no staff ids, no rating
 * comment), from governance_issue `i` with its category `c` and department `d`; the caller adds
 * its WHERE, ORDER BY and LIMIT and their parameters.
 */
export const REQUEST_SQL = `
  SELECT i.id, i.status, i.description, i.address, i.lat, i.lng, i.photos, i.reported_at, i.updated_at, i.deadline_at, i.deadline_warning,
         i.resolution_note, c.code, c.name, d.name AS department,
         (SELECT e.note FROM governance_issue_event e WHERE e.issue_id = i.id AND e.action IN ('REJECT', 'MARK_DUPLICATE') ORDER BY e.at DESC LIMIT 1) AS last_note
  FROM governance_issue i JOIN issue_category c ON c.id = i.category_id LEFT JOIN department d ON d.id = i.department_id`;

/** How many counties the deployment holds, as `counties`. No parameters. */
export const COUNTY_COUNT_SQL = `SELECT count(*)::int AS counties FROM region WHERE level = 'COUNTY'`;

/** One row when a county with this code is held. $1: the county code. */
export const COUNTY_EXISTS_SQL = `SELECT 1 FROM region WHERE code = $1 AND level = 'COUNTY'`;

/** The id of the issue created with a client request id. $1 client request id; with `inCounty`, $2 county code. */
export const issueByClientRequestIdSql = (inCounty: boolean): string =>
  `SELECT id FROM governance_issue WHERE client_request_id = $1 ${inCounty ? 'AND county_code = $2' : ''} LIMIT 1`;

/**
 * Timeline steps of issues between two instants, oldest first, at most `limit`, each with the
 * resolution photo when it resolved the issue. $1 start, $2 end (both inclusive); with `inCounty`, $3 county code.
 */
export const issueUpdatesSql = (inCounty: boolean, limit: number): string =>
  `SELECT e.id, e.issue_id, e.action, e.to_status, e.note, e.at, CASE WHEN e.action = 'RESOLVE' THEN i.resolution_photo END AS resolution_photo
         FROM governance_issue_event e JOIN governance_issue i ON i.id = e.issue_id
         WHERE e.at >= $1 AND e.at <= $2 ${inCounty ? 'AND i.county_code = $3' : ''}
         ORDER BY e.at, e.id LIMIT ${limit}`;
