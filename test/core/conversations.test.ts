import {
  Conversations,
  RECEIPT_REPLIES_KEPT,
  RECEIPT_TTL_MS,
  RECEIPTS_KEPT,
} from '../../src/core/conversations';
import { silentLogger } from '../../src/core/log';
import { MemorySessionStore, type SessionStore } from '../../src/core/store';
import type { StoredConversation } from '../../src/core/types';
import { realAdvisor } from '../support/advisor';

const advisor = realAdvisor();

/** A memory store that counts its writes. */
class CountingStore implements SessionStore {
  writes = 0;
  private readonly inner = new MemorySessionStore();
  load(key: string) {
    return this.inner.load(key);
  }
  update(key: string, change: (current: StoredConversation | null) => StoredConversation) {
    return this.inner.update(key, (current) => {
      const next = change(current);
      if (next !== current) this.writes += 1;
      return next;
    });
  }
  close() {
    return this.inner.close();
  }
}

const values = (record: StoredConversation | null) =>
  Object.fromEntries(Object.entries(record?.session.answers ?? {}).map(([slot, a]) => [slot, a.value]));

describe('Conversations: a turn with an id is applied once', () => {
  test('a repeated "back" changes nothing, writes nothing, and gets the replies stored the first time', async () => {
    const store = new CountingStore();
    const conversations = new Conversations(advisor, store, silentLogger);
    await conversations.handleOnce('k', 'event:1', { kind: 'text', text: "it's about tone, not facts" });
    await conversations.handleOnce('k', 'event:2', { kind: 'text', text: 'we have 900 demonstrations' });
    const first = await conversations.handleOnce('k', 'event:3', { kind: 'text', text: 'back' });
    const afterBack = await store.load('k');
    expect(first.repeat).toBe(false);
    expect(values(afterBack)).toEqual({ goal: 'alignment', dataKind: 'demonstrations' });
    const writes = store.writes;

    const again = await conversations.handleOnce('k', 'event:3', { kind: 'text', text: 'back' });
    expect(again).toEqual({ replies: first.replies, repeat: true });
    expect(store.writes).toBe(writes);
    const stored = await store.load('k');
    // A second "back" would have dropped the kind of data as well.
    expect(values(stored)).toEqual(values(afterBack));
    expect(stored?.session.turns).toBe(3);
  });

  test('the receipt is in the same record as the turn: what was stored is what a repeat finds', async () => {
    const store = new MemorySessionStore();
    const conversations = new Conversations(advisor, store, silentLogger);
    const now = new Date('2026-12-01T10:00:00Z');
    const outcome = await conversations.handleOnce('k', 'click:T1', { kind: 'text', text: 'hello' }, now);
    expect(await store.load('k')).toMatchObject({
      session: { turns: 1 },
      receipts: [{ id: 'click:T1', at: now.toISOString(), replies: outcome.replies }],
    });
  });

  test('receipts are bounded: the latest RECEIPTS_KEPT, none older than RECEIPT_TTL_MS', async () => {
    const store = new MemorySessionStore();
    const conversations = new Conversations(advisor, store, silentLogger);
    const start = Date.parse('2026-12-01T10:00:00Z');
    for (let i = 0; i < RECEIPTS_KEPT + 5; i++)
      await conversations.handleOnce('k', `event:${i}`, { kind: 'text', text: 'help' }, new Date(start + i));
    let ids = (await store.load('k'))?.receipts?.map((receipt) => receipt.id);
    expect(ids).toHaveLength(RECEIPTS_KEPT);
    expect(ids?.at(-1)).toBe(`event:${RECEIPTS_KEPT + 4}`);

    await conversations.handleOnce(
      'k',
      'event:late',
      { kind: 'text', text: 'help' },
      new Date(start + RECEIPT_TTL_MS + 100),
    );
    ids = (await store.load('k'))?.receipts?.map((receipt) => receipt.id);
    expect(ids).toEqual(['event:late']);
  });

  test('a turn without an id keeps the receipts, and a record of the shape before receipts is read', async () => {
    const store = new MemorySessionStore();
    await store.update('old', () => ({ session: advisor.newSession() }));
    const conversations = new Conversations(advisor, store, silentLogger);
    await conversations.handleOnce('old', 'event:a', { kind: 'text', text: 'hello' });
    await conversations.handle('old', { kind: 'text', text: 'help' });
    const stored = await store.load('old');
    expect(stored?.receipts?.map((receipt) => receipt.id)).toEqual(['event:a']);
    expect(stored?.session.turns).toBe(2);
  });

  test('only the latest receipts keep their replies; an older repeat still changes nothing', async () => {
    const store = new MemorySessionStore();
    const conversations = new Conversations(advisor, store, silentLogger);
    for (let i = 0; i < RECEIPTS_KEPT; i++)
      await conversations.handleOnce('k', `event:${i}`, { kind: 'text', text: 'help' });
    const receipts = (await store.load('k'))?.receipts ?? [];
    expect(receipts.map((receipt) => receipt.replies !== undefined)).toEqual(
      receipts.map((_, index) => index >= RECEIPTS_KEPT - RECEIPT_REPLIES_KEPT),
    );
    const turns = (await store.load('k'))?.session.turns;
    expect(await conversations.handleOnce('k', 'event:0', { kind: 'text', text: 'help' })).toEqual({
      replies: [],
      repeat: true,
    });
    expect((await store.load('k'))?.session.turns).toBe(turns);
  });
});
