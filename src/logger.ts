import type { Logger } from './core/log.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** One JSON line per event on stderr: stdout belongs to the transcript mode and the chat. */
export function createLogger(
  minimum: Level = 'info',
  stream: NodeJS.WritableStream = process.stderr,
): Logger {
  const threshold = LEVELS.indexOf(minimum);
  const write =
    (level: Level) =>
    (message: string, context: Record<string, unknown> = {}) => {
      if (LEVELS.indexOf(level) < threshold) return;
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...context })}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
