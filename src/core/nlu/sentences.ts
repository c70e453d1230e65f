/** A sentence of a message, by character span. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Ends with a question mark, or opens like a question ("how much data does SFT need"). */
  question: boolean;
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|approx|ca|cf|mr|ms|dr|incl|esp|resp|fig|al)\.$/i;
const QUESTION_OPENING =
  /^(what|whats|wat|wht|wut|why|how|hw|which|who|when|where|is|are|does|do|did|can|could|should|would|will|shall|explain|compare|tell me|any (idea|advice|thoughts)|wondering)\b/i;

/**
 * Splits a chat message into sentences: at ? and !, at a full stop followed by a space (chat
 * writers often go on in lowercase: "low-ish. it should be polite"), and at line breaks. Numbers
 * ("1.2k"), abbreviations ("e.g.") and URLs stay whole. Linear in the length of the text.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const close = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body !== '') {
      const from = start + lead;
      sentences.push({
        text: body,
        start: from,
        end: from + body.length,
        question: body.endsWith('?') || QUESTION_OPENING.test(body.replace(/^[^\p{L}]+/u, '')),
      });
    }
    start = end;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '\n') {
      close(index + 1);
    } else if (char === '?' || char === '!') {
      if (next !== '?' && next !== '!') close(index + 1);
    } else if (char === '.' && (next === undefined || /\s/.test(next))) {
      if (!ABBREVIATIONS.test(text.slice(Math.max(start, index - 8), index + 1))) close(index + 1);
    }
  }
  close(text.length);
  return sentences;
}
