import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { withinRegion } from './region-scope.js';

const actor = (role: Role, regionPath?: string): Actor => ({ kind: 'staff', id: 'u1', role, label: 'u', regionPath });

describe('withinRegion (region subtree scope)', () => {
  it('limits a scoped caller to the subtree of their region', () => {
    expect(withinRegion(actor(Role.TOWNSHIP_OFFICER, '430000.431100.431126'), 'region')).toEqual({
      sql: 'region.path <@ :scopePath',
      params: { scopePath: '430000.431100.431126' },
    });
    expect(withinRegion(actor(Role.ADMIN, '430000'), 'e', 'region_path').sql).toBe('e.region_path <@ :scopePath');
  });

  it('lets an ADMIN without a region see everywhere', () => {
    expect(withinRegion(actor(Role.ADMIN), 'region')).toEqual({ sql: 'TRUE', params: {} });
  });

  it('refuses any other caller without a region rather than widening access', () => {
    expect(() => withinRegion(actor(Role.ORG_OFFICER), 'region')).toThrow(/no region scope/);
  });
});
