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
/**
 * "what if we skip the CPT step and just do SFT?", "can we drop the SFT stage?": leaving a stage
 * of the plan out asks why it is there (a why-not), not what an answer changed would give.
 */
/**
 * "what if after training it just starts parroting the examples?", "what if the model forgets
 * English?": a worry about what training does, asked as a question, not a change to the situation.
 */
export const MODEL_MISBEHAVES =
  /\bwhat if\b.{0,40}\b(it|the model|the (fine[- ]?tuned|tuned|trained) (one|model)|our model)\s+(just\s+|still\s+|then\s+|starts?\s+|begins?\s+|ends up\s+)*(start|begin|end(s|ed)? up|forget|overfit|memori[sz]|parrot|cop(y|ies|ying|ied)|repeat|hallucinat|gets? worse|getting worse|break|degrad|los(e|es|ing)|refus|drift|regress|collaps|becom|goes|go(ing)? off|produc|spit|output|generat)\w*\b/i;

export const SKIPS_STAGE =
  /\b(skip(ping|ped)?|drop(ping|ped)?|leave out|leaving out|cut(ting)? out|ditch(ing)?|bypass(ing)?|without( doing)?|forget( about)?|go(ing)? straight to|jump(ing)? straight to)\s+(the\s+|a\s+|any\s+)?(cpt|continued pre-?training|pre-?training|dapt|tapt|domain adaptation|domain-adaptive|sft|supervised fine-?tuning|dpo|preference (tuning|stage|step)|rag|retrieval|the index|instruction tuning|first stage|first step|step (1|one)|stage (1|one)|that (step|stage)|this (step|stage))\b/i;

export const QUESTION_OPENING =
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
        question:
          body.endsWith('?') ||
          QUESTION_OPENING.test(body.replace(/^[^\p{L}]+/u, '')) ||
          QUESTION_ENDING.test(body) ||
          LED_QUESTION.test(body),
      });
    }
    start = end;
  };
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    if (char === '\n') {
      depth = 0;
      close(index + 1);
    } else if (char === '?' || char === '!') {
      // "(maybe 60?)", "about 500? not sure": a question mark inside brackets or after a number
      // hedges the number; it does not end the sentence.
      const hedge = depth > 0 || /\d[kKmMbB]?\s*$/.test(text.slice(Math.max(0, index - 8), index));
      if (next !== '?' && next !== '!' && !hedge) close(index + 1);
    } else if (char === '.' && (next === undefined || /\s/.test(next))) {
      if (!ABBREVIATIONS.test(text.slice(Math.max(start, index - 8), index + 1))) close(index + 1);
    }
  }
  close(text.length);
  return sentences.flatMap(splitQuestionTail);
}

/** Whether a sentence typed without a question mark still asks by how it ends or leads in. */
export function asksWithoutMark(sentence: string): boolean {
  return QUESTION_ENDING.test(sentence) || LED_QUESTION.test(sentence);
}

/** Typed without a question mark, these endings still ask: "possible or am i dreaming", "enough or nah". */
const QUESTION_ENDING =
  /\b(or (am i|are we) dreaming|or nah|or not|possible or not|possible or|yes or no|right or wrong|is it possible|doable|feasible|even possible|worth it|or (will|would|does|did|is|can|could|might) (that|it|this|they)\b[^.!?]{0,30})\W*$/i;

/**
 * A question behind a short lead, typed without a question mark: "for full ft of a 70b how many
 * 80gb gpus are we talking", "unrelated but how do i dedupe on 2 columns", "wtf is the superficial
 * alignment hypothesis". A question word after a verb of knowing or recording opens a clause, not a
 * question: "in the IDE we … log which one the dev accepts".
 */
const LED_QUESTION =
  /^(\W*(wtf|wth|so|ok|okay|and|but|also|then|unrelated but|quick q:?)\s+(is|are|was|does|do)\b|\W*(for|with|on|in|at|after|unrelated|so|ok|okay|and|but|also|then|quick q)\b[^.?!]{0,60}?\b(?<!\b(log|logs|logged|know|knows|see|sees|track|tracks|record|records|decide|decides|choose|chooses|pick|picks|check|checks|tell|tells|show|shows|note|notes|mark|marks|label|labels|predict|predicts|learn|learns|out|about|on|and) )(how (many|much|long|big|do i|do we|should|can|would)|what (is|are|should|would|lr|rank|beta|batch)|what (do|does|did) (they|you|the authors|the paper|it|he|she) (mean|say|find|show|use|do)|which (one|is|are|should)|is it (worth|possible|ok|enough)|should (i|we))\b)/i;

/** A question tail after a statement in one sentence: "also we want it friendly, is that separate?". */
const QUESTION_TAIL =
  /[,;:–—]\s+(?=(is|are|does|do|did|can|could|should|would|will|how|what|why|which|any|isn'?t|doesn'?t|or should|or do)\b[^,;:–—]*\?$)/i;

/**
 * The same typed without a question mark, when the tail can only ask: "we have 300 examples for
 * ticket summaries, is that enough to finetune or am i wasting my time".
 */
const BARE_QUESTION_TAIL =
  /[,;:–—]\s+(?=(is (that|it|this)|are (they|those|these|we)|am i|what'?s the|what (is|are) the|how (many|much) (examples?|data|pairs?|tokens?|samples?|gpus?|vram|memory)\b|(what|how|why|which|where|when) (do|does|did|can|could|should|would|will) (i|we|you|it|that|this|they)|should (i|we)|would (that|it)|will (that|it)|does (that|it)|do (i|we) (need|have)|can (i|we)|could (i|we))\b[^,;:–—.!]*$)/i;

function splitQuestionTail(sentence: Sentence): Sentence[] {
  const match = (sentence.text.endsWith('?') ? QUESTION_TAIL : BARE_QUESTION_TAIL).exec(sentence.text);
  if (!match || match.index === undefined) return [sentence];
  const head = sentence.text.slice(0, match.index).trim();
  if (head === '' || QUESTION_OPENING.test(head.replace(/^[^\p{L}]+/u, ''))) return [sentence];
  const tailStart = match.index + match[0].length;
  const tail = sentence.text.slice(tailStart).trim();
  return [
    { text: head, start: sentence.start, end: sentence.start + head.length, question: false },
    { text: tail, start: sentence.start + tailStart, end: sentence.end, question: true },
  ];
}
