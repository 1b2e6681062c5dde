// The SQL of reported problems (IssuesService): likely duplicates, followers, REST references, and the overdue and auto-close jobs.
import { SHANGHAI_TIME_ZONE } from '../../common/clock/shanghai.js';
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';
import { departmentRefJoins, departmentRefJson } from '../../reference/departments/department-ref.sql.js';
import { OPEN_STATUSES } from './issue-workflow.js';

const OPEN_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Ids of open problems of a category within a radius (great-circle, earthdistance), nearest first,
 * at most 10; the GiST index on ll_to_earth(lat, lng) serves the earth_box filter.
 * $1 category id, $2 lat, $3 lng, $4 radius in metres.
 */
export const LIKELY_DUPLICATES_SQL = `SELECT id FROM governance_issue
       WHERE status IN (${OPEN_SQL}) AND category_id = $1
         AND earth_box(ll_to_earth($2, $3), $4) @> ll_to_earth(lat, lng)
         AND earth_distance(ll_to_earth($2, $3), ll_to_earth(lat, lng)) <= $4
       ORDER BY earth_distance(ll_to_earth($2, $3), ll_to_earth(lat, lng)), id
       LIMIT 10`;

/** What a problem references, named as REST shows it (`ISSUE_REFERENCES_SQL`). */
export interface IssueReferences {
  category: RefDto;
  grid: RefDto | null;
  township: RefDto;
  department: RefDto | null;
}

/**
 * What problems reference, named `{id, code, name}`: category, grid, township and handling
 * department (null when missing), one row per problem. $1: problem ids (uuid[]).
 */
export const ISSUE_REFERENCES_SQL = `SELECT i.id, ${refJson('c')} AS category, ${refJson('g')} AS grid, ${refJson('t')} AS township, ${departmentRefJson('d')} AS department
       FROM governance_issue i
       LEFT JOIN issue_category c ON c.id = i.category_id
       LEFT JOIN grid g ON g.id = i.grid_id
       LEFT JOIN region t ON t.id = i.township_id
       ${departmentRefJoins('d', 'i.department_id')}
       WHERE i.id = ANY($1::uuid[])`;

/** Adds a follower to a problem (nothing when already following); returns a row only when added. $1 issue id, $2 worker id. */
export const ADD_FOLLOWER_SQL = `INSERT INTO governance_issue_follower (issue_id, worker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING issue_id`;

/** Removes a follower from a problem; answers [rows, affected]. $1 issue id, $2 worker id. */
export const REMOVE_FOLLOWER_SQL = 'DELETE FROM governance_issue_follower WHERE issue_id = $1 AND worker_id = $2 RETURNING issue_id';

/** Sets a problem's follower_count to its follower rows and returns it; answers [rows, affected]. $1: issue id. */
export const COUNT_FOLLOWERS_SQL = `UPDATE governance_issue SET follower_count = (SELECT count(*) FROM governance_issue_follower WHERE issue_id = $1) WHERE id = $1 RETURNING follower_count`;

/**
 * Marks dispatched or in-progress problems past their deadline as overdue (skipping rows locked by
 * another run), records a supervision entry per (problem, deadline) and a MARK_OVERDUE timeline step
 * for each newly supervised one; returns their issue_id. $1: now.
 */
export const MARK_OVERDUE_SQL = `WITH due AS (
         SELECT id FROM governance_issue
         WHERE status IN ('DISPATCHED', 'IN_PROGRESS') AND overdue_at IS NULL AND deadline_at < $1
         FOR UPDATE SKIP LOCKED
       ), marked AS (
         UPDATE governance_issue i SET overdue_at = $1, updated_at = now(), version = i.version + 1
         FROM due WHERE i.id = due.id
         RETURNING i.id, i.deadline_at, i.department_id, i.status
       ), supervised AS (
         INSERT INTO governance_issue_supervision (issue_id, deadline_at, at, department_id)
         SELECT id, deadline_at, $1, department_id FROM marked
         ON CONFLICT ON CONSTRAINT uq_governance_issue_supervision_issue_deadline DO NOTHING
         RETURNING issue_id
       )
       INSERT INTO governance_issue_event (issue_id, at, action, from_status, to_status, actor_kind, note)
       SELECT m.id, $1, 'MARK_OVERDUE', m.status, m.status, 'SYSTEM', '超期督办 overdue since ' || to_char(m.deadline_at AT TIME ZONE '${SHANGHAI_TIME_ZONE}', 'YYYY-MM-DD HH24:MI')
       FROM marked m JOIN supervised s ON s.issue_id = m.id
       RETURNING issue_id`;

/**
 * Closes problems resolved at least some days ago (skipping rows locked by another run) and records
 * an AUTO_CLOSE timeline step for each; returns their issue_id. $1 now, $2 days, $3 the step's note.
 */
export const AUTO_CLOSE_SQL = `WITH closed AS (
         UPDATE governance_issue SET status = 'CLOSED', closed_at = $1, auto_closed = true, updated_at = now(), version = version + 1
         WHERE id IN (SELECT id FROM governance_issue WHERE status = 'RESOLVED' AND resolved_at <= $1::timestamptz - make_interval(days => $2::int) FOR UPDATE SKIP LOCKED)
         RETURNING id
       )
       INSERT INTO governance_issue_event (issue_id, at, action, from_status, to_status, actor_kind, note)
       SELECT id, $1, 'AUTO_CLOSE', 'RESOLVED', 'CLOSED', 'SYSTEM', $3 FROM closed
       RETURNING issue_id`;

/** Problem categories as their list shows them, by code; $1 true: only those taking reports. */
export const CATEGORY_LIST_SQL = `SELECT id, code, name, deadline_hours AS "deadlineHours", deadline_unit AS "deadlineUnit",
    deadline_working_days AS "deadlineWorkingDays", default_department_kind AS "defaultDepartmentKind", attributes, active
  FROM issue_category WHERE active OR NOT $1 ORDER BY code`;
