import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  adviceOf,
  candidateFlips,
  lawfulFlip,
  recommend,
  score,
} from '../../../src/core/recommend/recommend';
import { ROOT, realContent } from '../../support/advisor';
import { asAnswers, decisionProfiles, slotsOutsideTheDecision } from '../../support/profiles';

/**
 * Lawful flips: "what would change this" may only propose changes the research supports. Every
 * change of one answer that would move the first stage, over every reachable set of answers, must
 * be licensed by an entry of knowledge/flips.yaml, which names the decision rule behind it.
 */
const content = realContent();
const table = content.flips?.flips ?? [];
const advice = adviceOf({ ...content, flips: table });

describe('the lawful flips table', () => {
  test('the GPU they train on never decides the strategy, so walking one of each is exact', () => {
    expect(slotsOutsideTheDecision().sort()).toEqual(['gpu']);
  });

  test('every flip over every reachable set of answers is licensed by the table, and every entry is used', () => {
    const unlawful = new Map<string, { count: number; example: unknown }>();
    const used = new Set<string>();
    let walked = 0;
    for (const profile of decisionProfiles()) {
      const primary = score(advice, profile).ranking[0] ?? 'prompting';
      for (const flip of candidateFlips(advice, asAnswers(profile), profile, primary)) {
        walked += 1;
        const entry = lawfulFlip(content.flow, table, { ...flip, before: primary, after: flip.primary });
        if (entry) {
          used.add(entry.id);
          continue;
        }
        const numeric = content.flow.slots[flip.slot]?.type === 'number';
        const change = numeric
          ? Number(flip.to) > Number(flip.from)
            ? 'up'
            : 'down'
          : `${flip.from} → ${flip.to}`;
        const key = `${flip.slot} ${change}: ${primary} → ${flip.primary}`;
        const seen = unlawful.get(key);
        unlawful.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? profile });
      }
    }
    expect(walked).toBeGreaterThan(1000);
    expect([...unlawful.entries()]).toEqual([]);
    expect(table.map((entry) => entry.id).filter((id) => !used.has(id))).toEqual([]);
    // Thousands of answer sets, each with every alternative answer: seconds, not milliseconds.
  }, 180_000);

  test("the decision rules the table names are the fact sheet's, by number and title", () => {
    const rules = content.flips?.rules ?? {};
    for (const entry of table)
      expect({ id: entry.id, listed: String(entry.rule) in rules }).toEqual({ id: entry.id, listed: true });
    // The fact sheet lives beside the project (../shared/research); when it is there, check the titles.
    const findings = [path.join(ROOT, '..', 'shared', 'research', 'findings.md')].find((file) =>
      existsSync(file),
    );
    if (!findings) return;
    const text = readFileSync(findings, 'utf8');
    const section = text.slice(text.indexOf('## Decision rules'));
    for (const [number, title] of Object.entries(rules)) {
      const line = section.split('\n').find((candidate) => candidate.startsWith(`${number}. `));
      expect({
        number,
        title,
        inFindings: line?.replace(/\*\*/g, '').includes(title.replace(/\.$/, '')),
      }).toEqual({
        number,
        title,
        inFindings: true,
      });
    }
  });

  test('what the advisor shows is only lawful flips, each with its rule', () => {
    for (const profile of decisionProfiles().slice(0, 300)) {
      for (const flip of recommend(advice, asAnswers(profile)).flips) {
        expect(flip.rule).toBeDefined();
      }
    }
  });
});
