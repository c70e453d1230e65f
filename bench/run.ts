import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { benchCore } from './core.js';
import { benchGrowth } from './growth.js';
import { benchSlack } from './slack.js';
import { printTable } from './table.js';

/**
 * `npm run bench`: every figure measured in this one run on this machine, printed as tables and
 * kept in bench-results.json. Slack runs before the growth bench, whose 100,000 files would
 * otherwise still be settling on disk during the load.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '?',
    loadBefore: loadavg().map((value) => Number(value.toFixed(2))),
    node: process.version,
  };
  process.stdout.write(
    `ftadvisor bench: ${machine.cpus} CPUs (${machine.model}), load average ${machine.loadBefore.join(' ')}, Node ${machine.node}\n`,
  );

  const core = benchCore(root);
  printTable('Advisor core', core.rows);

  process.stderr.write('Slack HTTP load: start-up five times, then bare Bolt and the advisor in turn...\n');
  const slack = await benchSlack(root, core.content);
  printTable(
    'Slack HTTP path under load (signed DM events on 127.0.0.1, Web API on a local fake)',
    slack.load,
  );
  printTable(
    "Where a Slack turn's server CPU goes (node --cpu-prof; ms per turn: advisor (bare Bolt); share of the advisor's)",
    slack.profile,
  );
  process.stdout.write(`${slack.cpuVerdict}\n`);
  printTable('Start-up (npm start) and memory (Slack HTTP mode)', slack.startup);

  process.stderr.write('Growth: writing 100,000 conversations...\n');
  const growth = await benchGrowth(core.content);
  printTable('Growth (Conversations + file store, in process, one turn at a time)', growth.rows);

  const rows = [...core.rows, ...slack.load, ...slack.profile, ...slack.startup, ...growth.rows];
  const missed = rows.filter((row) => row.met === false).map((row) => row.measure);
  process.stdout.write(
    `\n${missed.length === 0 ? 'Every target met.' : `Targets missed: ${missed.join('; ')}.`} Load average after: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  );
  writeFileSync(
    path.join(root, 'bench-results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, rows, slack: slack.figures, growth: growth.figures }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
