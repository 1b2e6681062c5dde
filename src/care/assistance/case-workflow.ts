import { registerEnumType } from '@nestjs/graphql';
import { DomainError } from '../../common/errors/domain-error.js';
import { AssistanceCaseStatus } from './assistance.enums.js';
import { labelledEnum } from '../../common/labels/labels.js';

/** What can be done to a case. */
export enum CaseAction {
  /** 受理办理 The handling department starts work: OPEN → IN_PROGRESS. */
  START = 'START',
  /** 办结 IN_PROGRESS → RESOLVED. */
  RESOLVE = 'RESOLVE',
  /** 关闭 RESOLVED → CLOSED. */
  CLOSE = 'CLOSE',
  /** 重新打开 The worker, within 7 days of resolution: RESOLVED or CLOSED → IN_PROGRESS. */
  REOPEN = 'REOPEN',
}

/** How long after resolution the worker may reopen a case. */
export const REOPEN_WINDOW_MS = 7 * 86_400_000;

const RULES: Readonly<Record<CaseAction, { from: readonly AssistanceCaseStatus[]; to: AssistanceCaseStatus }>> = {
  START: { from: [AssistanceCaseStatus.OPEN], to: AssistanceCaseStatus.IN_PROGRESS },
  RESOLVE: { from: [AssistanceCaseStatus.IN_PROGRESS], to: AssistanceCaseStatus.RESOLVED },
  CLOSE: { from: [AssistanceCaseStatus.RESOLVED], to: AssistanceCaseStatus.CLOSED },
  REOPEN: { from: [AssistanceCaseStatus.RESOLVED, AssistanceCaseStatus.CLOSED], to: AssistanceCaseStatus.IN_PROGRESS },
};

/** Whether the worker may still reopen a case resolved at `resolvedAt`. */
export function withinReopenWindow(resolvedAt: Date | null, now: Date): boolean {
  return resolvedAt !== null && now.getTime() - resolvedAt.getTime() <= REOPEN_WINDOW_MS;
}

/** The actions a case in `status` allows now. */
export function allowedCaseActions(status: AssistanceCaseStatus, resolvedAt: Date | null, now: Date): CaseAction[] {
  return (Object.keys(RULES) as CaseAction[]).filter(
    (action) => RULES[action].from.includes(status) && (action !== CaseAction.REOPEN || withinReopenWindow(resolvedAt, now)),
  );
}

/** The status `action` leads to; CONFLICT naming the allowed actions when the case cannot take it. */
export function nextCaseStatus(status: AssistanceCaseStatus, action: CaseAction, resolvedAt: Date | null, now: Date): AssistanceCaseStatus {
  const allowed = allowedCaseActions(status, resolvedAt, now);
  if (!allowed.includes(action)) {
    const late = action === CaseAction.REOPEN && RULES.REOPEN.from.includes(status);
    throw DomainError.conflict(late ? 'A case can be reopened only within 7 days of its resolution' : `A ${status} case cannot ${action.toLowerCase()}`, {
      status,
      action,
      allowed,
    });
  }
  return RULES[action].to;
}

registerEnumType(CaseAction, labelledEnum(CaseAction, 'CaseAction'));
