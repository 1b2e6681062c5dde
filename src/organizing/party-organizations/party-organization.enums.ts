import { registerEnumType } from '@nestjs/graphql';

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

export const PARTY_ORGANIZATION_KIND_LABELS: Readonly<Record<PartyOrganizationKind, string>> = {
  COMMITTEE: '党委',
  GENERAL_BRANCH: '党总支',
  BRANCH: '党支部',
};

export const FORMATION_MODE_LABELS: Readonly<Record<FormationMode, string>> = {
  STANDALONE: '单独组建',
  INDUSTRY_JOINT: '行业共建',
  DISPATCHED: '派驻帮建',
};

registerEnumType(PartyOrganizationKind, {
  name: 'PartyOrganizationKind',
  description: '党组织类别 / Kind of party organisation',
  valuesMap: {
    COMMITTEE: { description: '党委 / Party committee' },
    GENERAL_BRANCH: { description: '党总支 / General branch' },
    BRANCH: { description: '党支部 / Branch' },
  },
});

registerEnumType(FormationMode, {
  name: 'FormationMode',
  description: '组建方式 / How the organisation was formed',
  valuesMap: {
    STANDALONE: { description: '单独组建：覆盖一个有 3 名以上正式党员的企业 / Standalone: one enterprise with at least three full members' },
    INDUSTRY_JOINT: { description: '行业共建：覆盖两个以上企业 / Industry-joint: two or more enterprises' },
    DISPATCHED: { description: '派驻帮建 / Dispatched to help enterprises that cannot form their own yet' },
  },
});
