import type { types } from '@slack/bolt';
import type { Reply } from '../../../core/types.js';
import type { AdvisedRecord } from '../history.js';
import { ACTIONS } from '../ids.js';
import { escapeMrkdwn } from '../text.js';
import { type Block, button, context, divider, fitBlocks, header, LIMITS, sections } from './kit.js';
import { bodyBlocks, type Lookup } from './segments.js';

export interface HomeData {
  /** The newest recommendation, rendered in full. */
  latest: { record: AdvisedRecord; reply: Reply } | null;
  /** Earlier recommendations, newest first (the latest excluded). */
  history: AdvisedRecord[];
  /** How many answers the user's DM conversation holds, when it is mid-way. */
  inProgress: { answered: number } | null;
  /** A line at the top, e.g. after the start button was pressed. Written by us (mrkdwn). */
  notice?: string;
  lookup: Lookup;
}

/** Shown on the History list. */
export const HISTORY_SHOWN = 10;

/** A date Slack shows in the reader's own time zone, with a UTC fallback for old clients. */
export function slackDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return escapeMrkdwn(iso);
  const fallback = `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(time / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

export function where(record: AdvisedRecord): string {
  switch (record.surface) {
    case 'thread':
      return `in a thread in <#${record.channel}>`;
    case 'command':
      return `with /finetune in <#${record.channel}>`;
    default:
      return 'in a direct message';
  }
}

function historyLine(record: AdvisedRecord, lookup: Lookup): string {
  const { primary, complementary, confidence } = record.recommendation;
  const also = complementary.map((id) => escapeMrkdwn(lookup.strategyName(id))).join(' + ');
  return `• ${slackDate(record.at)}: *${escapeMrkdwn(lookup.strategyTitle(primary))}*${also ? ` + ${also}` : ''} (confidence ${confidence}), ${where(record)}`;
}

/** The App Home tab: start a new recommendation, the latest one in full, and the history. */
export function buildHomeView(data: HomeData): types.HomeView {
  const blocks: Block[] = [
    header('Fine-tuning advisor'),
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'I recommend a fine-tuning strategy for your project (continued pretraining, SFT, instruction tuning, RAG, DPO, or just prompting) and show the research behind it.',
      },
      accessory: button('Start a new recommendation', ACTIONS.homeStart, 'start', 'primary'),
    },
  ];
  if (data.notice) blocks.push(context(data.notice));
  if (data.inProgress) {
    const count = data.inProgress.answered;
    blocks.push(
      context(
        `You have a conversation in progress (${count} answer${count === 1 ? '' : 's'} so far). Continue it in the *Messages* tab.`,
      ),
    );
  }
  blocks.push(divider());
  if (data.latest) {
    blocks.push(
      context(
        `*Your latest recommendation*, ${slackDate(data.latest.record.at)}, ${where(data.latest.record)}`,
      ),
    );
    blocks.push(...bodyBlocks(data.latest.reply.body, data.lookup, { titleFromFirstHeading: true }));
  } else {
    blocks.push(
      ...sections(
        'No recommendation yet. Press *Start a new recommendation*, send me a direct message, or type `/finetune start` in any channel.',
      ),
    );
  }
  const earlier = data.history.slice(0, HISTORY_SHOWN);
  if (earlier.length > 0) {
    blocks.push(divider(), header('Earlier recommendations'));
    blocks.push(...sections(earlier.map((record) => historyLine(record, data.lookup)).join('\n')));
  }
  return {
    type: 'home',
    blocks: fitBlocks(blocks, { maxBlocks: LIMITS.homeBlocks, maxChars: LIMITS.homeBlockChars }),
  };
}
