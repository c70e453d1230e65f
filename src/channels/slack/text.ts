/**
 * Text crossing the Slack boundary. Incoming text is Slack markup (mentions as <@U…>, `&amp;`…);
 * the core wants plain words. Outgoing mrkdwn must never carry markup we did not write, so every
 * piece of core text is escaped: then no message of ours can ping @channel, @here or a group.
 */

/** Escapes the three characters Slack treats as control characters in mrkdwn and message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SPECIAL_MENTIONS: Record<string, string> = {
  here: '@here',
  channel: '@channel',
  everyone: '@everyone',
};

/** One <…> entity of Slack markup as the plain words a reader sees. */
function plainEntity(inner: string, botUserId: string | undefined): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    if (botUserId && id === botUserId) return '';
    return label ? `@${label.replace(/^@/, '')}` : `@${id}`;
  }
  if (target.startsWith('#')) return label ? `#${label}` : '#channel';
  if (target.startsWith('!')) {
    const name = target.slice(1);
    if (name.startsWith('subteam^')) return label ? `@${label.replace(/^@/, '')}` : '@group';
    if (name.startsWith('date^')) return label ?? '';
    return SPECIAL_MENTIONS[name] ?? label ?? name;
  }
  return label ?? target;
}

/** Slack message markup to plain text: entities to words, HTML entities decoded, the bot's own mention dropped. */
export function fromSlackText(text: string, botUserId?: string): string {
  const words = text.replace(/<([^<>]*)>/g, (_, inner: string) => plainEntity(inner, botUserId));
  return words
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Where to cut `text` to keep at most `max` code units, never inside a surrogate pair. */
function safeCut(text: string, max: number): string {
  const cut = text.slice(0, Math.max(0, max));
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Shortens plain text to at most `max` characters (code units), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, max - 1)}…`;
}

/** As truncate, for escaped mrkdwn: never leaves half an `&amp;` entity behind. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, max - 1).replace(/&[a-z]*$/, '')}…`;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, preferring line breaks, then
 * spaces, and never cutting an entity or a surrogate pair.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = safeCut(rest, max).replace(/&[a-z]*$/, '');
    const newline = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    const at = newline > max / 2 ? newline : space > max / 2 ? space : window.length;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[\n ]+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
