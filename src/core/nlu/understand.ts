import type { Strategy } from '../../content/advice-schema.js';
import type { KnowledgeEntry, StrategyId } from '../../content/knowledge-schema.js';
import { CONTROL_INTENTS, type ControlIntent, type Language } from '../../content/language-schema.js';
import { PhraseIndex, type PhraseMatch } from './phrases.js';
import { parseQuantities, type Quantity } from './quantity.js';
import { type Analysis, analyse, clauseText, isContentWord } from './text.js';
import type { DataVocabulary } from './vocabulary.js';

/** A slot value read from the user's words. */
export interface SlotFinding {
  slot: string;
  value: string | number;
  /** The clause it came from, to quote back. */
  quote: string;
  /**
   * 'weak' when only incidental words support it ("our docs" for raw text): enough to fill an
   * empty slot, never to overwrite an answer the user gave.
   */
  strength: 'strong' | 'weak';
  /** For data amounts: what was counted. */
  unit?: 'items' | 'tokens';
  /** For data amounts: the vague phrase we read as a number ("a few hundred" as 300). */
  vague?: string;
}

export type QuestionForm =
  | 'what-if'
  | 'why-not'
  | 'why'
  | 'compare'
  | 'how-much-data'
  | 'paper'
  | 'strategy'
  | 'general';

export interface Question {
  form: QuestionForm;
  strategies: StrategyId[];
  papers: string[];
}

export interface Understanding {
  control: ControlIntent | null;
  findings: SlotFinding[];
  /** Slots for which the message named several incompatible values. */
  ambiguous: { slot: string; values: string[] }[];
  /** Data amounts by the kind of data their noun names ("60,000 comparisons" -> preferences). */
  sizesByKind: Record<string, SlotFinding[]>;
  /** "a lot of data", "some examples": an amount with no number we can use. */
  vagueAmount: boolean;
  question: Question | null;
  /** The message asks for advice ("should I fine-tune?") rather than about a result. */
  seeksAdvice: boolean;
}

export interface UnderstandContext {
  /** The slot whose question the user is answering, if any. */
  awaiting: string | null;
}

type CueTag = { slot: string; value: string; strength: 'strong' | 'weak' | 'answer' };

/** Nouns that make a number a data amount, and the data kind each suggests (if any). */
const DATA_NOUNS: Record<string, string | null> = {
  example: null,
  sample: null,
  pair: null,
  row: null,
  record: null,
  item: null,
  file: null,
  demonstration: 'demonstrations',
  dialogue: 'demonstrations',
  dialog: 'demonstrations',
  conversation: 'demonstrations',
  chat: 'demonstrations',
  instruction: 'demonstrations',
  prompt: 'demonstrations',
  response: 'demonstrations',
  answer: 'demonstrations',
  question: 'demonstrations',
  completion: 'demonstrations',
  problem: 'demonstrations',
  solution: 'demonstrations',
  ticket: null,
  comparison: 'preferences',
  preference: 'preferences',
  ranking: 'preferences',
  judgment: 'preferences',
  judgement: 'preferences',
  vote: 'preferences',
  token: 'raw-text',
  document: 'raw-text',
  doc: 'raw-text',
  article: 'raw-text',
  page: 'raw-text',
  paper: 'raw-text',
  report: 'raw-text',
  note: 'raw-text',
  email: 'raw-text',
  transcript: 'raw-text',
  text: 'raw-text',
  book: 'raw-text',
  review: 'raw-text',
  pdf: 'raw-text',
  message: null,
  label: null,
  annotation: null,
};

function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('ses')) return noun.slice(0, -2);
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

const REPLY_ONLY = new Set(['yes', 'no', 'nope', 'yeah', 'yep', 'none', 'nothing', 'not yet', 'zero']);

/** Words of a question that say nothing about what is asked ("what did LIMA show?"). */
const GENERIC_QUESTION_WORDS = new Set([
  'show',
  'shows',
  'showed',
  'shown',
  'find',
  'found',
  'say',
  'said',
  'says',
  'tell',
  'explain',
  'describe',
  'define',
  'mean',
  'means',
  'paper',
  'papers',
  'study',
  'result',
  'results',
  'work',
  'works',
  'use',
  'using',
  'know',
  'learn',
  'learned',
  'about',
  'exactly',
  'please',
  'quick',
  'summary',
  'summarise',
  'summarize',
  'main',
  'key',
  'takeaway',
  'takeaways',
  'recommend',
  'me',
  'approach',
  'method',
  'technique',
  'strategy',
  'idea',
]);

/** How many words after a number may stand before the thing counted ("1.2k input-output examples"). */
const NOUN_REACH = 3;

/** The data noun a number counts, if one follows it closely ("5k labelled support examples"). */
function dataNounAfter(analysis: Analysis, quantity: Quantity): string | null {
  const own = quantity.noun ? singular(quantity.noun) : null;
  if (own === 'task' || own === 'dataset') return null;
  // The counted phrase and the words right after it: "2k preference pairs", "1.2k input-output examples".
  const words = [
    ...analyse(quantity.raw).tokens.map((token) => token.word),
    ...analysis.tokens
      .filter((token) => token.start >= quantity.end)
      .slice(0, NOUN_REACH)
      .map((token) => token.word),
  ].map(singular);
  if (words.some((word) => word === 'task' || word === 'dataset') && !(own && own in DATA_NOUNS)) return null;
  const nouns = words.filter((word) => word in DATA_NOUNS);
  // A noun that names a kind of data ("preference") beats a generic one ("pairs").
  return nouns.find((word) => DATA_NOUNS[word] !== null) ?? nouns[0] ?? null;
}

const QUESTION_START =
  /^(what|why|how|which|who|when|where|is|are|does|do|did|can|could|should|would|will|explain|compare|tell me|describe|define)\b/i;
const WHAT_IF =
  /\b(what if|what about if|how about if|suppose|supposing|imagine|if we (had|have|got|get|used|use|only had)|if i (had|have)|would it change|what would happen if|and if we)\b/i;
const WHY_NOT =
  /\bwhy (not|isn'?t|wouldn'?t|shouldn'?t|no|don'?t you recommend|not just)\b|\bwhat about\b|\bhow about\b/i;
const WHY =
  /^\s*why\b|\bwhy (did|do|is|are|would) you\b|\bexplain (the|your|this|that) (recommendation|choice|ranking)\b/i;
const COMPARE = /\b(compare|comparison|versus|vs\.?|difference between|differences between|better:)\b/i;
const HOW_MUCH_DATA =
  /\bhow (much|many|big|large)\b[^?]*\b(data|examples?|pairs?|samples?|tokens?|text|demonstrations?|comparisons?|documents?)\b|\b(data|examples?) (do|would|will|should) (i|we) need\b|\bhow much (training )?data\b|\bminimum (number of )?(examples|data|pairs)\b/i;
const ABOUT_A_PAPER =
  /\b(paper|papers|study|authors|show|showed|shown|find|found|finding|findings|result|results)\b/i;
const ADVICE =
  /\b(should (i|we)|what should|which (approach|strategy|method|option)|recommend|advice|advise|help me (choose|decide|pick)|fine[- ]?tune or|or (use )?rag|or fine[- ]?tun)/i;

/** Language understanding: the only module that knows how free text maps onto slots and intents. */
export class Understander {
  private readonly cues: PhraseIndex<CueTag>;
  private readonly answerCues: PhraseIndex<CueTag>;
  private readonly scopeWords: PhraseIndex<string>;
  private readonly controls: { intent: ControlIntent; words: string[] }[];
  private readonly fillers: Set<string>;
  private readonly strategyNames: PhraseIndex<StrategyId>;
  private readonly paperNames: PhraseIndex<string>;
  private readonly vagueWords = new PhraseIndex<true>(
    [
      'some data',
      'a lot of data',
      'lots of data',
      'plenty',
      'a bunch',
      'loads of',
      'not much data',
      'a little data',
      'some examples',
      'a lot of examples',
      'lots of examples',
      'a good amount',
      'a decent amount',
      'enough data',
      'tons of',
    ].map((phrase) => ({ phrase, tag: true as const })),
  );

  constructor(
    language: Language,
    strategies: Strategy[],
    knowledge: KnowledgeEntry[],
    private readonly vocabulary: DataVocabulary,
  ) {
    const cueSpecs: { phrase: string; tag: CueTag }[] = [];
    for (const [slot, byValue] of Object.entries(language.slots)) {
      for (const [value, cues] of Object.entries(byValue)) {
        for (const phrase of cues.strong) cueSpecs.push({ phrase, tag: { slot, value, strength: 'strong' } });
        for (const phrase of cues.weak ?? [])
          cueSpecs.push({ phrase, tag: { slot, value, strength: 'weak' } });
      }
    }
    this.cues = new PhraseIndex(cueSpecs);
    const answerSpecs: { phrase: string; tag: CueTag }[] = [];
    for (const [slot, byValue] of Object.entries(language.answers)) {
      for (const [value, phrases] of Object.entries(byValue)) {
        for (const phrase of phrases) answerSpecs.push({ phrase, tag: { slot, value, strength: 'answer' } });
      }
    }
    this.answerCues = new PhraseIndex(answerSpecs);
    this.scopeWords = new PhraseIndex(
      Object.entries(language.scopes).flatMap(([slot, words]) =>
        words.map((phrase) => ({ phrase, tag: slot })),
      ),
    );
    this.fillers = new Set(language.fillers);
    // Messages lose their filler words before matching, so the phrases must too ("where are we").
    this.controls = CONTROL_INTENTS.flatMap((intent) =>
      language.controls[intent].map((phrase) => ({
        intent,
        words: analyse(phrase)
          .tokens.map((t) => t.word)
          .filter((word) => !this.fillers.has(word)),
      })),
    )
      .filter((control) => control.words.length > 0)
      .sort((a, b) => b.words.length - a.words.length);
    this.strategyNames = new PhraseIndex(
      strategies.flatMap((strategy) =>
        [strategy.short, ...strategy.aliases].map((phrase) => ({ phrase, tag: strategy.id })),
      ),
    );
    this.paperNames = new PhraseIndex(
      knowledge.flatMap((entry) =>
        [entry.short, ...entry.aliases].map((phrase) => ({ phrase, tag: entry.id })),
      ),
    );
  }

  understand(text: string, context: UnderstandContext): Understanding {
    const analysis = analyse(text);
    const findings: SlotFinding[] = [];
    const ambiguous: { slot: string; values: string[] }[] = [];

    const cueMatches = this.cueMatches(analysis, context.awaiting);
    const bySlot = new Map<string, PhraseMatch<CueTag>[]>();
    for (const match of cueMatches) {
      if (match.negated) continue;
      const list = bySlot.get(match.tag.slot) ?? [];
      list.push(match);
      bySlot.set(match.tag.slot, list);
    }
    for (const [slot, matches] of bySlot) {
      const decisive = matches.filter((match) => match.tag.strength !== 'weak');
      const pool = decisive.length > 0 ? decisive : matches;
      const values = [...new Set(pool.map((match) => match.tag.value))];
      const resolved = this.resolve(slot, values);
      const first = pool.find((match) => match.tag.value === resolved) ?? pool[0];
      if (resolved !== undefined && first) {
        findings.push({
          slot,
          value: resolved,
          quote: clauseText(analysis, first.clause),
          strength: decisive.length > 0 ? 'strong' : 'weak',
        });
      } else if (values.length > 1) {
        ambiguous.push({ slot, values });
      }
    }

    const { sizesByKind, vagueAmount } = this.amounts(analysis, context.awaiting);
    const control = this.control(analysis);
    const question = this.question(analysis, context);
    return {
      control,
      findings,
      ambiguous,
      sizesByKind,
      vagueAmount,
      question,
      seeksAdvice: ADVICE.test(text),
    };
  }

  /** Cues found anywhere, plus short answers where they apply: to the question asked, or next to a topic word. */
  private cueMatches(analysis: Analysis, awaiting: string | null): PhraseMatch<CueTag>[] {
    const matches = this.cues.find(analysis, (tag) => tag.slot);
    const scopes = this.scopeWords.find(analysis);
    const scopedClauses = new Map<string, Set<number>>();
    for (const scope of scopes) {
      const clauses = scopedClauses.get(scope.tag) ?? new Set<number>();
      clauses.add(scope.clause);
      scopedClauses.set(scope.tag, clauses);
    }
    const usedScopes: PhraseMatch<string>[] = [];
    for (const answer of this.answerCues.find(analysis, (tag) => tag.slot)) {
      const { slot } = answer.tag;
      // A bare "yes" or "no" only ever answers the question just asked.
      if (slot !== awaiting && REPLY_ONLY.has(answer.phrase)) continue;
      // "in our house style, which matters somewhat": the topic may sit in the clause just before.
      const scoped = scopedClauses.get(slot);
      const applies = slot === awaiting || scoped?.has(answer.clause) || scoped?.has(answer.clause - 1);
      if (!applies) continue;
      // A short answer must not override a cue for the same slot that it is part of.
      if (matches.some((m) => m.tag.slot === slot && m.from <= answer.from && m.to >= answer.to)) continue;
      matches.push(answer);
      // The topic words next to an answer ("high, the tone has to match") name its subject.
      usedScopes.push(
        ...scopes.filter((scope) => scope.tag === slot && Math.abs(scope.clause - answer.clause) <= 1),
      );
    }
    // "What if style didn't matter?" is about how much style matters, not a new goal: a goal cue
    // that only served as the topic of another answer is weak.
    const topical = (match: PhraseMatch<CueTag>) =>
      match.tag.slot === 'goal' &&
      usedScopes.some((scope) => scope.from <= match.from && scope.to >= match.to);
    const weighed = matches.map((match) =>
      topical(match) ? { ...match, tag: { ...match.tag, strength: 'weak' as const } } : match,
    );
    return weighed.filter(
      (match) =>
        !weighed.some(
          (other) =>
            other !== match &&
            other.tag.slot === match.tag.slot &&
            other.from <= match.from &&
            other.to >= match.to &&
            other.to - other.from > match.to - match.from,
        ),
    );
  }

  /** One value for a slot from the values named, or undefined when they conflict. */
  private resolve(slot: string, values: string[]): string | undefined {
    if (values.length === 1) return values[0];
    if (slot === 'goal') {
      // Naming facts and style together is the "both" answer.
      return 'both';
    }
    if (slot === 'dataKind') {
      // "No labelled data, but lots of docs": what they have beats what they lack.
      const positive = values.filter((value) => value !== 'none');
      if (positive.length === 1) return positive[0];
    }
    return undefined;
  }

  private amounts(
    analysis: Analysis,
    awaiting: string | null,
  ): { sizesByKind: Record<string, SlotFinding[]>; vagueAmount: boolean } {
    const sizesByKind: Record<string, SlotFinding[]> = {};
    const quantities = parseQuantities(analysis.text, (word) => this.vocabulary.isDataNoun(word));
    const countable = quantities
      .map((quantity) => ({ quantity, noun: dataNounAfter(analysis, quantity) }))
      .filter(({ quantity, noun }) => this.isDataAmount(quantity, noun, awaiting === 'dataSize'));
    for (const { quantity, noun } of countable) {
      const kind = noun ? (DATA_NOUNS[noun] ?? 'any') : 'any';
      const clause = analysis.tokens.find((token) => token.start >= quantity.start)?.clause ?? 0;
      const finding: SlotFinding = {
        slot: 'dataSize',
        value: quantity.value,
        quote: clauseText(analysis, clause),
        strength: 'strong',
        unit: quantity.unit,
      };
      if (quantity.vague) finding.vague = quantity.vague;
      const list = sizesByKind[kind] ?? [];
      list.push(finding);
      sizesByKind[kind] = list;
    }
    const vagueAmount =
      countable.length === 0 && this.vagueWords.find(analysis).some((match) => !match.negated);
    return { sizesByKind, vagueAmount };
  }

  private isDataAmount(quantity: Quantity, dataNoun: string | null, awaitingSize: boolean): boolean {
    const noun = quantity.noun ? singular(quantity.noun) : null;
    if (noun === 'task' || noun === 'dataset') return false;
    return dataNoun !== null || awaitingSize;
  }

  /** A whole-message control such as "start over" or "go back", after filler words are dropped. */
  private control(analysis: Analysis): ControlIntent | null {
    const words = analysis.tokens.map((token) => token.word).filter((word) => !this.fillers.has(word));
    if (words.length === 0 || words.length > 8) return null;
    for (const { intent, words: phrase } of this.controls) {
      if (phrase.length > words.length) continue;
      if (phrase.every((word, index) => words[index] === word)) {
        // "back" must be the whole message: "back to the data question" is fine, "backprop" is not a word match anyway.
        if (words.length - phrase.length > 5) continue;
        return intent;
      }
    }
    return null;
  }

  /** What kind of question a message is, if it is one. */
  questionOf(text: string, awaiting: string | null): Question | null {
    return this.question(analyse(text), { awaiting });
  }

  private question(analysis: Analysis, context: UnderstandContext): Question | null {
    const text = analysis.text.trim();
    const strategyMatches = this.strategyNames.find(analysis);
    const paperMatches = this.paperNames.find(analysis);
    const strategies = [...new Set(strategyMatches.map((match) => match.tag))];
    // "DPO" names both a method and a paper: it means the paper only when the question says so.
    const sharesName = (match: PhraseMatch<string>) => strategyMatches.some((s) => s.from === match.from);
    const papers = [
      ...new Set(
        paperMatches
          .filter((match) => !sharesName(match) || ABOUT_A_PAPER.test(text))
          .map((match) => match.tag),
      ),
    ];
    // Words beyond the names asked about: "what learning rate for DPO" asks something specific.
    const named = new Set<number>();
    for (const match of [...strategyMatches, ...paperMatches]) {
      for (let index = match.from; index < match.to; index++) named.add(index);
    }
    const specific = analysis.tokens.some(
      (token, index) => !named.has(index) && isContentWord(token) && !GENERIC_QUESTION_WORDS.has(token.word),
    );
    const looksLikeQuestion = text.endsWith('?') || QUESTION_START.test(text) || WHAT_IF.test(text);
    if (!looksLikeQuestion && !COMPARE.test(text)) return null;
    if (WHAT_IF.test(text)) return { form: 'what-if', strategies, papers };
    if (COMPARE.test(text) && strategies.length >= 2) return { form: 'compare', strategies, papers };
    if (WHY_NOT.test(text) && strategies.length > 0) return { form: 'why-not', strategies, papers };
    // "How much data does DPO need?" asks about the method even though DPO is also a paper's name.
    const aboutPaper = papers.length > 0;
    if (HOW_MUCH_DATA.test(text) && (strategies.length > 0 || papers.length === 0)) {
      return { form: 'how-much-data', strategies, papers };
    }
    if (WHY.test(text)) return { form: 'why', strategies, papers };
    if (!specific && aboutPaper) return { form: 'paper', strategies, papers };
    if (!specific && strategies.length > 0) return { form: 'strategy', strategies, papers };
    if (!looksLikeQuestion) return null;
    // A bare "?" or a one-word reply with a question mark to the question asked is an answer, not a question.
    if (context.awaiting && !QUESTION_START.test(text) && analysis.tokens.length <= 4) return null;
    return { form: 'general', strategies, papers };
  }
}
