import { DEDUP_LEASE_MS, type Deduplicator, MemoryDeduplicator } from '../channels/slack/dedup.js';
import type { RecommendationLog } from '../channels/slack/history.js';
import type { Transcripts } from '../channels/web/transcript.js';
import type { Config } from '../config.js';
import type { Logger } from '../core/log.js';
import type { SessionStore } from '../core/store.js';
import { FileRecommendationLog } from './file-history.js';
import { FileSessionStore } from './file-sessions.js';
import { FileTranscriptStore } from './file-transcripts.js';
import { JsonFiles } from './json-files.js';

/** The Slack channel's own state, through its interfaces. */
export interface SlackStores {
  history: RecommendationLog;
  dedup: Deduplicator;
}

/**
 * Every kind of data the app keeps, opened once by the composition root and handed to the core
 * and the channels as interfaces: conversations (SessionStore), the Slack channel's history and
 * delivery claims, and the web chat's transcripts. Embedded, all of them are JSON files under
 * one data directory (JsonFiles); with REDIS_URL, conversations and the Slack state live in
 * Redis, on one connection, and only the web transcripts stay in files.
 */
export interface Storage {
  readonly sessions: SessionStore;
  readonly files: JsonFiles;
  slack(): SlackStores;
  transcripts(limit?: number): Transcripts;
  /**
   * Once the app is ready: removes the temporary files that writes cut short by an earlier crash
   * left, in the background (never on the way to ready). Logs what it removed.
   */
  cleanUpLater(): void;
  close(): Promise<void>;
}

/** Every namespace of the data directory, for the clean-up. */
const NAMESPACES = [
  FileSessionStore.NAMESPACE,
  FileRecommendationLog.NAMESPACE,
  FileTranscriptStore.NAMESPACE,
];

export interface StorageOptions {
  /** How long a Slack delivery's claim holds before another delivery may take it (SLACK_CLAIM_LEASE_SECONDS). */
  claimLeaseMs?: number;
  /** A session store to use instead of the configured one (tests). */
  sessions?: SessionStore;
}

export function openStorage(
  config: Pick<Config, 'dataDir' | 'redisUrl'>,
  log: Logger,
  options: StorageOptions = {},
): Storage {
  // Writes of this process start after this; an older temporary file is a leftover.
  const startedAt = new Date();
  const files = new JsonFiles(config.dataDir);
  const leaseMs = options.claimLeaseMs ?? DEDUP_LEASE_MS;
  let sessions: SessionStore;
  let slack: () => SlackStores;
  if (options.sessions) {
    sessions = options.sessions;
    slack = () => ({
      history: new FileRecommendationLog(files, log),
      dedup: new MemoryDeduplicator({ leaseMs }),
    });
  } else if (config.redisUrl) {
    log.info('conversations and the Slack state are stored in Redis', {
      url: redactPassword(config.redisUrl),
    });
    // Loaded only in this mode: ioredis costs start-up time that embedded runs need not pay.
    const redisStore = require('./redis-store.js') as typeof import('./redis-store.js');
    const redisSlack = require('./redis-slack.js') as typeof import('./redis-slack.js');
    const connection = redisStore.connectRedis(config.redisUrl);
    sessions = new redisStore.RedisSessionStore(connection);
    slack = () => ({
      history: new redisSlack.RedisRecommendationLog(connection, log),
      dedup: new redisSlack.RedisDeduplicator(connection, { leaseMs }),
    });
  } else {
    sessions = new FileSessionStore(files);
    slack = () => ({
      history: new FileRecommendationLog(files, log),
      dedup: new MemoryDeduplicator({ leaseMs }),
    });
  }

  let stopping = false;
  let sweeping: Promise<void> = Promise.resolve();
  return {
    sessions,
    files,
    slack,
    transcripts: (limit) => new FileTranscriptStore(files, log, limit),
    cleanUpLater() {
      // setImmediate: after whatever made the app ready has logged and returned.
      sweeping = new Promise<void>((resolve) => setImmediate(resolve))
        .then(async () => {
          const report = await files.sweep(NAMESPACES, startedAt, () => stopping);
          if (report.removed > 0 || report.kept > 0)
            log.info('removed temporary files left by interrupted writes', {
              ...report,
              ms: Math.round(report.ms),
            });
        })
        .catch((error: unknown) => {
          log.warn('could not clean up temporary files', { error: String(error) });
        });
    },
    async close() {
      stopping = true;
      await sweeping;
      // The Redis session store owns the one connection, which the Slack state shares.
      await sessions.close();
    },
  };
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}
