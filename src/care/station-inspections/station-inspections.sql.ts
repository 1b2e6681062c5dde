// The SQL of station inspections (六有): certification, standard versions and audit items.

/**
 * Each station's latest audit under the current standard version (by audit date, then recording
 * time), with the earliest rectification deadline of its failed items. $1: station ids.
 */
export const LATEST_AUDITS_SQL = `
  SELECT DISTINCT ON (a.station_id) a.station_id, a.passed, a.audited_on::text AS audited_on, a.valid_until::text AS valid_until,
         (SELECT min(i.rectification_due)::text FROM station_audit_item i WHERE i.audit_id = a.id AND NOT i.passed) AS rectification_due
  FROM station_audit a JOIN audit_standard s ON s.id = a.standard_id AND s.is_current
  WHERE a.station_id = ANY($1::uuid[])
  ORDER BY a.station_id, a.audited_on DESC, a.created_at DESC`;

/**
 * Stations (not CLOSED) whose region path lies under $1, each with its latest audit under the
 * current version; `certified` is true when it passed and `valid_until >= $2` (today). The dashboard
 * counts certified stations with the same rule.
 */
export const STATION_CERTIFICATION_SQL = `
  SELECT st.id, st.code, st.name, la.passed, la.audited_on::text AS audited_on, la.valid_until::text AS valid_until, la.rectification_due::text AS rectification_due,
         COALESCE(la.passed AND la.valid_until >= $2::date, false) AS certified
  FROM station st
  JOIN region township ON township.id = st.township_id
  LEFT JOIN LATERAL (
    SELECT a.passed, a.audited_on, a.valid_until,
           (SELECT min(i.rectification_due) FROM station_audit_item i WHERE i.audit_id = a.id AND NOT i.passed) AS rectification_due
    FROM station_audit a JOIN audit_standard s ON s.id = a.standard_id AND s.is_current
    WHERE a.station_id = st.id
    ORDER BY a.audited_on DESC, a.created_at DESC
    LIMIT 1
  ) la ON true
  WHERE township.path <@ $1::ltree AND st.status <> 'CLOSED'`;

/** The next version number of a standard's code. $1: code. Run under the code's advisory lock. */
export const NEXT_STANDARD_VERSION_SQL = 'SELECT COALESCE(max(version), 0) + 1 AS next FROM audit_standard WHERE code = $1';

/** How many audits used a standard version. $1: standard id. */
export const AUDITS_USING_STANDARD_SQL = 'SELECT count(*) AS n FROM station_audit WHERE standard_id = $1';

/** The stations due for audit: STATION_CERTIFICATION_SQL ($1 region path, $2 today) with the scope clause (its path is $3), by code. */
export const dueForAuditSql = (scopeSql: string): string => `${STATION_CERTIFICATION_SQL}${scopeSql} ORDER BY st.code`;

/** How many stations under a region path are certified on a day. $1 region path, $2 the day. */
export const COUNT_CERTIFIED_SQL = `SELECT count(*) FILTER (WHERE certified)::int AS n FROM (${STATION_CERTIFICATION_SQL}) c`;

/** Which of the standard versions some audit used. $1: standard ids. */
export const STANDARDS_IN_USE_SQL = 'SELECT DISTINCT standard_id FROM station_audit WHERE standard_id = ANY($1::uuid[])';

/** The item verdicts of audits, with their item's key, label and requirement, in item order. $1: audit ids. */
export const AUDIT_ITEMS_SQL = `SELECT r.audit_id, i.key, i.label, i.required, r.passed, r.note, r.rectification_due::text AS rectification_due
         FROM station_audit_item r JOIN audit_standard_item i ON i.id = r.item_id
         WHERE r.audit_id = ANY($1::uuid[]) ORDER BY i.position`;
