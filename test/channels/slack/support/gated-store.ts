import { MemorySessionStore, type SessionStore } from '../../../../src/core/store';
import type { StoredConversation } from '../../../../src/core/types';

export interface Hold {
  /** Resolves when the held update has started (and is waiting). */
  entered: Promise<void>;
  /** Lets it go on. */
  release(): void;
  /** Resolves when the held update has been stored. */
  stored: Promise<void>;
}

/**
 * A session store whose next update can be held at its start, so a test can see what waits for a
 * turn to be stored (the ack must) and what does not.
 */
export class GatedStore implements SessionStore {
  private held: { enter(): void; gate: Promise<void>; done(): void } | null = null;

  constructor(readonly inner: SessionStore = new MemorySessionStore()) {}

  /** Holds the next update until released. */
  holdNext(): Hold {
    let enter = () => {};
    let release = () => {};
    let done = () => {};
    const entered = new Promise<void>((resolve) => {
      enter = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stored = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.held = { enter, gate, done };
    return { entered, release, stored };
  }

  load(key: string): Promise<StoredConversation | null> {
    return this.inner.load(key);
  }

  async update(
    key: string,
    change: (current: StoredConversation | null) => StoredConversation,
  ): Promise<StoredConversation> {
    const held = this.held;
    this.held = null;
    if (!held) return this.inner.update(key, change);
    held.enter();
    await held.gate;
    try {
      return await this.inner.update(key, change);
    } finally {
      held.done();
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
