import type { KnowledgeEntry } from '../../src/content/knowledge-schema';

/**
 * The numbers in a text, as values: "1,000" and "1k" are both 1000; "5×10⁻⁷" is 5e-7. Shared by the
 * tests that trace every figure the advisor states to a knowledge entry.
 */
export function figures(text: string): number[] {
  const values: number[] = [];
  const normalised = text.replace(/(\d)×10⁻([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_match, base: string, exponent: string) => {
    const digits = [...exponent].map((char) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(char)).join('');
    return `${base}e-${digits}`;
  });
  for (const match of normalised.matchAll(
    /(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?(?:e-\d+)?)\s?(k|K|M|B|billion|million)?(?![\w])/g,
  )) {
    const base = Number((match[1] ?? '').replace(/,/g, ''));
    const unit = match[2];
    const scale =
      unit === 'k' || unit === 'K'
        ? 1e3
        : unit === 'M' || unit === 'million'
          ? 1e6
          : unit === 'B' || unit === 'billion'
            ? 1e9
            : 1;
    values.push(base * scale);
  }
  return values;
}

export function entryText(entry: KnowledgeEntry): string {
  return [
    entry.title,
    entry.summary,
    ...entry.numbers.map((n) => n.text),
    ...entry.implications,
    entry.venue ?? '',
  ].join('\n');
}

/** The figures of a text that none of the cited entries hold. */
export function untraced(
  text: string,
  cites: string[],
  entries: Map<string, KnowledgeEntry>,
  also: number[] = [],
): number[] {
  const known = new Set([
    ...also,
    ...cites.flatMap((id) => {
      const entry = entries.get(id);
      return entry ? figures(entryText(entry)) : [];
    }),
  ]);
  return figures(text).filter((value) => !known.has(value));
}
