// The SQL of roster retention (RosterRetention): the purge of riders who left and of old change lists.

/** Deletes riders who left before $1 (the cutoff); returns how many per platform (enterprise_id, n). */
export const PURGE_RIDERS_SQL = `WITH gone AS (DELETE FROM roster_rider WHERE NOT active AND deactivated_at < $1 RETURNING enterprise_id)
         SELECT enterprise_id, count(*)::int AS n FROM gone GROUP BY enterprise_id`;

/** Deletes the change lists of syncs created before $1 (the cutoff). */
export const PURGE_CHANGES_SQL = `DELETE FROM roster_sync_change c USING roster_sync s WHERE s.id = c.sync_id AND s.created_at < $1`;
