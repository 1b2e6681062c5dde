import { registerEnumType } from '@nestjs/graphql';
import { DomainError } from '../../common/errors/domain-error.js';
import { labelledEnum } from '../../common/labels/labels.js';

/** Where a governance problem stands in the 12345-style loop. */
export enum IssueStatus {
  REPORTED = 'REPORTED',
  ACCEPTED = 'ACCEPTED',
  DISPATCHED = 'DISPATCHED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
  DUPLICATE = 'DUPLICATE',
  RETURNED = 'RETURNED',
  REOPENED = 'REOPENED',
}

/** What someone does to a problem; each action moves it along one row of TRANSITIONS. */
export enum IssueAction {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
  MARK_DUPLICATE = 'MARK_DUPLICATE',
  DISPATCH = 'DISPATCH',
  START = 'START',
  RETURN = 'RETURN',
  RESOLVE = 'RESOLVE',
  RATE = 'RATE',
  AUTO_CLOSE = 'AUTO_CLOSE',
  REQUEST_EXTENSION = 'REQUEST_EXTENSION',
  APPROVE_EXTENSION = 'APPROVE_EXTENSION',
  DENY_EXTENSION = 'DENY_EXTENSION',
  REOPEN = 'REOPEN',
}

/** Who may take an action: the dispatcher (grid worker, township), the handling department, the township, the reporter, or the system. */
export enum IssueActorGroup {
  DISPATCHER = 'DISPATCHER',
  DEPARTMENT = 'DEPARTMENT',
  TOWNSHIP = 'TOWNSHIP',
  REPORTER = 'REPORTER',
  SYSTEM = 'SYSTEM',
}

/** Statuses in which a problem is still open (counted for duplicates; not yet resolved). */
export const OPEN_STATUSES: readonly IssueStatus[] = [
  IssueStatus.REPORTED,
  IssueStatus.ACCEPTED,
  IssueStatus.DISPATCHED,
  IssueStatus.IN_PROGRESS,
  IssueStatus.RETURNED,
  IssueStatus.REOPENED,
];

/** Statuses in which the handling department's deadline runs (overdue marking looks at these). */
export const DEADLINE_STATUSES: readonly IssueStatus[] = [IssueStatus.DISPATCHED, IssueStatus.IN_PROGRESS];

interface Transition {
  from: readonly IssueStatus[];
  /** Next status; `null` keeps the current one (extension requests and decisions). */
  to: IssueStatus | null;
  by: IssueActorGroup;
}

const S = IssueStatus;
const G = IssueActorGroup;

/**
 * The whole workflow as data: for each action, the statuses it may start from, the status it
 * leads to, and who takes it. Anything not listed is illegal.
 */
export const TRANSITIONS: Readonly<Record<IssueAction, Transition>> = {
  ACCEPT: { from: [S.REPORTED], to: S.ACCEPTED, by: G.DISPATCHER }, // 受理
  REJECT: { from: [S.REPORTED, S.ACCEPTED, S.RETURNED, S.REOPENED], to: S.REJECTED, by: G.DISPATCHER }, // 不予受理
  MARK_DUPLICATE: { from: [S.REPORTED, S.ACCEPTED], to: S.DUPLICATE, by: G.DISPATCHER }, // 合并重复
  DISPATCH: { from: [S.ACCEPTED, S.RETURNED, S.REOPENED], to: S.DISPATCHED, by: G.DISPATCHER }, // 派单
  START: { from: [S.DISPATCHED], to: S.IN_PROGRESS, by: G.DEPARTMENT }, // 办理
  RETURN: { from: [S.DISPATCHED, S.IN_PROGRESS], to: S.RETURNED, by: G.DEPARTMENT }, // 回退
  RESOLVE: { from: [S.IN_PROGRESS], to: S.RESOLVED, by: G.DEPARTMENT }, // 办结
  RATE: { from: [S.RESOLVED], to: S.CLOSED, by: G.REPORTER }, // 回访评价
  AUTO_CLOSE: { from: [S.RESOLVED], to: S.CLOSED, by: G.SYSTEM }, // 逾期未评价自动关闭
  REQUEST_EXTENSION: { from: [S.DISPATCHED, S.IN_PROGRESS], to: null, by: G.DEPARTMENT }, // 申请延期
  APPROVE_EXTENSION: { from: [S.DISPATCHED, S.IN_PROGRESS], to: null, by: G.TOWNSHIP }, // 批准延期
  DENY_EXTENSION: { from: [S.DISPATCHED, S.IN_PROGRESS], to: null, by: G.TOWNSHIP }, // 驳回延期
  REOPEN: { from: [S.CLOSED], to: S.REOPENED, by: G.REPORTER }, // 不满意重办（评 1–2 分，7 天内）
};

/** Actions legal from a status, in declaration order. */
export function allowedActions(status: IssueStatus): IssueAction[] {
  return (Object.keys(TRANSITIONS) as IssueAction[]).filter((action) => TRANSITIONS[action].from.includes(status));
}

/** Whether a problem has an extension request waiting for the township's decision. */
export function extensionPending(issue: { extensionRequestedHours: number | null; extensionRequestedWorkingDays: number | null }): boolean {
  return issue.extensionRequestedHours !== null || issue.extensionRequestedWorkingDays !== null;
}

/**
 * What can be done to a problem now: the actions its status allows, less the extension steps its
 * extension state rules out (a decision only while a request is pending, a request only while none is).
 */
export function availableActions(status: IssueStatus, extensionPending: boolean): IssueAction[] {
  const ruledOut = extensionPending ? [IssueAction.REQUEST_EXTENSION] : [IssueAction.APPROVE_EXTENSION, IssueAction.DENY_EXTENSION];
  return allowedActions(status).filter((action) => !ruledOut.includes(action));
}

/**
 * The status `action` leads to from `status`; an illegal move is a CONFLICT whose details list
 * the actions allowed from where the problem stands (`details.allowed`).
 */
export function nextStatus(status: IssueStatus, action: IssueAction): IssueStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    throw DomainError.conflict(`A ${status} problem cannot take ${action}`, { status, action, allowed: allowedActions(status) });
  }
  return transition.to ?? status;
}

/** Who takes an action. */
export function actorGroupOf(action: IssueAction): IssueActorGroup {
  return TRANSITIONS[action].by;
}

registerEnumType(IssueStatus, labelledEnum(IssueStatus, 'IssueStatus'));

registerEnumType(IssueAction, labelledEnum(IssueAction, 'IssueAction'));
