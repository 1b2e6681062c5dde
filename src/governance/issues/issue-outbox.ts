import type { EntityManager } from 'typeorm';
import { EventType, redactDigits } from '../../outbox/event-types.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import type { GovernanceIssue } from './governance-issue.entity.js';
import type { IssueEventActorKind } from './issue-event.entity.js';
import type { IssueStatus } from './issue-workflow.js';

export { EventType } from '../../outbox/event-types.js';
export { OutboxService } from '../../outbox/outbox.service.js';

/**
 * The payload of `governance.issue.reported` / `status_changed`: ids, codes and statuses; never the
 * reporter (not even their id), and the staff note with digit runs masked.
 */
export function issueEventPayload(
  issue: GovernanceIssue,
  action: string,
  from: IssueStatus | null,
  actorKind: IssueEventActorKind,
  note: string | null,
  at: Date,
): Record<string, unknown> {
  return {
    issueId: issue.id,
    categoryId: issue.categoryId,
    townshipId: issue.townshipId,
    gridId: issue.gridId,
    countyCode: issue.countyCode,
    departmentId: issue.departmentId,
    action,
    from,
    to: issue.status,
    actorKind,
    note: redactDigits(note),
    deadlineAt: issue.deadlineAt?.toISOString() ?? null,
    at: at.toISOString(),
  };
}

/** Appends `governance.issue.overdue` for each problem the overdue job just marked (in its transaction); returns how many. */
export async function overdueEvents(manager: EntityManager, at: Date, marked: { issue_id: string }[]): Promise<number> {
  for (const { issue_id: issueId } of marked) {
    await OutboxService.append(manager, EventType.ISSUE_OVERDUE, `issue:${issueId}`, { issueId, overdueAt: at.toISOString() });
  }
  return marked.length;
}

/** Appends `governance.issue.status_changed` (RESOLVED → CLOSED, by the system) for each problem the auto-close job closed; returns how many. */
export async function autoCloseEvents(manager: EntityManager, at: Date, closed: { issue_id: string }[]): Promise<number> {
  for (const { issue_id: issueId } of closed) {
    await OutboxService.append(manager, EventType.ISSUE_STATUS_CHANGED, `issue:${issueId}`, {
      issueId,
      action: 'AUTO_CLOSE',
      from: 'RESOLVED',
      to: 'CLOSED',
      actorKind: 'SYSTEM',
      note: null,
      at: at.toISOString(),
    });
  }
  return closed.length;
}
