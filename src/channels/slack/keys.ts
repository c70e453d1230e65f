/**
 * Conversation keys. A direct message is one conversation per DM channel; a mention in a channel
 * starts one conversation per thread, so several people can each run their own in one channel.
 * The slash command continues the user's DM conversation (same key), privately, wherever it is typed.
 */

/** Where a conversation is shown; it decides how replies are posted and shared. */
export type Surface = 'dm' | 'thread' | 'command';

export function dmKey(team: string, channel: string): string {
  return `slack:${team}:${channel}`;
}

export function threadKey(team: string, channel: string, threadTs: string): string {
  return `slack:${team}:${channel}:${threadTs}`;
}

export interface ParsedKey {
  team: string;
  channel: string;
  threadTs?: string;
}

/** Slack ids are upper-case letters and digits; timestamps are "seconds.micros". */
const KEY = /^slack:([A-Z0-9]+):([A-Z0-9]+)(?::(\d+\.\d+))?$/;

export function parseKey(key: string): ParsedKey | null {
  const match = KEY.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return match[3]
    ? { team: match[1], channel: match[2], threadTs: match[3] }
    : { team: match[1], channel: match[2] };
}

/** Who is acting in which conversation, and where its messages go. */
export interface TurnRef {
  key: string;
  team: string;
  /** The user whose message or click this is. */
  user: string;
  surface: Surface;
  /** The channel the conversation is shown in (the DM, the thread's channel, or where the command was typed). */
  channel: string;
  threadTs?: string;
  /** The bot's user id, to tell thread users how to reply. */
  botUserId?: string;
}
