import type { GovernanceIssue } from '../governance-issue.entity.js';
import { IssueEventActorKind, type IssueEvent } from '../issue-event.entity.js';
import { IssueStatus } from '../issue-workflow.js';
import { GovernanceIssueDto, IssueEventDto, IssueView } from './issue.dto.js';

const REPORTER = '11111111-1111-4111-8111-111111111111';
const STAFF = '22222222-2222-4222-8222-222222222222';

const issue = {
  id: '33333333-3333-4333-8333-333333333333',
  categoryId: 'c',
  description: 'd',
  address: null,
  lat: 25.6,
  lng: 111.9,
  photos: [],
  status: IssueStatus.IN_PROGRESS,
  gridId: null,
  townshipId: 't',
  departmentId: 'dep',
  duplicateOfId: null,
  reportedAt: new Date(),
  acceptedAt: null,
  dispatchedAt: null,
  deadlineAt: null,
  overdueAt: new Date(),
  resolvedAt: null,
  closedAt: null,
  resolutionNote: null,
  resolutionPhoto: null,
  rating: 4,
  ratingComment: 'ok',
  autoClosed: false,
  extensionRequestedHours: 24,
  extensionReason: 'parts',
  reporterWorkerId: REPORTER,
  countyCode: '431126',
  dispatchedById: STAFF,
} as unknown as GovernanceIssue;

const event = (actorKind: IssueEventActorKind, actorId: string | null) =>
  ({
    id: 'e',
    issueId: issue.id,
    at: new Date(),
    action: 'X',
    fromStatus: null,
    toStatus: 'REPORTED',
    actorKind,
    actorId,
    actorRole: actorKind === 'STAFF' ? 'GRID_WORKER' : 'WORKER',
    note: null,
  }) as unknown as IssueEvent;

describe('governance problem views', () => {
  it.each(Object.values(IssueView))('%s view carries no reporter id anywhere', (view) => {
    const dto = GovernanceIssueDto.from(issue, view, view === IssueView.REPORTER);
    expect(JSON.stringify(dto)).not.toContain(REPORTER);
    expect(JSON.stringify(dto)).not.toContain(STAFF);
  });

  it('shows the rating comment to the reporter and staff, extension requests and allowed actions to staff only', () => {
    expect(GovernanceIssueDto.from(issue, IssueView.PUBLIC)).toMatchObject({
      ratingComment: null,
      extensionRequest: null,
      allowedActions: [],
      overdue: true,
      reportedByMe: false,
    });
    expect(GovernanceIssueDto.from(issue, IssueView.REPORTER, true)).toMatchObject({ ratingComment: 'ok', extensionRequest: null, reportedByMe: true });
    expect(GovernanceIssueDto.from(issue, IssueView.STAFF)).toMatchObject({
      extensionRequest: { hours: 24, reason: 'parts' },
      allowedActions: ['RETURN', 'RESOLVE', 'APPROVE_EXTENSION', 'DENY_EXTENSION'],
    });
  });

  it('never identifies a worker on the timeline, and shows staff ids only to staff', () => {
    for (const view of Object.values(IssueView)) {
      expect(IssueEventDto.from(event(IssueEventActorKind.WORKER, REPORTER), view)).toMatchObject({ actorId: null, actorRole: null });
    }
    expect(IssueEventDto.from(event(IssueEventActorKind.STAFF, STAFF), IssueView.PUBLIC).actorId).toBeNull();
    expect(IssueEventDto.from(event(IssueEventActorKind.STAFF, STAFF), IssueView.REPORTER).actorId).toBeNull();
    expect(IssueEventDto.from(event(IssueEventActorKind.STAFF, STAFF), IssueView.STAFF)).toMatchObject({ actorId: STAFF, actorRole: 'GRID_WORKER' });
  });
});
