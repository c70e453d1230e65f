import type { StrategyId } from '../../content/knowledge-schema.js';
import type { Choice, Recommendation, Reply, SlotValue } from '../types.js';
import type { ResponseId, ResponseParams } from './responses.js';

export type QuestionForm = 'ask' | 'rephrase' | 'help' | 'reminder' | 'explain';

/** An answer the turn took in, for "Got it: …". */
export interface Noted {
  slot: string;
  value: SlotValue;
  /** The user's words, echoed so a misreading is caught at once. */
  quote?: string;
}

export interface Changed {
  slot: string;
  from: SlotValue;
  to: SlotValue;
}

/**
 * What the policy decided, as data; rendering turns it into words. The order matters: notes are
 * said before the question, recommendation or answer that follows them.
 */
export type Outcome =
  /** A line said before whatever comes next. */
  | { type: 'note'; id: ResponseId; params?: ResponseParams }
  | { type: 'noted'; items: Noted[] }
  | { type: 'updated'; changes: Changed[] }
  /** A correction that repeats what is saved ("it's 2 million, not 5000" when 2 million is held). */
  | { type: 'restated'; items: Noted[] }
  /**
   * Pose a slot's question: `ask` as worded in the flow, `rephrase` differently with examples
   * (after a reply that was not understood), `help` as the step's help with buttons only,
   * `reminder` after a digression, `explain` when the user asks for help (with the controls).
   */
  | { type: 'question'; slot: string; form: QuestionForm; quote?: string }
  /** "Did you mean A or B?", with a way to say something else. */
  | { type: 'confirm'; slot: string; options: Choice[]; noun?: string; change?: boolean }
  | {
      type: 'recommendation';
      recommendation: Recommendation;
      /** `asked`: the user asked for the advice again ("so do we train or not?"). */
      change: 'first' | 'same' | 'changed' | 'refined' | 'asked';
      before?: StrategyId;
    }
  /** An answer composed elsewhere (a follow-up question, a what-if). */
  | { type: 'reply'; reply: Reply }
  | { type: 'status' }
  | { type: 'resume-offer' }
  /** Nothing is pending: invite a description, or questions once advised. */
  | { type: 'open' }
  | { type: 'error'; id: ResponseId; params?: ResponseParams };
