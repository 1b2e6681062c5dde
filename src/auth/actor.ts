import { Role } from './role.enum.js';

/**
 * The authenticated caller, as every service receives it. Services apply scope from it:
 * `regionPath` (ltree, staff), `departmentId`, `workerId` (WORKER), `enterpriseId` (PLATFORM).
 */
export interface Actor {
  kind: 'staff' | 'worker' | 'platform';
  /** Staff user id, worker id, or API key id. */
  id: string;
  role: Role;
  /** Staff: username; platform: key name; worker: masked phone. */
  label: string;
  /** ltree path of the region this caller may see, e.g. `430000.431100.431126`; absent = everywhere (ADMIN). */
  regionPath?: string;
  /** County code of the caller's region (6 digits), for county-partitioned tables. */
  countyCode?: string;
  /** DEPARTMENT_OFFICER and INSTRUCTOR: their department. */
  departmentId?: string;
  /** WORKER: the worker person record. */
  workerId?: string;
  /** PLATFORM: the platform enterprise the key belongs to. */
  enterpriseId?: string;
}
