import { QuotaTally } from './quota-tally.js';

const MINUTE = 60_000;

describe('QuotaTally: per-key call counts between flushes', () => {
  it('allows calls up to the limit, counting down what remains, then refuses with the seconds to wait', () => {
    const tally = new QuotaTally();
    const verdicts = Array.from({ length: 3 }, (_, i) => tally.take('k', 3, MINUTE, 1000 + i));
    expect(verdicts.map((v) => [v.allowed, v.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    expect(verdicts[0].resetSeconds).toBe(60);
    const refused = tally.take('k', 3, MINUTE, 31_000);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 30 });
    // Another key has its own count.
    expect(tally.take('other', 3, MINUTE, 31_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('starts again when the window ends', () => {
    const tally = new QuotaTally();
    tally.take('k', 1, MINUTE, 0);
    expect(tally.take('k', 1, MINUTE, 59_999).allowed).toBe(false);
    expect(tally.take('k', 1, MINUTE, 60_000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('judges by the shared total a flush returned plus the calls counted here since, and takes the database window', () => {
    const tally = new QuotaTally();
    tally.take('k', 10, MINUTE, 0);
    tally.take('k', 10, MINUTE, 0);
    const batch = tally.drain();
    expect(batch).toEqual({ keys: ['k'], hits: [2], windowsMs: [MINUTE] });
    // Counted while the flush is out: not sent yet, still counted.
    expect(tally.take('k', 10, MINUTE, 5)).toMatchObject({ remaining: 7 });
    // The database has 6 (another instance counted 4) and the window ends in 20 s.
    tally.settle(batch, [{ key: 'k', hits: 6, resetInMs: 20_000 }], 10);
    expect(tally.take('k', 10, MINUTE, 10)).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 20 });
    expect(tally.drain()).toEqual({ keys: ['k'], hits: [2], windowsMs: [MINUTE] });
  });

  it('asks for a flush at once for a key it has no shared total for, and near the quota', () => {
    const tally = new QuotaTally();
    expect(tally.take('k', 100, MINUTE, 0).urgent).toBe(true);
    const first = tally.drain();
    tally.settle(first, [{ key: 'k', hits: 50, resetInMs: MINUTE }], 0);
    // 50 left: a tenth of it (5 calls) waits for the next tick.
    expect(Array.from({ length: 5 }, () => tally.take('k', 100, MINUTE, 1).urgent)).toEqual([false, false, false, false, true]);
    const second = tally.drain();
    tally.settle(second, [{ key: 'k', hits: 95, resetInMs: MINUTE }], 2);
    expect(tally.take('k', 100, MINUTE, 3).urgent).toBe(true);
  });

  it('sends the calls of a failed flush again with the next one', () => {
    const tally = new QuotaTally();
    tally.take('a', 5, MINUTE, 0);
    tally.take('b', 5, MINUTE, 0);
    const failed = tally.drain();
    tally.take('b', 5, MINUTE, 1);
    tally.restore(failed);
    expect(tally.drain()).toEqual({ keys: ['a', 'b'], hits: [1, 2], windowsMs: [MINUTE, MINUTE] });
    // Nothing new counted: nothing to send.
    expect(tally.drain().keys).toEqual([]);
  });

  it('forgets keys whose window ended with nothing left to send', () => {
    const tally = new QuotaTally();
    tally.take('sent', 5, MINUTE, 0);
    tally.settle(tally.drain(), [{ key: 'sent', hits: 1, resetInMs: MINUTE }], 0);
    tally.take('unsent', 5, MINUTE, 0);
    tally.prune(MINUTE + 1);
    expect(tally.size).toBe(1);
    expect(tally.drain().keys).toEqual(['unsent']);
  });
});
