import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

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

registerEnumType(AssistanceCategory, labelledEnum(AssistanceCategory, 'AssistanceCategory'));

registerEnumType(AssistanceCaseStatus, labelledEnum(AssistanceCaseStatus, 'AssistanceCaseStatus'));

registerEnumType(CaseNoteKind, labelledEnum(CaseNoteKind, 'CaseNoteKind'));
