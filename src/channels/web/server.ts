import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
// Types only: erased at compile time. Botkit itself is loaded inside startWebChat (docs/adr/0002).
import type { Storage } from 'botbuilder';
import type { BotkitMessage, BotWorker } from 'botkit';
import type { Conversations } from '../../core/conversations.js';
import type { Logger } from '../../core/log.js';
import { browserUrl, hostCheck, sameOrigin } from './address.js';
import { type Deliver, WebChat } from './chat.js';
import { loadPage, PLAN_PATH, type PlanSource, pageHandler, planHandler } from './page.js';
import { isBrowserId, MAX_FRAME_BYTES, parseClientMessage, type ServerMessage } from './protocol.js';
import type { SourceLookup } from './render.js';
import type { Transcripts } from './transcript.js';

export interface WebChatOptions {
  conversations: Pick<Conversations, 'handle'>;
  sources: SourceLookup;
  /** Where the page's history is kept (src/store/file-transcripts.ts under the data directory). */
  transcripts: Transcripts;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  log: Logger;
  /** Where index.html, chat.js and chat.css are; the source tree's public/ by default. */
  pageDirectory?: string;
  /** The Markdown plan of a browser's conversation (the page's download); absent: no download. */
  plans?: PlanSource;
}

export interface RunningWebChat {
  /** The address to open in a browser. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Botkit keeps dialog state per conversation; the advisor keeps its own sessions in the session
 * store and uses no Botkit dialogs, so there is nothing for Botkit to remember.
 */
const noDialogState: Storage = {
  read: async () => ({}),
  write: async () => {},
  delete: async () => {},
};

/**
 * The adapter's createSocketServer starts a 30-second heartbeat and keeps no handle to stop it,
 * so a closed server would keep the process alive. Catch the timers it starts so close() can
 * stop them. Synchronous, so nothing else runs while setInterval is swapped.
 */
function catchingIntervals(work: () => void): ReturnType<typeof setInterval>[] {
  const caught: ReturnType<typeof setInterval>[] = [];
  const original = globalThis.setInterval;
  const catching = (...args: Parameters<typeof setInterval>) => {
    const timer = original(...args);
    caught.push(timer);
    return timer;
  };
  globalThis.setInterval = catching as typeof setInterval;
  try {
    work();
  } finally {
    globalThis.setInterval = original;
  }
  return caught;
}

/** The message the adapter turns into a websocket frame: `type` and `text`, then channelData's keys. */
function activityFor(message: ServerMessage) {
  const { type, ...rest } = message;
  const text = 'text' in rest ? rest.text : undefined;
  return { type, text, channelData: rest };
}

/**
 * Serves the chat page and its websocket on one loopback HTTP server, with Botkit and
 * botbuilder-adapter-web carrying the messages. Botkit is loaded here, on first use, so the
 * Slack and terminal modes never pay for it (about 0.7 s and 100 MB).
 */
export async function startWebChat(options: WebChatOptions): Promise<RunningWebChat> {
  const { log } = options;
  const page = await loadPage(options.pageDirectory);
  const allowHost = hostCheck(options.host);
  const servePage = pageHandler(page, allowHost);
  const servePlan = options.plans ? planHandler(allowHost, options.plans, isBrowserId) : null;
  const server = createServer((request, response) => {
    const route = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (servePlan && route === PLAN_PATH) servePlan(request, response);
    else servePage(request, response);
  });

  // The server listens before Botkit loads (about half of the start-up time), so a port in use
  // fails at once. Loading Botkit blocks the event loop: requests that arrive meanwhile are
  // answered right after it, and a websocket upgrade that arrives before the socket server is
  // attached is held, not refused: it is replayed once the socket server is there.
  const early: [IncomingMessage, Duplex, Buffer][] = [];
  const hold = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    early.push([req, socket, head]);
  };
  server.on('upgrade', hold);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error('web chat server error', { error: String(error) }));
  const port = (server.address() as AddressInfo).port;
  log.info('web chat listening', { host: options.host, port });

  let modules: [typeof import('botkit'), typeof import('botbuilder-adapter-web')];
  try {
    modules = await Promise.all([import('botkit'), import('botbuilder-adapter-web')]);
  } catch (error) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const [{ Botkit }, { WebAdapter }] = modules;

  /** The stock init() binds to Botkit's own webserver, which listens on every interface. */
  class LoopbackWebAdapter extends WebAdapter {
    override init(): void {}
  }

  const chat = new WebChat(options.conversations, options.sources, options.transcripts, log);
  const adapter = new LoopbackWebAdapter();
  const controller = new Botkit({
    adapter,
    disable_webserver: true,
    disable_console: true,
    storage: noDialogState,
  });

  const onEvent = async (bot: BotWorker, message: BotkitMessage): Promise<void> => {
    const deliver: Deliver = async (messages) => {
      for (const outgoing of messages) await bot.reply(message, activityFor(outgoing));
    };
    try {
      if (!isBrowserId(message.user)) {
        log.warn('web chat message with a malformed browser id', { user: String(message.user).slice(0, 80) });
        await deliver([
          {
            type: 'notice',
            text: 'This page sent a malformed browser id. Reload the page to get a new one.',
          },
        ]);
        return;
      }
      const parsed = parseClientMessage(message as unknown as Record<string, unknown>);
      if (!parsed.ok) {
        log.warn('web chat message rejected', { user: message.user, problem: parsed.problem });
        await deliver([
          { type: 'notice', text: `The server could not read that message: ${parsed.problem}.` },
        ]);
        return;
      }
      await chat.handle(message.user, parsed.event, deliver);
    } catch (error) {
      log.error('web chat turn failed', {
        user: message.user,
        error: String((error as Error)?.stack ?? error),
      });
    }
  };
  controller.on(['hello', 'welcome_back', 'message'], onEvent);

  const timers = catchingIntervals(() =>
    adapter.createSocketServer(
      server,
      {
        maxPayload: MAX_FRAME_BYTES,
        verifyClient: (info: { origin: string | undefined; req: IncomingMessage }) =>
          allowHost(info.req.headers.host) && sameOrigin(info.origin, info.req.headers.host),
      },
      controller.handleTurn.bind(controller),
    ),
  );
  // ws re-emits the HTTP server's errors (EADDRINUSE) on itself; unheard, they would crash the process.
  adapter.wss.on('error', (error: Error) => log.debug('websocket server error', { error: String(error) }));

  server.off('upgrade', hold);
  const held = early.splice(0);
  for (const [req, socket, head] of held) {
    if (!socket.destroyed) server.emit('upgrade', req, socket, head);
  }
  log.debug('web chat sockets ready', { held: held.length });

  let closing: Promise<void> | null = null;
  return {
    url: browserUrl(options.host, port),
    port,
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        for (const client of adapter.wss.clients) client.terminate();
        await new Promise<void>((resolve) => adapter.wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // Turns already under way still finish and are saved; their replies have nowhere to go.
        await chat.drain();
        await controller.shutdown();
      })();
      return closing;
    },
  };
}
