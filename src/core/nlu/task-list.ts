import { type Analysis, stem, type Token } from './text.js';

/**
 * Lists of tasks: "write listings, answer buyer questions, suggest prices, summarise reviews".
 * Each item names a task the model will do, not what it lacks: "answer buyer questions" in such a
 * list says nothing about knowledge, as it would on its own.
 */

/** Verbs (stemmed) that open a task's name. */
const TASK_VERBS = new Set(
  [
    'write',
    'draft',
    'answer',
    'summarise',
    'summarize',
    'classify',
    'translate',
    'extract',
    'explain',
    'convert',
    'suggest',
    'reply',
    'generate',
    'tag',
    'triage',
    'detect',
    'review',
    'rewrite',
    'grade',
    'create',
    'make',
    'fill',
    'route',
    'predict',
    'recommend',
    'label',
    'identify',
    'compute',
    'plan',
    'turn',
    'check',
    'flag',
    'score',
    'search',
    'compare',
    'tutor',
  ].map(baseForm),
);
/** A task named by its activity: "policy summarisation", "complaint triage", "email drafting". */
const ACTIVITIES = new Set(
  [
    'summarisation',
    'summarization',
    'classification',
    'extraction',
    'translation',
    'generation',
    'triage',
    'drafting',
    'tagging',
    'detection',
    'recognition',
    'moderation',
    'transcription',
    'localisation',
    'localization',
    'routing',
    'grading',
    'scoring',
    'tutoring',
    'answering',
    'writing',
    'rewriting',
    'review',
    'qa',
    'completion',
    'comparison',
    'labelling',
    'labeling',
    'coding',
    'planning',
    'prediction',
    'explanation',
  ].map(stem),
);
/**
 * A verb's form without its inflection ("writing", "writes" and "write" are "writ"). Porter stems
 * would also make "generic" a form of "generate".
 */
function baseForm(word: string): string {
  return word
    .toLowerCase()
    .replace(/(ing|ed|es|s)$/, '')
    .replace(/e$/, '');
}

/** Items longer than this are sentences, not task names. */
const ITEM_WORDS = 6;
/** A list needs at least this many task items in a row. */
const MIN_ITEMS = 3;

function looksLikeTask(tokens: Token[]): boolean {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (!first || !last || tokens.length > ITEM_WORDS) return false;
  return TASK_VERBS.has(baseForm(first.word)) || ACTIVITIES.has(last.stem);
}

/** The clauses that are items of a list of at least three tasks. */
export function taskListClauses(analysis: Analysis): Set<number> {
  const byClause = new Map<number, Token[]>();
  for (const token of analysis.tokens) {
    const list = byClause.get(token.clause) ?? [];
    list.push(token);
    byClause.set(token.clause, list);
  }
  const listed = new Set<number>();
  let run: number[] = [];
  const close = () => {
    if (run.length >= MIN_ITEMS) for (const clause of run) listed.add(clause);
    run = [];
  };
  for (const clause of [...byClause.keys()].sort((a, b) => a - b)) {
    const tokens = byClause.get(clause) ?? [];
    if (looksLikeTask(tokens)) run.push(clause);
    else close();
  }
  close();
  return listed;
}
