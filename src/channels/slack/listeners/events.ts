import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { dmKey, type TurnRef, threadKey } from '../keys.js';
import { ChannelOutlet } from '../outlet.js';
import type { SlackAdvisor } from '../service.js';
import { fromSlackText } from '../text.js';
import { guarded, teamOf, turnId } from './context.js';

type EventArgs<Name extends string> = SlackEventMiddlewareArgs<Name> & AllMiddlewareArgs;

/**
 * A direct message: the whole conversation, in free text (buttons arrive as actions). Only a
 * person's new message counts: edits, deletions, joins and file shares carry a subtype, and
 * messages from bots (ours included) carry a bot_id, so none of them can start a loop.
 * The listener returns once the turn is stored (Bolt sends the ack then); replies follow.
 */
export function onDirectMessage(slack: SlackAdvisor) {
  return async ({ event, context, client, body }: EventArgs<'message'>): Promise<void> => {
    if (event.subtype !== undefined || event.channel_type !== 'im') return;
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    if (typeof event.text !== 'string') return;
    const team = teamOf(context, event.team, body.team_id);
    if (!team) return;
    const ref: TurnRef = {
      key: dmKey(team, event.channel),
      team,
      user: event.user,
      surface: 'dm',
      channel: event.channel,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    };
    const fields = { key: ref.key, user: ref.user, eventId: body.event_id };
    const outlet = new ChannelOutlet(client, event.channel, event.thread_ts, slack.log, fields);
    await guarded(slack, 'direct message', fields, outlet, async () => {
      slack.deps.dms.remember(team, event.user, event.channel);
      const text = fromSlackText(event.text ?? '', context.botUserId);
      await slack.turn(ref, { kind: 'text', text: text || 'hello' }, outlet, {
        id: turnId.event(body.event_id),
      });
    });
  };
}

/**
 * A mention in a channel: the reply goes in a thread under it, and the thread is the conversation,
 * so several people can each run their own in one channel. A mention inside a thread continues
 * that thread's conversation.
 */
export function onMention(slack: SlackAdvisor) {
  return async ({ event, context, client, body }: EventArgs<'app_mention'>): Promise<void> => {
    if (event.subtype !== undefined || event.bot_id || event.edited) return;
    if (!event.user || event.user === context.botUserId) return;
    const team = teamOf(context, event.team, body.team_id);
    if (!team) return;
    const threadTs = event.thread_ts ?? event.ts;
    const ref: TurnRef = {
      key: threadKey(team, event.channel, threadTs),
      team,
      user: event.user,
      surface: 'thread',
      channel: event.channel,
      threadTs,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    };
    const fields = { key: ref.key, user: ref.user, eventId: body.event_id };
    const outlet = new ChannelOutlet(client, event.channel, threadTs, slack.log, fields);
    await guarded(slack, 'mention', fields, outlet, async () => {
      // A bare mention ("@ftadvisor") starts the conversation like a greeting.
      const text = fromSlackText(event.text, context.botUserId);
      await slack.turn(ref, { kind: 'text', text: text || 'hello' }, outlet, {
        id: turnId.event(body.event_id),
      });
    });
  };
}
