import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './content/load.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';

/** Composition root: config -> content -> store -> the channel the command line asks for. */
async function main(argv: string[]): Promise<void> {
  const mode = argv[0] ?? 'start';
  const config = loadConfig();
  const log = createLogger(mode === 'transcript' ? 'warn' : config.logLevel);
  const runtime = createRuntime(config, log);
  try {
    // Each channel's modules load only in its mode: Bolt alone costs about 0.2 s of start-up
    // that the web chat need not pay, and the web chat's modules are not the Slack app's.
    switch (mode) {
      case 'transcript': {
        const { runTranscript } =
          require('./channels/cli/transcript.js') as typeof import('./channels/cli/transcript.js');
        await runTranscript(runtime.conversations, log);
        break;
      }
      case 'chat': {
        const { chatOptions, runChat } =
          require('./channels/cli/chat.js') as typeof import('./channels/cli/chat.js');
        await runChat(
          runtime.conversations,
          undefined,
          process.stdin,
          process.stdout,
          chatOptions(argv.slice(1)),
        );
        break;
      }
      case 'start':
        if (config.slack) {
          const { runSlack } = require('./channels/slack/app.js') as typeof import('./channels/slack/app.js');
          await runSlack(config, runtime, log);
          break;
        }
        {
          // Without Slack settings: the local web chat (Botkit loads inside it, only in this mode).
          const { runWebChat } = require('./channels/web/run.js') as typeof import('./channels/web/run.js');
          await runWebChat(runtime, config, log);
        }
        break;
      default:
        throw new ConfigError([`unknown command "${mode}"; use "chat", "transcript" or no argument.`]);
    }
  } finally {
    // Also after a failed start: an open Redis connection would keep the process from exiting.
    await runtime.storage.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ContentError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`ftadvisor failed: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
});
