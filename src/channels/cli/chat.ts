import { writeFile } from 'node:fs/promises';
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

export interface ChatOptions {
  /** Write the plan (Markdown) to this file after every recommendation: `npm run chat -- --plan plan.md`. */
  planFile?: string;
}

/** Reads `--plan <file>` (or `--plan=<file>`) from the chat command's arguments. */
export function chatOptions(args: string[]): ChatOptions {
  const index = args.findIndex((arg) => arg === '--plan' || arg.startsWith('--plan='));
  if (index === -1) return {};
  const arg = args[index] ?? '';
  const file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  return file ? { planFile: file } : {};
}

/** `/plan` prints the plan; `/plan <file>` writes it there. Anything else is a turn. */
export function planCommand(line: string): { file: string | undefined } | null {
  const match = /^\s*\/plan(?:\s+(\S.*?))?\s*$/i.exec(line);
  return match ? { file: match[1] } : null;
}

/** The interactive terminal chat; the conversation is kept in the store, so it survives a restart. */
export async function runChat(
  conversations: Conversations,
  key = `cli:${userInfo().username}`,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  options: ChatOptions = {},
): Promise<void> {
  const show = (replies: Reply[]) => {
    for (const reply of replies) output.write(`\n${renderForTerminal(reply)}\n`);
    return replies.at(-1);
  };
  const prompt = () => output.write('\n> ');
  const exportPlan = async (file: string | undefined) => {
    const plan = conversations.advisor.plan(await conversations.peek(key));
    if (!plan) output.write('\nThere is no plan yet: it comes with the recommendation.\n');
    else if (!file) output.write(`\n${plan.markdown}`);
    else {
      await writeFile(file, plan.markdown, 'utf8');
      output.write(`\nThe plan is in ${file} (Markdown).\n`);
    }
  };
  output.write(
    'ftadvisor: type your answers, or a number to pick an option; "start over" to restart, "/plan" (or "/plan plan.md") for the plan, Ctrl+D to quit.\n',
  );
  let last = show(await conversations.handle(key, { kind: 'text', text: 'hello' }));
  prompt();
  // Reading lines as a stream (not question()) also works when input is piped in.
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const command = planCommand(line);
    if (command) {
      await exportPlan(command.file);
    } else {
      const replies = await conversations.handle(key, inputFromLine(line, last));
      last = show(replies);
      if (options.planFile && replies.some((reply) => reply.recommendation))
        await exportPlan(options.planFile);
    }
    prompt();
  }
  output.write('\n');
}
