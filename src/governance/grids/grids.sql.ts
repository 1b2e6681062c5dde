// The SQL of grids (GridsService) that is not a query builder.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';

/** The grid containing the point ($1 lng, $2 lat), lowest code first when boundaries overlap. */
export const GRID_AT_SQL = `SELECT id FROM grid
       WHERE boundary @> polygon(box(point($1, $2), point($1, $2)))  -- GiST-served candidates
         AND boundary @> point($1, $2)                               -- exact containment
       ORDER BY code LIMIT 1`;

/** What a grid references, named as REST shows it (`GRID_REFERENCES_SQL`). */
export interface GridReferences {
  community: RefDto;
  township: RefDto;
}

/** What grids reference, named `{id, code, name}`: their community and its township. $1: grid ids (uuid[]). */
export const GRID_REFERENCES_SQL = `SELECT g.id, ${refJson('c')} AS community, ${refJson('t')} AS township
       FROM grid g
       LEFT JOIN region c ON c.id = g.community_id
       LEFT JOIN region t ON t.id = c.parent_id
       WHERE g.id = ANY($1::uuid[])`;

/** What a grid enrolment references, named as REST shows it (`ENROLMENT_REFERENCES_SQL`). */
export interface EnrolmentReferences {
  grid: RefDto;
}

/** What enrolments reference, named `{id, code, name}`: their grid (never the worker). $1: enrolment ids (uuid[]). */
export const ENROLMENT_REFERENCES_SQL = `SELECT e.id, ${refJson('g')} AS grid
       FROM grid_enrolment e
       LEFT JOIN grid g ON g.id = e.grid_id
       WHERE e.id = ANY($1::uuid[])`;
