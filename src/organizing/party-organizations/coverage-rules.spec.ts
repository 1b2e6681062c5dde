import { coverageProblem, CoverageRule } from './coverage-rules.js';
import { FormationMode } from './party-organization.enums.js';

const enterprise = (fullMembers: number, id = 'e1') => ({ id, name: `企业${id}`, fullMembers });

describe('party organisation coverage rules', () => {
  it('lets a standalone organisation cover one enterprise with three full members', () => {
    expect(coverageProblem(FormationMode.STANDALONE, [enterprise(3)])).toBeNull();
  });

  it('refuses a standalone organisation over more or fewer than one enterprise', () => {
    expect(coverageProblem(FormationMode.STANDALONE, [enterprise(5, 'a'), enterprise(5, 'b')])?.rule).toBe(CoverageRule.STANDALONE_COVERS_ONE_ENTERPRISE);
    expect(coverageProblem(FormationMode.STANDALONE, [])?.rule).toBe(CoverageRule.STANDALONE_COVERS_ONE_ENTERPRISE);
  });

  it('refuses a standalone organisation whose enterprise has fewer than three full members', () => {
    expect(coverageProblem(FormationMode.STANDALONE, [enterprise(2)])?.rule).toBe(CoverageRule.STANDALONE_NEEDS_THREE_FULL_MEMBERS);
  });

  it('needs two or more enterprises for an industry-joint organisation', () => {
    expect(coverageProblem(FormationMode.INDUSTRY_JOINT, [enterprise(0)])?.rule).toBe(CoverageRule.INDUSTRY_JOINT_COVERS_TWO_OR_MORE);
    expect(coverageProblem(FormationMode.INDUSTRY_JOINT, [enterprise(0, 'a'), enterprise(0, 'b')])).toBeNull();
  });

  it('sets no count rule for a dispatched organisation', () => {
    expect(coverageProblem(FormationMode.DISPATCHED, [enterprise(0)])).toBeNull();
  });
});
