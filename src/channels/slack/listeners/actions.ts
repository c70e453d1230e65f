import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Reply } from '../../../core/types.js';
import { type ActionValue, decodeAction, encodeAction } from '../action-value.js';
import type { SlackMessage } from '../blocks/kit.js';
import { buildAnsweredMessage, buildNoticeMessage, buildReplyMessage } from '../blocks/reply.js';
import { buildShareModal } from '../blocks/share.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { parseKey, type Surface, type TurnRef } from '../keys.js';
import { ChannelOutlet, type Outlet, ResponseUrlOutlet, updateMessage } from '../outlet.js';
import { sendPlanToDm } from '../plan-file.js';
import type { SlackAdvisor } from '../service.js';
import { type Client, guarded, turnId } from './context.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Where a click happened, read from the block_actions payload. */
interface Click {
  team: string;
  user: string;
  channel: string | undefined;
  messageTs: string | undefined;
  threadTs: string | undefined;
  /** Ephemeral messages (slash command replies) can only be reached through the response_url. */
  ephemeral: boolean;
  /** The clicked message's blocks; Slack does not send them for ephemeral messages. */
  blocks: unknown[] | undefined;
  label: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function clickOf(
  body: BlockButtonAction,
  action: BlockButtonAction['actions'][number],
  teamId?: string,
): Click | null {
  const container = body.container as Record<string, unknown>;
  const team = teamId ?? body.team?.id ?? body.user.team_id;
  if (!team) return null;
  return {
    team,
    user: body.user.id,
    channel: body.channel?.id ?? str(container.channel_id),
    messageTs: str(container.message_ts) ?? body.message?.ts,
    threadTs: str(body.message?.thread_ts) ?? str(container.thread_ts),
    ephemeral: container.is_ephemeral === true,
    blocks: Array.isArray(body.message?.blocks) ? (body.message.blocks as unknown[]) : undefined,
    label: action.text?.text ?? '',
  };
}

/**
 * The conversation a button acts on: the key it carries, shown where it was clicked. A key from
 * another workspace is refused (it cannot come from Slack, but a payload is checked, not trusted).
 */
function refFor(key: string, click: Click, botUserId: string | undefined): TurnRef | null {
  const parsed = parseKey(key);
  if (!parsed || parsed.team !== click.team) return null;
  const surface: Surface = click.ephemeral ? 'command' : parsed.threadTs ? 'thread' : 'dm';
  const threadTs = surface === 'thread' ? parsed.threadTs : surface === 'dm' ? click.threadTs : undefined;
  return {
    key,
    team: click.team,
    user: click.user,
    surface,
    channel: click.channel ?? parsed.channel,
    ...(threadTs ? { threadTs } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
}

function outletFor(
  slack: SlackAdvisor,
  ref: TurnRef,
  client: Client,
  respond: RespondFn,
  fields: Record<string, unknown>,
): Outlet {
  return ref.surface === 'command'
    ? new ResponseUrlOutlet(respond, 'ephemeral', slack.log, { ...fields })
    : new ChannelOutlet(client, ref.channel, ref.threadTs, slack.log, { ...fields });
}

/** A button whose value cannot be used (an old message, a bug): logged, and the user told (after the ack). */
function refuse(slack: SlackAdvisor, respond: RespondFn, fields: Record<string, unknown>): void {
  slack.log.warn('unusable button value', { ...fields });
  slack.later('unusable button notice', fields, () =>
    new ResponseUrlOutlet(respond, 'ephemeral', slack.log, { ...fields }).post(
      buildNoticeMessage(
        'That button is from an older message I can no longer use. Please send me a message instead.',
      ),
    ),
  );
}

/** Decodes the clicked button's value, refusing one of another kind. */
function readValue<T extends ActionValue['t']>(
  slack: SlackAdvisor,
  raw: string | undefined,
  expected: T,
  respond: RespondFn,
  fields: Record<string, unknown>,
): Extract<ActionValue, { t: T }> | null {
  const value = decodeAction(raw);
  if (value?.t === expected) return value as Extract<ActionValue, { t: T }>;
  refuse(slack, respond, { ...fields, expected });
  return null;
}

/** What every button handler starts from, after the ack: where the click was, and how to log it. */
function clickContext(
  body: BlockButtonAction,
  action: BlockButtonAction['actions'][number],
  teamId: string | undefined,
): { click: Click | null; fields: Record<string, unknown> } {
  const click = clickOf(body, action, teamId);
  return {
    click,
    fields: { action: action.action_id, team: click?.team, user: body.user.id, channel: click?.channel },
  };
}

/**
 * The conversation a turn-taking button acts on, or null when the key it carries cannot be used
 * here (the user is told).
 */
function conversationFor(
  slack: SlackAdvisor,
  key: string,
  click: Click | null,
  botUserId: string | undefined,
  respond: RespondFn,
  fields: Record<string, unknown>,
): TurnRef | null {
  const ref = click ? refFor(key, click, botUserId) : null;
  if (!ref) refuse(slack, respond, { ...fields, key });
  return ref;
}

/**
 * A choice for the question on screen. A question is answered once, so a double click or a
 * second person clicking the same message does not answer twice. The ack follows the answer
 * being stored; then the message is updated to show the answer, with no buttons left to click,
 * and the next question is posted.
 */
export function onAnswer(slack: SlackAdvisor) {
  return async ({ ack, body, action, client, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { click, fields } = clickContext(body, action, context.teamId);
    const durable = guarded(slack, 'answer button', fields, null, async () => {
      const value = readValue(slack, action.value, 'answer', respond, fields);
      const ref = value && conversationFor(slack, value.k, click, context.botUserId, respond, fields);
      if (!value || !ref || !click) return;
      const once = turnId.answer(click.channel ?? ref.key, click.messageTs ?? action.action_ts);
      const claim = await slack.deps.dedup.claim(once);
      if (claim !== 'first') {
        slack.log.info('question already answered; click ignored', { ...fields, key: ref.key, claim });
        return;
      }
      const outlet = outletFor(slack, ref, client, respond, { ...fields, key: ref.key });
      const answered = buildAnsweredMessage({
        original: click.blocks,
        question: slack.slotLabel(value.s),
        answer: click.label || value.v,
        user: click.user,
      });
      const showAnswered = async () => {
        if (click.ephemeral)
          await new ResponseUrlOutlet(respond, 'ephemeral', slack.log, fields).replace(answered);
        else if (click.channel && click.messageTs)
          await updateMessage(client, click.channel, click.messageTs, answered, slack.log, fields);
      };
      const input =
        value.s === null
          ? { kind: 'text' as const, text: value.v }
          : { kind: 'choice' as const, slot: value.s, value: value.v };
      await slack.turn(ref, input, outlet, { id: once, first: showAnswered });
      await slack.deps.dedup.done(once).catch((error: unknown) => {
        // The answer is stored; only a second click after the lease could answer again.
        slack.log.error('could not mark a question as answered', { ...fields, error: String(error) });
      });
    });
    await slack.settle('answer button', fields, durable);
  };
}

/**
 * "Why not …?", "Compare …", "Start over" under a recommendation: said on the user's behalf. The
 * ack follows the turn being stored.
 */
export function onFollowUp(slack: SlackAdvisor) {
  return async ({ ack, body, action, client, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { click, fields } = clickContext(body, action, context.teamId);
    const durable = guarded(slack, 'follow-up button', fields, null, async () => {
      const value = readValue(slack, action.value, 'say', respond, fields);
      const ref = value && conversationFor(slack, value.k, click, context.botUserId, respond, fields);
      if (!value || !ref) return;
      await slack.turn(
        ref,
        { kind: 'text', text: value.v },
        outletFor(slack, ref, client, respond, { ...fields, key: ref.key }),
        { id: turnId.click(body.trigger_id) },
      );
    });
    await slack.settle('follow-up button', fields, durable);
  };
}

/**
 * "Share to channel". From a slash command's ephemeral reply, the copy goes to that channel
 * through the response_url; from a thread, to its channel; from a DM, where there is no channel,
 * a modal asks which one. Nothing is stored, so all of it happens after the ack (at once, well
 * within the three seconds a trigger_id is valid for views.open).
 */
export function onShare(slack: SlackAdvisor) {
  return async ({ ack, body, action, client, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { click, fields } = clickContext(body, action, context.teamId);
    const privately = new ResponseUrlOutlet(respond, 'ephemeral', slack.log, fields);
    slack.later('share button', fields, () =>
      guarded(slack, 'share button', fields, privately, async () => {
        const value = decodeAction(action.value);
        if (!click || (value?.t !== 'share-rec' && value?.t !== 'share-answer')) {
          refuse(slack, respond, fields);
          return;
        }
        const publicly = new ResponseUrlOutlet(respond, 'in_channel', slack.log, fields);
        if (value.t === 'share-answer') {
          const ref = conversationFor(slack, value.k, click, context.botUserId, respond, fields);
          if (!ref) return;
          const replies = await slack.oneOff(value.k, value.x === 'ask' ? value.q : `explain ${value.q}`);
          const target =
            click.ephemeral || !click.channel
              ? publicly
              : new ChannelOutlet(client, click.channel, undefined, slack.log, fields);
          for (const reply of replies)
            await target.post(sharedCopy(slack, reply, ref.key, click.user, value));
          return;
        }
        const record = await slack.deps.history.get(click.team, value.o, value.r);
        if (!record) {
          await privately.post(
            buildNoticeMessage('That recommendation is no longer in my history, so I cannot share it.'),
          );
          return;
        }
        const message = sharedCopy(
          slack,
          slack.deps.advisor.presenter.recommendation(record.recommendation, undefined, { invite: false }),
          record.key,
          click.user,
        );
        if (click.ephemeral) {
          await publicly.post(message);
        } else if (record.surface === 'thread') {
          // The thread is in the channel already; sharing posts it where everyone sees it.
          await shareTo(slack, client, record.channel, message, click, fields);
        } else {
          const metadata = encodeAction(value) ?? '';
          await client.views.open({ trigger_id: body.trigger_id, view: buildShareModal(metadata) });
        }
      }),
    );
  };
}

/**
 * "Plan as Markdown" under a recommendation: its plan, as a file in the clicker's DM (a /finetune
 * reply stays private until shared). Nothing is stored, so all of it happens after the ack; when
 * the click was elsewhere than that DM, an ephemeral line says where the file went.
 */
export function onPlan(slack: SlackAdvisor) {
  return async ({ ack, body, action, client, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { click, fields } = clickContext(body, action, context.teamId);
    const privately = new ResponseUrlOutlet(respond, 'ephemeral', slack.log, fields);
    slack.later('plan button', fields, () =>
      guarded(slack, 'plan button', fields, privately, async () => {
        const value = decodeAction(action.value);
        if (!click || value?.t !== 'plan') {
          refuse(slack, respond, fields);
          return;
        }
        const record = await slack.deps.history.get(click.team, value.o, value.r);
        if (!record) {
          await privately.post(
            buildNoticeMessage('That recommendation is no longer in my history, so I cannot make its plan.'),
          );
          return;
        }
        const { markdown } = slack.deps.advisor.planOf(record.recommendation);
        const sent = await sendPlanToDm(client, slack.deps.dms, click, markdown, slack.log, fields);
        if (!sent)
          await privately.post(
            buildNoticeMessage('I could not send the plan just now. Please try again in a moment.'),
          );
        else if (sent.channel !== click.channel)
          await privately.post(
            buildNoticeMessage('I sent the plan to our direct messages, as a Markdown file.'),
          );
      }),
    );
  };
}

function sharedCopy(
  slack: SlackAdvisor,
  reply: Reply,
  key: string,
  user: string,
  oneOff?: { x: 'ask' | 'explain'; q: string },
): SlackMessage {
  return buildReplyMessage(reply, {
    key,
    surface: 'thread',
    lookup: slack.lookup,
    sharedBy: user,
    ...(oneOff ? { oneOff: { x: oneOff.x, q: oneOff.q } } : {}),
  });
}

/** Posts a shared copy in a channel; if that fails (a private channel the bot is not in), tells the user in their DM. */
async function shareTo(
  slack: SlackAdvisor,
  client: Client,
  channel: string,
  message: SlackMessage,
  who: { team: string; user: string },
  fields: Record<string, unknown>,
): Promise<void> {
  const posted = await new ChannelOutlet(client, channel, undefined, slack.log, {
    ...fields,
    sharing: true,
  }).post(message);
  if (posted) return;
  const dm = await slack.deps.dms.channelFor(client, who.team, who.user);
  await new ChannelOutlet(client, dm, undefined, slack.log, fields).post(
    buildNoticeMessage(
      `I could not post the recommendation in <#${channel}>. If it is a private channel, invite me first with \`/invite\`, then share again.`,
    ),
  );
}

/** The share modal's submit: the picked channel gets the recommendation, after the ack (nothing to store). */
export function onShareSubmit(slack: SlackAdvisor) {
  return async ({ ack, body, view, client, context }: ViewArgs): Promise<void> => {
    const selected = view.state.values[BLOCKS.shareChannel]?.[ACTIONS.shareChannel]?.selected_conversation;
    if (!selected) {
      await ack({
        response_action: 'errors',
        errors: { [BLOCKS.shareChannel]: 'Pick a channel to post in.' },
      });
      return;
    }
    await ack();
    const team = context.teamId ?? body.team?.id ?? body.user.team_id;
    const fields = { view: view.callback_id, team, user: body.user.id, channel: selected };
    slack.later('share modal', fields, () =>
      guarded(slack, 'share modal', fields, null, async () => {
        const value = decodeAction(view.private_metadata);
        if (!team || value?.t !== 'share-rec') {
          slack.log.warn('share modal without a recommendation to share', fields);
          return;
        }
        const record = await slack.deps.history.get(team, value.o, value.r);
        if (!record) {
          slack.log.warn('shared recommendation no longer in the history', { ...fields, record: value.r });
          return;
        }
        const message = sharedCopy(
          slack,
          slack.deps.advisor.presenter.recommendation(record.recommendation, undefined, { invite: false }),
          record.key,
          body.user.id,
        );
        await shareTo(slack, client, selected, message, { team, user: body.user.id }, fields);
      }),
    );
  };
}
