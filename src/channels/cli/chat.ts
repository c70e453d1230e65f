import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Conversations } from '../../core/conversations.js';
import type { Reply, TurnInput } from '../../core/types.js';

/** Renders a reply for a terminal, numbering the choices so they can be picked by number. */
export function renderForTerminal(reply: Reply): string {
  const text = reply.choices.length > 0 ? reply.text.replace(/\n\nOptions: .*$/s, '') : reply.text;
  const options = reply.choices.map((choice, index) => `  ${index + 1}) ${choice.label}`).join('\n');
  return options ? `${text}\n\n${options}` : text;
}

/** A typed line as input: a number picks one of the last reply's choices. */
export function inputFromLine(line: string, last: Reply | undefined): TurnInput {
  const picked = /^\s*(\d{1,2})\s*$/.exec(line);
  const choice = picked && last ? last.choices[Number(picked[1]) - 1] : undefined;
  if (choice && last) {
    return last.awaiting
      ? { kind: 'choice', slot: last.awaiting, value: choice.value }
      : { kind: 'text', text: choice.value };
  }
  return { kind: 'text', text: line };
}

/** The interactive terminal chat; the conversation is kept in the store, so it survives a restart. */
export async function runChat(
  conversations: Conversations,
  key = `cli:${userInfo().username}`,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const show = (replies: Reply[]) => {
    for (const reply of replies) output.write(`\n${renderForTerminal(reply)}\n`);
    output.write('\n> ');
    return replies.at(-1);
  };
  output.write(
    'ftadvisor: type your answers, or a number to pick an option; "start over" to restart, Ctrl+D to quit.\n',
  );
  let last = show(await conversations.handle(key, { kind: 'text', text: 'hello' }));
  // Reading lines as a stream (not question()) also works when input is piped in.
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    last = show(await conversations.handle(key, inputFromLine(line, last)));
  }
  output.write('\n');
}
