import type { Logger } from '../../src/core/log';
import { FileRecommendationLog } from '../../src/store/file-history';
import { FileSessionStore } from '../../src/store/file-sessions';
import { FileTranscriptStore } from '../../src/store/file-transcripts';
import { JsonFiles } from '../../src/store/json-files';

/** The embedded stores on a data directory, as src/store/index.ts opens them. */
export function fileSessions(directory: string): FileSessionStore {
  return new FileSessionStore(new JsonFiles(directory));
}

export function fileHistory(directory: string, log: Logger): FileRecommendationLog {
  return new FileRecommendationLog(new JsonFiles(directory), log);
}

export function fileTranscripts(directory: string, log: Logger, limit?: number): FileTranscriptStore {
  return new FileTranscriptStore(new JsonFiles(directory), log, limit);
}
