import { timeOrderedIdPrefix } from './roster-ids.js';

describe('timeOrderedIdPrefix', () => {
  it('is the time in ms (48 bits), version 7 and 12 random bits, as 16 hex digits', () => {
    const now = Date.UTC(2026, 10, 29, 5, 0, 0, 123);
    const prefix = timeOrderedIdPrefix(now);
    expect(prefix).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}$/);
    expect(parseInt(prefix.slice(0, 12), 16)).toBe(now);
  });

  it('sorts a later statement after an earlier one', () => {
    expect(timeOrderedIdPrefix(1_800_000_000_001) > timeOrderedIdPrefix(1_800_000_000_000)).toBe(true);
  });

  it('draws the random bits per statement', () => {
    const seen = new Set(Array.from({ length: 50 }, () => timeOrderedIdPrefix(1_800_000_000_000)));
    expect(seen.size).toBeGreaterThan(40);
  });
});
