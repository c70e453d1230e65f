/**
 * What a button carries. Slack signs every interaction payload, so a value comes back exactly as
 * we wrote it; it still gets validated, because a value written by an older version of this app
 * (a message posted before a deploy) must be read safely or refused, never guessed at.
 */

/** Slack's limit on a button's value. */
export const MAX_ACTION_VALUE = 2000;

export type ActionValue =
  /** An answer to the question on screen: a choice for `slot`, or (slot null) text to send. */
  | { t: 'answer'; k: string; s: string | null; v: string }
  /** A follow-up under a recommendation, sent as text. */
  | { t: 'say'; k: string; v: string }
  /** Share a recorded recommendation: its owner and record id. */
  | { t: 'share-rec'; o: string; r: string }
  /** Share a one-off answer: the conversation it was grounded in, and the question to answer again. */
  | { t: 'share-answer'; k: string; x: 'ask' | 'explain'; q: string }
  /** Send a recorded recommendation's plan to the clicker's DM: its owner and record id. */
  | { t: 'plan'; o: string; r: string };

/** The value as a string, or null when it would exceed Slack's limit (the caller then leaves the button out). */
export function encodeAction(value: ActionValue): string | null {
  const json = JSON.stringify(value);
  return json.length <= MAX_ACTION_VALUE ? json : null;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function decodeAction(raw: string | undefined): ActionValue | null {
  if (!raw) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const value = data as Record<string, unknown>;
  switch (value.t) {
    case 'answer':
      return isString(value.k) && (value.s === null || isString(value.s)) && isString(value.v)
        ? { t: 'answer', k: value.k, s: value.s, v: value.v }
        : null;
    case 'say':
      return isString(value.k) && isString(value.v) ? { t: 'say', k: value.k, v: value.v } : null;
    case 'share-rec':
      return isString(value.o) && isString(value.r) ? { t: 'share-rec', o: value.o, r: value.r } : null;
    case 'plan':
      return isString(value.o) && isString(value.r) ? { t: 'plan', o: value.o, r: value.r } : null;
    case 'share-answer':
      return isString(value.k) && (value.x === 'ask' || value.x === 'explain') && isString(value.q)
        ? { t: 'share-answer', k: value.k, x: value.x, q: value.q }
        : null;
    default:
      return null;
  }
}
