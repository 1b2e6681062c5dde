// What the exports print besides labels: the timeline's labels as one SQL parameter, and times. Pure.
import { shanghaiDateTime } from '../../common/clock/shanghai.js';
import { LABELS, type Label } from '../../common/labels/labels.js';

const zh = (byValue: Readonly<Record<string, Label>>): Record<string, string> =>
  Object.fromEntries(Object.entries(byValue).map(([value, label]) => [value, label.zh]));

/**
 * The labels ISSUE_EXPORT_SQL prints timeline steps with (a JSON parameter): the actor by kind or
 * staff role (never the reporter's identity), the action (an IssueAction or an IssueTimelineStep)
 * and the status, all from src/common/labels.
 */
export const TIMELINE_LABELS = {
  WORKER: LABELS.IssueEventActorKind.values.WORKER.zh,
  SYSTEM: LABELS.IssueEventActorKind.values.SYSTEM.zh,
  STAFF: LABELS.IssueEventActorKind.values.STAFF.zh,
  roles: zh(LABELS.Role.values),
  actions: { ...zh(LABELS.IssueTimelineStep.values), ...zh(LABELS.IssueAction.values) },
  statuses: zh(LABELS.IssueStatus.values),
};

/** `YYYY-MM-DD HH:mm` in China Standard Time, or '' for none. */
export function shanghaiMinute(at: Date | string | null): string {
  if (at === null) return '';
  return shanghaiDateTime(at);
}
