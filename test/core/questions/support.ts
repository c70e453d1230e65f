import type { Strategy } from '../../../src/content/advice-schema';
import type { StrategyId } from '../../../src/content/knowledge-schema';
import { Presenter } from '../../../src/core/present';
import { type FollowupContext, QuestionAnswerer, type QuestionReply } from '../../../src/core/questions';
import { recommend } from '../../../src/core/recommend/recommend';
import type { Answer } from '../../../src/core/types';
import { realContent } from '../../support/advisor';

/** The answerer over the real knowledge, as the dialogue core builds it. */
let answerer: QuestionAnswerer | undefined;
export function realAnswerer(): QuestionAnswerer {
  const content = realContent();
  answerer ??= new QuestionAnswerer(
    content,
    new Presenter(content.knowledge, new Map(content.strategies.map((s) => [s.id, s]))),
  );
  return answerer;
}

export const cold: FollowupContext = { answers: {}, recommendation: null, hypothetical: {} };

/** The context after a recommendation reached with these answers (as button presses). */
export function advisedWith(values: Record<string, string | number>): FollowupContext {
  const content = realContent();
  const answers: Record<string, Answer> = {};
  for (const [slot, value] of Object.entries(values))
    answers[slot] = { value, source: 'user', quote: String(value), chosen: true };
  if (typeof values.dataSize === 'number' && !values.dataUnit)
    answers.dataUnit = { value: 'items', source: 'user', quote: '' };
  const advice = {
    flow: content.flow,
    rules: content.rules,
    strategies: new Map<StrategyId, Strategy>(content.strategies.map((s) => [s.id, s])),
  };
  return { answers, recommendation: recommend(advice, answers), hypothetical: {} };
}

export function ask(text: string, context: FollowupContext = cold): QuestionReply {
  const qa = realAnswerer();
  return qa.answer(qa.analyse(text), text, context);
}

/** Everything a user reads, lowercased for matching. */
export function seen(reply: QuestionReply): string {
  return reply.text.toLowerCase();
}
