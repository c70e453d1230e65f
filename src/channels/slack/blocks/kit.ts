import type { types } from '@slack/bolt';
import { splitMrkdwn, truncate, truncateMrkdwn } from '../text.js';

export type Block = types.KnownBlock;
export type Button = types.Button;

/** A message as chat.postMessage, chat.update and response_url take it: text for notifications and screen readers, blocks for display. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits, and the budget we keep under them. */
export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextText: 2000,
  actionsElements: 25,
  /** Slack's guidance is about 12k characters of blocks per message; we stay well under. */
  messageBlockChars: 10_000,
  /** App Home views may be larger than messages; still bounded so a long history cannot break publishing. */
  homeBlockChars: 24_000,
  /** The top-level text: it feeds notifications, which show a line or two. */
  text: 3000,
} as const;

/** Sections for escaped mrkdwn; long text is split over several sections at line breaks. */
export function sections(mrkdwn: string): Block[] {
  if (mrkdwn.trim() === '') return [];
  return splitMrkdwn(mrkdwn, LIMITS.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

export function context(mrkdwn: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, LIMITS.contextText) }],
  };
}

export function header(text: string): Block {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  const element: Button = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    value,
  };
  if (style) element.style = style;
  return element;
}

export function actions(elements: Button[]): Block[] {
  const kept = elements.slice(0, LIMITS.actionsElements);
  return kept.length > 0 ? [{ type: 'actions', elements: kept }] : [];
}

export function blockChars(blocks: Block[]): number {
  return JSON.stringify(blocks).length;
}

export const SHORTENED_NOTICE = 'This message was shortened to fit in Slack. Ask me about any part of it.';

/**
 * Keeps a message within its block count and size budget: content is dropped from the end and a
 * notice says so, while the trailing buttons (what the user can do next) are always kept.
 */
export function fitBlocks(blocks: Block[], budget: { maxBlocks: number; maxChars: number }): Block[] {
  if (blocks.length <= budget.maxBlocks && blockChars(blocks) <= budget.maxChars) return blocks;
  let split = blocks.length;
  while (split > 0 && blocks[split - 1]?.type === 'actions') split -= 1;
  const tail = blocks.slice(split);
  const body = blocks.slice(0, split);
  const notice = context(SHORTENED_NOTICE);
  const fits = () =>
    body.length + tail.length + 1 <= budget.maxBlocks &&
    blockChars([...body, notice, ...tail]) <= budget.maxChars;
  while (body.length > 0 && !fits()) body.pop();
  while (body.at(-1)?.type === 'divider') body.pop();
  return [...body, notice, ...tail];
}
