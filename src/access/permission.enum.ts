import { Role } from './role.enum.js';

/**
 * What a handler needs. Each handler names exactly one (or is @Public); ROLE_PERMISSIONS says
 * which roles hold it. Scope (region, department, own stations/grids/enterprises, self, own
 * platform) is applied inside services, so holding a permission never widens what a caller sees.
 */
export enum Permission {
  // ── identity ──
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

  // ── workers ──
  /** Read worker person records (masked). */
  WORKER_READ = 'WORKER_READ',
  /** Create worker records and merge duplicates. */
  WORKER_MANAGE = 'WORKER_MANAGE',

  // ── 安家行动 organizing ──
  /** Read enterprises (department officers: the ones they supervise; instructors: assigned ones). */
  ENTERPRISE_READ = 'ENTERPRISE_READ',
  /** Create and edit enterprises. */
  ENTERPRISE_MANAGE = 'ENTERPRISE_MANAGE',
  /** Override an enterprise's supervising department, with a reason. */
  SUPERVISION_OVERRIDE = 'SUPERVISION_OVERRIDE',
  /** Read party organisations. */
  PARTY_ORG_READ = 'PARTY_ORG_READ',
  /** Form, edit and dissolve party organisations. */
  PARTY_ORG_MANAGE = 'PARTY_ORG_MANAGE',
  /** Read the five-clear ledger (party membership is sensitive). */
  LEDGER_READ = 'LEDGER_READ',
  /** Add and edit ledger entries, import and export the ledger. */
  LEDGER_MANAGE = 'LEDGER_MANAGE',
  /** Verify or reject ledger entries. */
  LEDGER_VERIFY = 'LEDGER_VERIFY',
  /** Rename, add or retire the county's five-clear items. */
  LEDGER_CONFIGURE = 'LEDGER_CONFIGURE',
  /** A worker reports their own party membership (自主报到). */
  LEDGER_SELF_REPORT = 'LEDGER_SELF_REPORT',
  /** Assign instructors to enterprises and end assignments. */
  INSTRUCTOR_ASSIGN = 'INSTRUCTOR_ASSIGN',
  /** An instructor logs guidance visits to assigned enterprises. */
  INSTRUCTOR_VISIT = 'INSTRUCTOR_VISIT',

  // ── roster ──
  /** A platform syncs and reads its own roster. */
  ROSTER_SYNC = 'ROSTER_SYNC',
  /** Staff read platform sync history and roster counts. */
  ROSTER_READ = 'ROSTER_READ',

  // ── 暖新行动 care ──
  /** Read stations (staff view, with managers and audit status). */
  STATION_READ = 'STATION_READ',
  /** Create and edit stations (station managers: their own, hours and amenities only). */
  STATION_MANAGE = 'STATION_MANAGE',
  /** A worker checks in at a station. */
  STATION_CHECK_IN = 'STATION_CHECK_IN',
  /** Edit six-item audit standards (new versions). */
  AUDIT_STANDARD_MANAGE = 'AUDIT_STANDARD_MANAGE',
  /** Audit a station against a standard. */
  STATION_AUDIT = 'STATION_AUDIT',
  /** Read welfare events with registrations (staff view). */
  EVENT_READ = 'EVENT_READ',
  /** Create, publish and run welfare events; check attendees in. */
  EVENT_MANAGE = 'EVENT_MANAGE',
  /** A worker registers for events and cancels. */
  EVENT_REGISTER = 'EVENT_REGISTER',
  /** Open an assistance case (a worker for themselves, staff on a worker's behalf). */
  CASE_OPEN = 'CASE_OPEN',
  /** Read and handle assistance cases (handling department, ORG_OFFICER, ADMIN). */
  CASE_HANDLE = 'CASE_HANDLE',

  // ── 新星闪耀 governance ──
  /** Read volunteer teams, commitments, zones and activities. */
  TEAM_READ = 'TEAM_READ',
  /** Form teams, manage members, record activities and approve hours. */
  TEAM_MANAGE = 'TEAM_MANAGE',
  /** A worker makes a public commitment or reports their own volunteer hours. */
  VOLUNTEER_SELF = 'VOLUNTEER_SELF',
  /** Read grids and enrolments. */
  GRID_READ = 'GRID_READ',
  /** Draw grids and import boundaries. */
  GRID_MANAGE = 'GRID_MANAGE',
  /** A worker enrols in a mobile grid (流动网格报到) or leaves it. */
  GRID_ENROLL = 'GRID_ENROLL',
  /** A grid worker confirms enrolments in their grids. */
  GRID_CONFIRM = 'GRID_CONFIRM',
  /** A worker reports a governance problem and rates its resolution. */
  ISSUE_REPORT = 'ISSUE_REPORT',
  /** Read governance problems in scope. */
  ISSUE_READ = 'ISSUE_READ',
  /** Move problems through the workflow (accept, dispatch, resolve, return, extend…). */
  ISSUE_HANDLE = 'ISSUE_HANDLE',
  /** Edit problem categories and their deadlines. */
  ISSUE_CATEGORY_MANAGE = 'ISSUE_CATEGORY_MANAGE',
  /** Issue, list and revoke Open311 client applications' API keys. */
  OPEN311_CLIENT_MANAGE = 'OPEN311_CLIENT_MANAGE',

  // ── events out ──
  /** Create, change, rotate, replay and delete webhook endpoints (platforms: their own only). */
  WEBHOOK_MANAGE = 'WEBHOOK_MANAGE',

  // ── dashboard ──
  /** Read overview figures, coverage and exports within scope. */
  DASHBOARD_READ = 'DASHBOARD_READ',
}

const P = Permission;
const ALL = Object.values(Permission);
const STAFF_BASE = [P.SELF_READ, P.SELF_UPDATE, P.REFERENCE_READ, P.DASHBOARD_READ];
const SEES_WORK = [P.ENTERPRISE_READ, P.PARTY_ORG_READ, P.STATION_READ, P.EVENT_READ, P.TEAM_READ, P.GRID_READ, P.ISSUE_READ];

/** Which roles hold which permissions; the committed permission map shows it in review. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.ADMIN]: ALL.filter(
    (p) =>
      ![
        P.LEDGER_SELF_REPORT,
        P.STATION_CHECK_IN,
        P.EVENT_REGISTER,
        P.VOLUNTEER_SELF,
        P.GRID_ENROLL,
        P.ISSUE_REPORT,
        P.ROSTER_SYNC,
        P.INSTRUCTOR_VISIT,
      ].includes(p),
  ),
  [Role.ORG_OFFICER]: [
    ...STAFF_BASE,
    ...SEES_WORK,
    P.PERSONAL_DATA_REVEAL,
    P.WORKER_READ,
    P.WORKER_MANAGE,
    P.ENTERPRISE_MANAGE,
    P.SUPERVISION_OVERRIDE,
    P.PARTY_ORG_MANAGE,
    P.LEDGER_READ,
    P.LEDGER_MANAGE,
    P.LEDGER_VERIFY,
    P.INSTRUCTOR_ASSIGN,
    P.ROSTER_READ,
    P.STATION_MANAGE,
    P.EVENT_MANAGE,
    P.CASE_OPEN,
    P.CASE_HANDLE,
    P.TEAM_MANAGE,
    P.ISSUE_HANDLE,
  ],
  [Role.DEPARTMENT_OFFICER]: [
    ...STAFF_BASE,
    ...SEES_WORK,
    P.WORKER_READ,
    P.ENTERPRISE_MANAGE,
    P.ROSTER_READ,
    P.STATION_MANAGE,
    P.EVENT_MANAGE,
    P.CASE_OPEN,
    P.CASE_HANDLE,
    P.ISSUE_HANDLE,
  ],
  [Role.TOWNSHIP_OFFICER]: [
    ...STAFF_BASE,
    ...SEES_WORK,
    P.WORKER_READ,
    P.ENTERPRISE_MANAGE,
    P.LEDGER_READ,
    P.LEDGER_MANAGE,
    P.ROSTER_READ,
    P.STATION_MANAGE,
    P.EVENT_MANAGE,
    P.CASE_OPEN,
    P.CASE_HANDLE,
    P.TEAM_MANAGE,
    P.GRID_MANAGE,
    P.GRID_CONFIRM,
    P.ISSUE_HANDLE,
  ],
  [Role.STATION_MANAGER]: [...STAFF_BASE, P.STATION_READ, P.STATION_MANAGE, P.EVENT_READ, P.EVENT_MANAGE, P.CASE_OPEN],
  [Role.GRID_WORKER]: [...STAFF_BASE, P.GRID_READ, P.GRID_CONFIRM, P.ISSUE_READ, P.ISSUE_HANDLE, P.TEAM_READ],
  [Role.INSTRUCTOR]: [...STAFF_BASE, P.ENTERPRISE_READ, P.PARTY_ORG_READ, P.LEDGER_READ, P.INSTRUCTOR_VISIT],
  [Role.AUDITOR]: [...STAFF_BASE, P.STATION_READ, P.STATION_AUDIT],
  [Role.WORKER]: [
    P.SELF_READ,
    P.SELF_UPDATE,
    P.LEDGER_SELF_REPORT,
    P.STATION_CHECK_IN,
    P.EVENT_REGISTER,
    P.CASE_OPEN,
    P.VOLUNTEER_SELF,
    P.GRID_ENROLL,
    P.ISSUE_REPORT,
  ],
  // Reference data too: a platform reads the region codes its roster records must carry.
  [Role.PLATFORM]: [P.SELF_READ, P.REFERENCE_READ, P.ROSTER_SYNC, P.WEBHOOK_MANAGE],
};

/** What a caller with a one-time password may still do: read themselves and change the password. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE: readonly Permission[] = [Permission.SELF_READ, Permission.SELF_UPDATE];

/** Whether a role holds a permission. */
export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
