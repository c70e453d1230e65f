import { nextStep } from '../../../src/core/flow/engine';
import { adviceOf, recommend, stagesOf } from '../../../src/core/recommend/recommend';
import type { Profile } from '../../../src/core/types';
import { realContent } from '../../support/advisor';
import { asAnswers, decisionProfiles } from '../../support/profiles';

const content = realContent();
const advice = adviceOf({ ...content, flips: content.flips?.flips });

const profiles = decisionProfiles();
// "What would change this" is checked on its own below (and against the lawful table in flips.test.ts).
const results = profiles.map((profile) => ({
  profile,
  recommendation: recommend(advice, asAnswers(profile), { flips: false }),
}));

/** Rules that make the strategy whose data must still be collected the first stage, on purpose. */
const COLLECTING = [
  'collect-demonstrations-after-prompting',
  'collect-domain-text-after-prompting',
  'collect-examples-for-a-hosted-api',
];

describe('the recommender over every reachable set of answers', () => {
  test('the flow reaches many distinct situations', () => {
    expect(profiles.length).toBeGreaterThan(1000);
  });

  test('every strategy is the primary for some situation', () => {
    const primaries = new Set(results.map((result) => result.recommendation.primary));
    expect([...primaries].sort()).toEqual([
      'continued-pretraining',
      'dpo',
      'instruction-tuning',
      'prompting',
      'rag',
      'sft',
    ]);
  });

  test('the primary is never a strategy whose prerequisite is missing, unless its data is what to collect next', () => {
    for (const { profile, recommendation } of results) {
      const blocked = recommendation.reasons.some(
        (r) => r.strategy === recommendation.primary && r.ruleId.startsWith('requires-'),
      );
      // Prompting fell short and there is nothing to train on yet: the first stage is collecting it.
      const collecting = recommendation.reasons.some((r) => COLLECTING.includes(r.ruleId));
      expect({ profile, blocked: blocked && !collecting }).toEqual({ profile, blocked: false });
    }
  });

  test('facts always start with retrieval, and retrieval is never offered for style or a domain language', () => {
    for (const { profile, recommendation } of results) {
      const goal = String(profile.goal);
      // Ovadia et al.: retrieval beats training on the documents for facts; behaviour comes after.
      if (goal === 'knowledge' || goal === 'both')
        expect({ profile, primary: recommendation.primary }).toEqual({ profile, primary: 'rag' });
      else
        expect({ profile, rag: recommendation.stages?.some((stage) => stage.strategy === 'rag') }).toEqual({
          profile,
          rag: false,
        });
    }
  });

  test('prompting first is never the advice once prompting fell short', () => {
    for (const { profile, recommendation } of results) {
      if (profile.tried === 'prompting' || profile.tried === 'prompting-and-rag')
        expect({ profile, primary: recommendation.primary }).not.toEqual({ profile, primary: 'prompting' });
    }
  });

  test('plans are ordered: the primary first, DPO after any tuning stage, pretraining before tuning', () => {
    for (const { profile, recommendation } of results) {
      const stages = (recommendation.stages ?? []).map((stage) => stage.strategy);
      expect({ profile, first: stages[0] }).toEqual({ profile, first: recommendation.primary });
      expect(new Set(stages).size).toBe(stages.length);
      const at = (id: string) => stages.indexOf(id as never);
      if (at('dpo') >= 0)
        for (const tuning of ['sft', 'instruction-tuning'])
          if (at(tuning) >= 0) expect(at(tuning)).toBeLessThan(at('dpo'));
      if (at('continued-pretraining') > 0)
        for (const tuning of ['sft', 'instruction-tuning', 'dpo'])
          if (at(tuning) >= 0) expect(at(tuning)).toBeGreaterThan(at('continued-pretraining'));
      for (const stage of (recommendation.stages ?? []).slice(1)) {
        expect(stage.why.length).toBeGreaterThan(20);
        expect(stage.cites.length).toBeGreaterThan(0);
      }
    }
  });

  test('every shown reason and guidance line carries citations', () => {
    const uncited = results.filter(
      ({ recommendation }) =>
        recommendation.citations.length === 0 ||
        [...recommendation.guidance, ...recommendation.caveats, ...recommendation.reasons].some(
          (item) => item.cites.length === 0,
        ),
    );
    expect(uncited.map(({ profile }) => profile)).toEqual([]);
  });

  test('"what would change this" is true: applying a flip gives the primary it names', () => {
    for (const { profile } of results.slice(0, 400)) {
      for (const flip of recommend(advice, asAnswers(profile)).flips) {
        const changed = asAnswers({ ...profile, [flip.slot]: flip.to });
        // Questions that become relevant are answered with their defaults inside a flip; compare
        // directly only when the changed answers are complete.
        if (nextStep(content.flow, changed) !== undefined) continue;
        expect({ flip: flip.text, primary: recommend(advice, changed).primary }).toEqual({
          flip: flip.text,
          primary: flip.primary,
        });
      }
    }
  });

  test('the ranking lists all six strategies, best first, and is deterministic', () => {
    for (const { profile, recommendation } of results.slice(0, 50)) {
      const scores = recommendation.ranking.map((entry) => entry.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(recommendation.ranking).toHaveLength(6);
      expect(recommend(advice, asAnswers(profile), { flips: false }).ranking).toEqual(recommendation.ranking);
    }
  });

  test('assumed answers lower the confidence and are listed', () => {
    const profile = {
      goal: 'alignment',
      dataKind: 'demonstrations',
      dataSize: 1000,
      dataUnit: 'items',
      extraDataKind: 'none',
      styleSensitivity: 'high',
      taskScope: 'single',
      platform: 'hosted-api',
    };
    const sure = recommend(advice, asAnswers(profile));
    const assumed = recommend(advice, {
      ...asAnswers(profile),
      styleSensitivity: { value: 'high', source: 'default', quote: "I'll assume high style sensitivity." },
      taskScope: { value: 'single', source: 'default', quote: "I'll assume one task." },
    });
    expect(sure.confidence).toBe('high');
    expect(assumed.confidence).toBe('low');
    expect(assumed.assumptions).toEqual(["I'll assume high style sensitivity.", "I'll assume one task."]);
  });

  test('a saved recommendation from before plans still reads as a plan (its complements as stages)', () => {
    const { stages: _stages, ...old } = recommend(advice, asAnswers(profiles[0] as Profile));
    expect(
      stagesOf({ ...old, primary: 'rag', complementary: ['sft'] }).map((stage) => stage.strategy),
    ).toEqual(['rag', 'sft']);
  });
});
