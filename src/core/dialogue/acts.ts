import type { ControlIntent } from '../../content/language-schema.js';
import type { Reading } from '../nlu/readings.js';

/**
 * What a message does, as plain typed data: the output of interpretation and the input of the
 * policy. One message can hold several acts ("we have 800 examples … what's the best way?").
 */
export type Act =
  | InformAct
  | DataAct
  | UnsureAct
  | AskAct
  | WhatIfAct
  | { type: 'seek-advice'; text: string }
  | { type: 'control'; control: ControlIntent }
  | { type: 'foreign-language' };

/** How a statement relates to what was said before. */
export interface Stance {
  /** "actually …", "no, …", "I meant …", "it's X not Y": replaces a saved answer. */
  correction: boolean;
  /** "also …", "… as well", "plus …": adds to a saved answer instead of replacing it. */
  additive: boolean;
  /** The reply to the question being asked. */
  awaited: boolean;
}

/** A value for an enum slot, with the words that say it. */
export interface InformAct extends Stance {
  type: 'inform';
  slot: string;
  value: string;
  quote: string;
  /**
   * `statement`: describes the situation (a cue phrase, a short answer next to its topic, or a
   * confident reply to the question); `topic`: the subject of another answer ("high, the tone has
   * to match"), which may fill an empty slot but never replaces one; `passing`: incidental words
   * that only fill a gap.
   */
  weight: 'statement' | 'topic' | 'passing';
  via: Reading['via'] | 'both';
  confidence?: number;
  /** Read by a structural rule that the classifier may overrule only when nearly certain. */
  firm?: boolean;
  /** The reply named the value itself ("high, it should really feel like her"). */
  ownName?: boolean;
  /** Read from the denial of this slot's other value ("not a general assistant" → one task). */
  denies?: string;
}

/**
 * Data the user has: a kind, an amount, or both ("2k tickets with the agent's reply"). The
 * policy decides whether it is the main kind or a second one; a number belongs to the noun it counts.
 */
export interface DataAct extends Stance {
  type: 'data';
  /** The kind, when the words settle it; null for an amount whose noun could be any kind ("examples"). */
  kind: string | null;
  /** Several kinds the words could mean ("transcripts": demonstrations or raw text). */
  either?: string[];
  amount?: { value: number; unit: 'items' | 'tokens'; quote: string; vague?: string };
  quote: string;
  weight: 'statement' | 'passing';
  /** The kind was not said, only assumed from "we have N examples": it never replaces a kind already known. */
  defaulted?: boolean;
  /** The kind is only what the counted noun usually is ("1,100 reports"): it never moves data already known. */
  nounDefault?: boolean;
  /** The kind was read from how the items are built ("note -> summary", "with a summary attached"): a classifier does not overrule it. */
  firm?: boolean;
  /**
   * The words name this kind: a cue of the kind ("chosen/rejected pairs") or a counted noun of one
   * kind ("2,800 PDFs"). Unset when the kind is only a default, a hint or a guess.
   */
  stated?: boolean;
  /** Data the model was already fine-tuned on, named beside the data for the next step: not counted. */
  used?: boolean;
  /** A word of the kind itself names it ("unlabeled", "the labelled set"), beyond the counted noun's default. */
  kindNamed?: boolean;
  /** The amount this one replaces ("300 pairs, not 3k" replaces 3,000): which saved amount it corrects. */
  replaces?: number;
  /** The kind the message says this data is not ("they're not unlabeled docs … input->output pairs"). */
  denies?: string;
}

/** The reply to the question could mean either of these: "Did you mean A or B?". */
export interface UnsureAct {
  type: 'unsure';
  slot: string;
  candidates: string[];
  quote: string;
  /** After the advice: the first candidate would replace the second, the answer held now. */
  change?: boolean;
}

export interface AskAct {
  type: 'ask';
  /** The question as asked, with any context sentence before it. */
  text: string;
}

/** "What if we had 10k examples?": the answers it would change, never saved. */
export interface WhatIfAct {
  type: 'what-if';
  text: string;
  changes: { slot: string; value: string | number; unit?: 'items' | 'tokens'; quote: string }[];
}

export function isStance(act: Act): act is InformAct | DataAct {
  return act.type === 'inform' || act.type === 'data';
}
