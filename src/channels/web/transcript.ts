import type { TranscriptEntry } from './protocol.js';

/** How many entries (user messages plus replies) a conversation keeps for the page to replay. */
export const DEFAULT_TRANSCRIPT_LIMIT = 200;

export interface Transcript {
  entries: TranscriptEntry[];
  /** Older entries that were let go to keep the file small. */
  dropped: number;
}

/**
 * What the chat page shows, per conversation, so a reload or a server restart can replay it. The
 * advisor's session holds answers, not words, so the page's history is kept beside it, through
 * this interface (the file version is src/store/file-transcripts.ts).
 */
export interface Transcripts {
  /** The conversation so far; empty for a new one (or one whose damaged file was kept aside). */
  read(key: string): Promise<Transcript>;
  /** Adds entries at the end, letting the oldest go past the limit. Throws when it cannot write. */
  append(key: string, entries: TranscriptEntry[]): Promise<void>;
}
