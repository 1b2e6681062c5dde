import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

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

registerEnumType(Membership, labelledEnum(Membership, 'Membership'));
registerEnumType(FlowStatus, labelledEnum(FlowStatus, 'FlowStatus'));
registerEnumType(DiscoveryChannel, labelledEnum(DiscoveryChannel, 'DiscoveryChannel'));
registerEnumType(Verification, labelledEnum(Verification, 'Verification'));
