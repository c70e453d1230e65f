import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import { HttpRequests, healthRoute } from '../../../src/channels/slack/receiver';
import { silentLogger } from '../../../src/core/log';

function call(ready: boolean, stopping = false): { status: number; body: string } {
  const captured = { status: 0, body: '' };
  const res = {
    writeHead(status: number) {
      captured.status = status;
      return res;
    },
    end(body: string) {
      captured.body = body;
    },
  };
  healthRoute(
    () => ready,
    () => stopping,
  ).handler({} as IncomingMessage, res as unknown as ServerResponse);
  return captured;
}

test('the health route answers 503 until the app is ready, then 200, then 503 while it stops', () => {
  expect(call(false)).toEqual({ status: 503, body: '{"status":"starting"}' });
  expect(call(true)).toEqual({ status: 200, body: '{"status":"ok"}' });
  expect(call(false, true)).toEqual({ status: 503, body: '{"status":"stopping"}' });
});

/** A response that records what the receiver did with it. */
function fakeResponse() {
  const recorded = {
    status: 0,
    headers: {} as Record<string, string>,
    ended: false,
    onClose: [] as (() => void)[],
  };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      recorded.headers[name] = value;
    },
    writeHead(status: number, headers: Record<string, string> = {}) {
      recorded.status = status;
      Object.assign(recorded.headers, headers);
      res.headersSent = true;
      return res;
    },
    end() {
      recorded.ended = true;
    },
    once(event: string, listener: () => void) {
      if (event === 'close') recorded.onClose.push(listener);
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, recorded };
}

function fakeRequest(method: string, url: string): IncomingMessage {
  return { method, url, headers: {}, resume() {} } as unknown as IncomingMessage;
}

test('while stopping, a Slack request on a kept-alive connection gets 503 and its connection closes; health checks still answer', () => {
  const handled: string[] = [];
  const receiver = {
    requestListener: (req: IncomingMessage) => handled.push(`${req.method} ${req.url}`),
  } as unknown as HTTPReceiver;
  let stopping = false;
  const requests = new HttpRequests(receiver, () => stopping, silentLogger);

  const before = fakeResponse();
  receiver.requestListener(fakeRequest('POST', '/slack/events'), before.res);
  expect(handled).toEqual(['POST /slack/events']);
  expect(requests.inFlight).toBe(1);
  for (const listener of before.recorded.onClose) listener();
  expect(requests.inFlight).toBe(0);

  stopping = true;
  const refused = fakeResponse();
  receiver.requestListener(fakeRequest('POST', '/slack/events'), refused.res);
  expect(refused.recorded).toMatchObject({ status: 503, ended: true, headers: { connection: 'close' } });
  const health = fakeResponse();
  receiver.requestListener(fakeRequest('GET', '/healthz'), health.res);
  expect(handled).toEqual(['POST /slack/events', 'GET /healthz']);
  expect(health.recorded.headers).toEqual({ connection: 'close' });
});
