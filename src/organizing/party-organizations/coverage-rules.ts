// 组建规则 Which enterprises a party organisation may cover, by formation mode. Pure.
import { FormationMode } from './party-organization.enums.js';

/** Full members a standalone organisation's enterprise needs in the ledger (正式党员 3 人以上). */
export const STANDALONE_MIN_FULL_MEMBERS = 3;

/** Names of the coverage rules, as refusals carry them in `details.rule`. */
export enum CoverageRule {
  STANDALONE_COVERS_ONE_ENTERPRISE = 'STANDALONE_COVERS_ONE_ENTERPRISE',
  STANDALONE_NEEDS_THREE_FULL_MEMBERS = 'STANDALONE_NEEDS_THREE_FULL_MEMBERS',
  INDUSTRY_JOINT_COVERS_TWO_OR_MORE = 'INDUSTRY_JOINT_COVERS_TWO_OR_MORE',
  ENTERPRISE_COVERED_ONCE = 'ENTERPRISE_COVERED_ONCE',
}

/** A broken rule: which, and why in words. */
export interface CoverageProblem {
  rule: CoverageRule;
  message: string;
}

/** The first rule the planned coverage breaks, or null. `fullMembers` are counted from the ledger per enterprise. */
export function coverageProblem(mode: FormationMode, enterprises: readonly { id: string; name: string; fullMembers: number }[]): CoverageProblem | null {
  if (mode === FormationMode.STANDALONE) {
    if (enterprises.length !== 1) {
      return {
        rule: CoverageRule.STANDALONE_COVERS_ONE_ENTERPRISE,
        message: `a standalone organisation covers exactly one enterprise, not ${enterprises.length}`,
      };
    }
    const [only] = enterprises;
    if (only.fullMembers < STANDALONE_MIN_FULL_MEMBERS) {
      return {
        rule: CoverageRule.STANDALONE_NEEDS_THREE_FULL_MEMBERS,
        message: `${only.name} has ${only.fullMembers} full members in the ledger; a standalone organisation needs at least ${STANDALONE_MIN_FULL_MEMBERS}`,
      };
    }
  }
  if (mode === FormationMode.INDUSTRY_JOINT && enterprises.length < 2) {
    return {
      rule: CoverageRule.INDUSTRY_JOINT_COVERS_TWO_OR_MORE,
      message: `an industry-joint organisation covers two or more enterprises, not ${enterprises.length}`,
    };
  }
  return null;
}
