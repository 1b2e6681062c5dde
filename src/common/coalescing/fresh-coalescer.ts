/**
 * Shares one computation per key among callers who ask at the same time, without ever answering
 * a caller with a result that began before it asked. While a computation for a key runs, callers
 * who arrive wait for it to end and then share the NEXT one, which therefore starts after each of
 * them asked and sees everything committed before. At most one computation per key runs, and at
 * most one more is queued, however many callers arrive: fifty dashboards asking for one county's
 * figures cost two computations, not fifty.
 *
 * Only for computations that depend on the key alone (check the caller's permissions before).
 * A failure reaches every caller that shared the computation; the next caller starts afresh.
 */
export class FreshCoalescer<V> {
  private readonly running = new Map<string, Promise<V>>();
  private readonly queued = new Map<string, Promise<V>>();

  run(key: string, compute: () => Promise<V>): Promise<V> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, compute);
    const next = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued.delete(key);
        return this.start(key, compute);
      });
    this.queued.set(key, next);
    return next;
  }

  private start(key: string, compute: () => Promise<V>): Promise<V> {
    const promise = compute().finally(() => {
      if (this.running.get(key) === promise) this.running.delete(key);
    });
    this.running.set(key, promise);
    return promise;
  }
}
