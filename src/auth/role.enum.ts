import { registerEnumType } from '@nestjs/graphql';

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
  Role.ADMIN, Role.ORG_OFFICER, Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER,
  Role.STATION_MANAGER, Role.GRID_WORKER, Role.INSTRUCTOR, Role.AUDITOR,
];

registerEnumType(Role, {
  name: 'Role',
  description: '角色 / Role',
  valuesMap: {
    ADMIN: { description: '系统管理员 / Administrator' },
    ORG_OFFICER: { description: '两新工委、组织部 / Organisation department officer' },
    DEPARTMENT_OFFICER: { description: '行业主管部门 / Industry department officer (enterprises it supervises)' },
    TOWNSHIP_OFFICER: { description: '乡镇（街道） / Township officer' },
    STATION_MANAGER: { description: '驿站管理员 / Station manager (own stations)' },
    GRID_WORKER: { description: '网格员 / Grid worker (own grids)' },
    INSTRUCTOR: { description: '党建指导员 / Party-building instructor (assigned enterprises)' },
    AUDITOR: { description: '驿站评估员 / Station auditor' },
    WORKER: { description: '新就业群体劳动者 / Gig worker (themselves)' },
    PLATFORM: { description: '平台企业 API 密钥 / Platform API key (own roster)' },
  },
});
