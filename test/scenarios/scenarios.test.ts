import path from 'node:path';
import { loadScenarios, runScenario, runScenarioButtons } from '../../src/eval/scenarios';
import { realAdvisor, realContent } from '../support/advisor';

const scenarios = loadScenarios(path.join(__dirname, 'scenarios.yaml'));
const advisor = realAdvisor();
const cases = scenarios.map((scenario) => [scenario.id, scenario] as const);

describe('the evaluation scenarios', () => {
  test('there are at least 30 varied situations covering every strategy', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    const primaries = new Set(scenarios.map((scenario) => scenario.expect.primary));
    expect([...primaries].sort()).toEqual(
      ['continued-pretraining', 'dpo', 'instruction-tuning', 'prompting', 'rag', 'sft'].sort(),
    );
  });

  test('every scenario says what its user means for the slots that decide it, with valid values', () => {
    const { flow } = realContent();
    for (const scenario of scenarios) {
      for (const slot of ['goal', 'dataKind'])
        expect({ id: scenario.id, slot, has: slot in scenario.means }).toEqual({
          id: scenario.id,
          slot,
          has: true,
        });
      for (const [slot, value] of Object.entries(scenario.means)) {
        const definition = flow.slots[slot];
        const valid =
          definition?.type === 'enum' ? value in definition.values : /^\d+( tokens)?$/.test(value);
        expect({ id: scenario.id, slot, value, valid }).toEqual({
          id: scenario.id,
          slot,
          value,
          valid: true,
        });
      }
    }
  });

  for (const scenario of scenarios) {
    // A typed run marked pending names why (e.g. understanding 'domain' in free text is the
    // dialogue work); the buttons-only run below still covers the decision.
    (scenario.typedPending ? test.skip : test)(
      `${scenario.id} gets the strategy the research supports (typed opening, then buttons)`,
      () => {
        expect(runScenario(advisor, scenario).problem).toBeNull();
      },
    );
  }

  test.each(cases)('%s gets the strategy the research supports (buttons only)', (_id, scenario) => {
    expect(runScenarioButtons(advisor, scenario).problem).toBeNull();
  });
});
