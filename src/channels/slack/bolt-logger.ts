import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/log.js';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function boltLevel(level: 'debug' | 'info' | 'warn' | 'error'): LogLevel {
  return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[level];
}

function text(parts: unknown[]): string {
  return parts
    .map((part) =>
      typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part),
    )
    .join(' ');
}

/** Bolt's and the Slack SDKs' logging, as one JSON line each through our logger. */
export function boltLogger(log: Logger, initial: LogLevel): BoltLogger {
  let level = initial;
  let name = 'slack';
  const at =
    (lineLevel: LogLevel, write: Logger['info']) =>
    (...parts: unknown[]) => {
      if (ORDER.indexOf(lineLevel) >= ORDER.indexOf(level)) write(text(parts), { source: name });
    };
  return {
    debug: at(LogLevel.DEBUG, (message, context) => log.debug(message, context)),
    info: at(LogLevel.INFO, (message, context) => log.info(message, context)),
    warn: at(LogLevel.WARN, (message, context) => log.warn(message, context)),
    error: at(LogLevel.ERROR, (message, context) => log.error(message, context)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
