import Redis from 'ioredis';
import { Conversations } from '../../src/core/conversations';
import { silentLogger } from '../../src/core/log';
import { StoreCorruptError } from '../../src/core/store';
import { RedisSessionStore } from '../../src/store/redis-store';
import { realAdvisor } from '../support/advisor';
import { type RedisServer, redisAvailable, startRedis } from '../support/redis';

const maybe = redisAvailable() ? describe : describe.skip;
const advisor = realAdvisor();

maybe('RedisSessionStore', () => {
  let server: RedisServer;
  const stores: RedisSessionStore[] = [];
  const open = () => {
    const store = RedisSessionStore.connect(server.url);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server.stop();
  });

  test('two instances updating one conversation at once lose no update', async () => {
    const [a, b] = [open(), open()];
    const key = 'race';
    await a.update(key, () => ({ session: advisor.newSession() }));
    const bump = (store: RedisSessionStore) =>
      store.update(key, (current) => {
        const session = current?.session ?? advisor.newSession();
        return { session: { ...session, turns: session.turns + 1 } };
      });
    await Promise.all(Array.from({ length: 100 }, (_, index) => bump(index % 2 ? a : b)));
    expect((await a.load(key))?.session.turns).toBe(100);
  });

  test('two advisor instances alternating the turns of many conversations keep every answer', async () => {
    const instances = [
      new Conversations(advisor, open(), silentLogger),
      new Conversations(advisor, open(), silentLogger),
    ];
    const script = [
      "it's about tone, not facts",
      'we have 900 demonstrations',
      'no other data',
      'very',
      'one task',
      'a hosted api',
    ];
    const users = Array.from({ length: 40 }, (_, index) => `slack:T1:D${index}`);
    for (const [step, text] of script.entries()) {
      await Promise.all(
        users.map((user, index) => instances[(index + step) % 2]?.handle(user, { kind: 'text', text })),
      );
    }
    for (const user of users) {
      const session = await instances[0]?.peek(user);
      expect(session?.phase).toBe('advised');
      expect(
        Object.fromEntries(
          Object.entries(session?.answers ?? {}).map(([slot, answer]) => [slot, answer.value]),
        ),
      ).toMatchObject({
        goal: 'alignment',
        dataKind: 'demonstrations',
        dataSize: 900,
        styleSensitivity: 'high',
        taskScope: 'single',
      });
    }
  });

  test('a damaged value is reported, kept aside, and the conversation starts fresh', async () => {
    const raw = new Redis(server.url);
    try {
      await raw.set('ftadvisor:session:broken', '{"key":"broken","sess');
      const store = open();
      await expect(store.load('broken')).rejects.toThrow(StoreCorruptError);
      expect(await raw.keys('ftadvisor:session:broken:corrupt:*')).toHaveLength(1);
      await raw.set('ftadvisor:session:broken', 'garbage');
      const replies = await new Conversations(advisor, store, silentLogger).handle('broken', {
        kind: 'text',
        text: 'hello',
      });
      expect(replies[0]?.text).toMatch(/could not read our earlier conversation/);
      expect(replies.at(-1)?.awaiting).toBe('goal');
    } finally {
      raw.disconnect();
    }
  });

  test('a turn with an id is applied once, even when two instances run it at the same moment', async () => {
    const instances = [
      new Conversations(advisor, open(), silentLogger),
      new Conversations(advisor, open(), silentLogger),
    ];
    const key = 'slack:T1:DONCE';
    await instances[0]?.handle(key, { kind: 'text', text: "it's about tone, not facts" });
    // The same delivery (Slack's retry of one event) reaching both instances at once.
    const outcomes = await Promise.all(
      instances.map((instance) => instance.handleOnce(key, 'event:Ev1', { kind: 'text', text: 'back' })),
    );
    expect(outcomes.map((outcome) => outcome.repeat).sort()).toEqual([false, true]);
    expect(outcomes[0]?.replies).toEqual(outcomes[1]?.replies);
    const stored = await open().load(key);
    expect(stored?.session.turns).toBe(2);
    expect(stored?.receipts?.map((receipt) => receipt.id)).toEqual(['event:Ev1']);
  });

  test('a value of the shape before receipts is read, and gains receipts on its next turn', async () => {
    const raw = new Redis(server.url);
    try {
      const session = advisor.newSession();
      await raw.set('ftadvisor:session:old', JSON.stringify({ key: 'old', session }));
      const store = open();
      expect(await store.load('old')).toEqual({ session });
      await new Conversations(advisor, store, silentLogger).handleOnce('old', 'event:Ev2', {
        kind: 'text',
        text: 'hello',
      });
      const value = JSON.parse((await raw.get('ftadvisor:session:old')) ?? '{}');
      expect(value.receipts.map((receipt: { id: string }) => receipt.id)).toEqual(['event:Ev2']);
    } finally {
      raw.disconnect();
    }
  });
});
