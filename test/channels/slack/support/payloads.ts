import type { Recommendation } from '../../../../src/core/types';
import type { Wire } from './fake-slack';
/** Slack-shaped request bodies, built by small functions as bolt-js's own tests do. */

export const TEAM = 'T0TEAM';
export const BOT_USER = 'U0BOT';
export const BOT_ID = 'B0BOT';
export const APP_ID = 'A0APP';
export const USER = 'U0ALICE';
export const OTHER_USER = 'U0BOB';
/** What the fake's conversations.open answers for a user: D + the user id. */
export function dmOf(user: string): string {
  return `D${user}`;
}
export const CHANNEL = 'C0GENERAL';

let sequence = 0;
/** A fresh, increasing Slack timestamp. */
export function nextTs(): string {
  sequence += 1;
  return `1800000000.${String(sequence).padStart(6, '0')}`;
}

let events = 0;
export function nextEventId(): string {
  events += 1;
  return `Ev0TEST${String(events).padStart(6, '0')}`;
}

export function eventCallback(event: Record<string, unknown>, eventId = nextEventId()) {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export function directMessage(text: string, options: { user?: string; ts?: string; extra?: object } = {}) {
  const user = options.user ?? USER;
  const ts = options.ts ?? nextTs();
  return {
    type: 'message',
    channel: dmOf(user),
    user,
    text,
    ts,
    event_ts: ts,
    channel_type: 'im',
    team: TEAM,
    client_msg_id: `msg-${ts}`,
    ...options.extra,
  };
}

export function mention(text: string, options: { user?: string; ts?: string; threadTs?: string } = {}) {
  const ts = options.ts ?? nextTs();
  return {
    type: 'app_mention',
    user: options.user ?? USER,
    text: `<@${BOT_USER}> ${text}`,
    ts,
    event_ts: ts,
    channel: CHANNEL,
    team: TEAM,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

export function homeOpened(user = USER) {
  return { type: 'app_home_opened', user, channel: dmOf(user), tab: 'home', event_ts: nextTs() };
}

/** A slash command's form fields. */
export function slashCommand(
  text: string,
  responseUrl: string,
  options: { user?: string; channel?: string } = {},
) {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'test',
    channel_id: options.channel ?? CHANNEL,
    channel_name: 'general',
    user_id: options.user ?? USER,
    user_name: 'alice',
    command: '/finetune',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger-${nextTs()}`,
  };
}

/** A message as the app posted it, enough to click one of its buttons. */
export interface PostedMessage {
  channel: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
  blocks: Wire[];
  /** Ephemeral messages are reached through a response_url, and Slack sends no blocks back for them. */
  ephemeral?: boolean;
}

/** The button elements of a posted message, in order. */
export function buttonsOf(message: { blocks?: Wire[] }): Wire[] {
  const found: Wire[] = [];
  for (const block of message.blocks ?? []) {
    if (block.type === 'actions')
      found.push(...block.elements.filter((element: Wire) => element.type === 'button'));
    if (block.accessory?.type === 'button') found.push(block.accessory);
  }
  return found;
}

/** A block_actions payload for clicking `button` on `message`. */
export function buttonClick(
  message: PostedMessage,
  button: Wire,
  options: { user?: string; responseUrl: string; channel?: string },
) {
  const user = options.user ?? USER;
  const channel = options.channel ?? message.channel;
  const ts = message.ts ?? nextTs();
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: ts,
      channel_id: channel,
      is_ephemeral: message.ephemeral === true,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    trigger_id: `trigger-${nextTs()}`,
    team: { id: TEAM, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' },
    ...(message.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: BOT_USER,
            bot_id: BOT_ID,
            ts,
            text: message.text ?? '',
            blocks: message.blocks,
            ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
          },
        }),
    state: { values: {} },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        block_id: 'b1',
        action_id: button.action_id,
        text: button.text,
        value: button.value,
        action_ts: nextTs(),
      },
    ],
  };
}

/** Clicking a button on the App Home view. */
export function homeClick(button: Wire, user = USER) {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'V1' },
    trigger_id: `trigger-${nextTs()}`,
    team: { id: TEAM, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: 'V1', type: 'home', team_id: TEAM, blocks: [], state: { values: {} } },
    actions: [
      {
        type: 'button',
        block_id: 'b1',
        action_id: button.action_id,
        text: button.text,
        value: button.value,
        action_ts: nextTs(),
      },
    ],
  };
}

/** Submitting the share modal with `channel` picked. */
export function shareSubmission(view: Wire, channel: string | null, user = USER) {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    trigger_id: `trigger-${nextTs()}`,
    is_enterprise_install: false,
    enterprise: null,
    view: {
      id: 'V2',
      team_id: TEAM,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: {
        values: {
          [view.blocks[0].block_id]: {
            [view.blocks[0].element.action_id]: {
              type: 'conversations_select',
              selected_conversation: channel,
            },
          },
        },
      },
      hash: 'h1',
      title: view.title,
      app_id: APP_ID,
      bot_id: BOT_ID,
    },
    response_urls: [],
  };
}

/** A small recommendation as the history keeps it (the store tests only need its shape). */
export function sampleRecommendation(
  primary: Recommendation['primary'] = 'rag',
  profile: Recommendation['profile'] = { goal: 'knowledge' },
): Recommendation {
  return {
    primary,
    complementary: [],
    ranking: [{ strategy: primary, score: 3 }],
    profile,
    confidence: 'high',
    reasons: [],
    guidance: [],
    caveats: [],
    flips: [],
    assumptions: [],
    citations: ['ovadia-2023'],
  };
}
