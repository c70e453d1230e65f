import type { Strategy } from '../../content/advice-schema.js';
import type { KnowledgeEntry, StrategyId } from '../../content/knowledge-schema.js';
import { PhraseIndex, type PhraseMatch } from './phrases.js';
import { type Analysis, analyse, isContentWord } from './text.js';

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

/**
 * What kind of question a message asks (why not X, compare, how much data, about a paper …) and
 * the strategies and papers it names, so the follow-up answer can be composed for it.
 */
export class QuestionForms {
  private readonly strategyNames: PhraseIndex<StrategyId>;
  private readonly paperNames: PhraseIndex<string>;

  constructor(strategies: Strategy[], knowledge: KnowledgeEntry[]) {
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

  /** What kind of question a message is, if it is one. */
  questionOf(text: string, awaiting: string | null): Question | null {
    return this.question(analyse(text), { awaiting });
  }

  private question(analysis: Analysis, context: { awaiting: string | null }): Question | null {
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
