/**
 * "wait, you say no other data but we have the 5000 notes": what the user quotes back from the
 * advisor is the advisor's reading, not the user's statement. The words reported run from "you
 * say" to the "but" (or comma, dash, semicolon) that starts the user's own claim, or to the end
 * of the sentence.
 */
const REPORTING =
  /\b(?:you|u|the bot|it)\s+(?:say|says|said|wrote|write|put|have|had|listed|list|show|showed|think|thought|read|got|understood|assumed|assume)\b(?:\s+(?:that|it'?s|there'?s|there is|we have))?/gi;
const CLAIM_STARTS = /\s+but\b|[,;:!?—–]|\s-\s|\.(?:\s|$)/i;

/** The character spans of the advisor's words quoted back, so no reading is taken from them. */
export function reportedSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(REPORTING)) {
    const start = match.index ?? 0;
    const after = start + match[0].length;
    const rest = text.slice(after);
    const stop = CLAIM_STARTS.exec(rest);
    // "you have it as 5000 but": the reported part needs a "but" or a contradiction after it to be
    // a quote; "you have to ask" and "as you said, 4 GPUs" are not.
    if (!stop || !/^\s+but\b/i.test(stop[0])) continue;
    spans.push({ start, end: after + stop.index });
  }
  return spans;
}
