/**
 * Runs tasks for the same key one after another, and tasks for different keys independently.
 * Channels start a turn for every message as it arrives, so two quick messages in one
 * conversation would otherwise race: replies out of order, one write lost.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task already queued has finished (for a graceful shutdown). */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Keys with work queued or running (the map never holds idle keys). */
  get size(): number {
    return this.tails.size;
  }
}
