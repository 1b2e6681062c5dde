// The SQL of regions (RegionService) that is not a query builder.

/** Renames regions by code: $1 codes, $2 their new names (parallel arrays). */
export const RENAME_REGIONS_SQL = `UPDATE region SET name = v.name, updated_at = now()
           FROM unnest($1::varchar[], $2::varchar[]) AS v(code, name) WHERE region.code = v.code`;
