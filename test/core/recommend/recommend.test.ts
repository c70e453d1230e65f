import type { Strategy } from '../../../src/content/advice-schema';
import type { StrategyId } from '../../../src/content/knowledge-schema';
import { reachableProfiles } from '../../../src/content/semantics';
import { applyInferences, nextStep } from '../../../src/core/flow/engine';
import { type Advice, recommend } from '../../../src/core/recommend/recommend';
import type { Answer, Profile } from '../../../src/core/types';
import { realContent } from '../../support/advisor';

const content = realContent();
const advice: Advice = {
  flow: content.flow,
  rules: content.rules,
  strategies: new Map<StrategyId, Strategy>(content.strategies.map((strategy) => [strategy.id, strategy])),
};

function answers(profile: Profile, source: Answer['source'] = 'user'): Record<string, Answer> {
  return Object.fromEntries(
    Object.entries(profile).map(([slot, value]) => [slot, { value, source, quote: String(value) }]),
  );
}

const { profiles } = reachableProfiles(content.flow);
const results = profiles.map((profile) => ({ profile, recommendation: recommend(advice, answers(profile)) }));

describe('the recommender over every reachable set of answers', () => {
  test('the flow reaches many distinct situations', () => {
    expect(profiles.length).toBeGreaterThan(200);
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

  test('the primary is never a strategy whose prerequisite is missing', () => {
    for (const { profile, recommendation } of results) {
      const blocked = recommendation.reasons.some(
        (r) => r.strategy === recommendation.primary && r.ruleId.startsWith('requires-'),
      );
      expect({ profile, blocked }).toEqual({ profile, blocked: false });
    }
  });

  test('facts are never left to weights alone, and style is never left to retrieval', () => {
    const notFor: Record<string, string[]> = {
      // Ovadia et al.: retrieval beats training on the documents for facts; DPO and instruction tuning add none.
      knowledge: ['dpo', 'instruction-tuning', 'continued-pretraining', 'sft'],
      both: ['continued-pretraining'],
      // Retrieval supplies facts, not form.
      alignment: ['rag'],
    };
    for (const { profile, recommendation } of results) {
      const banned = notFor[String(profile.goal)] ?? [];
      expect({ profile, banned: banned.includes(recommendation.primary) }).toEqual({
        profile,
        banned: false,
      });
    }
  });

  test('every shown reason and guidance line carries citations', () => {
    for (const { recommendation } of results) {
      expect(recommendation.citations.length).toBeGreaterThan(0);
      for (const item of [...recommendation.guidance, ...recommendation.caveats, ...recommendation.reasons]) {
        expect(item.cites.length).toBeGreaterThan(0);
      }
    }
  });

  test('"what would change this" is true: applying a flip gives the primary it names', () => {
    for (const { profile, recommendation } of results.slice(0, 400)) {
      for (const flip of recommendation.flips) {
        const changed = applyInferences(content.flow, {
          ...answers(profile),
          [flip.slot]: { value: flip.to, source: 'user' as const, quote: '' },
        });
        // Questions that become relevant are answered with their defaults inside a flip; compare
        // directly only when the changed answers are complete.
        if (nextStep(content.flow, changed) === undefined) {
          const after = recommend(advice, changed);
          expect({ flip: flip.text, primary: after.primary }).toEqual({
            flip: flip.text,
            primary: flip.primary,
          });
        }
      }
    }
  });

  test('the ranking lists all six strategies, best first, and is deterministic', () => {
    for (const { profile, recommendation } of results.slice(0, 50)) {
      const scores = recommendation.ranking.map((entry) => entry.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(recommendation.ranking).toHaveLength(6);
      expect(recommend(advice, answers(profile)).ranking).toEqual(recommendation.ranking);
    }
  });

  test('assumed answers lower the confidence and are listed', () => {
    const profile = {
      goal: 'alignment',
      dataKind: 'demonstrations',
      dataSize: 1000,
      dataUnit: 'items',
      styleSensitivity: 'high',
      taskScope: 'single',
    };
    const sure = recommend(advice, answers(profile));
    const assumed = recommend(advice, {
      ...answers(profile),
      styleSensitivity: { value: 'high', source: 'default', quote: "I'll assume high style sensitivity." },
      taskScope: { value: 'single', source: 'default', quote: "I'll assume one task." },
    });
    expect(sure.confidence).toBe('high');
    expect(assumed.confidence).toBe('low');
    expect(assumed.assumptions).toEqual(["I'll assume high style sensitivity.", "I'll assume one task."]);
  });
});
