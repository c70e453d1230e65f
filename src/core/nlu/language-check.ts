/**
 * Whether a message is written in a language other than English, so the advisor can say it works
 * in English instead of guessing at the words. Conservative: short or mixed messages ("RAG?",
 * "ok", a pasted error) count as English.
 */

/** Frequent function words of the languages users most often write in instead. */
const FOREIGN_WORDS = new Set(
  [
    // German
    'der die das und ist nicht wir ich ein eine mit für auf haben wollen unsere sind oder auch',
    // French
    'le la les et est nous pas une des avec pour sur avons voulons notre sont ou aussi je',
    // Spanish and Portuguese
    'el los las y es no tenemos queremos nuestro nuestra con para por una que son o también nosotros não temos nossa',
    // Italian and Dutch
    'il gli abbiamo vogliamo nostro sono anche het een niet wij hebben willen onze zijn ook',
  ]
    .join(' ')
    .split(' '),
);
const ENGLISH_WORDS = new Set(
  // "no" and "o" are Spanish too, but "No. As I said, no labels at all." is English.
  'the and is are we our have has to of a an in for with not it that this do does should can want need no i as at all said so yes you my me was were just only but also any'.split(
    ' ',
  ),
);
/** Scripts other than Latin: Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, CJK, Hangul. */
const OTHER_SCRIPT =
  /[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/gu;

export function isForeignLanguage(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 6) return false;
  const other = text.match(OTHER_SCRIPT)?.length ?? 0;
  if (other / letters > 0.5) return true;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 4) return false;
  const foreign = words.filter((word) => FOREIGN_WORDS.has(word) && !ENGLISH_WORDS.has(word)).length;
  const english = words.filter((word) => ENGLISH_WORDS.has(word)).length;
  return foreign >= 2 && foreign > english * 2;
}
