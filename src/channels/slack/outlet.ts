import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import type { SlackMessage } from './blocks/kit.js';

/** Log fields for a failed Slack call: the error code and Slack's reason, never a token. */
export function describeSlackError(error: unknown): Record<string, unknown> {
  const e = error as {
    code?: unknown;
    message?: unknown;
    statusCode?: unknown;
    retryAfter?: unknown;
    data?: { error?: unknown; response_metadata?: { messages?: unknown } };
  } | null;
  return {
    code: e?.code,
    slackError: e?.data?.error,
    details: e?.data?.response_metadata?.messages,
    status: e?.statusCode,
    retryAfter: e?.retryAfter,
    error: typeof e?.message === 'string' ? e.message : String(error),
  };
}

/**
 * Slack refused the content (invalid_blocks, msg_too_long, a 400 from a response_url): the same
 * words as plain text are likely to go through. Rate limits and network errors are not helped by
 * resending; the client has already retried those.
 */
function contentRefused(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown } | null;
  return (
    e?.code === 'slack_webapi_platform_error' ||
    (e?.code === 'slack_bolt_respond_error' && e.statusCode === 400)
  );
}

/**
 * Sends a message, never throwing: a failure is logged with its context, and a message Slack
 * refused for its content is sent again as text only. Returns whether it was delivered.
 */
export async function deliver(
  send: (message: SlackMessage) => Promise<unknown>,
  message: SlackMessage,
  log: Logger,
  context: Record<string, unknown>,
): Promise<boolean> {
  try {
    await send(message);
    return true;
  } catch (error) {
    log.error('slack call failed', { ...context, ...describeSlackError(error) });
    if (!contentRefused(error) || message.blocks.length === 0) return false;
  }
  try {
    await send({ text: message.text, blocks: [] });
    log.warn('sent the message as plain text instead', context);
    return true;
  } catch (error) {
    log.error('slack call failed again as plain text', { ...context, ...describeSlackError(error) });
    return false;
  }
}

/** Where a conversation's replies go. */
export interface Outlet {
  /** Posts a new message; never throws. False when it could not be delivered (already logged). */
  post(message: SlackMessage): Promise<boolean>;
}

/** A DM, or a thread in a channel: chat.postMessage. */
export class ChannelOutlet implements Outlet {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly threadTs: string | undefined,
    private readonly log: Logger,
    private readonly context: Record<string, unknown> = {},
  ) {}

  post(message: SlackMessage): Promise<boolean> {
    return deliver(
      (m) =>
        this.client.chat.postMessage({
          channel: this.channel,
          ...(this.threadTs ? { thread_ts: this.threadTs } : {}),
          text: m.text,
          // A plain-text retry sends no blocks at all: an empty list is itself refused.
          ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
          // Citations link to arXiv: previews of every paper would bury the answer.
          unfurl_links: false,
          unfurl_media: false,
        }),
      message,
      this.log,
      { ...this.context, method: 'chat.postMessage', channel: this.channel, threadTs: this.threadTs },
    );
  }
}

/**
 * A slash command's or an ephemeral message's response_url: ephemeral replies work in any
 * channel, even one the bot has not joined; `in_channel` is used to share.
 */
export class ResponseUrlOutlet implements Outlet {
  constructor(
    private readonly respond: RespondFn,
    private readonly visibility: 'ephemeral' | 'in_channel',
    private readonly log: Logger,
    private readonly context: Record<string, unknown> = {},
  ) {}

  post(message: SlackMessage): Promise<boolean> {
    return deliver(
      (m) =>
        this.respond({
          response_type: this.visibility,
          replace_original: false,
          text: m.text,
          ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      message,
      this.log,
      { ...this.context, method: 'response_url', visibility: this.visibility },
    );
  }

  /** Replaces the message the response_url belongs to (an ephemeral question once answered). */
  replace(message: SlackMessage): Promise<boolean> {
    return deliver(
      (m) => this.respond({ replace_original: true, text: m.text, blocks: m.blocks }),
      message,
      this.log,
      { ...this.context, method: 'response_url', replace: true },
    );
  }
}

/** Replaces a posted message in place (chat.update); empty blocks clear the old ones (its stale buttons). */
export function updateMessage(
  client: webApi.WebClient,
  channel: string,
  ts: string,
  message: SlackMessage,
  log: Logger,
  context: Record<string, unknown> = {},
): Promise<boolean> {
  return deliver((m) => client.chat.update({ channel, ts, text: m.text, blocks: m.blocks }), message, log, {
    ...context,
    method: 'chat.update',
    channel,
    ts,
  });
}
