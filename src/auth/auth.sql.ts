// The SQL of turning a token back into its caller (AuthService) that is not a repository call.
import type { Role } from '../access/role.enum.js';

/**
 * The signed-in caller, read when CallerCache does not remember it: only what the Actor and the token
 * checks need, as one named statement without entity building. Every column it reads is one the
 * CallerChanges triggers watch (a change to any of them makes every instance forget its callers).
 */
export const STAFF_CALLER_SQL = `SELECT u.id, u.role, u.username, u.disabled, u.must_change_password AS "mustChangePassword",
    u.password_changed_at AS "passwordChangedAt", u.department_id AS "departmentId", r.path AS "regionPath", r.county_code AS "countyCode"
  FROM staff_user u LEFT JOIN region r ON r.id = u.region_id WHERE u.id = $1`;
export interface StaffCallerRow {
  id: string;
  role: Role;
  username: string;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  departmentId: string | null;
  regionPath: string | null;
  countyCode: string | null;
}

/** A signed-in worker, read like a staff caller (a merged record's tokens stop working); its columns are watched the same way. */
export const WORKER_CALLER_SQL = `SELECT w.id, w.phone_masked AS "phoneMasked", w.county_code AS "countyCode", w.merged_into_id IS NOT NULL AS merged
  FROM worker w WHERE w.id = $1`;
export interface WorkerCallerRow {
  id: string;
  phoneMasked: string | null;
  countyCode: string | null;
  merged: boolean;
}
