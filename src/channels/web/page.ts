import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { defaultContentRoot } from '../../content/load.js';

/** The page's files live in the source tree (tsc does not copy them), beside src/ or dist/src/. */
export function defaultPageDirectory(): string {
  return path.join(defaultContentRoot(), 'src', 'channels', 'web', 'public');
}

/** Every file the page has, by URL path. Nothing else is served, so no path can escape the folder. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Only this origin's own files run, style or load; the socket goes back to the same host. User and
 * bot text is inserted as text, never as markup, and this is the second line of defence.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

interface Asset {
  body: Buffer;
  type: string;
}

export type PageHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Reads the page's files once, at start-up, so a missing file stops the server from starting. */
export async function loadPage(directory = defaultPageDirectory()): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const [route, { file, type }] of Object.entries(FILES)) {
    assets.set(route, { body: await readFile(path.join(directory, file)), type });
  }
  return assets;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    ...SECURITY_HEADERS,
    ...headers,
  });
  response.end(body);
}

/**
 * Answers what the page's routes never serve: another site's Host (a DNS-rebinding page trying
 * to reach the loopback server) with 421, any method but GET and HEAD with 405. True if it did.
 */
function refused(
  request: Parameters<PageHandler>[0],
  response: Parameters<PageHandler>[1],
  allowHost: (host: string | undefined) => boolean,
): boolean {
  if (!allowHost(request.headers.host)) {
    send(response, 421, 'This server only answers to its own address.\n');
    return true;
  }
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    send(response, 405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
    return true;
  }
  return false;
}

/**
 * Serves the chat page. `allowHost` rejects requests whose Host header names another site: with
 * the server on loopback, that is a DNS-rebinding page trying to talk to it.
 */
export function pageHandler(
  assets: Map<string, Asset>,
  allowHost: (host: string | undefined) => boolean,
): PageHandler {
  return (request, response) => {
    if (refused(request, response, allowHost)) return;
    const method = request.method ?? 'GET';
    const route = new URL(request.url ?? '/', 'http://localhost').pathname;
    const asset = assets.get(route === '/index.html' ? '/' : route);
    if (!asset) {
      send(response, 404, 'Not found. The chat is at /.\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': asset.body.length,
      // The files change with the code; revalidating keeps a reload from running stale script.
      'Cache-Control': 'no-cache',
      ...SECURITY_HEADERS,
    });
    response.end(method === 'HEAD' ? undefined : asset.body);
  };
}

/** Where the page downloads the plan of its conversation: `/plan.md?browser=<its id>`. */
export const PLAN_PATH = '/plan.md';

/** The Markdown plan of a browser's conversation, or null before a recommendation. */
export type PlanSource = (browserId: string) => Promise<string | null>;

/**
 * Serves a conversation's plan as a Markdown download. The browser id is what identifies a
 * conversation on this login-free page (the websocket trusts it the same way), so the same
 * host check applies and nothing is cached.
 */
export function planHandler(
  allowHost: (host: string | undefined) => boolean,
  plans: PlanSource,
  isBrowserId: (value: unknown) => boolean,
): PageHandler {
  return (request, response) => {
    if (refused(request, response, allowHost)) return;
    const method = request.method ?? 'GET';
    const browser = new URL(request.url ?? '/', 'http://localhost').searchParams.get('browser');
    if (!isBrowserId(browser)) {
      send(response, 400, 'Which conversation? Open the plan from the chat page.\n');
      return;
    }
    plans(String(browser)).then(
      (markdown) => {
        if (markdown === null) {
          send(response, 404, 'There is no plan yet: it comes with the recommendation.\n', {
            'Cache-Control': 'no-store',
          });
          return;
        }
        const body = Buffer.from(markdown, 'utf8');
        response.writeHead(200, {
          'Content-Type': 'text/markdown; charset=utf-8',
          'Content-Length': body.length,
          'Content-Disposition': 'attachment; filename="ftadvisor-plan.md"',
          'Cache-Control': 'no-store',
          ...SECURITY_HEADERS,
        });
        response.end(method === 'HEAD' ? undefined : body);
      },
      () => send(response, 500, 'The plan could not be made; try again.\n', { 'Cache-Control': 'no-store' }),
    );
  };
}
