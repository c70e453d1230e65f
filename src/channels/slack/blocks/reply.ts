import type { Recommendation, Reply } from '../../../core/types.js';
import { type ActionValue, encodeAction } from '../action-value.js';
import { ACTIONS, indexedActionId } from '../ids.js';
import type { Surface } from '../keys.js';
import { escapeMrkdwn, truncateMrkdwn } from '../text.js';
import {
  actions,
  type Block,
  type Button,
  button,
  context,
  fitBlocks,
  LIMITS,
  type SlackMessage,
} from './kit.js';
import { bodyBlocks, type Lookup } from './segments.js';

export interface ReplyContext {
  /** The conversation the buttons act on. */
  key: string;
  surface: Surface;
  lookup: Lookup;
  /** The bot's user id: thread users are told to mention it. */
  botUserId?: string;
  /** A recommendation's log record, for its "Share to channel" button. */
  record?: { owner: string; id: string };
  /** A one-off answer (/finetune ask or explain), for its "Share to channel" button. */
  oneOff?: { x: 'ask' | 'explain'; q: string };
  /** A copy posted in a channel: who shared it. Shared copies carry no buttons. */
  sharedBy?: string;
}

function withValue(text: string, actionId: string, value: ActionValue, style?: 'primary'): Button | null {
  const encoded = encodeAction(value);
  return encoded === null ? null : button(text, actionId, encoded, style);
}

function present(items: (Button | null)[]): Button[] {
  return items.filter((item): item is Button => item !== null);
}

/** The choices of a question, each answering it (or, with nothing awaited, sent as text: "resume", "start over"). */
function choiceButtons(reply: Reply, ctx: ReplyContext): Button[] {
  return present(
    reply.choices.map((choice, index) =>
      withValue(choice.label, indexedActionId(ACTIONS.answer, index), {
        t: 'answer',
        k: ctx.key,
        s: reply.awaiting,
        v: choice.value,
      }),
    ),
  );
}

/** "Why not <runner-up>?", "Compare", "Start over", "Share to channel". */
function recommendationButtons(recommendation: Recommendation, ctx: ReplyContext): Button[] {
  const { lookup } = ctx;
  const primary = lookup.strategyName(recommendation.primary);
  const runnerUp = recommendation.ranking.find((entry) => entry.strategy !== recommendation.primary);
  const say = (index: number, label: string, text: string) =>
    withValue(label, indexedActionId(ACTIONS.followUp, index), { t: 'say', k: ctx.key, v: text });
  const buttons: (Button | null)[] = [];
  if (runnerUp) {
    const other = lookup.strategyName(runnerUp.strategy);
    buttons.push(say(0, `Why not ${other}?`, `why not ${other}?`));
    buttons.push(say(1, `Compare ${primary} and ${other}`, `compare ${primary} and ${other}`));
  }
  buttons.push(say(2, 'Start over', 'start over'));
  if (ctx.record) {
    buttons.push(
      withValue('Share to channel', ACTIONS.share, { t: 'share-rec', o: ctx.record.owner, r: ctx.record.id }),
    );
    // The plan goes to the clicker's DM as a file, so a /finetune reply stays private.
    buttons.push(
      withValue('Plan as Markdown', ACTIONS.plan, { t: 'plan', o: ctx.record.owner, r: ctx.record.id }),
    );
  }
  return present(buttons);
}

function shareAnswerButton(ctx: ReplyContext): Button[] {
  if (!ctx.oneOff) return [];
  return present([
    withValue('Share to channel', ACTIONS.share, {
      t: 'share-answer',
      k: ctx.key,
      x: ctx.oneOff.x,
      q: ctx.oneOff.q,
    }),
  ]);
}

function sharedLine(ctx: ReplyContext): Block[] {
  if (!ctx.sharedBy) return [];
  const what = ctx.oneOff
    ? `: \`${escapeMrkdwn(`/finetune ${ctx.oneOff.x} ${ctx.oneOff.q}`)}\``
    : ' their fine-tuning recommendation';
  return [context(truncateMrkdwn(`<@${ctx.sharedBy}> shared${what}`, LIMITS.contextText))];
}

/** The top-level text: the reply as plain text, escaped, short enough for a notification. */
export function messageText(text: string): string {
  return truncateMrkdwn(escapeMrkdwn(text), LIMITS.text);
}

/**
 * Any advisor reply as a Slack message. Questions get a button per choice (free text is still
 * accepted); recommendations get a header, the ranking, reasons, guidance, sources and follow-up
 * buttons; one-off answers can be shared. Shared copies are the same content without buttons.
 */
export function buildReplyMessage(reply: Reply, ctx: ReplyContext): SlackMessage {
  const shared = ctx.sharedBy !== undefined;
  const isRecommendation = reply.kind === 'recommendation' && reply.recommendation !== null;
  const blocks: Block[] = [...sharedLine(ctx)];
  const body = bodyBlocks(reply.body, ctx.lookup, { titleFromFirstHeading: isRecommendation });
  if (reply.kind === 'error' && body[0]?.type === 'section' && body[0].text) {
    body[0] = { ...body[0], text: { ...body[0].text, text: `:warning: ${body[0].text.text}` } };
  }
  blocks.push(...body);
  if (!shared) {
    if (reply.choices.length > 0) {
      if (ctx.surface === 'thread' && ctx.botUserId) {
        blocks.push(context(`Pick an option, or reply in this thread mentioning <@${ctx.botUserId}>.`));
      }
      blocks.push(...actions(choiceButtons(reply, ctx)));
    } else if (isRecommendation && reply.recommendation) {
      blocks.push(...actions(recommendationButtons(reply.recommendation, ctx)));
    } else {
      blocks.push(...actions(shareAnswerButton(ctx)));
    }
  }
  const text = messageText(reply.text);
  return {
    text: shared ? `<@${ctx.sharedBy}> shared: ${text}` : text,
    blocks: fitBlocks(blocks, { maxBlocks: LIMITS.messageBlocks, maxChars: LIMITS.messageBlockChars }),
  };
}

/**
 * A question message once answered by a click: the question stays, its buttons go (so nothing
 * stale can be clicked), and a line says who chose what. `original` is the message's blocks as
 * Slack returned them; ephemeral messages come without, so the question's label stands in.
 */
export function buildAnsweredMessage(args: {
  original: unknown[] | undefined;
  question: string;
  answer: string;
  user: string;
}): SlackMessage {
  const kept: Block[] = [];
  for (const block of args.original ?? []) {
    if (typeof block !== 'object' || block === null) continue;
    const type = (block as { type?: unknown }).type;
    // Actions are the stale buttons; contexts are hints about how to answer.
    if (type === 'actions' || type === 'context' || typeof type !== 'string') continue;
    kept.push(block as Block);
  }
  if (kept.length === 0) {
    kept.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(args.question)}*` } });
  }
  const answer = escapeMrkdwn(args.answer);
  kept.push(context(`:white_check_mark: <@${args.user}> chose *${answer}*`));
  return {
    text: messageText(`${args.question}: ${args.answer}`),
    blocks: fitBlocks(kept, { maxBlocks: LIMITS.messageBlocks, maxChars: LIMITS.messageBlockChars }),
  };
}

/** When handling a message fails: friendly, and honest about what is safe. */
export function buildFailureMessage(): SlackMessage {
  const text =
    'Sorry, something went wrong on my side while handling that. Your earlier answers are safe; please try again in a moment.';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}` } }] };
}

/**
 * Short notices (a share that could not be posted, a button from an old message). `mrkdwn` is
 * written by us and may hold channel links; anything from a user in it must be escaped first.
 */
export function buildNoticeMessage(mrkdwn: string): SlackMessage {
  const text = truncateMrkdwn(mrkdwn, LIMITS.sectionText);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
