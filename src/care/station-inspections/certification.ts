import { registerEnumType } from '@nestjs/graphql';
import { addDays, addMonths } from '../../common/clock/shanghai.js';
import { labelledEnum } from '../../common/labels/labels.js';

/** Where a station stands against the current standard version. */
export enum CertificationStatus {
  /** Latest audit under the current version passed and is within its validity. */
  CERTIFIED = 'CERTIFIED',
  /** No audit under the current version. */
  NOT_AUDITED = 'NOT_AUDITED',
  /** Latest audit passed but its validity ran out. */
  EXPIRED = 'EXPIRED',
  /** Latest audit failed; rectification still within its deadline. */
  RECTIFYING = 'RECTIFYING',
  /** Latest audit failed and a rectification deadline has passed. */
  RECTIFICATION_OVERDUE = 'RECTIFICATION_OVERDUE',
}

/** The facts about a station's latest audit under the current version that certification depends on. */
export interface LatestAudit {
  passed: boolean;
  /** Last day (inclusive) a passed audit certifies the station. */
  validUntil: string;
  /** Earliest rectification deadline among failed items (null when none failed). */
  rectificationDue: string | null;
}

/** A station's status on `today` (Asia/Shanghai date, YYYY-MM-DD); dates compare as strings. */
export function certificationStatus(latest: LatestAudit | null, today: string): CertificationStatus {
  if (!latest) return CertificationStatus.NOT_AUDITED;
  if (latest.passed) return latest.validUntil >= today ? CertificationStatus.CERTIFIED : CertificationStatus.EXPIRED;
  return latest.rectificationDue !== null && latest.rectificationDue < today ? CertificationStatus.RECTIFICATION_OVERDUE : CertificationStatus.RECTIFYING;
}

/** Whether a station with this status is due for (re-)audit: never audited, expired, or rectification overdue. */
export function isDueForAudit(status: CertificationStatus): boolean {
  return status === CertificationStatus.NOT_AUDITED || status === CertificationStatus.EXPIRED || status === CertificationStatus.RECTIFICATION_OVERDUE;
}

/** Last day an audit on `auditedOn` certifies a station: the day before the same date `months` later. */
export function validUntil(auditedOn: string, months: number): string {
  return addDays(addMonths(auditedOn, months), -1);
}

registerEnumType(CertificationStatus, labelledEnum(CertificationStatus, 'CertificationStatus'));
