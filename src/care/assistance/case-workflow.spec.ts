import { AssistanceCaseStatus as S } from './assistance.enums.js';
import { allowedCaseActions, CaseAction, nextCaseStatus } from './case-workflow.js';

const now = new Date('2024-06-10T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('assistance case workflow', () => {
  it('runs OPEN → IN_PROGRESS → RESOLVED → CLOSED', () => {
    expect(nextCaseStatus(S.OPEN, CaseAction.START, null, now)).toBe(S.IN_PROGRESS);
    expect(nextCaseStatus(S.IN_PROGRESS, CaseAction.RESOLVE, null, now)).toBe(S.RESOLVED);
    expect(nextCaseStatus(S.RESOLVED, CaseAction.CLOSE, daysAgo(1), now)).toBe(S.CLOSED);
  });

  it('lets a resolved or closed case be reopened within 7 days of resolution, not after', () => {
    expect(nextCaseStatus(S.CLOSED, CaseAction.REOPEN, daysAgo(7), now)).toBe(S.IN_PROGRESS);
    expect(allowedCaseActions(S.RESOLVED, daysAgo(8), now)).toEqual([CaseAction.CLOSE]);
    expect(() => nextCaseStatus(S.CLOSED, CaseAction.REOPEN, daysAgo(8), now)).toThrow(/within 7 days/);
  });

  it('refuses a skipped step with CONFLICT listing the allowed actions', () => {
    try {
      nextCaseStatus(S.OPEN, CaseAction.RESOLVE, null, now);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFLICT', details: { status: 'OPEN', allowed: ['START'] } });
    }
  });
});
