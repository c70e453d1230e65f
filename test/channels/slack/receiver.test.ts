import type { IncomingMessage, ServerResponse } from 'node:http';
import { healthRoute } from '../../../src/channels/slack/receiver';

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
