import type { Actor } from '../../access/actor.js';
import type { RateLimiter } from '../../rate-limit/rate-limiter.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { CheckInCodes, splitScanned } from './check-in-codes.service.js';

describe('rotating check-in codes', () => {
  const worker: Actor = { kind: 'worker', id: 'w1', workerId: 'w1', role: Role.WORKER, label: '139****0001' };
  // The counting itself is PostgreSQL's (RateLimiter, tested end to end); here a counter in memory.
  const memoryLimiter = () => {
    const hits = new Map<string, number>();
    return {
      async hit(key: string) {
        hits.set(key, (hits.get(key) ?? 0) + 1);
      },
      async assertUnder(key: string, rule: { limit: number }) {
        if ((hits.get(key) ?? 0) >= rule.limit) throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests');
      },
    } as unknown as RateLimiter;
  };
  const setUp = (secret = 'x'.repeat(32)) => {
    const clock = new Clock();
    return { clock, codes: new CheckInCodes({ JWT_SECRET: secret } as AppConfig, clock, memoryLimiter()) };
  };
  const scan = (code: string) => ({ fixed: 'NY-0001', rotating: code });

  it('shows six digits per subject and minute, the same on every instance with the same secret', () => {
    const { clock, codes } = setUp();
    clock.set(new Date('2024-06-07T02:00:30Z'));
    const shown = codes.current('station:a');
    expect(shown).toEqual({
      code: expect.stringMatching(/^\d{6}$/),
      refreshAt: new Date('2024-06-07T02:01:00Z'),
      validUntil: new Date('2024-06-07T02:02:00Z'),
    });
    const other = setUp();
    other.clock.set(new Date('2024-06-07T02:00:59Z'));
    expect(other.codes.current('station:a').code).toBe(shown.code);
    expect(setUp('y'.repeat(32)).codes.current('station:a').code).not.toBe(shown.code);
  });

  it('accepts a code in its minute and the next, not after, and never for another subject', async () => {
    const { clock, codes } = setUp();
    clock.set(new Date('2024-06-07T02:00:00Z'));
    const { code } = codes.current('event:e');
    await expect(codes.verify(worker, 'event:e', scan(code), 'event')).resolves.toBeUndefined();
    clock.set(new Date('2024-06-07T02:01:59.999Z'));
    await expect(codes.verify(worker, 'event:e', scan(code), 'event')).resolves.toBeUndefined();
    await expect(codes.verify(worker, 'event:other', scan(code), 'event')).rejects.toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    clock.set(new Date('2024-06-07T02:02:00Z'));
    await expect(codes.verify(worker, 'event:e', scan(code), 'event')).rejects.toThrow(
      expect.objectContaining({ details: { fields: [expect.objectContaining({ field: 'code' })] } }),
    );
  });

  it('refuses a printed code without the rotating part, and a worker past 10 wrong codes even with the right one', async () => {
    const { codes } = setUp();
    await expect(codes.verify(worker, 's', { fixed: 'NY-0001', rotating: null }, 'station')).rejects.toThrow(/printed code alone/);
    const right = codes.current('s').code;
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 10; i++) await expect(codes.verify(worker, 's', scan(wrong), 'station')).rejects.toThrow(/is not the code/);
    await expect(codes.verify(worker, 's', scan(right), 'station')).rejects.toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });

  it('splits a scanned payload with or without its prefix, and refuses an overlong one', () => {
    expect(splitScanned(' NF-STN-NY-0001.123456 ', 'NF-STN-')).toEqual({ fixed: 'NY-0001', rotating: '123456' });
    expect(splitScanned('NY-0001', 'NF-STN-')).toEqual({ fixed: 'NY-0001', rotating: null });
    expect(() => splitScanned('X'.repeat(81), 'NF-STN-')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
