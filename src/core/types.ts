import type { StrategyId } from '../content/knowledge-schema.js';

export type { StrategyId };

/** A slot's value: an enum value id, or a number (dataSize). */
export type SlotValue = string | number;

/** Where an answer came from; anything but `user` lowers confidence or is shown as an assumption. */
export type AnswerSource = 'user' | 'default' | 'inferred';

export interface Answer {
  value: SlotValue;
  source: AnswerSource;
  /** The user's own words for this answer (a clause of their message, or the button label). */
  quote: string;
  /** For numbers: "a few hundred" read as 300 is an interpretation the user should see. */
  interpretation?: string;
  /** Picked with a button: reasons say "you chose" rather than "you said". */
  chosen?: boolean;
  /** Typed answers: read by the rules, the classifier, or both in agreement. */
  via?: 'rule' | 'model' | 'both';
  /**
   * A kind of data read from a noun named in passing ("answers are in our product label
   * registrations"), not stated: asked how many, an amount of another kind replaces it.
   */
  inPassing?: boolean;
}

export type Profile = Record<string, SlotValue>;

/** What arrives from a channel: free text, or a button press (a choice for a slot). */
export type TurnInput = { kind: 'text'; text: string } | { kind: 'choice'; slot: string; value: string };

export interface Choice {
  label: string;
  value: string;
}

/** Channel-neutral rich content; each channel renders it its own way (mrkdwn, HTML, plain text). */
export type Segment =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'sources'; ids: string[] };

export interface RankedStrategy {
  strategy: StrategyId;
  score: number;
}

export interface Reason {
  ruleId: string;
  strategy: StrategyId;
  /** Positive: counts for the strategy; negative: against it. */
  weight: number;
  text: string;
  cites: string[];
}

export interface Flip {
  slot: string;
  from: SlotValue;
  to: SlotValue;
  /** The primary the changed answer would give. */
  primary: StrategyId;
  text: string;
  /** The decision rule of the research fact sheet that licenses this change (knowledge/flips.yaml). */
  rule?: number;
}

/** One stage of a plan, in order: what to build, and why it comes at this point. */
export interface Stage {
  strategy: StrategyId;
  why: string;
  cites: string[];
  /** For the first stage: how to begin it given what was tried (strategies.yaml `start`). */
  start?: { text: string; cites: string[] };
}

export interface Recommendation {
  /** The strategy to start with: always the first stage. */
  primary: StrategyId;
  /**
   * The ordered plan (contract v2): `primary` first, then what follows it and why. Absent in
   * recommendations saved before plans existed; read them with stagesOf().
   */
  stages?: Stage[];
  /** The stages after the first (kept for channels and saved records that predate stages). */
  complementary: StrategyId[];
  ranking: RankedStrategy[];
  profile: Profile;
  /** 'high' unless answers were assumed or the top two are close. */
  confidence: 'high' | 'medium' | 'low';
  reasons: Reason[];
  guidance: { text: string; cites: string[] }[];
  caveats: { text: string; cites: string[] }[];
  flips: Flip[];
  assumptions: string[];
  citations: string[];
}

export type ReplyKind = 'question' | 'clarify' | 'recommendation' | 'answer' | 'info' | 'error';

export interface Reply {
  kind: ReplyKind;
  /** The whole reply as plain text: what a terminal prints and what notifications show. */
  text: string;
  body: Segment[];
  awaiting: string | null;
  choices: Choice[];
  recommendation: Recommendation | null;
  citations: string[];
  /** The response ids (flows/responses.yaml) and question forms this reply was made of: what tests assert. */
  responses?: string[];
}

/** A question the advisor has put to the user and is waiting on. */
export type Pending =
  /** `posings`: how many times this question has been put (asked, rephrased, helped): at most 3. */
  | { kind: 'slot'; slot: string; posings: number }
  | {
      kind: 'confirm';
      slot: string;
      /** "Did you mean A or B?": the candidate values, as buttons (plus "Something else"). */
      options: Choice[];
      posings: number;
      /** The user's words that were unclear. */
      quote?: string;
      /** An amount named with data of an unclear kind ("100k transcripts"), applied once the kind is chosen. */
      size?: { value: number; unit: 'items' | 'tokens'; quote: string };
    }
  | { kind: 'resume'; held: TurnInput | null };

export interface Session {
  /** Schema version of this JSON document, so stored sessions can be migrated (1 -> 2: repair counts). */
  schema: 2;
  flowId: string;
  flowVersion: number;
  phase: 'collecting' | 'advised';
  answers: Record<string, Answer>;
  /** Slots in the order they were answered; "go back" walks it backwards. */
  history: string[];
  pending: Pending | null;
  /**
   * Data named in words that fit two kinds ("100k chat transcripts"): asked about when the data
   * question comes up, with an example of each kind, unless the goal settles it first.
   */
  dataEither?: {
    options: string[];
    quote: string;
    size?: { value: number; unit: 'items' | 'tokens'; quote: string };
  };
  /** The answers as they were when the last recommendation was made, to say what changed. */
  advisedProfile: Profile | null;
  createdAt: string;
  updatedAt: string;
  turns: number;
}

/**
 * What produced a turn and what the turn answered. Owned by the Conversations layer and stored
 * beside the session (the advisor never sees it): a delivery seen again, after a crash or on
 * another instance, is recognised by its id and answered from `replies` instead of being applied
 * a second time (docs/adr/0006-turn-receipts.md).
 */
export interface Receipt {
  /** The stable id of what produced the turn: a Slack event_id, a click's or a command's id. */
  id: string;
  /** ISO time the turn was stored. */
  at: string;
  /** Kept on the latest few receipts only (RECEIPT_REPLIES_KEPT): they are most of a record's size. */
  replies?: Reply[];
}

/** One conversation as the SessionStore keeps it, in one atomic write: the session and its receipts. */
export interface StoredConversation {
  session: Session;
  /** Newest last; bounded (Conversations prunes it). Files of the older shape have none. */
  receipts?: Receipt[];
}
