/**
 * Several instances behind one load balancer (REDIS_URL): two complete Slack apps (their own Bolt
 * App, HTTP receiver, Redis connections, dedup and history) share one redis-server and one fake
 * Slack. Turns of many conversations alternate between them, every event is also delivered to the
 * other instance as Slack's retry, and at the end no answer is lost and no event was handled twice.
 */
import { dmKey, threadKey } from '../../../src/channels/slack/keys';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import type { Reply, Session } from '../../../src/core/types';
import { RedisSlackState } from '../../../src/store/redis-slack';
import { RedisSessionStore } from '../../../src/store/redis-store';
import { realAdvisor } from '../../support/advisor';
import { type RedisServer, redisAvailable, startRedis } from '../../support/redis';
import { ADVISED_SCRIPT, awaiting, isPostTo, shown } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { HttpHarness, type HttpResponse, memoryLogger } from './support/harness';
import { CHANNEL, directMessage, dmOf, eventCallback, homeOpened, mention, TEAM } from './support/payloads';

const maybe = redisAvailable() ? describe : describe.skip;

const SCRIPT = ADVISED_SCRIPT;
const USERS = Array.from({ length: 30 }, (_, index) => `U0MULTI${String(index).padStart(2, '0')}`);

/** What one instance needs of its own: the app and the connections to close. */
interface Instance {
  app: HttpHarness;
  store: RedisSessionStore;
  state: RedisSlackState;
}

maybe('two instances sharing Redis', () => {
  let redis: RedisServer;
  let fake: FakeSlack;
  const instances: Instance[] = [];

  async function startInstance(url: string): Promise<Instance> {
    const log = memoryLogger();
    const store = RedisSessionStore.connect(url);
    const state = RedisSlackState.connect(url, log);
    const app = await new HttpHarness(fake, {
      store,
      history: state.history,
      dedup: state.dedup,
      log,
    }).start();
    return { app, store, state };
  }

  beforeAll(async () => {
    redis = await startRedis();
    fake = await new FakeSlack().start();
    instances.push(await startInstance(redis.url), await startInstance(redis.url));
  });

  afterAll(async () => {
    for (const { app, store, state } of instances) {
      await app.stop();
      await store.close();
      await state.close();
    }
    await fake.close();
    await redis.stop();
  });

  const instance = (index: number): HttpHarness => {
    const found = instances[index % instances.length];
    if (!found) throw new Error(`no instance ${index}`);
    return found.app;
  };

  /** Every instance has posted everything it was going to (their background work is done). */
  async function settled(): Promise<void> {
    for (const { app } of instances) expect(await app.slack.background.drain(10_000)).toBe(0);
  }

  test('alternating turns and retries to both: every answer kept, every event handled once', async () => {
    // What one instance with one store says to the same script: the oracle.
    const reference = new Conversations(realAdvisor(), new MemorySessionStore(), silentLogger);
    const expected = new Map<string, Reply[]>();
    for (const user of USERS) {
      const replies: Reply[] = [];
      for (const text of SCRIPT) replies.push(...(await reference.handle(user, { kind: 'text', text })));
      expected.set(user, replies);
    }

    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    for (const [step, text] of SCRIPT.entries()) {
      // Each turn goes to one instance (alternating per user and step), and at the same moment
      // Slack's retry of the same event (same event_id) goes to the other.
      const redelivered: { body: object; to: HttpHarness }[] = [];
      await Promise.all(
        USERS.map(async (user, index) => {
          const body = eventCallback(directMessage(text, { user }));
          const [first, retry] = [instance(index + step), instance(index + step + 1)];
          const answers: [HttpResponse, HttpResponse] = await Promise.all([
            first.postEvent(body),
            retry.postEvent(body, { retryNum: 1 }),
          ]);
          for (const answer of answers) count(answer.status);
          // 200: stored (or a repeat of a stored event); 503: a repeat while the other delivery
          // was still storing it, which Slack delivers again later.
          expect(answers.map((answer) => answer.status).every((status) => [200, 503].includes(status))).toBe(
            true,
          );
          expect(answers.some((answer) => answer.status === 200)).toBe(true);
          answers.forEach((answer, which) => {
            if (answer.status === 503) redelivered.push({ body, to: which === 0 ? first : retry });
          });
        }),
      );
      // Slack's next retry of what got 503 finds it done: acknowledged, not handled again.
      for (const { body, to } of redelivered)
        expect((await to.postEvent(body, { retryNum: 2 })).status).toBe(200);
    }
    await settled();

    for (const user of USERS) {
      const replies = expected.get(user) ?? [];
      const posts = fake.calls.filter(isPostTo(dmOf(user)));
      // Exactly the replies of one run of the script: nothing lost, nothing twice, in order.
      expect(posts.map((post) => awaiting(post.args))).toEqual(replies.map((reply) => reply.awaiting));
      expect(posts).toHaveLength(replies.length);
      const session = (await instance(0).conversations.peek(dmKey(TEAM, dmOf(user)))) as Session;
      const model = (await reference.peek(user)) as Session;
      expect(session.turns).toBe(SCRIPT.length);
      expect(session.phase).toBe(model.phase);
      expect(values(session)).toEqual(values(model));
    }
    expect(values((await reference.peek(USERS[0] ?? '')) as Session)).toMatchObject({
      goal: 'alignment',
      dataKind: 'demonstrations',
      dataSize: 900,
    });
    process.stdout.write(
      `\nTwo instances, ${USERS.length} conversations x ${SCRIPT.length} turns, each event also sent to the other instance: responses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
  });

  test('the App Home on either instance shows the recommendation recorded by whichever gave it', async () => {
    // The conversations above ended advised; their recommendations were recorded by one instance or the other.
    for (const [index, user] of USERS.slice(0, 6).entries()) {
      const before = fake.callsTo('views.publish').length;
      await instance(index).postEvent(eventCallback(homeOpened(user)));
      await settled();
      const view = fake.callsTo('views.publish').slice(before);
      expect(view).toHaveLength(1);
      expect(view[0]?.args.user_id).toBe(user);
      expect(shown(view[0]?.args.view)).toContain('*Your latest recommendation*');
    }
  });

  test('two people mentioning the app in one thread at once, on different instances: both turns kept', async () => {
    const root = mention('hello', { user: 'U0THREADA' });
    expect((await instance(0).postEvent(eventCallback(root))).status).toBe(200);
    const key = threadKey(TEAM, CHANNEL, root.ts);
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all([
        instance(0).postEvent(
          eventCallback(mention('where are we', { user: 'U0THREADA', threadTs: root.ts })),
        ),
        instance(1).postEvent(eventCallback(mention('help', { user: 'U0THREADB', threadTs: root.ts }))),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    }
    // Both instances updated the same conversation at the same moment, ten times: no update lost.
    expect((await instance(1).conversations.peek(key))?.turns).toBe(1 + 2 * rounds);
    await settled();
  });
});

/** The answers of a session, slot -> value. */
function values(session: Session): Record<string, unknown> {
  return Object.fromEntries(Object.entries(session.answers).map(([slot, answer]) => [slot, answer.value]));
}
