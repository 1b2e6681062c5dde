// The SQL of the roster overview (RosterOverviewService) that is not a query builder.

/** One row when a region has the code $1, none otherwise. */
export const REGION_EXISTS_SQL = 'SELECT 1 FROM region WHERE code = $1';
