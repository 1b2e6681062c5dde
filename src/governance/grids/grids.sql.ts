// The SQL of grids (GridsService) that is not a query builder.

/** The grid containing the point ($1 lng, $2 lat), lowest code first when boundaries overlap. */
export const GRID_AT_SQL = `SELECT id FROM grid
       WHERE boundary @> polygon(box(point($1, $2), point($1, $2)))  -- GiST-served candidates
         AND boundary @> point($1, $2)                               -- exact containment
       ORDER BY code LIMIT 1`;
