/**
 * Every Slack identifier this app uses, declared once. The listener registrations, the Block Kit
 * builders and the manifest tests all read them from here, so a renamed id cannot drift between
 * the code and slack/manifest*.json (test/channels/slack/manifest.test.ts checks both manifests).
 */

/** The slash command and its subcommands. */
export const COMMAND = {
  name: '/finetune',
  subcommands: ['start', 'restart', 'status', 'plan', 'help', 'ask', 'explain'],
} as const;

export type Subcommand = (typeof COMMAND.subcommands)[number];

/** Events the app listens to, each with the manifest subscription that delivers it. */
export const EVENTS = {
  /** Someone mentions the bot in a channel: the conversation runs in a thread under the mention. */
  mention: { name: 'app_mention', subscription: 'app_mention' },
  /** A direct message to the bot (only `im` messages are subscribed). */
  directMessage: { name: 'message', subscription: 'message.im' },
  /** The user opens the App Home tab. */
  homeOpened: { name: 'app_home_opened', subscription: 'app_home_opened' },
} as const;

/**
 * Block Kit action ids. Buttons in one actions block must have distinct ids, so answer and
 * follow-up buttons carry their position: `answer-0`, `answer-1`, … (see indexedActionId).
 */
export const ACTIONS = {
  /** A choice for the question the message asks (indexed). */
  answer: 'answer',
  /** A suggested follow-up under a recommendation: "Why not …?", "Compare", "Start over" (indexed). */
  followUp: 'follow_up',
  /** Post a recommendation or a one-off answer in a channel for everyone to see. */
  share: 'share',
  /** App Home: start a new recommendation in the Messages tab. */
  homeStart: 'home_start',
  /** Send a recommendation's plan, as a Markdown file, to the user's direct messages. */
  plan: 'plan',
  /** The channel picker inside the share modal (read from the view state; never dispatched). */
  shareChannel: 'share_channel',
} as const;

/** Block ids we read back from a view's state. */
export const BLOCKS = {
  shareChannel: 'share_channel_block',
} as const;

/** Modal callback ids. */
export const VIEWS = {
  share: 'share_modal',
} as const;

/**
 * Bot token scopes, each for something the code does. The manifest must ask for exactly these.
 * - app_mentions:read  receive app_mention
 * - chat:write         chat.postMessage, chat.update
 * - chat:write.public  share a recommendation to a public channel the bot has not joined
 * - commands           the /finetune command
 * - im:history         receive message.im
 * - im:write           conversations.open, to find the user's DM (slash commands, App Home)
 * - files:write        files.uploadV2, the plan as a Markdown file in the user's DM
 */
export const BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'im:history',
  'im:write',
  'files:write',
] as const;

export type IndexedAction = typeof ACTIONS.answer | typeof ACTIONS.followUp;

export function indexedActionId(base: IndexedAction, index: number): string {
  return `${base}-${index}`;
}

/** The constraint a listener registers for every indexed id of one kind. */
export function indexedActionPattern(base: IndexedAction): RegExp {
  return new RegExp(`^${base}-\\d+$`);
}
