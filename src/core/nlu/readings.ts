/**
 * A slot value read from the user's words, with the evidence for it: the exact words that say it,
 * where they are, and how much they can be trusted. Rules and the statistical classifier both
 * produce readings; the dialogue's interpretation turns them into acts.
 */
export interface Reading {
  slot: string;
  value: string | number;
  /** The words that produced the value, as the user wrote them: what a reason may quote. */
  quote: string;
  /** Character span of `quote` in the message. */
  start: number;
  end: number;
  /**
   * - `strong`: a cue phrase that states the value on its own ("changes every week").
   * - `scoped`: a short answer next to its topic ("tone is crucial"): a statement about the slot.
   * - `answer`: a short answer that only means something as a reply to this slot's question ("very").
   * - `topic`: a cue that is the topic of another answer ("high, the *tone* has to match"): fills a
   *   gap, never overwrites.
   * - `weak`: incidental words ("our docs" suggests raw text): fills a gap, never overwrites.
   */
  strength: 'strong' | 'scoped' | 'answer' | 'topic' | 'weak';
  via: 'rule' | 'model';
  /** The classifier's probability for `value`, when it produced or checked the reading. */
  confidence?: number;
  /** Amounts: what was counted. */
  unit?: 'items' | 'tokens';
  /** Amounts: the kinds of data the counted noun suggests ([] for any kind). */
  kinds?: readonly string[];
  /** Amounts: the vague phrase we read as a number ("a few hundred" as 300). */
  vague?: string;
  /** Amounts: the counted noun fits any kind ("pairs"), so a kind stated next to it may decide. */
  headGeneric?: boolean;
  /** Amounts: the kind is only what the bare noun usually is ("1,100 reports"), nothing stated it. */
  nounDefault?: boolean;
  /** Amounts: set aside by the message ("60k, not 200k"; "the 3k number was page views"): the value it replaces. */
  rejected?: boolean;
  /** A structural reading the classifier may overrule only when nearly certain ("code review suggestions" is one task). */
  firm?: boolean;
  /** The value's own name answers ("high", "low-ish"): no classifier's guess replaces it. */
  ownName?: boolean;
}

/** Statement-level readings describe the user's situation; the rest only fill gaps. */
export function isStatement(reading: Reading): boolean {
  return reading.strength === 'strong' || reading.strength === 'scoped';
}
