import type { KnowledgeEntry } from '../../../src/content/knowledge-schema';
import { PLAN_SECTIONS, planLines } from '../../../src/core/plan/plan';
import { adviceOf, describeValue, recommend } from '../../../src/core/recommend/recommend';
import type { Profile, Recommendation, Session } from '../../../src/core/types';
import { realAdvisor, realContent } from '../../support/advisor';
import { figures, untraced } from '../../support/figures';
import { asAnswers, decisionProfiles } from '../../support/profiles';

const content = realContent();
const advisor = realAdvisor();
const advice = adviceOf({ ...content, flips: content.flips?.flips });
const entries = new Map<string, KnowledgeEntry>(content.knowledge.map((entry) => [entry.id, entry]));

/** A conversation by buttons: the answers pressed in order. */
function pressed(answers: [string, string][]): Session {
  let session = advisor.handleTurn(null, { kind: 'text', text: 'hello' }).session;
  for (const [slot, value] of answers)
    session = advisor.handleTurn(session, { kind: 'choice', slot, value }).session;
  if (session.phase !== 'advised') throw new Error(`not advised after ${JSON.stringify(answers)}`);
  return session;
}

const PLC: [string, string][] = [
  ['goal', 'domain'],
  ['dataKind', 'raw-text'],
  ['dataSize', '600000000 tokens'],
  ['extraDataKind', 'demonstrations'],
  ['extraDataSize', '3000'],
  ['domainDistance', 'far'],
  ['taskScope', 'single'],
  ['platform', 'own-gpus'],
  ['gpu', 'consumer'],
];

const VOICE_AND_DOCS: [string, string][] = [
  ['goal', 'both'],
  ['dataKind', 'raw-text'],
  ['dataSize', '2000000 tokens'],
  ['extraDataKind', 'demonstrations'],
  ['extraDataSize', '300'],
  ['domainDistance', 'near'],
  ['knowledgeChange', 'frequent'],
  ['styleSensitivity', 'high'],
  ['taskScope', 'single'],
  ['platform', 'hosted-api'],
];

const SFT_THEN_DPO: [string, string][] = [
  ['goal', 'alignment'],
  ['dataKind', 'demonstrations'],
  ['dataSize', '3000'],
  ['extraDataKind', 'preferences'],
  ['extraDataSize', '30000'],
  ['styleSensitivity', 'high'],
  ['taskScope', 'single'],
  ['platform', 'own-gpus'],
  ['gpu', 'cluster'],
];

/** The numbers the user gave (and the labels of the buttons pressed), which a plan may restate. */
function usersFigures(recommendation: Recommendation, session?: Session): number[] {
  const { profile } = recommendation;
  return [
    ...Object.entries(profile).flatMap(([slot, value]) => [
      ...figures(String(value)),
      ...figures(describeValue(content.flow, slot, value, profile)),
    ]),
    ...Object.values(session?.answers ?? {}).flatMap((answer) => figures(answer.quote)),
    ...recommendation.ranking.map((entry) => entry.score),
  ];
}

describe('the exported plan', () => {
  test('has every section, each stage in order with its recipe, and cites its sources', () => {
    const exported = advisor.plan(pressed(PLC));
    if (!exported) throw new Error('no plan');
    const { plan, markdown } = exported;
    expect(plan.stages.map((stage) => stage.strategy)).toEqual(['continued-pretraining', 'sft']);
    for (const heading of [
      PLAN_SECTIONS.situation,
      PLAN_SECTIONS.order,
      PLAN_SECTIONS.beforeAfter,
      PLAN_SECTIONS.hardware,
      PLAN_SECTIONS.rejected,
      PLAN_SECTIONS.risk,
      PLAN_SECTIONS.experiment,
      PLAN_SECTIONS.sources,
    ])
      expect(markdown).toContain(`## ${heading}`);
    expect(markdown.indexOf('## Stage 1: Continued pretraining')).toBeLessThan(
      markdown.indexOf('## Stage 2: Supervised fine-tuning'),
    );
    for (const heading of [
      PLAN_SECTIONS.data,
      PLAN_SECTIONS.example,
      PLAN_SECTIONS.training,
      PLAN_SECTIONS.cost,
    ])
      expect(markdown.split(`### ${heading}`).length - 1).toBeGreaterThanOrEqual(2);
    // Every cited entry is listed with where to read it.
    for (const id of plan.citations) {
      const entry = entries.get(id);
      expect(markdown).toContain(entry?.arxiv ? `arXiv ${entry.arxiv}` : String(entry?.url));
    }
    expect(plan.citations).toEqual(
      expect.arrayContaining(['dapt-2020', 'lora-learns-less-2024', 'llamafactory-readme']),
    );
    // The alternatives not in the plan, each with why.
    expect(plan.rejected.map((item) => item.strategy).sort()).toEqual([
      'dpo',
      'instruction-tuning',
      'prompting',
      'rag',
    ]);
  });

  test('training choices follow where they train: GPU memory on own GPUs, none through a hosted API', () => {
    const own = advisor.plan(pressed(PLC));
    const hosted = advisor.plan(pressed(VOICE_AND_DOCS));
    expect(own?.plan.training.flatMap((line) => line.cites)).toContain('llamafactory-readme');
    expect(hosted?.plan.training.flatMap((line) => line.cites)).not.toContain('llamafactory-readme');
    expect(hosted?.markdown).not.toMatch(/QLoRA at about/);
  });

  test('staged plans carry their order and recipes: RAG then SFT with retrieved passages; SFT then DPO', () => {
    const rag = advisor.plan(pressed(VOICE_AND_DOCS));
    expect(rag?.plan.stages.map((stage) => stage.strategy)).toEqual(['rag', 'sft']);
    expect(rag?.plan.stages[1]?.why.text).toMatch(/retrieved passages/);
    const dpo = advisor.plan(pressed(SFT_THEN_DPO));
    expect(dpo?.plan.stages.map((stage) => stage.strategy)).toEqual(['sft', 'dpo']);
    expect(dpo?.markdown).toContain('"chosen"');
    expect(dpo?.plan.stages[1]?.training.flatMap((line) => line.cites)).toContain('tulu2-2023');
    // Costs are only those the papers give.
    expect(dpo?.plan.stages[0]?.cost.flatMap((line) => line.cites)).toEqual(['alpagasus-2023']);
  });

  test('every figure in a plan is the user’s own or appears in an entry cited on its line', () => {
    const sample = decisionProfiles().filter((_profile, index) => index % 7 === 0);
    expect(sample.length).toBeGreaterThan(500);
    for (const profile of sample) {
      const recommendation = recommend(advice, asAnswers(profile), { flips: false });
      const plan = advisor.planOf(recommendation).plan;
      const users = usersFigures(recommendation);
      for (const { where, line } of planLines(plan)) {
        const unknown = untraced(line.text, line.cites, entries, users);
        if (unknown.length > 0)
          expect({ profile: profile as Profile, where, text: line.text, unknown }).toEqual({ unknown: [] });
      }
    }
  });

  test('a recommendation saved before plans existed (no stages) still exports', () => {
    const current = recommend(advice, pressed(VOICE_AND_DOCS).answers, { flips: false });
    const { stages: _stages, ...saved } = current;
    const exported = advisor.planOf({ ...saved, complementary: ['sft'] });
    expect(exported.plan.stages.map((stage) => stage.strategy)).toEqual(['rag', 'sft']);
    expect(exported.markdown).toContain('## Stage 2: Supervised fine-tuning (SFT)');
  });

  test('there is no plan before a recommendation', () => {
    expect(advisor.plan(null)).toBeNull();
    expect(advisor.plan(advisor.handleTurn(null, { kind: 'text', text: 'hello' }).session)).toBeNull();
  });
});
