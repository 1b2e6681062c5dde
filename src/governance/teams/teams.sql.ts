// The SQL of volunteer teams (TeamsService) that is not a query builder.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';

/** A worker's approved and pending volunteer hours over activities held in [$2, $3] (dates). $1: worker id. */
export const MY_HOURS_SQL = `SELECT coalesce(sum(h.hours) FILTER (WHERE h.status = 'APPROVED'), 0)::float AS approved,
              coalesce(sum(h.hours) FILTER (WHERE h.status = 'PENDING'), 0)::float AS pending
       FROM volunteer_hours h JOIN volunteer_activity a ON a.id = h.activity_id
       WHERE h.worker_id = $1 AND a.held_on BETWEEN $2 AND $3`;

/** How many memberships of worker $2 in team $1 cover the day $3, as `n`. */
export const MEMBER_ON_DAY_SQL = `SELECT count(*)::int AS n FROM volunteer_team_member
       WHERE team_id = $1 AND worker_id = $2 AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`;

/** What a team references, named as REST shows it (`TEAM_REFERENCES_SQL`). */
export interface TeamReferences {
  township: RefDto;
}

/** What teams reference, named `{id, code, name}`: their township (never the leader). $1: team ids (uuid[]). */
export const TEAM_REFERENCES_SQL = `SELECT v.id, ${refJson('t')} AS township
       FROM volunteer_team v
       LEFT JOIN region t ON t.id = v.township_id
       WHERE v.id = ANY($1::uuid[])`;
