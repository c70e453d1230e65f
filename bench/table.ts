/** One line of a bench table: what was measured, the figure, the target, the ratio behind it, whether it is met. */
export interface Row {
  measure: string;
  value: string;
  target: string;
  /** The figure against its reference (the target, or the baseline it is compared with), e.g. "0.92×". */
  ratio?: string;
  met: boolean | null;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The nearest-rank percentile: the smallest value at or above p% of the sample. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`;
}

export function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** Prints a table to stdout, columns padded to their widest cell. */
export function printTable(title: string, rows: Row[]): void {
  const header = ['measure', 'value', 'target', 'ratio', 'met'];
  const cells = rows.map((row) => [
    row.measure,
    row.value,
    row.target,
    row.ratio ?? '',
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((name, column) =>
    Math.max(name.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${line(header)}\n`);
  process.stdout.write(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|\n`);
  for (const values of cells) process.stdout.write(`${line(values)}\n`);
}
