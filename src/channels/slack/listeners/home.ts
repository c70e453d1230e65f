import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from '@slack/bolt';
import { dmKey, type TurnRef } from '../keys.js';
import { ChannelOutlet } from '../outlet.js';
import type { SlackAdvisor } from '../service.js';
import { guarded, teamOf, turnId } from './context.js';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The App Home tab: published fresh each time it is opened, after the ack (nothing to store). */
export function onHomeOpened(slack: SlackAdvisor) {
  return async ({ event, context, client, body }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const team = teamOf(context, body.team_id);
    if (!team) return;
    const fields = { event: event.type, team, user: event.user };
    // The event's channel is the user's DM with the app: the conversation the home reports on.
    if (event.channel) slack.deps.dms.remember(team, event.user, event.channel);
    slack.later('app home', fields, () =>
      slack.publishHome(client, team, event.user, event.channel || undefined),
    );
  };
}

/**
 * "Start a new recommendation" on the App Home: the conversation starts in the Messages tab. The
 * ack follows the new turn being stored; the greeting and the refreshed home follow the ack.
 */
export function onHomeStart(slack: SlackAdvisor) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const team = teamOf(context, body.team?.id, body.user.team_id);
    const user = body.user.id;
    const fields = { action: 'home start', team, user };
    const durable = guarded(slack, 'app home start', fields, null, async () => {
      if (!team) return;
      const dm = await slack.deps.dms.channelFor(client, team, user);
      const ref: TurnRef = { key: dmKey(team, dm), team, user, surface: 'dm', channel: dm };
      const session = await slack.deps.conversations.peek(ref.key);
      // A first conversation starts with the greeting; an existing one is reset.
      const text = session && Object.keys(session.answers).length > 0 ? 'start over' : 'hello';
      await slack.turn(
        ref,
        { kind: 'text', text },
        new ChannelOutlet(client, dm, undefined, slack.log, fields),
        { id: turnId.click(body.trigger_id) },
      );
      // In the conversation's lane: after its greeting is posted.
      slack.later(
        'app home',
        fields,
        () =>
          slack.publishHome(
            client,
            team,
            user,
            dm,
            ':speech_balloon: I started a new conversation: answer my first question in the *Messages* tab.',
          ),
        ref.key,
      );
    });
    await slack.settle('app home start', fields, durable);
  };
}
