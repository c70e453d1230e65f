import { CONTROL_INTENTS, type ControlIntent, type Language } from '../../content/language-schema.js';
import { type Analysis, analyse } from './text.js';

/** A control may carry at most this many words besides its phrase ("ok go back one step please"). */
const EXTRA_WORDS = 5;
/** A one-word control ("help", "back") may carry at most this many more. */
const ONE_WORD_EXTRA = 2;
/** Longer messages are about something else, even if they start like a control. */
const MAX_WORDS = 8;
/** "not sure" (or "I have no idea") opening a message of at most this many words says so, with its reason. */
const MAX_UNSURE_WORDS = 14;

/**
 * Whole-message conversation controls ("start over", "go back", "where are we"), after filler
 * words are dropped: a control is a short message that starts with one of its phrases.
 */
export class Controls {
  private readonly phrases: { intent: ControlIntent; words: string[] }[];
  private readonly fillers: Set<string>;

  constructor(language: Language) {
    this.fillers = new Set(language.fillers);
    // Messages lose their filler words before matching, so the phrases must too ("where are we").
    this.phrases = CONTROL_INTENTS.flatMap((intent) =>
      language.controls[intent].map((phrase) => ({
        intent,
        words: analyse(phrase)
          .tokens.map((token) => token.word)
          .filter((word) => !this.fillers.has(word)),
      })),
    )
      .filter((control) => control.words.length > 0)
      .sort((a, b) => b.words.length - a.words.length);
  }

  of(analysis: Analysis): ControlIntent | null {
    const words = analysis.tokens.map((token) => token.word).filter((word) => !this.fillers.has(word));
    if (words.length === 0) return null;
    // "I'm not sure what we have, IT would know": not knowing, said first, may come with a reason.
    // "not sure if this is a training thing?" asks; it does not pass.
    const asks = /\?\s*$/.test(analysis.text) || /\b(if|whether)\b/i.test(analysis.text);
    if (words.length <= MAX_UNSURE_WORDS && !asks) {
      for (const { intent, words: phrase } of this.phrases) {
        if (intent === 'skip' && phrase.length >= 2 && phrase.every((word, index) => words[index] === word))
          return intent;
      }
    }
    if (words.length > MAX_WORDS) return null;
    for (const { intent, words: phrase } of this.phrases) {
      // "help center articles…" is not a call for help: a one-word control allows only a couple
      // of words more ("help please", "skip this one").
      const extra = phrase.length === 1 ? ONE_WORD_EXTRA : EXTRA_WORDS;
      if (phrase.length > words.length || words.length - phrase.length > extra) continue;
      if (phrase.every((word, index) => words[index] === word)) return intent;
    }
    // "sorry wrong project. start over": a control of two words or more as the short message's
    // last clause, on its own.
    const lastClause = analysis.tokens.at(-1)?.clause;
    const tail = analysis.tokens
      .filter((token) => token.clause === lastClause)
      .map((token) => token.word)
      .filter((word) => !this.fillers.has(word));
    if (tail.length === words.length) return null;
    for (const { intent, words: phrase } of this.phrases) {
      if (
        phrase.length >= 2 &&
        phrase.length === tail.length &&
        phrase.every((word, index) => tail[index] === word)
      )
        return intent;
    }
    return null;
  }
}
