import { type Config, ConfigError } from '../../config.js';
import type { Logger } from '../../core/log.js';
import type { Runtime } from '../../runtime.js';
import { exposureWarning } from './address.js';
import { conversationKey } from './protocol.js';
import { type RunningWebChat, startWebChat } from './server.js';

/**
 * `npm start` without Slack settings: serves the web chat until Ctrl+C (SIGINT) or SIGTERM.
 * The address goes to stdout; the warning for a non-loopback ADVISOR_WEB_HOST to stderr.
 */
export async function runWebChat(
  runtime: Runtime,
  config: Config,
  log: Logger,
  output: NodeJS.WritableStream = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  const warning = exposureWarning(config.webHost);
  if (warning) errors.write(`${warning}\n`);
  let chat: RunningWebChat;
  try {
    chat = await startWebChat({
      conversations: runtime.conversations,
      sources: runtime.advisor.presenter,
      transcripts: runtime.storage.transcripts(),
      host: config.webHost,
      port: config.port,
      log,
      plans: async (browserId) =>
        runtime.advisor.plan(await runtime.conversations.peek(conversationKey(browserId)))?.markdown ?? null,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.webHost}:${config.port}`;
    if (code === 'EADDRINUSE')
      throw new ConfigError([`${where} is already in use; set PORT to a free port.`]);
    if (code === 'EACCES') throw new ConfigError([`not allowed to listen on ${where}; set PORT above 1023.`]);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new ConfigError([`ADVISOR_WEB_HOST=${config.webHost} is not an address of this machine.`]);
    throw error;
  }
  output.write(`ftadvisor web chat: open ${chat.url} in your browser (Ctrl+C to stop).\n`);
  runtime.ready();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await chat.close();
}
