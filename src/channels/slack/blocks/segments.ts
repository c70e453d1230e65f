import type { Segment, StrategyId } from '../../../core/types.js';
import { escapeMrkdwn } from '../text.js';
import { type Block, divider, header, sections } from './kit.js';

/** What a citation shows: the paper, its year and where to read it. */
export interface Citation {
  short: string;
  title: string;
  /** Papers always have one; a guide may not. */
  year?: number;
  arxiv?: string;
  url: string;
}

/** The lookups the builders need from the core, passed in so the builders stay pure. */
export interface Lookup {
  citation(id: string): Citation | undefined;
  /** Short name used in running text ("SFT"). */
  strategyName(id: StrategyId): string;
  /** Full name used in titles ("Supervised fine-tuning (SFT)"). */
  strategyTitle(id: StrategyId): string;
}

/** A URL inside <…|…>: only the three control characters need escaping (and the pipe cannot appear in ours). */
function linkTarget(url: string): string {
  return escapeMrkdwn(url).replace(/\|/g, '%7C');
}

/** "• *LIMA* (2023). _LIMA: Less Is More for Alignment_. <https://arxiv.org/abs/2305.11206|arXiv:2305.11206>" */
export function citationLine(id: string, lookup: Lookup): string {
  const entry = lookup.citation(id);
  if (!entry) return `• ${escapeMrkdwn(id)}`;
  const where = entry.arxiv
    ? `<${linkTarget(`https://arxiv.org/abs/${entry.arxiv}`)}|arXiv:${escapeMrkdwn(entry.arxiv)}>`
    : `<${linkTarget(entry.url)}|${escapeMrkdwn(hostOf(entry.url))}>`;
  const year = entry.year === undefined ? '' : ` (${entry.year})`;
  return `• *${escapeMrkdwn(entry.short)}*${year}. _${escapeMrkdwn(entry.title)}_. ${where}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A list item as mrkdwn: numbered items keep their number instead of a bullet. */
function item(text: string): string {
  return /^\d+\.\s/.test(text) ? escapeMrkdwn(text) : `• ${escapeMrkdwn(text)}`;
}

function segmentMrkdwn(segment: Exclude<Segment, { type: 'sources' } | { type: 'heading' }>): string {
  return segment.type === 'paragraph' ? escapeMrkdwn(segment.text) : segment.items.map(item).join('\n');
}

export interface BodyOptions {
  /** Render the first heading as a header block (a recommendation's title). */
  titleFromFirstHeading?: boolean;
}

/**
 * The core's segments as blocks: each heading starts a section that holds the paragraphs and lists
 * under it (headings as *bold* lines, lists as "• " lines), and sources close the message after a
 * divider, one line per paper with its year and arXiv link.
 */
export function bodyBlocks(body: Segment[], lookup: Lookup, options: BodyOptions = {}): Block[] {
  const blocks: Block[] = [];
  let titled = !options.titleFromFirstHeading;
  let group: string[] = [];
  let afterHeading = false;
  const flush = () => {
    if (group.length > 0) blocks.push(...sections(group.join('\n')));
    group = [];
    afterHeading = false;
  };
  for (const segment of body) {
    switch (segment.type) {
      case 'heading':
        flush();
        if (!titled) {
          blocks.push(header(segment.text));
          titled = true;
        } else {
          group.push(`*${escapeMrkdwn(segment.text)}*`);
          afterHeading = true;
        }
        break;
      case 'sources':
        flush();
        if (segment.ids.length > 0) {
          blocks.push(divider());
          blocks.push(
            ...sections(['*Sources*', ...segment.ids.map((id) => citationLine(id, lookup))].join('\n')),
          );
        }
        break;
      default:
        // Content follows its heading directly; parts under one heading are separated by a blank line.
        if (group.length > 0 && !afterHeading) group.push('');
        group.push(segmentMrkdwn(segment));
        afterHeading = false;
        break;
    }
  }
  flush();
  return blocks;
}
