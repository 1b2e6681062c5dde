// The SQL of receiving a roster (RosterSyncService): the regions a rider may name, the platform's
// known row hashes, and region codes for a page of riders.

/** Every region a rider may name (county level and below): code, id, level, county_code, parent_id. No parameters. */
export const RIDER_REGIONS_SQL = 'SELECT code, id, level, county_code, parent_id FROM region WHERE county_code IS NOT NULL';

/** How many rows the platform's last committed snapshot sync received, as `received`. $1: enterprise id. */
export const LAST_SNAPSHOT_RECEIVED_SQL = `SELECT received FROM roster_sync WHERE enterprise_id = $1 AND status = 'COMMITTED' AND mode = 'SNAPSHOT' ORDER BY created_at DESC LIMIT 1`;

/** COPY TO STDOUT of the row hashes of a platform's active riders; `enterpriseId` must already be checked to be a UUID. */
export const activeRowHashesCopySql = (enterpriseId: string): string =>
  `COPY (SELECT row_hash FROM roster_rider WHERE enterprise_id = '${enterpriseId}' AND active) TO STDOUT`;

/** The code of each region, with its id. $1: region ids. */
export const REGION_CODES_SQL = 'SELECT id, code FROM region WHERE id = ANY($1::uuid[])';
