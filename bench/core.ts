import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Content, loadContent } from '../src/content/load.js';
import { Advisor } from '../src/core/advisor.js';
import type { Session, TurnInput } from '../src/core/types.js';
import { loadScenarios, runScenario, runScenarioButtons } from '../src/eval/scenarios.js';
import { median, percentile, type Row } from './table.js';

/** Messages of a realistic conversation: one-shot description, answers, follow-ups, a change. */
const SCRIPT: TurnInput[] = [
  {
    kind: 'text',
    text: 'Our support bot must answer from our product docs, which change every week, in our strict brand voice. We have 3k example replies.',
  },
  { kind: 'text', text: 'no other data' },
  { kind: 'text', text: 'just one task' },
  { kind: 'text', text: 'a hosted api' },
  { kind: 'text', text: 'why not fine-tuning alone?' },
  { kind: 'text', text: 'what did LIMA show?' },
  { kind: 'text', text: 'how much data do I need?' },
  { kind: 'text', text: 'what if we had 30 examples?' },
  { kind: 'text', text: 'actually the docs rarely change' },
  { kind: 'text', text: 'compare SFT and DPO for me' },
  { kind: 'text', text: 'start over' },
  { kind: 'choice', slot: 'goal', value: 'alignment' },
  { kind: 'choice', slot: 'dataKind', value: 'preferences' },
  { kind: 'text', text: 'about 20k pairs' },
  { kind: 'choice', slot: 'extraDataKind', value: 'none' },
  { kind: 'choice', slot: 'styleSensitivity', value: 'high' },
  { kind: 'choice', slot: 'taskScope', value: 'single' },
  { kind: 'choice', slot: 'platform', value: 'own-gpus' },
  { kind: 'choice', slot: 'gpu', value: 'consumer' },
];

/** The advisor core alone: turn latency, and the scenario set's accuracy and question count. */
export function benchCore(root: string): { rows: Row[]; content: Content } {
  const started = performance.now();
  const content = loadContent(root);
  const advisor = new Advisor(content);
  const loadMs = performance.now() - started;

  const timings: number[] = [];
  const rounds = 200;
  for (let round = 0; round < rounds; round++) {
    let session: Session | null = null;
    for (const input of SCRIPT) {
      const before = performance.now();
      session = advisor.handleTurn(session, input).session;
      timings.push(performance.now() - before);
    }
  }

  const scenarios = loadScenarios(path.join(root, 'test', 'scenarios', 'scenarios.yaml'));
  // Typed runs marked pending (understanding a v2 answer is other work) are left out of the typed
  // count and said; every scenario counts buttons-only.
  const typed = scenarios.filter((scenario) => !scenario.typedPending);
  const results = typed.map((scenario) => runScenario(advisor, scenario));
  const passed = results.filter((result) => result.passed).length;
  const buttons = scenarios.map((scenario) => runScenarioButtons(advisor, scenario));
  const buttonsPassed = buttons.filter((result) => result.passed).length;
  const questions = results.map((result) => result.questionsAsked.length);
  const mean = questions.reduce((sum, n) => sum + n, 0) / questions.length;
  const fullFlow = content.flow.steps.length;

  const rows: Row[] = [
    { measure: 'content load + advisor build', value: `${loadMs.toFixed(0)} ms`, target: '', met: null },
    {
      measure: `core turn, median of ${timings.length}`,
      value: `${median(timings).toFixed(2)} ms`,
      target: '< 10 ms',
      met: median(timings) < 10,
    },
    { measure: 'core turn, p99', value: `${percentile(timings, 99).toFixed(2)} ms`, target: '', met: null },
    {
      measure: `scenarios labelled correctly, typed (${scenarios.length - typed.length} pending)`,
      value: `${passed}/${results.length}`,
      target: '100%',
      met: passed === results.length,
    },
    {
      measure: 'scenarios labelled correctly, buttons only',
      value: `${buttonsPassed}/${buttons.length}`,
      target: '100%',
      met: buttonsPassed === buttons.length,
    },
    {
      measure: 'questions asked per scenario (mean)',
      value: `${mean.toFixed(2)} (max ${Math.max(...questions)}; the flow has ${fullFlow})`,
      target: '',
      met: null,
    },
  ];
  return { rows, content };
}
