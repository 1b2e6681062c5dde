import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

/** What a welfare event offers (公益活动). */
export enum WelfareEventKind {
  FREE_MEAL = 'FREE_MEAL',
  COOLING = 'COOLING',
  HEALTH_CHECK = 'HEALTH_CHECK',
  LEGAL_AID = 'LEGAL_AID',
  CONSULTATION = 'CONSULTATION',
  OTHER = 'OTHER',
}

/** An event's life: drafted, published (open for sign-up), then cancelled or completed. */
export enum WelfareEventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}

/** A worker's place at an event. */
export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(WelfareEventKind, labelledEnum(WelfareEventKind, 'WelfareEventKind'));

registerEnumType(WelfareEventStatus, labelledEnum(WelfareEventStatus, 'WelfareEventStatus'));

registerEnumType(RegistrationStatus, labelledEnum(RegistrationStatus, 'RegistrationStatus'));
