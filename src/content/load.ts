import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { FlipTable, PlanContent, Rules, Strategies } from './advice-schema.js';
import { SlotExamples } from './examples-schema.js';
import { Flow } from './flow-schema.js';
import { GpuCatalogue } from './gpus-schema.js';
import { Concept, KnowledgeEntry } from './knowledge-schema.js';
import { Language } from './language-schema.js';
import { Responses } from './responses-schema.js';
import { type Content, checkContent } from './semantics.js';
import { Vocabulary } from './vocabulary-schema.js';

export type { Content };

/** Every problem found in the content, so an author can fix them all in one pass. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The advisor's content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}

/** The project root: content lives beside src/ (and beside dist/src/ once compiled). */
export function defaultContentRoot(): string {
  let dir = __dirname;
  while (path.basename(dir) !== 'src') dir = path.dirname(dir);
  const root = path.dirname(dir);
  return path.basename(root) === 'dist' ? path.dirname(root) : root;
}

function formatIssuePath(issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

function readYaml(file: string, label: string, problems: string[]): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? ` line ${error.linePos[0].line}` : '';
      problems.push(`${label}${where}: not valid YAML (${error.message.split('\n')[0]})`);
    } else {
      problems.push(`${label}: cannot be read (${(error as Error).message})`);
    }
    return undefined;
  }
}

function validate<T extends z.ZodType>(
  schema: T,
  data: unknown,
  label: string,
  problems: string[],
): z.infer<T> | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = formatIssuePath(issue.path);
    problems.push(`${label}${field ? ` – field '${field}'` : ''}: ${issue.message}`);
  }
  return undefined;
}

/**
 * Reads flows/ and knowledge/, validates each file against its schema, then checks the references
 * between them. Throws a ContentError listing every problem, each naming its file and field.
 */
export function loadContent(root = defaultContentRoot()): Content {
  const problems: string[] = [];
  const rel = (file: string) => path.relative(root, file) || file;
  const load = <T extends z.ZodType>(schema: T, file: string) =>
    validate(schema, readYaml(file, rel(file), problems), rel(file), problems);

  const flow = load(Flow, path.join(root, 'flows', 'advisor.yaml'));
  const language = load(Language, path.join(root, 'flows', 'language.yaml'));
  const vocabulary = load(Vocabulary, path.join(root, 'flows', 'vocabulary.yaml'));
  const responses = load(Responses, path.join(root, 'flows', 'responses.yaml'));
  const examples = loadFolder(SlotExamples, path.join(root, 'flows', 'examples'), load, rel, problems);
  const rules = load(Rules, path.join(root, 'knowledge', 'rules.yaml'));
  const strategies = load(Strategies, path.join(root, 'knowledge', 'strategies.yaml'));
  const flips = load(FlipTable, path.join(root, 'knowledge', 'flips.yaml'));
  const plan = load(PlanContent, path.join(root, 'knowledge', 'plan.yaml'));
  const gpus = load(GpuCatalogue, path.join(root, 'flows', 'gpus.yaml'));

  const englishWords = loadWordList(path.join(root, 'flows', 'english-words.txt'), rel, problems);
  const entries = loadEntries(KnowledgeEntry, path.join(root, 'knowledge', 'papers'));
  const concepts = loadEntries(Concept, path.join(root, 'knowledge', 'concepts'));

  if (
    problems.length > 0 ||
    !flow ||
    !language ||
    !vocabulary ||
    !responses ||
    !rules ||
    !strategies ||
    !flips ||
    !plan ||
    !gpus
  )
    throw new ContentError(problems);
  const content: Content = {
    flow,
    language,
    vocabulary,
    responses,
    examples,
    rules,
    strategies,
    knowledge: entries,
    concepts,
    flips,
    plan,
    englishWords,
    gpus,
  };
  const semanticProblems = checkContent(content);
  if (semanticProblems.length > 0) throw new ContentError(semanticProblems);
  return content;

  /** Every `<id>.yaml` of a folder, each validated, its id checked against its file name. */
  function loadEntries<T extends z.ZodType<{ id: string }>>(schema: T, dir: string): z.infer<T>[] {
    const found: z.infer<T>[] = [];
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    } catch (error) {
      problems.push(`${rel(dir)}: cannot be read (${(error as Error).message})`);
    }
    for (const name of files.sort()) {
      const file = path.join(dir, name);
      const entry = load(schema, file);
      if (!entry) continue;
      if (`${entry.id}.yaml` !== name) {
        problems.push(`${rel(file)} – field 'id': '${entry.id}' must match the file name (${name})`);
      }
      found.push(entry);
    }
    return found;
  }
}

/** Every YAML file of a folder, each validated; a missing folder is a problem of its own. */
function loadFolder<T extends z.ZodType>(
  schema: T,
  dir: string,
  load: (schema: T, file: string) => z.infer<T> | undefined,
  rel: (file: string) => string,
  problems: string[],
): z.infer<T>[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  } catch (error) {
    problems.push(`${rel(dir)}: cannot be read (${(error as Error).message})`);
  }
  const out: z.infer<T>[] = [];
  for (const name of files.sort()) {
    const item = load(schema, path.join(dir, name));
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** One lowercase word per line; `#` starts a comment line. A missing, empty or malformed list is a problem. */
function loadWordList(file: string, rel: (file: string) => string, problems: string[]): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(
      `${rel(file)}: cannot be read (${(error as Error).message}); regenerate it with node scripts/english-words.mjs`,
    );
    return [];
  }
  const words: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\p{Ll}+$/u.test(line)) {
      problems.push(`${rel(file)}: line ${index + 1}: "${line.slice(0, 40)}" is not one lowercase word`);
      continue;
    }
    words.push(line);
  }
  if (words.length === 0) problems.push(`${rel(file)}: holds no words`);
  return words;
}
