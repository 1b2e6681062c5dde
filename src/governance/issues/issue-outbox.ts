import { redactDigits } from '../../outbox/event-types.js';
import type { GovernanceIssue } from './governance-issue.entity.js';
import type { IssueEventActorKind } from './issue-event.entity.js';
import type { IssueStatus } from './issue-workflow.js';

export { EventType } from '../../outbox/event-types.js';
export { OutboxService } from '../../outbox/outbox.service.js';

/**
 * The payload of `governance.issue.reported` / `status_changed`: ids, codes and statuses; never the
 * reporter (not even their id), and the staff note with digit runs masked.
 */
export function issueEventPayload(issue: GovernanceIssue, action: string, from: IssueStatus | null, actorKind: IssueEventActorKind, note: string | null, at: Date): Record<string, unknown> {
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
