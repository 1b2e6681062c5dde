import { registerEnumType } from '@nestjs/graphql';

/** What a worker needs help with (帮助解决工资保险、劳动合同、人事纠纷等问题). */
export enum AssistanceCategory {
  WAGE_ARREARS = 'WAGE_ARREARS',
  SOCIAL_INSURANCE = 'SOCIAL_INSURANCE',
  LABOR_CONTRACT = 'LABOR_CONTRACT',
  LABOR_DISPUTE = 'LABOR_DISPUTE',
  LEGAL_CONSULTATION = 'LEGAL_CONSULTATION',
  OTHER = 'OTHER',
}

/** A case's progress: OPEN → IN_PROGRESS → RESOLVED → CLOSED (the worker may reopen within 7 days of resolution). */
export enum AssistanceCaseStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

/** What a timeline entry records. */
export enum CaseNoteKind {
  NOTE = 'NOTE',
  OPENED = 'OPENED',
  ASSIGNED = 'ASSIGNED',
  STATUS_CHANGED = 'STATUS_CHANGED',
}

registerEnumType(AssistanceCategory, {
  name: 'AssistanceCategory',
  description: '求助类别 / Assistance category',
  valuesMap: {
    WAGE_ARREARS: { description: '工资拖欠 / Wage arrears' },
    SOCIAL_INSURANCE: { description: '社会保险 / Social insurance' },
    LABOR_CONTRACT: { description: '劳动合同 / Labour contract' },
    LABOR_DISPUTE: { description: '人事纠纷 / Labour dispute' },
    LEGAL_CONSULTATION: { description: '法律咨询 / Legal consultation' },
    OTHER: { description: '其他 / Other' },
  },
});

registerEnumType(AssistanceCaseStatus, {
  name: 'AssistanceCaseStatus',
  description: '求助件状态 / Assistance case status',
  valuesMap: {
    OPEN: { description: '待受理 / Open' },
    IN_PROGRESS: { description: '办理中 / In progress' },
    RESOLVED: { description: '已办结 / Resolved' },
    CLOSED: { description: '已关闭 / Closed' },
  },
});

registerEnumType(CaseNoteKind, {
  name: 'CaseNoteKind',
  description: '记录类型 / Timeline entry kind',
  valuesMap: {
    NOTE: { description: '备注 / Note' },
    OPENED: { description: '提交 / Opened' },
    ASSIGNED: { description: '分派 / Assigned' },
    STATUS_CHANGED: { description: '状态变更 / Status changed' },
  },
});
