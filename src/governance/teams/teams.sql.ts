// The SQL of volunteer teams (TeamsService) that is not a query builder.

/** A worker's approved and pending volunteer hours over activities held in [$2, $3] (dates). $1: worker id. */
export const MY_HOURS_SQL = `SELECT coalesce(sum(h.hours) FILTER (WHERE h.status = 'APPROVED'), 0)::float AS approved,
              coalesce(sum(h.hours) FILTER (WHERE h.status = 'PENDING'), 0)::float AS pending
       FROM volunteer_hours h JOIN volunteer_activity a ON a.id = h.activity_id
       WHERE h.worker_id = $1 AND a.held_on BETWEEN $2 AND $3`;

/** How many memberships of worker $2 in team $1 cover the day $3, as `n`. */
export const MEMBER_ON_DAY_SQL = `SELECT count(*)::int AS n FROM volunteer_team_member
       WHERE team_id = $1 AND worker_id = $2 AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`;
