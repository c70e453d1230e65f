import { BackgroundTasks } from '../../../src/channels/slack/background';
import { memoryLogger } from './support/harness';

/** A promise and the functions that settle it. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

test('tasks of one lane run one after another, in order; other lanes do not wait', async () => {
  const tasks = new BackgroundTasks(memoryLogger());
  const seen: string[] = [];
  const first = deferred();
  tasks.run(
    'a1',
    {},
    async () => {
      await first.promise;
      seen.push('a1');
    },
    'a',
  );
  tasks.run('a2', {}, async () => seen.push('a2'), 'a');
  tasks.run('b1', {}, async () => seen.push('b1'), 'b');
  await tasks.drain(0);
  await new Promise((resolve) => setImmediate(resolve));
  expect(seen).toEqual(['b1']);
  first.resolve();
  expect(await tasks.drain(5000)).toBe(0);
  expect(seen).toEqual(['b1', 'a1', 'a2']);
});

test('a failure is logged with its context and does not stop the lane', async () => {
  const log = memoryLogger();
  const tasks = new BackgroundTasks(log);
  const seen: string[] = [];
  tasks.run(
    'posting replies',
    { key: 'k1' },
    async () => {
      throw new Error('Slack is down');
    },
    'k1',
  );
  tasks.run('next', {}, async () => seen.push('next'), 'k1');
  expect(await tasks.drain(5000)).toBe(0);
  expect(seen).toEqual(['next']);
  expect(log.entries).toContainEqual(
    expect.objectContaining({
      level: 'error',
      message: 'posting replies failed',
      context: expect.objectContaining({ key: 'k1', error: expect.stringContaining('Slack is down') }),
    }),
  );
});

test('drain waits for tasks started while it waits, and for adopted work', async () => {
  const tasks = new BackgroundTasks(memoryLogger());
  const adopted = deferred();
  const seen: string[] = [];
  tasks.adopt(
    'late turn',
    {},
    adopted.promise.then(() => seen.push('adopted')),
  );
  tasks.run('outer', {}, async () => {
    tasks.run('inner', {}, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      seen.push('inner');
      adopted.resolve();
    });
    seen.push('outer');
  });
  expect(await tasks.drain(5000)).toBe(0);
  expect(seen).toEqual(['outer', 'inner', 'adopted']);
  expect(tasks.size).toBe(0);
});

test('drain gives up at its deadline and says how many are left', async () => {
  const tasks = new BackgroundTasks(memoryLogger());
  const never = deferred();
  tasks.run('stuck', {}, () => never.promise);
  tasks.run('quick', {}, async () => {});
  expect(await tasks.drain(20)).toBe(1);
  never.resolve();
  expect(await tasks.drain(5000)).toBe(0);
});
