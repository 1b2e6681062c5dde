import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { allowedActions, IssueAction, IssueStatus, nextStatus } from './issue-workflow.js';

// The expected workflow, written out independently of TRANSITIONS: status → action → next status.
const EXPECTED: Record<IssueStatus, Partial<Record<IssueAction, IssueStatus>>> = {
  REPORTED: { ACCEPT: 'ACCEPTED', REJECT: 'REJECTED', MARK_DUPLICATE: 'DUPLICATE' } as never,
  ACCEPTED: { REJECT: 'REJECTED', MARK_DUPLICATE: 'DUPLICATE', DISPATCH: 'DISPATCHED' } as never,
  DISPATCHED: {
    START: 'IN_PROGRESS',
    RETURN: 'RETURNED',
    REQUEST_EXTENSION: 'DISPATCHED',
    APPROVE_EXTENSION: 'DISPATCHED',
    DENY_EXTENSION: 'DISPATCHED',
  } as never,
  IN_PROGRESS: {
    RETURN: 'RETURNED',
    RESOLVE: 'RESOLVED',
    REQUEST_EXTENSION: 'IN_PROGRESS',
    APPROVE_EXTENSION: 'IN_PROGRESS',
    DENY_EXTENSION: 'IN_PROGRESS',
  } as never,
  RESOLVED: { RATE: 'CLOSED', AUTO_CLOSE: 'CLOSED' } as never,
  CLOSED: { REOPEN: 'REOPENED' } as never,
  REJECTED: {},
  DUPLICATE: {},
  RETURNED: { REJECT: 'REJECTED', DISPATCH: 'DISPATCHED' } as never,
  REOPENED: { REJECT: 'REJECTED', DISPATCH: 'DISPATCHED' } as never,
};

describe('governance problem workflow', () => {
  const pairs = Object.values(IssueStatus).flatMap((status) => Object.values(IssueAction).map((action) => [status, action] as const));

  it('covers every status and action pair (10 × 13)', () => {
    expect(pairs).toHaveLength(130);
  });

  it.each(pairs)('%s + %s: moves exactly as the expected table says', (status, action) => {
    const expected = EXPECTED[status][action];
    if (expected) {
      expect(nextStatus(status, action)).toBe(expected);
      return;
    }
    let error: unknown;
    try {
      nextStatus(status, action);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain.code).toBe(ErrorCode.CONFLICT);
    expect(domain.details).toMatchObject({ status, action, allowed: Object.keys(EXPECTED[status]) });
  });

  it('lists the allowed actions of each status, none from a terminal one', () => {
    for (const status of Object.values(IssueStatus)) expect(allowedActions(status)).toEqual(Object.keys(EXPECTED[status]));
    expect(allowedActions(IssueStatus.REJECTED)).toEqual([]);
    expect(allowedActions(IssueStatus.CLOSED)).toEqual(['REOPEN']);
  });
});
