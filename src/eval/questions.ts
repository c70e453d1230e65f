import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Strategy } from '../content/advice-schema.js';
import type { StrategyId } from '../content/knowledge-schema.js';
import { loadContent } from '../content/load.js';
import { Advisor } from '../core/advisor.js';
import { QuestionAnswerer, type RankingMethod } from '../core/questions/index.js';
import { recommend } from '../core/recommend/recommend.js';
import type { Reply, Session, TurnInput } from '../core/types.js';

/**
 * Runs a file of practitioner questions through the real Advisor and scores what a user would
 * read. `cold` questions are the first message of a conversation; `after` questions come once a
 * recommendation has been reached by pressing the profile's values as buttons, so they do not
 * depend on how well free text is understood.
 *
 *   node dist/src/eval/questions.js test/dev/questions.yaml [--verbose] [--direct] [--ranking tfidf]
 *
 * Never run it on a held-out file while choosing methods: that is what the development file is for.
 */

// Strict: a misspelt key ("situation" for "profile") would silently turn an after-question cold.
export const QuestionCase = z
  .strictObject({
    id: z.string(),
    when: z.enum(['cold', 'after']),
    profile: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    ask: z.string().min(1),
    type: z.string(),
    in_scope: z.boolean(),
    /** Every group must be present; a group is satisfied by any one of its variants. */
    must_contain: z.array(z.array(z.string())).default([]),
    must_not_contain: z.array(z.string()).default([]),
    note: z.string().optional(),
    /** Who asks, for the writer's own record. */
    who: z.string().optional(),
  })
  .refine((item) => item.when === 'cold' || item.profile !== undefined, {
    message: 'an after-question needs the profile whose buttons reach the recommendation',
  });
export type QuestionCase = z.infer<typeof QuestionCase>;

export type QuestionOutcome =
  /** In scope: every must_contain group present, nothing of must_not_contain. */
  | 'substance'
  /** In scope, but the reply declined ("I don't know"). */
  | 'false-idk'
  /** In scope, answered, but with none of the expected content or with forbidden content. */
  | 'wrong'
  /** In scope, answered, with some but not all of the expected content. */
  | 'incomplete'
  /** Out of scope, and the reply said plainly that it cannot answer. */
  | 'honest'
  /** Out of scope, answered as if covered. */
  | 'pretended';

export interface QuestionResult {
  id: string;
  type: string;
  when: 'cold' | 'after';
  inScope: boolean;
  outcome: QuestionOutcome;
  declined: boolean;
  /** Groups of must_contain with none of their variants in the reply. */
  missing: string[][];
  /** must_not_contain items found in the reply. */
  forbidden: string[];
  /** For `after` questions: whether the buttons reached a recommendation. */
  reached: boolean;
  ms: number;
  reply: string;
}

export interface QuestionSummary {
  total: number;
  inScope: number;
  outOfScope: number;
  substance: number;
  falseIdk: number;
  /** Confident answers with wrong content: in-scope 'wrong' plus out-of-scope 'pretended'. */
  confidentWrong: number;
  incomplete: number;
  honest: number;
  unreached: number;
  byType: Record<string, { total: number; good: number }>;
  medianMs: number;
}

/** How a reply says it cannot answer, in any of the usual phrasings (not only ours). */
const DECLINED =
  /\b(i don'?t know|i do not know|i don'?t have|i do not have|not in my (notes|sources|knowledge)|nothing (in my|on (it|them|that))|no (research|evidence|sourced|source|entry|figures?|numbers?) (on|for|about)|(can'?t|cannot|can not) (say|answer|give|tell|price|compare)|(can'?t|cannot|can not) (do|help with) (that|this|it)|do(es)? not (cover|report|give)|don'?t (cover|report|give)|not reported|isn'?t reported|no price)\b/i;

export function loadQuestions(file: string): QuestionCase[] {
  return z.array(QuestionCase).parse(parse(readFileSync(file, 'utf8')));
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
}

/** The most button presses it may take to reach a recommendation. */
const MAX_PRESSES = 16;

/** Presses the profile's values for whatever the advisor asks, until it recommends. */
function reachRecommendation(advisor: Advisor, profile: Record<string, string | number>): Session | null {
  let { session, replies } = advisor.handleTurn(null, { kind: 'text', text: 'hello' });
  for (let press = 0; press < MAX_PRESSES; press++) {
    const last: Reply | undefined = replies.at(-1);
    if (replies.some((reply) => reply.recommendation)) return session;
    const slot = last?.awaiting;
    if (!slot) return null;
    const value = profile[slot];
    const input: TurnInput =
      value === undefined
        ? { kind: 'text', text: 'skip' }
        : {
            kind: 'choice',
            slot,
            value:
              typeof value === 'number' && profile.dataUnit === 'tokens' ? `${value} tokens` : String(value),
          };
    ({ session, replies } = advisor.handleTurn(session, input));
    // A value this flow does not offer (a newer contract's) is asked again: stop, unreached.
    if (replies.at(-1)?.awaiting === slot && value !== undefined) return null;
  }
  return null;
}

/**
 * `direct` asks the QuestionAnswerer itself, as the dialogue core does once it has decided that a
 * message is a question: it measures the answers, not the core's routing. "What if" questions
 * still go through the Advisor, which owns them.
 */
export interface RunOptions {
  direct?: QuestionAnswerer;
}

export function runQuestion(advisor: Advisor, item: QuestionCase, options: RunOptions = {}): QuestionResult {
  let session: Session | null = null;
  let reached = true;
  if (item.when === 'after') {
    session = reachRecommendation(advisor, item.profile ?? {});
    reached = session !== null;
  }
  const answerer = options.direct;
  let text: string;
  let ms: number;
  if (answerer && answerer.analyse(item.ask).type !== 'what-if') {
    const content = advisor.content;
    const advice = {
      flow: content.flow,
      rules: content.rules,
      strategies: new Map<StrategyId, Strategy>(
        content.strategies.map((strategy) => [strategy.id, strategy]),
      ),
    };
    const answers = session?.answers ?? {};
    const recommendation = session?.phase === 'advised' ? recommend(advice, answers) : null;
    const started = performance.now();
    const analysis = answerer.analyse(item.ask);
    text = answerer.answer(analysis, item.ask, { answers, recommendation, hypothetical: {} }).text;
    ms = performance.now() - started;
  } else {
    const started = performance.now();
    const { replies } = advisor.handleTurn(session, { kind: 'text', text: item.ask });
    ms = performance.now() - started;
    text = replies.map((reply) => reply.text).join('\n\n');
  }
  const seen = normalise(text);
  const missing = item.must_contain.filter(
    (group) => !group.some((variant) => seen.includes(normalise(variant))),
  );
  const forbidden = item.must_not_contain.filter((variant) => seen.includes(normalise(variant)));
  const declined = DECLINED.test(text);
  const allThere = missing.length === 0 && forbidden.length === 0;
  let outcome: QuestionOutcome;
  if (!item.in_scope) outcome = declined && allThere ? 'honest' : 'pretended';
  else if (allThere) outcome = 'substance';
  else if (declined) outcome = 'false-idk';
  else if (forbidden.length > 0 || missing.length === item.must_contain.length) outcome = 'wrong';
  else outcome = 'incomplete';
  return {
    id: item.id,
    type: item.type,
    when: item.when,
    inScope: item.in_scope,
    outcome,
    declined,
    missing,
    forbidden,
    reached,
    ms,
    reply: text,
  };
}

export function summarise(results: QuestionResult[]): QuestionSummary {
  const count = (outcome: QuestionOutcome) => results.filter((result) => result.outcome === outcome).length;
  const byType: QuestionSummary['byType'] = {};
  for (const result of results) {
    const entry = byType[result.type] ?? { total: 0, good: 0 };
    entry.total += 1;
    if (result.outcome === 'substance' || result.outcome === 'honest') entry.good += 1;
    byType[result.type] = entry;
  }
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    total: results.length,
    inScope: results.filter((result) => result.inScope).length,
    outOfScope: results.filter((result) => !result.inScope).length,
    substance: count('substance'),
    falseIdk: count('false-idk'),
    confidentWrong: count('wrong') + count('pretended'),
    incomplete: count('incomplete'),
    honest: count('honest'),
    unreached: results.filter((result) => !result.reached).length,
    byType,
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
  };
}

/** Runs a questions file; what `npm run eval` calls. */
export function evaluateQuestions(
  advisor: Advisor,
  file: string,
  options: RunOptions = {},
): { results: QuestionResult[]; summary: QuestionSummary } {
  const results = loadQuestions(file).map((item) => runQuestion(advisor, item, options));
  return { results, summary: summarise(results) };
}

const percent = (part: number, whole: number) => `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;

export function formatQuestionReport(summary: QuestionSummary): string {
  const lines = [
    `questions: ${summary.total} (${summary.inScope} in scope, ${summary.outOfScope} out of scope)`,
    `  answered in substance:        ${summary.substance}/${summary.inScope} (${percent(summary.substance, summary.inScope)}; target >= 90%)`,
    `  false "I don't know":         ${summary.falseIdk}`,
    `  incomplete:                   ${summary.incomplete}`,
    `  confident wrong:              ${summary.confidentWrong}/${summary.total} (${percent(summary.confidentWrong, summary.total)}; target <= 3%)`,
    `  out of scope, said so:        ${summary.honest}/${summary.outOfScope}`,
    `  after-questions not reaching a recommendation: ${summary.unreached}`,
    `  median time per question:     ${summary.medianMs.toFixed(2)} ms (whole turn)`,
    '  by type (substance or honest):',
    ...Object.entries(summary.byType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, { total, good }]) => `    ${type.padEnd(16)} ${good}/${total}`),
  ];
  return lines.join('\n');
}

/**
 * What answering costs: building the answerer (once, at start-up) and analysing plus answering
 * one question, over every question of the file, repeated; after-questions with their profile's
 * recommendation. Medians in milliseconds.
 */
export function timeQuestions(advisor: Advisor, file: string, rounds = 20): Record<string, number> {
  const items = loadQuestions(file);
  const builds: number[] = [];
  let answerer: QuestionAnswerer | undefined;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    answerer = new QuestionAnswerer(advisor.content, advisor.presenter);
    builds.push(performance.now() - started);
  }
  const qa = answerer as QuestionAnswerer;
  const contexts = items.map((item) => {
    const session = item.when === 'after' ? reachRecommendation(advisor, item.profile ?? {}) : null;
    const advice = {
      flow: advisor.content.flow,
      rules: advisor.content.rules,
      strategies: new Map<StrategyId, Strategy>(
        advisor.content.strategies.map((strategy) => [strategy.id, strategy]),
      ),
    };
    const answers = session?.answers ?? {};
    return {
      answers,
      recommendation: session?.phase === 'advised' ? recommend(advice, answers) : null,
      hypothetical: {},
    };
  });
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    items.forEach((item, index) => {
      const started = performance.now();
      qa.answer(
        qa.analyse(item.ask),
        item.ask,
        contexts[index] ?? { answers: {}, recommendation: null, hypothetical: {} },
      );
      times.push(performance.now() - started);
    });
  }
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
  const at = (list: number[], share: number) =>
    sorted(list)[Math.min(list.length - 1, Math.floor(list.length * share))] ?? 0;
  return {
    firstBuildMs: builds[0] ?? 0,
    buildMs: at(builds.slice(1), 0.5),
    medianMs: at(times, 0.5),
    p95Ms: at(times, 0.95),
    maxMs: at(times, 1),
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) {
    process.stderr.write(
      'usage: node dist/src/eval/questions.js <questions.yaml> [--verbose] [--direct] [--timing] [--ranking bm25|tfidf]\n',
    );
    process.exit(2);
  }
  const ranking = args[args.indexOf('--ranking') + 1];
  if (args.includes('--ranking')) QuestionAnswerer.defaultRanking = ranking as RankingMethod;
  const content = loadContent();
  const advisor = new Advisor(content);
  if (args.includes('--timing')) {
    const timing = timeQuestions(advisor, file);
    process.stdout.write(
      `answerer start-up ${timing.firstBuildMs?.toFixed(1)} ms first, ${timing.buildMs?.toFixed(1)} ms after; per question median ${timing.medianMs?.toFixed(3)} ms, p95 ${timing.p95Ms?.toFixed(3)} ms, max ${timing.maxMs?.toFixed(2)} ms\n`,
    );
    process.exit(0);
  }
  const direct = args.includes('--direct') ? new QuestionAnswerer(content, advisor.presenter) : undefined;
  const { results, summary } = evaluateQuestions(advisor, file, { direct });
  if (args.includes('--verbose')) {
    for (const result of results.filter((r) => r.outcome !== 'substance' && r.outcome !== 'honest')) {
      process.stdout.write(
        `\n--- ${result.id} [${result.type}, ${result.when}] ${result.outcome}${result.reached ? '' : ' (no recommendation reached)'}\n` +
          (result.missing.length > 0 ? `missing: ${JSON.stringify(result.missing)}\n` : '') +
          (result.forbidden.length > 0 ? `forbidden: ${JSON.stringify(result.forbidden)}\n` : '') +
          `${result.reply.split('\nSources:')[0]?.slice(0, 1500)}\n`,
      );
    }
  }
  process.stdout.write(`${formatQuestionReport(summary)}\n`);
}
