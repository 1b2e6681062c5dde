// The SQL of assistance cases (AssistanceService) that is not a query builder.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';
import { departmentRefJoins, departmentRefJson } from '../../reference/departments/department-ref.sql.js';

/** What an assistance case references, named as REST shows it (`CASE_REFERENCES_SQL`). */
export interface CaseReferences {
  station: RefDto | null;
  department: RefDto | null;
}

/**
 * What cases reference, named `{id, code, name}`: the station that took the case and the handling
 * department (null when missing; never the worker or the handler). $1: case ids (uuid[]).
 */
export const CASE_REFERENCES_SQL = `SELECT c.id, ${refJson('s')} AS station, ${departmentRefJson('d')} AS department
       FROM assistance_case c
       LEFT JOIN station s ON s.id = c.station_id
       ${departmentRefJoins('d', 'c.department_id')}
       WHERE c.id = ANY($1::uuid[])`;
