// The SQL of the ledger (五个清台账) that is not a query builder: roster matches, item states, member counts.

/**
 * Adds an UNVERIFIED ROSTER_MATCH entry for a worker unless they already have one; returns its id
 * when added. $1 county code, $2 worker id, $3 enterprise id, $4 township id, $5 membership.
 */
export const INSERT_ROSTER_MATCH_SQL = `INSERT INTO ledger_entry (county_code, worker_id, enterprise_id, township_id, membership, flow_status, channel, verification)
       VALUES ($1, $2, $3, $4, $5, 'LOCAL', 'ROSTER_MATCH', 'UNVERIFIED')
       ON CONFLICT (worker_id) DO NOTHING RETURNING id`;

/** The entry of a worker. $1: worker id. */
export const ENTRY_OF_WORKER_SQL = 'SELECT id FROM ledger_entry WHERE worker_id = $1';

/**
 * INSERT_ROSTER_MATCH_SQL for many workers in one statement, in the order given; returns the ids
 * added. $1 county codes, $2 worker ids, $3 enterprise ids, $4 township ids, $5 memberships (parallel arrays).
 */
export const INSERT_ROSTER_MATCHES_SQL = `INSERT INTO ledger_entry (county_code, worker_id, enterprise_id, township_id, membership, flow_status, channel, verification)
       SELECT m.county_code, m.worker_id, m.enterprise_id, m.township_id, m.membership, 'LOCAL', 'ROSTER_MATCH', 'UNVERIFIED'
       FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[]) WITH ORDINALITY
         AS m(county_code, worker_id, enterprise_id, township_id, membership, n)
       ORDER BY m.n
       ON CONFLICT (worker_id) DO NOTHING RETURNING id`;

/** Which of the workers have a ledger entry (any verification state). $1: worker ids. */
export const WORKERS_IN_LEDGER_SQL = 'SELECT worker_id FROM ledger_entry WHERE worker_id = ANY($1::uuid[])';

/**
 * The page statement's extra column: what EnterpriseDto shows of the entry's enterprise (masked
 * contact; never the ciphertexts) as json, null without one. Needs ENTRY_ENTERPRISE_JOINS over the page alias `x`.
 */
export const ENTRY_ENTERPRISE_SELECT = `CASE WHEN en.id IS NULL THEN NULL ELSE json_build_object(
                   'id', en.id, 'name', en.name, 'socialCreditCode', en.social_credit_code, 'industry', en.industry, 'townshipId', en.township_id,
                   'township', json_build_object('code', et.code), 'countyCode', en.county_code, 'isPlatform', en.is_platform, 'address', en.address,
                   'contactNameMasked', en.contact_name_masked, 'contactPhoneMasked', en.contact_phone_masked, 'workerHeadcount', en.worker_headcount,
                   'supervisingDepartmentId', en.supervising_department_id, 'supervisionOverrideReason', en.supervision_override_reason,
                   'supervisionOverriddenAt', en.supervision_overridden_at, 'version', en.version, 'createdAt', en.created_at) END AS "enterpriseRow"`;

/** The joins ENTRY_ENTERPRISE_SELECT reads: the entry's enterprise `en` and its township `et`. */
export const ENTRY_ENTERPRISE_JOINS = 'LEFT JOIN enterprise en ON en.id = x.enterprise_id LEFT JOIN region et ON et.id = en.township_id';

/** Item states of entries: every active item of the entry's county and each retired one that was checked, in item order. $1: entry ids. */
export const ITEM_STATES_SQL = `SELECT e.id AS entry_id, i.id AS item_id, i.key, i.label, i.retired_at IS NOT NULL AS retired, ei.clear, ei.note, ei.checked_on::text AS checked_on
         FROM ledger_entry e
         JOIN ledger_item i ON i.county_code = e.county_code
         LEFT JOIN ledger_entry_item ei ON ei.entry_id = e.id AND ei.item_id = i.id
         WHERE e.id = ANY($1::uuid[]) AND (i.retired_at IS NULL OR ei.id IS NOT NULL)
         ORDER BY i.position, i.key`;

/** The masked name of the worker behind each entry. $1: entry ids. */
export const MASKED_NAMES_SQL = 'SELECT e.id, w.name_masked AS name FROM ledger_entry e JOIN worker w ON w.id = e.worker_id WHERE e.id = ANY($1::uuid[])';

/** Full and probationary members by `column` (an organisation or an enterprise), rejected entries excluded. $1: the ids. */
export const memberCountsSql = (column: 'attached_organization_id' | 'enterprise_id'): string => `SELECT ${column} AS id,
              count(*) FILTER (WHERE membership = 'FULL')::int AS full,
              count(*) FILTER (WHERE membership = 'PROBATIONARY')::int AS probationary
       FROM ledger_entry WHERE ${column} = ANY($1::uuid[]) AND verification <> 'REJECTED' GROUP BY ${column}`;
