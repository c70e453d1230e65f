import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS, COMMAND, EVENTS, indexedActionPattern, VIEWS } from '../ids.js';
import type { SlackAdvisor } from '../service.js';
import { onAnswer, onFollowUp, onPlan, onShare, onShareSubmit } from './actions.js';
import { onFinetune } from './commands.js';
import { onDirectMessage, onMention } from './events.js';
import { onHomeOpened, onHomeStart } from './home.js';
import { processOnce } from './once.js';

/** The part of a Bolt app that listeners are registered on (a recording fake in the manifest test). */
export type ListenerApp = Pick<App, 'use' | 'event' | 'command' | 'action' | 'view'>;

/** Every Slack surface, registered from the ids in ids.ts. */
export function registerListeners(app: ListenerApp, slack: SlackAdvisor): void {
  app.use(processOnce(slack.deps.dedup, slack.log));

  app.event(EVENTS.directMessage.name, onDirectMessage(slack));
  app.event(EVENTS.mention.name, onMention(slack));
  app.event(EVENTS.homeOpened.name, onHomeOpened(slack));

  app.command(COMMAND.name, onFinetune(slack));

  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: indexedActionPattern(ACTIONS.answer) },
    onAnswer(slack),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: indexedActionPattern(ACTIONS.followUp) },
    onFollowUp(slack),
  );
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTIONS.share }, onShare(slack));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTIONS.plan }, onPlan(slack));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: ACTIONS.homeStart }, onHomeStart(slack));

  app.view({ type: 'view_submission', callback_id: VIEWS.share }, onShareSubmit(slack));
}
