// Pure rules of the five-clear ledger (五个清台账): verification transitions, completeness and the default items.
import { DomainError } from '../../common/errors/domain-error.js';
import { Verification } from './ledger.enums.js';

/** 五个清 The default items a county starts with (admins may rename, add or retire them). */
export const DEFAULT_LEDGER_ITEMS: readonly { key: string; label: string }[] = [
  { key: 'HEADCOUNT', label: '底数清' },
  { key: 'BASIC_INFO', label: '基本情况清' },
  { key: 'WHEREABOUTS', label: '流动去向清' },
  { key: 'CONTACT', label: '联系方式清' },
  { key: 'ROLE', label: '作用发挥清' },
];

/** Where a verification may go from each state: only UNVERIFIED → VERIFIED | REJECTED. */
export const VERIFICATION_TRANSITIONS: Readonly<Record<Verification, readonly Verification[]>> = {
  [Verification.UNVERIFIED]: [Verification.VERIFIED, Verification.REJECTED],
  [Verification.VERIFIED]: [],
  [Verification.REJECTED]: [],
};

/** Throws CONFLICT listing the allowed targets when `from → to` is not a legal verification step. */
export function assertVerificationTransition(from: Verification, to: Verification): void {
  const allowed = VERIFICATION_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw DomainError.conflict(`A ${from} entry cannot become ${to}`, { from, to, allowed: [...allowed] });
  }
}

/** An entry's completeness over the county's active items. */
export interface Completeness {
  clearCount: number;
  totalCount: number;
  /** All active items clear (an entry of a county with no active items is not complete). */
  complete: boolean;
}

/** Completeness from the entry's item states; retired items do not count. */
export function completenessOf(items: readonly { clear: boolean; retired: boolean }[]): Completeness {
  const active = items.filter((item) => !item.retired);
  const clearCount = active.filter((item) => item.clear).length;
  return { clearCount, totalCount: active.length, complete: active.length > 0 && clearCount === active.length };
}
