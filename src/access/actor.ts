import { Role } from './role.enum.js';

/** What every caller has, whichever kind it is. */
interface CallerBase {
  /** Staff user id, worker id, or API key id. */
  id: string;
  role: Role;
  /** Staff: username; platform: key name; worker: masked phone. */
  label: string;
  /** ltree path of the region this caller may see, e.g. `430000.431100.431126`; absent = none (see access/scope.ts). */
  regionPath?: string;
  /** County code of the caller's region (6 digits), for county-partitioned tables. */
  countyCode?: string;
}

/** A county staff account (signed in with a password). */
export interface StaffActor extends CallerBase {
  kind: 'staff';
  /** DEPARTMENT_OFFICER and INSTRUCTOR: their department. */
  departmentId?: string;
  workerId?: undefined;
  enterpriseId?: undefined;
}

/** A gig worker signed in with a phone code: sees and acts on their own records. */
export interface WorkerActor extends CallerBase {
  kind: 'worker';
  /** The worker person record. */
  workerId: string;
  departmentId?: undefined;
  enterpriseId?: undefined;
}

/** A delivery platform calling with its API key. */
export interface PlatformActor extends CallerBase {
  kind: 'platform';
  /** The platform enterprise the key belongs to. */
  enterpriseId: string;
  departmentId?: undefined;
  workerId?: undefined;
}

/**
 * The authenticated caller, as every service receives it: one of three kinds, told apart by
 * `kind`. Services apply scope from it (access/scope.ts): `regionPath` (ltree), `departmentId`,
 * `workerId` (worker), `enterpriseId` (platform).
 */
export type Actor = StaffActor | WorkerActor | PlatformActor;
