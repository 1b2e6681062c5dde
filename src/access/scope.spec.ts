import type { Actor } from './actor.js';
import { Role } from './role.enum.js';
import { inScope, overlapsScope, pathWithin, placedAtInScope, placedInScope, scopeFilter, scopePathOf, withinRegion } from './scope.js';

const staff = (role: Role, regionPath?: string): Actor => ({ kind: 'staff', id: 'u1', role, label: 'u', regionPath });
const worker: Actor = { kind: 'worker', id: 'w1', role: Role.WORKER, label: '138****0000', workerId: 'w1' };
const platform: Actor = { kind: 'platform', id: 'k1', role: Role.PLATFORM, label: 'meituan', enterpriseId: 'e1' };
const COUNTY = '430000.431100.431126';
const TOWNSHIP = `${COUNTY}.431126100`;
const OTHER_TOWNSHIP = `${COUNTY}.431126101`;

describe('region scope, the one rule', () => {
  it('reads ltree subtrees by label, not by string prefix', () => {
    expect(pathWithin(TOWNSHIP, COUNTY)).toBe(true);
    expect(pathWithin(COUNTY, COUNTY)).toBe(true);
    expect(pathWithin(`${COUNTY}1`, COUNTY)).toBe(false);
    expect(pathWithin(COUNTY, TOWNSHIP)).toBe(false);
  });

  it.each([
    ['a county officer, a township of the county', staff(Role.ORG_OFFICER, COUNTY), TOWNSHIP, true],
    ['a township officer, their own township', staff(Role.TOWNSHIP_OFFICER, TOWNSHIP), TOWNSHIP, true],
    ['a township officer, another township', staff(Role.TOWNSHIP_OFFICER, TOWNSHIP), OTHER_TOWNSHIP, false],
    ['a township officer, the county above', staff(Role.TOWNSHIP_OFFICER, TOWNSHIP), COUNTY, false],
    ['an ADMIN without a region, anywhere', staff(Role.ADMIN), OTHER_TOWNSHIP, true],
    ['an ADMIN with a region, outside it', staff(Role.ADMIN, TOWNSHIP), OTHER_TOWNSHIP, false],
    ['an officer without a region (not a global role)', staff(Role.ORG_OFFICER), TOWNSHIP, false],
    ['a worker (no region: ownership checks instead)', worker, TOWNSHIP, false],
    ['a platform key (no region)', platform, TOWNSHIP, false],
  ])('inScope: %s → %s', (_, actor, path, expected) => {
    expect(inScope(actor, path)).toBe(expected);
  });

  it('answers a question about a larger region for the part the caller may see (overlapsScope)', () => {
    expect(overlapsScope(staff(Role.TOWNSHIP_OFFICER, TOWNSHIP), COUNTY)).toBe(true);
    expect(overlapsScope(staff(Role.TOWNSHIP_OFFICER, TOWNSHIP), OTHER_TOWNSHIP)).toBe(false);
    expect(overlapsScope(staff(Role.ORG_OFFICER), COUNTY)).toBe(false);
  });

  it('limits a scoped caller to the subtree of their region in SQL', () => {
    expect(withinRegion(staff(Role.TOWNSHIP_OFFICER, COUNTY), 'region')).toEqual({ sql: 'region.path <@ :scopePath', params: { scopePath: COUNTY } });
    expect(scopeFilter(staff(Role.ADMIN, '430000'), 'COALESCE(t.path, c.path)').sql).toBe('COALESCE(t.path, c.path) <@ :scopePath');
  });

  it('lets an ADMIN without a region see everywhere', () => {
    expect(withinRegion(staff(Role.ADMIN), 'region')).toEqual({ sql: 'TRUE', params: {} });
    expect(scopePathOf(staff(Role.ADMIN))).toBeNull();
  });

  it('refuses any other caller without a region rather than widening access', () => {
    expect(() => withinRegion(staff(Role.ORG_OFFICER), 'region')).toThrow(/no region scope/);
    expect(() => scopePathOf(worker)).toThrow(/no region scope/);
  });

  describe('the planner-friendly forms (subquery, county index)', () => {
    const inCounty = (role: Role, regionPath: string): Actor => ({ ...staff(role, regionPath), countyCode: '431126' });

    it('reads a county caller by its county code alone: every row of the county lies in its scope', () => {
      expect(placedAtInScope(inCounty(Role.ORG_OFFICER, COUNTY), 'issue')).toEqual({
        sql: 'issue.county_code = :scopeCountyCode',
        params: { scopeCountyCode: '431126' },
      });
      expect(placedInScope(inCounty(Role.ORG_OFFICER, COUNTY), 'entry').sql).toBe('entry.county_code = :scopeCountyCode');
    });

    it('keeps the subtree for a township caller, narrowed to its county', () => {
      const scope = placedAtInScope(inCounty(Role.TOWNSHIP_OFFICER, TOWNSHIP), 'issue');
      expect(scope.sql).toBe('issue.township_id IN (SELECT r.id FROM region r WHERE r.path <@ :scopePath) AND issue.county_code = :scopeCountyCode');
      expect(scope.params).toEqual({ scopePath: TOWNSHIP, scopeCountyCode: '431126' });
      const placed = placedInScope(inCounty(Role.TOWNSHIP_OFFICER, TOWNSHIP), 'entry');
      expect(placed.sql).toContain('entry.township_id IS NULL AND entry.county_code IN');
      expect(placed.sql).toContain('AND entry.county_code = :scopeCountyCode');
    });

    it('keeps the subtree alone for a city caller (no county of its own), and TRUE for a global role without a region', () => {
      const city = placedAtInScope(staff(Role.ORG_OFFICER, '430000.431100'), 'station');
      expect(city).toEqual({ sql: 'station.township_id IN (SELECT r.id FROM region r WHERE r.path <@ :scopePath)', params: { scopePath: '430000.431100' } });
      expect(placedInScope(staff(Role.ADMIN), 'entry')).toEqual({ sql: 'TRUE', params: {} });
      expect(() => placedInScope(staff(Role.ORG_OFFICER), 'entry')).toThrow(/no region scope/);
    });
  });
});
