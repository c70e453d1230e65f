// natural ships no typings for this file; we import it directly so that natural's index (which
// loads every storage backend and calls dotenv) is never loaded.
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}

// The English Porter stemmer alone; natural's stemmers index loads every language's stemmer.
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}

// Singular forms of nouns ("responses" -> "response"), from natural's inflectors without its index.
declare module 'natural/lib/natural/inflectors/noun_inflector' {
  class NounInflector {
    singularize(word: string): string;
    pluralize(word: string): string;
  }
  export = NounInflector;
}

declare module 'natural/lib/natural/distance/levenshtein_distance' {
  export function LevenshteinDistance(a: string, b: string): number;
  export function DamerauLevenshteinDistance(a: string, b: string): number;
}
