import { FreshCoalescer } from './fresh-coalescer.js';

/** A computation the test finishes by hand, recording when it started. */
function manual() {
  const started: number[] = [];
  const finishers: ((value: number) => void)[] = [];
  const failers: ((error: Error) => void)[] = [];
  let clock = 0;
  return {
    started,
    tick: () => ++clock,
    compute: () =>
      new Promise<number>((resolve, reject) => {
        started.push(clock);
        finishers.push(resolve);
        failers.push(reject);
      }),
    finish: (i: number, value: number) => finishers[i](value),
    fail: (i: number, error: Error) => failers[i](error),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshCoalescer', () => {
  it('runs one computation for callers who ask while none is running', async () => {
    const c = new FreshCoalescer<number>();
    const m = manual();
    const first = c.run('a', m.compute);
    expect(m.started).toHaveLength(1);
    m.finish(0, 7);
    expect(await first).toBe(7);
  });

  it('gives callers who arrive during a computation the next one, started after they asked, and shares it among them', async () => {
    const c = new FreshCoalescer<number>();
    const m = manual();
    const early = c.run('a', m.compute);
    m.tick(); // time passes: data may have changed after the first computation started
    const late = [c.run('a', m.compute), c.run('a', m.compute), c.run('a', m.compute)];
    expect(m.started).toEqual([0]); // nobody joined the running one's second start yet
    m.finish(0, 1);
    expect(await early).toBe(1);
    await settle();
    expect(m.started).toEqual([0, 1]); // one more computation, begun after the late callers asked
    m.finish(1, 2);
    expect(await Promise.all(late)).toEqual([2, 2, 2]);
  });

  it('keeps keys apart', async () => {
    const c = new FreshCoalescer<number>();
    const m = manual();
    const a = c.run('a', m.compute);
    const b = c.run('b', m.compute);
    expect(m.started).toHaveLength(2);
    m.finish(0, 1);
    m.finish(1, 2);
    expect([await a, await b]).toEqual([1, 2]);
  });

  it('passes a failure to the callers that shared it, and the next caller starts afresh', async () => {
    const c = new FreshCoalescer<number>();
    const m = manual();
    const failing = c.run('a', m.compute);
    m.fail(0, new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    const again = c.run('a', m.compute);
    expect(m.started).toHaveLength(2);
    m.finish(1, 5);
    expect(await again).toBe(5);
  });

  it('starts the queued computation even when the running one fails', async () => {
    const c = new FreshCoalescer<number>();
    const m = manual();
    const first = c.run('a', m.compute);
    const second = c.run('a', m.compute);
    m.fail(0, new Error('timeout'));
    await expect(first).rejects.toThrow('timeout');
    await settle();
    m.finish(1, 9);
    expect(await second).toBe(9);
  });
});
