// The SQL of enterprises (EnterprisesService) that is not a query builder.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';
import { departmentRefJoins, departmentRefJson } from '../../reference/departments/department-ref.sql.js';

/** What an enterprise references, named as REST shows it (`ENTERPRISE_REFERENCES_SQL`). */
export interface EnterpriseReferences {
  township: RefDto;
  supervisingDepartment: RefDto | null;
}

/**
 * What enterprises reference, named `{id, code, name}`: their township and supervising department
 * (null when none applies). $1: enterprise ids (uuid[]).
 */
export const ENTERPRISE_REFERENCES_SQL = `SELECT e.id, ${refJson('t')} AS township, ${departmentRefJson('d')} AS "supervisingDepartment"
       FROM enterprise e
       LEFT JOIN region t ON t.id = e.township_id
       ${departmentRefJoins('d', 'e.supervising_department_id')}
       WHERE e.id = ANY($1::uuid[])`;
