import { KeyedQueue } from '../../core/keyed-queue.js';
import type { Logger } from '../../core/log.js';

/**
 * The work a Slack request causes after its acknowledgement: posting replies, updating the
 * clicked message, publishing the App Home, recording recommendations. A listener awaits only
 * the durable part of a request (its turn stored) and hands the rest to this tracker, so the ack
 * never waits on the Web API (docs/adr/0005-ack-after-persist.md).
 *
 * Tasks start at once. Tasks given the same lane (a conversation key) run one after another, so a
 * conversation's replies keep the order of its turns. A failure is logged, never thrown. A graceful
 * shutdown waits for every task, within a bound.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private readonly lanes = new KeyedQueue();

  constructor(private readonly log: Logger) {}

  /** Starts `work` (after the lane's previous task, if a lane is given); never rejects. */
  run(what: string, fields: Record<string, unknown>, work: () => Promise<unknown>, lane?: string): void {
    const started = lane === undefined ? Promise.resolve().then(work) : this.lanes.run(lane, work);
    this.track(
      started.then(
        () => undefined,
        (error: unknown) => this.failed(what, fields, error),
      ),
    );
  }

  /** Tracks work that is already running (a request acknowledged before it finished). */
  adopt(what: string, fields: Record<string, unknown>, work: Promise<unknown>): void {
    this.track(
      work.then(
        () => undefined,
        (error: unknown) => this.failed(what, fields, error),
      ),
    );
  }

  /** Tasks not finished yet. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Resolves when every task has finished, those started meanwhile included, or when `timeoutMs`
   * has passed; returns how many were still running then.
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.all([...this.running]), expired]);
      clearTimeout(timer);
    }
    return this.running.size;
  }

  private track(task: Promise<void>): void {
    this.running.add(task);
    void task.then(() => this.running.delete(task));
  }

  private failed(what: string, fields: Record<string, unknown>, error: unknown): void {
    this.log.error(`${what} failed`, { ...fields, error: String((error as Error)?.stack ?? error) });
  }
}
