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
  const sessions = store ?? new LowdbSessionStore(config.dataDir);
  return { content, advisor, store: sessions, conversations: new Conversations(advisor, sessions, log) };
}
