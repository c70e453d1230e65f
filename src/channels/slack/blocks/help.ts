import { COMMAND } from '../ids.js';
import { escapeMrkdwn, truncate } from '../text.js';
import { type Block, context, type SlackMessage, sections } from './kit.js';

/** What each subcommand does, in the order help lists them. */
const USAGE: { usage: string; what: string }[] = [
  { usage: 'start', what: 'begin your recommendation, or pick up where you left off' },
  { usage: 'restart', what: 'start over from the first question' },
  { usage: 'status', what: 'what you have told me so far' },
  { usage: 'plan', what: 'your latest recommendation as a plan to act on, a Markdown file in our DM' },
  {
    usage: 'ask <question>',
    what: 'a one-off answer from the research, e.g. “how much data does DPO need?”',
  },
  { usage: 'explain <strategy or paper>', what: 'what a strategy is, or what a paper showed, e.g. “LIMA”' },
  { usage: 'help', what: 'this message' },
];

export interface HelpOptions {
  /** The subcommand that was not understood, to say so. */
  unknown?: string;
  /** Help for one subcommand that was given no argument. */
  missingArgument?: 'ask' | 'explain';
}

/** Slash command help: always shown for an unknown subcommand, never silence. */
export function buildHelpMessage(options: HelpOptions = {}): SlackMessage {
  const lines: string[] = [];
  if (options.unknown !== undefined) {
    lines.push(
      `I don't know \`${escapeMrkdwn(truncate(`${COMMAND.name} ${options.unknown}`, 100))}\`. Here is what I can do:`,
      '',
    );
  } else if (options.missingArgument) {
    const example = options.missingArgument === 'ask' ? 'how much data does DPO need?' : 'LIMA';
    lines.push(
      `\`${COMMAND.name} ${options.missingArgument}\` needs something after it, e.g. \`${COMMAND.name} ${options.missingArgument} ${example}\`.`,
      '',
    );
  }
  lines.push(`*How to use \`${COMMAND.name}\`*`);
  for (const { usage, what } of USAGE) {
    lines.push(`\`${COMMAND.name} ${escapeMrkdwn(usage)}\`: ${escapeMrkdwn(what)}`);
  }
  const blocks: Block[] = sections(lines.join('\n'));
  blocks.push(
    context(
      'Replies to the command are visible only to you; use *Share to channel* to post one. You can also send me a direct message, or mention me in a channel to talk in a thread.',
    ),
  );
  const text =
    options.unknown !== undefined
      ? `I don't know that command. Try ${COMMAND.name} start, restart, status, plan, ask, explain or help.`
      : `${COMMAND.name}: start, restart, status, plan, ask <question>, explain <strategy or paper>, help.`;
  return { text: escapeMrkdwn(text), blocks };
}

/** `explain` found nothing on a topic: say so, and list what it can explain. */
export function buildTopicsMessage(
  topic: string,
  topics: { strategies: string[]; papers: string[] },
): SlackMessage {
  const lead = `I have nothing in my knowledge base on “${escapeMrkdwn(truncate(topic, 200))}”.`;
  const text = [
    lead,
    '',
    `*Strategies I can explain:* ${escapeMrkdwn(topics.strategies.join(', '))}`,
    `*Papers and guides:* ${escapeMrkdwn(topics.papers.join(', '))}`,
    '',
    `Try \`${COMMAND.name} explain ${escapeMrkdwn(topics.papers[0] ?? 'LIMA')}\`.`,
  ].join('\n');
  return { text: lead, blocks: sections(text) };
}
