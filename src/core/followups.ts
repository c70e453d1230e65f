import type { KnowledgeEntry, StrategyId } from '../content/knowledge-schema.js';
import { conceptsLoadedWith } from '../content/load.js';
import type { KnowledgeIndex } from './knowledge/retrieval.js';
import type { Question } from './nlu/question-form.js';
import type { Presenter } from './present.js';
import { type FollowupContext, QuestionAnswerer } from './questions/index.js';
import type { Advice } from './recommend/recommend.js';
import type { Reply } from './types.js';

export type { FollowupContext };

/**
 * The current advisor's follow-up answerer, kept with its constructor and `answer` signature so
 * the dialogue core works unchanged: it delegates to the QuestionAnswerer (src/core/questions/),
 * which reads the question itself. Only "what if" keeps the core's reading of the message, since
 * the core has already worked out which answers the question changes.
 */
export class Followups {
  private readonly answerer: QuestionAnswerer;

  constructor(advice: Advice, present: Presenter, _index: KnowledgeIndex, knowledge: KnowledgeEntry[]) {
    this.answerer = new QuestionAnswerer(
      {
        flow: advice.flow,
        rules: advice.rules,
        strategies: [...advice.strategies.values()],
        knowledge,
        concepts: conceptsLoadedWith(knowledge),
      },
      present,
    );
  }

  answer(question: Question, text: string, context: FollowupContext): Reply {
    const analysis = this.answerer.analyse(text);
    // The core re-runs the advice when it found answers to change; a conditional question that
    // asks something else ("if we use LoRA, what rank?") is answered from the research.
    if (
      question.form === 'what-if' &&
      analysis.type === 'what-if' &&
      Object.keys(context.hypothetical).length > 0
    )
      return this.answerer.whatIfReply(context);
    return this.answerer.answer(analysis, text, context);
  }

  /** The dialogue core's "what if" with the answers it has already worked out. */
  whatIf(context: FollowupContext): Reply {
    return this.answerer.whatIfReply(context);
  }

  /** Free questions the core did not recognise as questions, once advised. */
  retrieve(text: string, _papers: StrategyId[] | string[] = []): Reply {
    return this.answerer.answer(this.answerer.analyse(text), text, {
      answers: {},
      recommendation: null,
      hypothetical: {},
    });
  }
}
