import { registerEnumType } from '@nestjs/graphql';

/** 党员类别 Full (正式) or probationary (预备) member. */
export enum Membership {
  FULL = 'FULL',
  PROBATIONARY = 'PROBATIONARY',
}

/** 流动状态 Whether the member stays, came in from elsewhere, or moved away. */
export enum FlowStatus {
  LOCAL = 'LOCAL',
  INFLOW = 'INFLOW',
  OUTFLOW = 'OUTFLOW',
}

/** 发现渠道 How the member was found. */
export enum DiscoveryChannel {
  DOOR_VISIT = 'DOOR_VISIT',
  QUESTIONNAIRE = 'QUESTIONNAIRE',
  PHONE = 'PHONE',
  ROSTER_MATCH = 'ROSTER_MATCH',
  SELF_REPORT = 'SELF_REPORT',
}

/** 核实状态 An entry stays unverified until an officer verifies or rejects it. */
export enum Verification {
  UNVERIFIED = 'UNVERIFIED',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}

export const MEMBERSHIP_LABELS: Readonly<Record<Membership, string>> = { FULL: '正式党员', PROBATIONARY: '预备党员' };
export const FLOW_STATUS_LABELS: Readonly<Record<FlowStatus, string>> = { LOCAL: '本地', INFLOW: '流入', OUTFLOW: '流出' };
export const CHANNEL_LABELS: Readonly<Record<DiscoveryChannel, string>> = {
  DOOR_VISIT: '入户走访',
  QUESTIONNAIRE: '问卷调查',
  PHONE: '电话联系',
  ROSTER_MATCH: '平台名单比对',
  SELF_REPORT: '自主报到',
};
export const VERIFICATION_LABELS: Readonly<Record<Verification, string>> = { UNVERIFIED: '待核实', VERIFIED: '已核实', REJECTED: '已否定' };

registerEnumType(Membership, {
  name: 'Membership',
  description: '党员类别 / Membership',
  valuesMap: { FULL: { description: '正式党员 / Full member' }, PROBATIONARY: { description: '预备党员 / Probationary member' } },
});
registerEnumType(FlowStatus, {
  name: 'FlowStatus',
  description: '流动状态 / Flow status',
  valuesMap: {
    LOCAL: { description: '本地 / Local' },
    INFLOW: { description: '流入 / Moved in from elsewhere' },
    OUTFLOW: { description: '流出 / Moved away' },
  },
});
registerEnumType(DiscoveryChannel, {
  name: 'DiscoveryChannel',
  description: '发现渠道 / How the member was found',
  valuesMap: {
    DOOR_VISIT: { description: '入户走访 / Door visit' },
    QUESTIONNAIRE: { description: '问卷调查 / Questionnaire' },
    PHONE: { description: '电话联系 / Phone call' },
    ROSTER_MATCH: { description: '平台名单比对 / Platform roster match' },
    SELF_REPORT: { description: '自主报到 / Self-report' },
  },
});
registerEnumType(Verification, {
  name: 'Verification',
  description: '核实状态 / Verification',
  valuesMap: {
    UNVERIFIED: { description: '待核实 / Not yet verified' },
    VERIFIED: { description: '已核实 / Verified by an officer' },
    REJECTED: { description: '已否定 / Rejected by an officer' },
  },
});
