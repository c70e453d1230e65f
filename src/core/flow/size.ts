/** Parses a data-amount value as the flow writes it: "300" or "2000000 tokens". */
export function parseSizeValue(value: string): { size: number; unit: 'items' | 'tokens' } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(tokens)?\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const size = Number(match[1]);
  if (!Number.isFinite(size)) return undefined;
  return { size, unit: match[2] ? 'tokens' : 'items' };
}
