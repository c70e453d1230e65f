import type { Config } from './config.js';
import { type Content, loadContent } from './content/load.js';
import { Advisor } from './core/advisor.js';
import { Conversations } from './core/conversations.js';
import type { Logger } from './core/log.js';
import type { SessionStore } from './core/store.js';
import { LowdbSessionStore } from './store/lowdb-store.js';

export interface Runtime {
  content: Content;
  advisor: Advisor;
  store: SessionStore;
  conversations: Conversations;
}

/** Content, advisor and store, wired the same way for every channel. */
export function createRuntime(config: Config, log: Logger, store?: SessionStore): Runtime {
  const content = loadContent();
  const advisor = new Advisor(content, { sessionTtlMs: config.sessionTtlMs });
  const sessions = store ?? createStore(config, log);
  return { content, advisor, store: sessions, conversations: new Conversations(advisor, sessions, log) };
}

/** Redis when several instances share state (REDIS_URL), else the embedded lowdb store. */
function createStore(config: Config, log: Logger): SessionStore {
  if (!config.redisUrl) return new LowdbSessionStore(config.dataDir);
  log.info('sessions are stored in Redis', { url: redactPassword(config.redisUrl) });
  // Loaded only in this mode: ioredis costs start-up time that embedded runs need not pay.
  const { RedisSessionStore } = require('./store/redis-store.js') as typeof import('./store/redis-store.js');
  return RedisSessionStore.connect(config.redisUrl);
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}
