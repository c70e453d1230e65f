import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError, loadContent } from '../../src/content/load';
import { ROOT } from '../support/advisor';

/** A private copy of flows/ and knowledge/ to break on purpose. */
function copyOfContent(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-content-'));
  cpSync(path.join(ROOT, 'flows'), path.join(dir, 'flows'), { recursive: true });
  cpSync(path.join(ROOT, 'knowledge'), path.join(dir, 'knowledge'), { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit to ${file} changed nothing; fix the test`);
  writeFileSync(target, after);
}

function problemsOf(dir: string): string[] {
  try {
    loadContent(dir);
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  }
  return [];
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function broken(): string {
  const dir = copyOfContent();
  dirs.push(dir);
  return dir;
}

describe('loading content', () => {
  test('the shipped flows and knowledge load cleanly', () => {
    const content = loadContent(ROOT);
    expect(content.flow.steps.map((step) => step.slot)).toEqual(
      expect.arrayContaining([
        'goal',
        'dataKind',
        'dataSize',
        'styleSensitivity',
        'knowledgeChange',
        'taskScope',
      ]),
    );
    expect(content.knowledge.length).toBeGreaterThanOrEqual(15);
  });

  test('every required finding has an entry with an arXiv id', () => {
    const ids = new Map(loadContent(ROOT).knowledge.map((entry) => [entry.id, entry.arxiv]));
    const required = {
      'lima-2023': '2305.11206',
      'limit-2023': '2311.13133',
      'tulu-2023': '2306.04751',
      'tulu2-2023': '2311.10702',
      'ovadia-2023': '2312.05934',
      'rag-lewis-2020': '2005.11401',
      'flan-2021': '2109.01652',
      'flan-palm-2022': '2210.11416',
      'dpo-2023': '2305.18290',
      'instructgpt-2022': '2203.02155',
      'alpagasus-2023': '2307.08701',
      'imitation-2023': '2305.15717',
      'dapt-2020': '2004.10964',
      'gekhman-2024': '2405.05904',
      'lora-learns-less-2024': '2405.09673',
    };
    for (const [id, arxiv] of Object.entries(required))
      expect({ id, arxiv: ids.get(id) }).toEqual({ id, arxiv });
  });

  test('a schema error names the file and the field', () => {
    const dir = broken();
    edit(dir, 'knowledge/papers/lima-2023.yaml', (text) => text.replace('year: 2023', 'year: twenty'));
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^knowledge\/papers\/lima-2023\.yaml – field 'year': .*number/),
    ]);
  });

  test("a cue's gap must stand between two words", () => {
    const dir = broken();
    edit(dir, 'flows/language.yaml', (text) => text.replace('- answer * questions', '- answer questions*'));
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^flows\/language\.yaml – field 'slots\.goal.*gap/),
    ]);
  });

  test('a slot name that also names another slot is refused, compared as the reader compares them', () => {
    const dir = broken();
    // "Our data" is "data" to the reader (articles and case aside), which already names dataKind.
    edit(dir, 'flows/language.yaml', (text) =>
      text.replace('gpu: [gpu, gpus,', 'gpu: [Our Data, gpu, gpus,'),
    );
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(
        /^flows\/language\.yaml – field 'slotNames\.gpu': 'Our Data' also names 'dataKind'/,
      ),
    ]);
  });

  test('invalid YAML names the file and line', () => {
    const dir = broken();
    edit(dir, 'knowledge/rules.yaml', (text) =>
      text.replace('- id: facts-belong-in-retrieval', '- id: [facts'),
    );
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^knowledge\/rules\.yaml line \d+: not valid YAML/),
    ]);
  });

  test('references between files are checked: slots, values, knowledge ids, strategies', () => {
    const dir = broken();
    edit(dir, 'knowledge/rules.yaml', (text) =>
      text
        .replace('cites: [ovadia-2023, gekhman-2024]', 'cites: [ovadia-2023, no-such-paper]')
        .replace(
          'when: { goal: [knowledge, both], knowledgeChange: [frequent] }',
          'when: { goal: [knowledge, both], knowledgeChange: [hourly] }',
        ),
    );
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace(
        'when: { goal: [alignment, both] }\n    question: How much',
        'when: { goals: [alignment, both] }\n    question: How much',
      ),
    );
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^flows\/advisor\.yaml – step 'ask-style' .*field 'when': unknown slot 'goals'/,
        ),
      ]),
    );
    // Semantic checks of the advice run once the flow is sound, so fix the flow and look again.
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace('goals: [alignment, both]', 'goal: [alignment, both]'),
    );
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^knowledge\/rules\.yaml – rule 'facts-belong-in-retrieval' .*cites unknown knowledge entry 'no-such-paper'/,
        ),
        expect.stringMatching(
          /^knowledge\/rules\.yaml – rule 'changing-facts-go-stale-in-weights' .*slot 'knowledgeChange' has no value 'hourly'/,
        ),
      ]),
    );
  });

  test('a question that can never be asked is reported as unreachable', () => {
    const dir = broken();
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace(
        '    when: { has: [raw-text] }\n    question',
        '    when: { goal: [alignment], has: [raw-text], knowledgeChange: [static] }\n    question',
      ),
    );
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /step 'ask-domain-distance'.*'knowledgeChange', which is not asked before this step/,
        ),
      ]),
    );
  });

  test('a condition that no answers can satisfy makes the step unreachable', () => {
    const dir = broken();
    // The amount of data is never asked when there is no data, so this step can never come up.
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace(
        '    when: { has: [raw-text] }\n    question',
        '    when: { dataKind: [none], dataSize: { min: 1 } }\n    question',
      ),
    );
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/step 'ask-domain-distance': unreachable/)]),
    );
  });

  test('conditions on the data held and on the plan are checked: kinds, strategies, where they may appear', () => {
    const dir = broken();
    edit(dir, 'knowledge/rules.yaml', (text) =>
      text
        .replace(
          'when: { goal: [alignment, domain], has: [demonstrations] }',
          'when: { goal: [alignment, domain], has: [dialogues] }',
        )
        .replace(
          'when: { tried: [prompting, prompting-and-rag] }',
          'when: { tried: [prompting, prompting-and-rag], leading: [prompting] }',
        ),
    );
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace(
        'when: { leading: [prompting, rag, continued-pretraining] }',
        'when: { leading: [prompting, retrieval] }',
      ),
    );
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /rules\.yaml – rule 'demonstrations-teach-form'.*'has' names 'dialogues', not a kind of data/,
        ),
        expect.stringMatching(
          /rules\.yaml – rule 'prompting-already-fell-short'.*'leading' looks at the plan, which only a flow step may do/,
        ),
        expect.stringMatching(
          /advisor\.yaml – step 'ask-tried'.*'leading' names 'retrieval', not a strategy/,
        ),
      ]),
    );
  });

  test('a decisive question may not come before a question the plan depends on', () => {
    const dir = broken();
    edit(dir, 'flows/advisor.yaml', (text) =>
      text.replace(
        '  - id: ask-goal\n    slot: goal',
        '  - id: ask-goal\n    slot: goal\n    decisive: true',
      ),
    );
    // Later questions with buttons are weighed at each value; a later amount cannot be.
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /step 'ask-goal'.*field 'decisive': the plan depends on 'dataSize', asked after it/,
        ),
      ]),
    );
  });

  test('a lawful flip must name a decision rule listed in the table', () => {
    const dir = broken();
    edit(dir, 'knowledge/flips.yaml', (text) => text.replace('    rule: 12\n', '    rule: 13\n'));
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /knowledge\/flips\.yaml – flip '.*'.* – field 'rule': decision rule 13 is not listed/,
        ),
      ]),
    );
  });

  test('a knowledge file whose id differs from its name is reported', () => {
    const dir = broken();
    edit(dir, 'knowledge/papers/dpo-2023.yaml', (text) => text.replace('id: dpo-2023', 'id: dpo-paper'));
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/knowledge\/papers\/dpo-2023\.yaml – field 'id': 'dpo-paper' must match/),
      ]),
    );
  });
});
