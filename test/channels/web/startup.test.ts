/**
 * The built web chat listens before Botkit has loaded; a browser that opens its websocket as soon
 * as the page is served is held until the socket server is attached, not refused, and gets its
 * greeting like any other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppProcess, buildApp } from '../../support/app-process';
import { freePort } from '../../support/redis';
import { TestSocket } from './support/socket';

let work: string;
beforeAll(async () => {
  await buildApp();
  work = mkdtempSync(path.join(tmpdir(), 'ftadvisor-web-start-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function status(port: number): Promise<number> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });
}

test('a socket opened as soon as the page is served is held until the chat is ready, then greeted', async () => {
  const port = await freePort();
  const app = new AppProcess({ ADVISOR_DATA_DIR: work, PORT: String(port), LOG_LEVEL: 'debug' });
  try {
    while ((await status(port)) !== 200) {
      if (app.exitStatus) throw new Error(`the app exited: ${JSON.stringify(app.exitStatus)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const socket = await TestSocket.open(`http://127.0.0.1:${port}/`);
    socket.send({ type: 'hello', user: 'a'.repeat(32), channel: 'websocket' });
    const greeting = await socket.next(15_000);
    expect(JSON.stringify(greeting)).toContain('history');
    socket.socket.close();
    const ready = await app.waitForLog('web chat sockets ready');
    const listening = app.logs.findIndex((line) => line.message === 'web chat listening');
    expect(listening).toBeGreaterThanOrEqual(0);
    expect(listening).toBeLessThan(app.logs.indexOf(ready));
    process.stdout.write(`\nsockets held while Botkit loaded: ${String(ready.held)}\n`);
  } finally {
    await app.destroy();
  }
}, 60_000);
