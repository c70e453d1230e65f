/**
 * Every response id the dialogue can use, with the placeholders it fills. The wording lives in
 * flows/responses.yaml; start-up checks that each id here has wording there and that the wording
 * uses only these placeholders, so a typo in either fails at load, not when a user reaches it.
 */
export const RESPONSE_PLACEHOLDERS = {
  noted: ['items'],
  updated: ['changes'],
  'noted.echo': ['items', 'quote'],
  restated: ['items'],
  interpretation: ['phrase', 'value'],
  'long-message': ['count'],
  'empty-message': [],
  'flow-changed': [],
  'foreign-language': [],
  'resume.offer': [],
  'resume.question': [],
  'resume.choice.resume': [],
  'resume.choice.restart': [],
  restart: [],
  back: ['slot'],
  'back.first': [],
  'skip.none': [],
  'skip.required': [],
  'skip.assumed': ['assumption'],
  'repair.rephrase': ['slot', 'quote', 'rephrase'],
  'repair.rephrase.other': ['rephrase'],
  'repair.help': ['help'],
  'repair.assume': ['slot', 'assumption'],
  confirm: ['first', 'second'],
  'confirm.one': ['first'],
  'confirm.change': ['slot', 'first', 'second'],
  'confirm.other': [],
  'confirm.yes': [],
  'data.either': ['noun', 'first', 'second'],
  'vague-amount': ['phrase'],
  'data-already-used': ['quote'],
  'size-hint': [],
  'back-to-question': [],
  'open.advised': [],
  kept: [],
  'open.collecting': [],
  'seek-advice': [],
  'new-question': [],
  'recommend.same': ['strategy'],
  'recommend.asked': ['strategy'],
  'recommend.changed': ['strategy', 'before'],
  'recommend.refined': ['strategy'],
  'controls-hint': [],
  'help.general': ['controls'],
  'help.question': ['help', 'controls'],
  'status.told': [],
  'status.nothing': [],
  'status.done': ['strategy'],
  'status.remaining.one': [],
  'status.remaining.many': ['count'],
  'status.assumed': [],
  'status.inferred': [],
  thanks: [],
  'greeting.first': [],
  'greeting.again': [],
  'error.button-gone': [],
  'error.not-an-option': ['value'],
  'error.not-an-amount': ['value'],
  'what-if.none': [],
  'what-if.first': ['strategy'],
  'what-if.still': ['strategy'],
  'what-if.instead': ['strategy', 'current'],
  'what-if.with': ['changes', 'verdict'],
  'what-if.assuming': ['assumptions'],
  'what-if.defaults': [],
  'what-if.unchanged': [],
} as const satisfies Record<string, readonly string[]>;

export type ResponseId = keyof typeof RESPONSE_PLACEHOLDERS;
export type ResponseParams = Record<string, string | number>;

/** Wording by id, with {placeholder}s: flows/responses.yaml after validation. */
export type ResponseTexts = Record<string, string>;

/** The placeholders a template uses, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1] ?? '');
}

/** Fills a response's placeholders. Unknown ids and missing parameters are load-time errors, so here they cannot happen. */
export function fill(texts: ResponseTexts, id: ResponseId, params: ResponseParams = {}): string {
  const template = texts[id] ?? id;
  const filled = template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
  // A sentence opened by a placeholder starts with a capital, whatever the value's own case
  // ("Prompting first still comes first", not "prompting first …").
  return /^\{[a-zA-Z]+\}/.test(template) ? filled.charAt(0).toUpperCase() + filled.slice(1) : filled;
}

/** Problems with flows/responses.yaml, each naming the id and what is wrong. */
export function checkResponses(texts: ResponseTexts, file: string): string[] {
  const problems: string[] = [];
  const declared = RESPONSE_PLACEHOLDERS as Record<string, readonly string[]>;
  for (const id of Object.keys(declared)) {
    if (!(id in texts)) problems.push(`${file} – response '${id}': missing; the advisor uses it`);
  }
  for (const [id, template] of Object.entries(texts)) {
    const allowed = declared[id];
    if (!allowed) {
      problems.push(
        `${file} – response '${id}': not a response the advisor uses; remove it or check its spelling`,
      );
      continue;
    }
    for (const name of placeholdersOf(template)) {
      if (!allowed.includes(name)) {
        problems.push(
          `${file} – response '${id}': unknown placeholder {${name}}; it can use ${allowed.length > 0 ? allowed.map((p) => `{${p}}`).join(', ') : 'no placeholders'}`,
        );
      }
    }
  }
  return problems;
}
