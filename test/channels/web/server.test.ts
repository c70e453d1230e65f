import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPageDirectory } from '../../../src/channels/web/page';
import { conversationKey, MAX_FRAME_BYTES } from '../../../src/channels/web/protocol';
import { type RunningWebChat, startWebChat } from '../../../src/channels/web/server';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/core/log';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { TestSocket } from './support/socket';

const BROWSER = 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb';

let directory: string;
let runtime: Runtime;
let chat: RunningWebChat;
const sockets: TestSocket[] = [];

function start(port = 0): Promise<RunningWebChat> {
  return startWebChat({
    conversations: runtime.conversations,
    sources: runtime.advisor.presenter,
    transcripts: runtime.storage.transcripts(),
    host: '127.0.0.1',
    port,
    log: silentLogger,
    plans: async (browserId) =>
      runtime.advisor.plan(await runtime.conversations.peek(conversationKey(browserId)))?.markdown ?? null,
  });
}

async function open(options: Parameters<typeof TestSocket.open>[1] = {}): Promise<TestSocket> {
  const socket = await TestSocket.open(chat.url, options);
  sockets.push(socket);
  return socket;
}

/** A raw HTTP request, so the Host header and method can be anything. */
function fetchRaw(
  pathname: string,
  options: { method?: string; host?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: chat.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.host ? { Host: options.host } : {},
        timeout: 5000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
    outgoing.end();
  });
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'ftadvisor-webserver-'));
  runtime = createRuntime(loadConfig({ ADVISOR_DATA_DIR: directory }), silentLogger);
  chat = await start();
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});

afterAll(async () => {
  await chat.close();
  await runtime.store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the page', () => {
  test('is served on loopback with a strict content security policy', async () => {
    expect(chat.url).toBe(`http://127.0.0.1:${chat.port}/`);
    const page = await fetchRaw('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'; style-src 'self'/,
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<script type="module" src="/chat.js"></script>');
    expect((await fetchRaw('/index.html')).body).toBe(page.body);
    expect((await fetchRaw('/?utm=x')).body).toBe(page.body);
  });

  test.each([
    ['/chat.js', 'text/javascript; charset=utf-8'],
    ['/chat.css', 'text/css; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
  ])('%s is served as %s', async (pathname, type) => {
    const asset = await fetchRaw(pathname);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe(type);
    expect(asset.body).toBe(readFileSync(path.join(defaultPageDirectory(), pathname.slice(1)), 'utf8'));
  });

  test('loads nothing from elsewhere: every address in the page is local, the stylesheet imports nothing', () => {
    const html = readFileSync(path.join(defaultPageDirectory(), 'index.html'), 'utf8');
    const addresses = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^[/#]/);
    const css = readFileSync(path.join(defaultPageDirectory(), 'chat.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\(|@font-face/);
    const script = readFileSync(path.join(defaultPageDirectory(), 'chat.js'), 'utf8');
    expect(script).not.toMatch(/\bimport\s|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  test('anything else is refused: other paths, other methods, other host names', async () => {
    expect((await fetchRaw('/../package.json')).status).toBe(404);
    expect((await fetchRaw('/src/main.ts')).status).toBe(404);
    const post = await fetchRaw('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await fetchRaw('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const rebound = await fetchRaw('/', { host: `attacker.example:${chat.port}` });
    expect(rebound.status).toBe(421);
    expect((await fetchRaw('/', { host: `localhost:${chat.port}` })).status).toBe(200);
  });
});

describe('the plan download', () => {
  const PLANNER = 'ccccccccccccccccdddddddddddddddd';

  test('before a recommendation there is none; after it, the Markdown plan as a file', async () => {
    expect((await fetchRaw(`/plan.md?browser=${PLANNER}`)).status).toBe(404);
    const key = conversationKey(PLANNER);
    await runtime.conversations.handle(key, { kind: 'text', text: 'hello' });
    for (const [slot, value] of [
      ['goal', 'alignment'],
      ['dataKind', 'demonstrations'],
      ['dataSize', '300'],
      ['extraDataKind', 'none'],
      ['styleSensitivity', 'high'],
      ['taskScope', 'single'],
      ['platform', 'hosted-api'],
    ] as const)
      await runtime.conversations.handle(key, { kind: 'choice', slot, value });
    const plan = await fetchRaw(`/plan.md?browser=${PLANNER}`);
    expect(plan.status).toBe(200);
    expect(plan.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(plan.headers['content-disposition']).toBe('attachment; filename="ftadvisor-plan.md"');
    expect(plan.headers['cache-control']).toBe('no-store');
    expect(plan.body).toMatch(/^# Fine-tuning plan: SFT/);
    expect(plan.body).toContain('## Alternatives considered and rejected');
    expect((await fetchRaw(`/plan.md?browser=${PLANNER}`, { method: 'HEAD' })).body).toBe('');
  });

  test('a malformed browser id, another method or another host name is refused', async () => {
    expect((await fetchRaw('/plan.md?browser=../../etc')).status).toBe(400);
    expect((await fetchRaw('/plan.md')).status).toBe(400);
    expect((await fetchRaw(`/plan.md?browser=${PLANNER}`, { method: 'POST' })).status).toBe(405);
    expect((await fetchRaw(`/plan.md?browser=${PLANNER}`, { host: 'evil.example' })).status).toBe(421);
  });

  test('the page offers the download under a recommendation, for its own browser id', () => {
    const script = readFileSync(path.join(defaultPageDirectory(), 'chat.js'), 'utf8');
    expect(script).toContain("kind === 'recommendation'");
    // The page's source, read as text: the link is built from its own browser id.
    expect(script).toMatch(/\/plan\.md\?browser=\$\{encodeURIComponent\(identity\.id\)\}/);
  });
});

describe('the websocket', () => {
  test('only the page itself may open it: no Origin, another Origin or another Host is refused', async () => {
    await expect(TestSocket.open(chat.url, { origin: null })).rejects.toThrow(/handshake refused: 401/);
    await expect(TestSocket.open(chat.url, { origin: 'http://evil.example' })).rejects.toThrow(/401/);
    await expect(
      TestSocket.open(chat.url, { origin: 'http://attacker.example', host: 'attacker.example' }),
    ).rejects.toThrow(/401/);
  });

  test('a conversation over the adapter: greeting on hello, a button, then the history on welcome_back', async () => {
    const socket = await open();
    socket.send({ type: 'hello', user: BROWSER, channel: 'websocket' });
    const greeting = await socket.next();
    expect(greeting).toMatchObject({ type: 'history', dropped: 0 });
    const entries = greeting.entries as { from: string; reply: { awaiting: string } }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.reply.awaiting).toBe('goal');

    socket.send({
      type: 'message',
      user: BROWSER,
      channel: 'websocket',
      text: 'Knowledge: it must know new or private facts',
      choice: { slot: 'goal', value: 'knowledge' },
    });
    const question = await socket.next();
    expect(question).toMatchObject({
      type: 'message',
      text: expect.stringMatching(/^What data do you have for this\?/),
      quick_replies: expect.arrayContaining([{ title: 'No data yet', payload: 'none' }]),
      reply: { kind: 'question', awaiting: 'dataKind' },
    });
    await socket.quiet();

    // A reload: a new socket for the same browser gets the conversation so far, and no new greeting.
    const reloaded = await open();
    reloaded.send({ type: 'welcome_back', user: BROWSER, channel: 'websocket' });
    const replay = await reloaded.next();
    expect((replay.entries as { from: string }[]).map((entry) => entry.from)).toEqual(['bot', 'user', 'bot']);
    await reloaded.quiet();
  });

  test('a browser is its own conversation: another id starts afresh', async () => {
    const socket = await open();
    socket.send({ type: 'welcome_back', user: 'cccccccccccccccccccccccccccccccc' });
    expect(((await socket.next()).entries as unknown[]).length).toBe(1);
  });

  test('bad messages get a notice and the connection keeps working', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const socket = await open();
      socket.send('{ not json');
      socket.send({ type: 'message', user: 'not-an-id', text: 'hi' });
      expect(await socket.next()).toEqual({
        type: 'notice',
        text: 'This page sent a malformed browser id. Reload the page to get a new one.',
      });
      socket.send({ type: 'message', user: BROWSER, text: { html: '<b>' } });
      expect(await socket.next()).toEqual({
        type: 'notice',
        text: 'The server could not read that message: "text" must be a string.',
      });
      socket.send({ type: 'message', user: BROWSER, text: 'where are we?' });
      expect(await socket.next()).toMatchObject({ type: 'message', reply: { kind: 'info' } });
      // The adapter reports the unparseable frame itself, on the console.
      expect(errors).toHaveBeenCalledWith('Error parsing incoming message from websocket.');
    } finally {
      errors.mockRestore();
    }
  });

  test(`a frame over ${MAX_FRAME_BYTES} bytes closes the connection (1009) instead of being read`, async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const socket = await open();
      socket.send({ type: 'message', user: BROWSER, text: 'x'.repeat(MAX_FRAME_BYTES) });
      expect(await socket.closedWithin()).toEqual({ code: 1009 });
    } finally {
      errors.mockRestore();
    }
  });
});

describe('lifecycle', () => {
  test('a taken port is reported as an error, not a crash', async () => {
    await expect(start(chat.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  test('close() stops the server, its sockets and the adapter heartbeat, and a restart serves the same history', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    const second = await start();
    expect(timers()).toBe(before + 1); // the adapter's 30 s heartbeat
    const socket = await TestSocket.open(second.url);
    socket.send({ type: 'hello', user: 'dddddddddddddddddddddddddddddddd' });
    const shown = await socket.next();

    await second.close();
    expect(await socket.closedWithin()).toEqual({ code: 1006 });
    expect(timers()).toBe(before);
    await expect(TestSocket.open(second.url)).rejects.toThrow(/ECONNREFUSED/);

    const restarted = await start(second.port);
    try {
      const again = await TestSocket.open(restarted.url);
      again.send({ type: 'welcome_back', user: 'dddddddddddddddddddddddddddddddd' });
      expect(await again.next()).toEqual(shown);
      await again.close();
    } finally {
      await restarted.close();
    }
  });
});
