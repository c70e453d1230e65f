import path from 'node:path';
import { loadScenarios, runScenario } from '../../src/eval/scenarios';
import { realAdvisor } from '../support/advisor';

const scenarios = loadScenarios(path.join(__dirname, 'scenarios.yaml'));
const advisor = realAdvisor();

describe('the evaluation scenarios', () => {
  test('there are at least 30 varied situations covering every strategy', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    const primaries = new Set(scenarios.map((scenario) => scenario.expect.primary));
    expect([...primaries].sort()).toEqual(
      ['continued-pretraining', 'dpo', 'instruction-tuning', 'prompting', 'rag', 'sft'].sort(),
    );
  });

  test.each(scenarios.map((scenario) => [scenario.id, scenario] as const))(
    '%s gets the strategy the research supports',
    (_id, scenario) => {
      const result = runScenario(advisor, scenario);
      expect(result.problem).toBeNull();
    },
  );
});
