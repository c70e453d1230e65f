import path from 'node:path';
import { type Content, loadContent } from '../../src/content/load';
import { Advisor, type AdvisorOptions } from '../../src/core/advisor';

export const ROOT = path.resolve(__dirname, '..', '..');

let content: Content | undefined;
/** The real flows/ and knowledge/, loaded once per test file. */
export function realContent(): Content {
  content ??= loadContent(ROOT);
  return content;
}

export function realAdvisor(options: AdvisorOptions = {}): Advisor {
  return new Advisor(realContent(), options);
}
