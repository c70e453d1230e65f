import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildHelpMessage, buildTopicsMessage } from '../blocks/help.js';
import { buildNoticeMessage } from '../blocks/reply.js';
import { COMMAND, type Subcommand } from '../ids.js';
import { dmKey, type TurnRef } from '../keys.js';
import { ResponseUrlOutlet } from '../outlet.js';
import { sendPlanToDm } from '../plan-file.js';
import type { SlackAdvisor } from '../service.js';
import { fromSlackText } from '../text.js';
import { type Client, guarded, turnId } from './context.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export type ParsedCommand =
  | { name: Subcommand; argument: string }
  /** A first word that is no subcommand: answered with help, never silence. */
  | { name: 'unknown'; word: string };

/** "/finetune ask how much data?" -> ask + "how much data?". No text at all means help. */
export function parseSubcommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { name: 'help', argument: '' };
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  const word = first.toLowerCase();
  const known = COMMAND.subcommands.find((name) => name === word);
  if (!known) return { name: 'unknown', word: first };
  return { name: known, argument: trimmed.slice(first.length).trim() };
}

/**
 * /finetune, answered through the response_url, ephemerally: only the user sees it, in any
 * channel, whether or not the bot is a member. The command continues the user's DM conversation,
 * so `status` shows the same answers whether they were given in a DM or here. The ack follows
 * the turn being stored (start, restart, status); everything posted follows the ack.
 */
export function onFinetune(slack: SlackAdvisor) {
  return async ({ command, ack, respond, client, context }: CommandArgs): Promise<void> => {
    await ack();
    const fields = {
      command: COMMAND.name,
      team: command.team_id,
      user: command.user_id,
      channel: command.channel_id,
    };
    const outlet = new ResponseUrlOutlet(respond, 'ephemeral', slack.log, fields);
    const durable = guarded(slack, 'slash command', fields, outlet, async () => {
      const parsed = parseSubcommand(fromSlackText(command.text ?? '', context.botUserId));
      const team = context.teamId ?? command.team_id;
      await run(slack, parsed, {
        client,
        team,
        user: command.user_id,
        channel: command.channel_id,
        id: turnId.command(command.trigger_id),
        outlet,
        fields,
      });
    });
    await slack.settle('slash command', fields, durable);
  };
}

interface Invocation {
  client: Client;
  team: string;
  user: string;
  channel: string;
  /** What this invocation's turn is stored under (the same in a redelivery of the command). */
  id: string;
  outlet: ResponseUrlOutlet;
  fields: Record<string, unknown>;
}

async function refFor(slack: SlackAdvisor, at: Invocation): Promise<TurnRef> {
  const dm = await slack.deps.dms.channelFor(at.client, at.team, at.user);
  return { key: dmKey(at.team, dm), team: at.team, user: at.user, surface: 'command', channel: at.channel };
}

/** The durable part of a subcommand; what it posts is handed to slack.later(). */
async function run(slack: SlackAdvisor, parsed: ParsedCommand, at: Invocation): Promise<void> {
  switch (parsed.name) {
    case 'unknown':
      slack.later('help', at.fields, () => at.outlet.post(buildHelpMessage({ unknown: parsed.word })));
      return;
    case 'help':
      slack.later('help', at.fields, () => at.outlet.post(buildHelpMessage()));
      return;
    case 'start':
      await start(slack, at);
      return;
    case 'restart':
      await slack.turn(await refFor(slack, at), { kind: 'text', text: 'start over' }, at.outlet, {
        id: at.id,
      });
      return;
    case 'status':
      await slack.turn(await refFor(slack, at), { kind: 'text', text: 'status' }, at.outlet, { id: at.id });
      return;
    case 'plan':
      // Changes no conversation: nothing to store, so all of it happens after the ack.
      slack.later('plan', at.fields, () =>
        guarded(slack, '/finetune plan', at.fields, at.outlet, () => sendPlan(slack, at)),
      );
      return;
    case 'ask':
    case 'explain': {
      // Changes no conversation: nothing to store, so all of it happens after the ack.
      const kind = parsed.name;
      slack.later(kind, at.fields, () =>
        guarded(slack, `/finetune ${kind}`, at.fields, at.outlet, () =>
          oneOff(slack, at, kind, parsed.argument),
        ),
      );
      return;
    }
  }
}

/**
 * Begins a conversation, or picks it up: the pending question is asked again, and a finished
 * one shows its recommendation again with its buttons (here nobody can type an answer, so a
 * bare "ask me anything" would leave the user stuck).
 */
async function start(slack: SlackAdvisor, at: Invocation): Promise<void> {
  const ref = await refFor(slack, at);
  const session = await slack.deps.conversations.peek(ref.key);
  if (session?.phase === 'advised') {
    const record = await slack.latestRecord(at.team, at.user, ref.key);
    if (record) {
      const reply = slack.deps.advisor.presenter.recommendation(
        record.recommendation,
        'Here is your latest recommendation. Ask me about it, share it, or start over.',
      );
      slack.later('posting replies', at.fields, () => slack.postReplies(ref, [reply], at.outlet), ref.key);
      return;
    }
  }
  await slack.turn(ref, { kind: 'text', text: 'hello' }, at.outlet, { id: at.id });
}

/** The plan of the user's DM conversation, as a file in that DM; the reply here stays ephemeral. */
async function sendPlan(slack: SlackAdvisor, at: Invocation): Promise<void> {
  const ref = await refFor(slack, at);
  const plan = slack.deps.advisor.plan(await slack.deps.conversations.peek(ref.key));
  if (!plan) {
    await at.outlet.post(
      buildNoticeMessage(
        `There is no plan yet: it comes with your recommendation. Use \`${COMMAND.name} start\` to get one.`,
      ),
    );
    return;
  }
  const sent = await sendPlanToDm(at.client, slack.deps.dms, at, plan.markdown, slack.log, at.fields);
  await at.outlet.post(
    buildNoticeMessage(
      sent
        ? 'I sent your plan to our direct messages, as a Markdown file. Only you can see it there until you share it.'
        : 'I could not send the plan just now. Please try again in a moment.',
    ),
  );
}

async function oneOff(
  slack: SlackAdvisor,
  at: Invocation,
  kind: 'ask' | 'explain',
  argument: string,
): Promise<void> {
  if (argument === '') {
    await at.outlet.post(buildHelpMessage({ missingArgument: kind }));
    return;
  }
  const ref = await refFor(slack, at);
  const replies = await slack.oneOff(ref.key, kind === 'ask' ? argument : `explain ${argument}`);
  const grounded = replies.some((reply) => reply.citations.length > 0);
  if (kind === 'explain' && !grounded) {
    await at.outlet.post(buildTopicsMessage(argument, slack.topics()));
    return;
  }
  if (replies.length === 0) {
    await at.outlet.post(
      buildNoticeMessage(
        `I could not answer that from the research I know. Ask about a strategy or a paper, e.g. \`${COMMAND.name} ask how much data does DPO need?\`; for advice on your own project, use \`${COMMAND.name} start\`.`,
      ),
    );
    return;
  }
  await slack.postReplies(ref, replies, at.outlet, { oneOff: { x: kind, q: argument } });
}
