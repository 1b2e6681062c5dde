import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { assertVerificationTransition, completenessOf, DEFAULT_LEDGER_ITEMS } from './ledger-rules.js';
import { Verification } from './ledger.enums.js';

describe('ledger rules', () => {
  it('lets an unverified entry be verified or rejected', () => {
    expect(() => assertVerificationTransition(Verification.UNVERIFIED, Verification.VERIFIED)).not.toThrow();
    expect(() => assertVerificationTransition(Verification.UNVERIFIED, Verification.REJECTED)).not.toThrow();
  });

  it('refuses every other step with CONFLICT listing what is allowed', () => {
    for (const [from, to] of [
      [Verification.VERIFIED, Verification.REJECTED],
      [Verification.REJECTED, Verification.VERIFIED],
      [Verification.VERIFIED, Verification.UNVERIFIED],
      [Verification.UNVERIFIED, Verification.UNVERIFIED],
    ] as const) {
      try {
        assertVerificationTransition(from, to);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(ErrorCode.CONFLICT);
        expect((error as DomainError).details).toMatchObject({ from, to, allowed: from === Verification.UNVERIFIED ? ['VERIFIED', 'REJECTED'] : [] });
      }
    }
  });

  it('derives completeness from active items only', () => {
    expect(
      completenessOf([
        { clear: true, retired: false },
        { clear: false, retired: false },
        { clear: false, retired: true },
      ]),
    ).toEqual({ clearCount: 1, totalCount: 2, complete: false });
    expect(
      completenessOf([
        { clear: true, retired: false },
        { clear: false, retired: true },
      ]),
    ).toEqual({ clearCount: 1, totalCount: 1, complete: true });
    expect(completenessOf([])).toEqual({ clearCount: 0, totalCount: 0, complete: false });
  });

  it('starts a county with the five items of 五个清', () => {
    expect(DEFAULT_LEDGER_ITEMS.map((i) => i.label)).toEqual(['底数清', '基本情况清', '流动去向清', '联系方式清', '作用发挥清']);
  });
});
