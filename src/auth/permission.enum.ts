import { Role } from './role.enum.js';

/**
 * What a handler needs. Each handler names exactly one (or is @Public); ROLE_PERMISSIONS says
 * which roles hold it. Scope (region, department, own records) is applied inside services.
 */
export enum Permission {
  /** Read the caller's own account (`me`). */
  SELF_READ = 'SELF_READ',
  /** Change the caller's own password or profile. */
  SELF_UPDATE = 'SELF_UPDATE',
  /** Read regions, departments, industries and supervision rules. */
  REFERENCE_READ = 'REFERENCE_READ',
  /** Import regions, edit departments and supervision rules. */
  REFERENCE_MANAGE = 'REFERENCE_MANAGE',
  /** Create, edit and disable staff accounts. */
  STAFF_MANAGE = 'STAFF_MANAGE',
  /** Create, list and revoke platform API keys. */
  API_KEY_MANAGE = 'API_KEY_MANAGE',
  /** Query the audit log. */
  AUDIT_READ = 'AUDIT_READ',
  /** See a full phone or ID number, with a reason (audited). */
  PERSONAL_DATA_REVEAL = 'PERSONAL_DATA_REVEAL',
}

const ALL = Object.values(Permission);
const STAFF_BASE = [Permission.SELF_READ, Permission.SELF_UPDATE, Permission.REFERENCE_READ];

/** Which roles hold which permissions; a test keeps this and every handler's declaration in review. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.ADMIN]: ALL,
  [Role.ORG_OFFICER]: [...STAFF_BASE, Permission.PERSONAL_DATA_REVEAL],
  [Role.DEPARTMENT_OFFICER]: STAFF_BASE,
  [Role.TOWNSHIP_OFFICER]: STAFF_BASE,
  [Role.STATION_MANAGER]: STAFF_BASE,
  [Role.GRID_WORKER]: STAFF_BASE,
  [Role.INSTRUCTOR]: STAFF_BASE,
  [Role.AUDITOR]: STAFF_BASE,
  [Role.WORKER]: [Permission.SELF_READ, Permission.SELF_UPDATE],
  [Role.PLATFORM]: [],
};

/** What a caller with a one-time password may still do: read themselves and change the password. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE: readonly Permission[] = [Permission.SELF_READ, Permission.SELF_UPDATE];

/** Whether a role holds a permission. */
export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
