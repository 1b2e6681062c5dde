import { registerEnumType } from '@nestjs/graphql';

/** What a department is; supervision rules route industries to a kind, not to a named office. */
export enum DepartmentKind {
  TWO_NEW_COMMITTEE = 'TWO_NEW_COMMITTEE',
  ORGANIZATION_DEPT = 'ORGANIZATION_DEPT',
  CYBERSPACE = 'CYBERSPACE',
  MARKET_REGULATION = 'MARKET_REGULATION',
  TRANSPORT = 'TRANSPORT',
  TRADE_UNION = 'TRADE_UNION',
  POSTAL = 'POSTAL',
  TOWNSHIP = 'TOWNSHIP',
  OTHER = 'OTHER',
}

/** Chinese name of each kind. */
export const DEPARTMENT_KIND_LABELS: Readonly<Record<DepartmentKind, string>> = {
  TWO_NEW_COMMITTEE: '两新工委',
  ORGANIZATION_DEPT: '组织部',
  CYBERSPACE: '网信办',
  MARKET_REGULATION: '市场监管局',
  TRANSPORT: '交通运输局',
  TRADE_UNION: '总工会',
  POSTAL: '邮政管理',
  TOWNSHIP: '乡镇/街道',
  OTHER: '其他',
};

registerEnumType(DepartmentKind, {
  name: 'DepartmentKind',
  description: '部门类别 / Department kind',
  valuesMap: {
    TWO_NEW_COMMITTEE: { description: '两新工委 / Two-new organisations working committee' },
    ORGANIZATION_DEPT: { description: '组织部 / Organisation department' },
    CYBERSPACE: { description: '网信办 / Cyberspace affairs office' },
    MARKET_REGULATION: { description: '市场监管局 / Market regulation bureau' },
    TRANSPORT: { description: '交通运输局 / Transport bureau' },
    TRADE_UNION: { description: '总工会 / Federation of trade unions' },
    POSTAL: { description: '邮政管理 / Postal administration' },
    TOWNSHIP: { description: '乡镇/街道 / Township or street office' },
    OTHER: { description: '其他 / Other' },
  },
});
