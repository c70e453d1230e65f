import path from 'node:path';
import { benchCore, type Row } from './core.js';

/** `npm run bench`: every figure measured in one run on this machine, as a table. */
function print(title: string, rows: Row[]): void {
  const widths = [
    Math.max(7, ...rows.map((row) => row.measure.length)),
    Math.max(5, ...rows.map((row) => row.value.length)),
    Math.max(6, ...rows.map((row) => row.target.length)),
  ];
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${line(['measure', 'value', 'target'])} met |\n`);
  process.stdout.write(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|-----|\n`);
  for (const row of rows) {
    process.stdout.write(
      `${line([row.measure, row.value, row.target])} ${row.met === null ? '   ' : row.met ? 'yes' : 'NO '} |\n`,
    );
  }
}

const root = path.resolve(__dirname, '..', '..');
print('Advisor core', benchCore(root));
