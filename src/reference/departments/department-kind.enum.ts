import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

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

registerEnumType(DepartmentKind, labelledEnum(DepartmentKind, 'DepartmentKind'));
