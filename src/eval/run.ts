import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultContentRoot, loadContent } from '../content/load.js';
import { Advisor } from '../core/advisor.js';
import { evaluateUnderstanding, formatUnderstanding, loadSituations } from './understanding.js';

/**
 * `npm run eval`: the advisor judged on the frozen held-out sets (test/heldout/), or with
 * `--set dev` on the development sets used to choose methods and thresholds. `--details` lists
 * every situation whose typed route went wrong.
 */
function main(argv: string[]): void {
  const set = argv.includes('--set') ? (argv[argv.indexOf('--set') + 1] ?? 'heldout') : 'heldout';
  const root = defaultContentRoot();
  // test/heldout only judges; test/dev, test/dev2 … are for choosing methods and thresholds. An
  // unknown set is an error: falling back to the held-out set would show it while tuning.
  const folder = set;
  const dir = path.join(root, 'test', folder);
  if (!/^(heldout|dev\d*)$/.test(folder) || !existsSync(path.join(dir, 'situations.yaml'))) {
    process.stderr.write(
      `no situations set "${set}": use --set dev, dev2 … or leave it out for the held-out set\n`,
    );
    process.exitCode = 2;
    return;
  }
  const advisor = new Advisor(loadContent(root));
  const situations = loadSituations(path.join(dir, 'situations.yaml'));
  const report = evaluateUnderstanding(advisor, situations);
  process.stdout.write(
    `${formatUnderstanding(report, folder === 'heldout' ? 'the held-out set' : `the development set (${folder})`)}\n`,
  );
  if (argv.includes('--details')) {
    const buttons = report.byMode.buttons.runs;
    for (const mode of ['typing', 'cooperative'] as const) {
      process.stdout.write(`\n### ${mode}: disagreements and problems\n`);
      report.byMode[mode].runs.forEach((run, index) => {
        const button = buttons[index];
        const posed = Object.entries(run.posings)
          .filter(([, count]) => count >= 2)
          .map(([slot, count]) => `${slot}×${count}`)
          .join(' ');
        if (run.primary !== button?.primary || run.problem || posed) {
          const wrong = Object.entries(run.held)
            .filter(([slot, held]) => {
              const meant = situations[index]?.answers[slot]?.means;
              return held.source === 'user' && held.value !== meant && typeof meant === 'string';
            })
            .map(([slot, held]) => `${slot}=${held.value}≠${situations[index]?.answers[slot]?.means}`)
            .join(' ');
          process.stdout.write(
            `- ${run.id}: typed ${run.primary} / buttons ${button?.primary} / label ${run.expected}${run.problem ? ` (${run.problem})` : ''} ${posed} ${wrong}\n`,
          );
        }
      });
    }
  }
}

main(process.argv.slice(2));
