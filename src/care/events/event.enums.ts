import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(WelfareEventKind, {
  name: 'WelfareEventKind',
  description: '活动类型 / Welfare event kind',
  valuesMap: {
    FREE_MEAL: { description: '爱心早餐 / Free meal (breakfast)' },
    COOLING: { description: '共享清凉 / Cooling (summer drinks)' },
    HEALTH_CHECK: { description: '义诊义检 / Free health check' },
    LEGAL_AID: { description: '法律解读 / Legal aid' },
    CONSULTATION: { description: '咨询受理 / Consultation' },
    OTHER: { description: '其他 / Other' },
  },
});

registerEnumType(WelfareEventStatus, {
  name: 'WelfareEventStatus',
  description: '活动状态 / Event status',
  valuesMap: {
    DRAFT: { description: '草稿 / Draft' },
    PUBLISHED: { description: '已发布 / Published' },
    CANCELLED: { description: '已取消 / Cancelled' },
    COMPLETED: { description: '已结束 / Completed' },
  },
});

registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: '报名状态 / Registration status',
  valuesMap: {
    CONFIRMED: { description: '报名成功 / Confirmed' },
    WAITLISTED: { description: '候补 / Wait-listed' },
    CANCELLED: { description: '已取消 / Cancelled' },
  },
});
