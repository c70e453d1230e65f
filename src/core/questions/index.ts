/**
 * Question answering: the seam between the dialogue core and the knowledge.
 *
 * The dialogue core decides that a message (or part of one) is a question and calls
 *
 *   const answerer = new QuestionAnswerer(content, presenter);    // once, at start-up (~10 ms)
 *   const analysis = answerer.analyse(text);                      // type, entities, parts
 *   if (analysis.type === 'what-if') …re-run the recommendation with the changed answers…
 *   else reply = answerer.answer(analysis, text, { answers, recommendation, hypothetical });
 *
 * `analyse` is pure and cheap; `answer` reads `context.recommendation` only for the types that
 * use it (why, why-not, compare, how-much-data), so it may be a lazy getter. Replies are ordinary
 * `Reply` values (kind 'answer') with citations to knowledge entries. A reply that cannot answer
 * starts with "I don't know" and says what the advisor can answer instead.
 */
export {
  QUESTION_TYPES,
  type QuestionAnalysis,
  type QuestionEntities,
  QuestionReader,
  type QuestionType,
} from './analyse.js';
export {
  type AnswererContent,
  type AnswererOptions,
  DECLINE,
  type FollowupContext,
  QuestionAnswerer,
  type QuestionReply,
} from './answer.js';
export type { RankingMethod } from './rank.js';
