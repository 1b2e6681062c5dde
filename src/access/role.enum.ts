import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../common/labels/labels.js';

/** Who a caller is in the county's organisation; each staff user has exactly one. */
export enum Role {
  ADMIN = 'ADMIN',
  ORG_OFFICER = 'ORG_OFFICER',
  DEPARTMENT_OFFICER = 'DEPARTMENT_OFFICER',
  TOWNSHIP_OFFICER = 'TOWNSHIP_OFFICER',
  STATION_MANAGER = 'STATION_MANAGER',
  GRID_WORKER = 'GRID_WORKER',
  INSTRUCTOR = 'INSTRUCTOR',
  AUDITOR = 'AUDITOR',
  WORKER = 'WORKER',
  PLATFORM = 'PLATFORM',
}

/** Roles a staff account may hold (WORKER and PLATFORM are not staff). */
export const STAFF_ROLES: readonly Role[] = [
  Role.ADMIN,
  Role.ORG_OFFICER,
  Role.DEPARTMENT_OFFICER,
  Role.TOWNSHIP_OFFICER,
  Role.STATION_MANAGER,
  Role.GRID_WORKER,
  Role.INSTRUCTOR,
  Role.AUDITOR,
];

registerEnumType(Role, labelledEnum(Role, 'Role'));
