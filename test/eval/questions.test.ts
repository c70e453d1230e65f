import path from 'node:path';
import { evaluateQuestions, formatQuestionReport, timeQuestions } from '../../src/eval/questions';
import { ROOT, realAdvisor } from '../support/advisor';

const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'questions-sample.yaml');

describe('the questions runner', () => {
  const { results, summary } = evaluateQuestions(realAdvisor(), SAMPLE);
  const outcome = (id: string) => results.find((result) => result.id === id)?.outcome;

  test('scores what the user reads: substance, honest scope, wrong content', () => {
    expect(outcome('s-1')).toBe('substance');
    expect(outcome('s-2')).toBe('substance');
    expect(outcome('s-3')).toBe('honest');
    expect(outcome('s-4')).toBe('wrong');
    // A forbidden item makes an otherwise complete answer wrong.
    expect(outcome('s-5')).toBe('wrong');
  });

  test("after-questions reach a recommendation by pressing the profile's buttons", () => {
    expect(results.find((result) => result.id === 's-2')?.reached).toBe(true);
  });

  test('the summary counts them, by type', () => {
    expect(summary).toMatchObject({
      total: 5,
      inScope: 4,
      outOfScope: 1,
      substance: 2,
      honest: 1,
      confidentWrong: 2,
    });
    expect(summary.byType.define).toEqual({ total: 3, good: 1 });
    expect(formatQuestionReport(summary)).toContain('answered in substance:        2/4');
  });

  // How fast is measured by `npm run bench` and the questions runner, never by a timed unit test.
  test('the timing report gives a median, a p95 at least as large, and the answerer start-up', () => {
    const timing = timeQuestions(realAdvisor(), SAMPLE, 5);
    expect(timing.medianMs).toBeGreaterThan(0);
    expect(timing.p95Ms).toBeGreaterThanOrEqual(timing.medianMs ?? 0);
    expect(timing.buildMs).toBeGreaterThan(0);
  });
});
