import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

/** Level of a party organisation (党组织类别). */
export enum PartyOrganizationKind {
  COMMITTEE = 'COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
}

/** How the organisation was formed (组建方式). */
export enum FormationMode {
  STANDALONE = 'STANDALONE',
  INDUSTRY_JOINT = 'INDUSTRY_JOINT',
  DISPATCHED = 'DISPATCHED',
}

registerEnumType(PartyOrganizationKind, labelledEnum(PartyOrganizationKind, 'PartyOrganizationKind'));

registerEnumType(FormationMode, labelledEnum(FormationMode, 'FormationMode'));
