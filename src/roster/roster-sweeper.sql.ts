// The SQL of the roster sweeper (RosterSweeper): unsettled syncs and the staging tables nobody owns.

/** Syncs still being received or applied: id, status, county_code. No parameters. */
export const UNSETTLED_SYNCS_SQL = `SELECT id, status, county_code FROM roster_sync WHERE status IN ('RECEIVING', 'PROCESSING')`;

/** Every table in the roster_staging schema, as `name`. No parameters. */
export const STAGING_TABLES_SQL = `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'roster_staging'`;

/** Which of the syncs are unfinished (their staging is still needed). $1: sync ids. */
export const UNFINISHED_SYNCS_SQL = `SELECT id FROM roster_sync WHERE id = ANY($1::uuid[]) AND status IN ('RECEIVING', 'QUEUED', 'PROCESSING')`;

/** Drops one staging table; `name` is a staging table name the sweeper matched (s_ and a sync id's hex). */
export const dropStagingSql = (name: string): string => `DROP TABLE IF EXISTS roster_staging.${name}`;
