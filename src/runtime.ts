import type { Config } from './config.js';
import { type Content, defaultContentRoot } from './content/load.js';
import { defaultSnapshotFile, loadContentWithSnapshot } from './content/snapshot.js';
import { Advisor } from './core/advisor.js';
import { Conversations } from './core/conversations.js';
import type { Logger } from './core/log.js';
import type { SessionStore } from './core/store.js';
import { openStorage, type Storage } from './store/index.js';

export interface Runtime {
  content: Content;
  advisor: Advisor;
  store: SessionStore;
  storage: Storage;
  conversations: Conversations;
  /** Called by a channel once it serves: what need not happen before ready happens then. */
  ready(): void;
}

/** Content, advisor and storage, wired the same way for every channel. */
export function createRuntime(config: Config, log: Logger, store?: SessionStore): Runtime {
  const root = defaultContentRoot();
  const loaded = loadContentWithSnapshot(root, defaultSnapshotFile(root));
  if (loaded.snapshot === 'not written')
    log.warn('content checked, but its snapshot could not be saved: every start checks it in full', {
      reason: loaded.reason,
    });
  const { content } = loaded;
  const advisor = new Advisor(content, { sessionTtlMs: config.sessionTtlMs });
  const storage = openStorage(config, log, {
    ...(store ? { sessions: store } : {}),
    ...(config.claimLeaseMs ? { claimLeaseMs: config.claimLeaseMs } : {}),
  });
  return {
    content,
    advisor,
    store: storage.sessions,
    storage,
    conversations: new Conversations(advisor, storage.sessions, log),
    ready: () => storage.cleanUpLater(),
  };
}
