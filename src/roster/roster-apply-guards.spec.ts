import { massDeactivationRefusal, rejectedShareRefusal, staleRefusal, stallWatch } from './roster-apply-guards.js';

describe('roster apply guards', () => {
  it('refuses a sync with rows that changed on the roster meanwhile (ROSTER_CHANGED), naming how many', () => {
    expect(staleRefusal({ stale: 0 })).toBeNull();
    expect(staleRefusal({ stale: 3 })).toMatchObject({ code: 'ROSTER_CHANGED', details: { changedMeanwhile: 3 } });
  });

  it('refuses a rejected share above the limit, not at it', () => {
    expect(rejectedShareRefusal({ received: 100, rejected: 5 }, 5)).toBeNull();
    expect(rejectedShareRefusal({ received: 0, rejected: 0 }, 5)).toBeNull();
    expect(rejectedShareRefusal({ received: 100, rejected: 6 }, 5)).toMatchObject({
      code: 'REJECTED_SHARE_EXCEEDED',
      details: { rejected: 6, received: 100, limitPercent: 5 },
    });
  });

  it('refuses deactivating more than the limit of active riders, not at it', () => {
    expect(massDeactivationRefusal({ deactivated: 200 }, 1000, 20)).toBeNull();
    const refusal = massDeactivationRefusal({ deactivated: 201 }, 1000, 20);
    expect(refusal).toMatchObject({ code: 'MASS_DEACTIVATION', details: { wouldDeactivate: 201, activeRiders: 1000, limitPercent: 20 } });
    expect(refusal?.message).toMatch(/deactivate 201 of 1000/);
  });

  it('says a body stalled only once no new line has arrived for the idle time', () => {
    let clock = 0;
    const stalled = stallWatch(3, () => clock);
    expect(stalled(10)).toBe(false);
    clock = 2500;
    expect(stalled(20)).toBe(false);
    clock = 5000;
    expect(stalled(20)).toBe(false);
    clock = 5600;
    expect(stalled(20)).toBe(true);
  });
});
