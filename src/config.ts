import path from 'node:path';

export interface Config {
  dataDir: string;
  sessionTtlMs: number;
  port: number;
  webHost: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  } | null;
  redisUrl: string | undefined;
  /** How long a Slack delivery's claim holds before another delivery may take it over (ms). */
  claimLeaseMs: number;
}

/** Bad settings, all of them, in one message that says what to set. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot start: ${problems.join(' ')}`);
    this.name = 'ConfigError';
  }
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    problems.push(`${name} must be a positive number (got "${raw}").`);
    return fallback;
  }
  return value;
}

/** SLACK_API_URL: an http(s) base URL, kept with a trailing slash (the Web API appends method names). */
function slackApiUrl(raw: string | undefined, problems: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`SLACK_API_URL must be a URL such as https://slack.com/api/ (got "${value}").`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`SLACK_API_URL must start with https:// or http:// (got "${value}").`);
    return undefined;
  }
  return value.endsWith('/') ? value : `${value}/`;
}

/** Reads the environment contract documented in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = positiveNumber(env, 'PORT', 3000, problems);
  if (!Number.isInteger(port) || port > 65535)
    problems.push(`PORT must be a whole number up to 65535 (got "${env.PORT}").`);
  const ttlHours = positiveNumber(env, 'ADVISOR_SESSION_TTL_HOURS', 24, problems);
  const leaseSeconds = positiveNumber(env, 'SLACK_CLAIM_LEASE_SECONDS', 30, problems);
  const level = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(level))
    problems.push(`LOG_LEVEL must be debug, info, warn or error (got "${env.LOG_LEVEL}").`);

  const botToken = env.SLACK_BOT_TOKEN?.trim() || undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (botToken && !botToken.startsWith('xoxb-'))
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-".');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-".');
  if (!botToken && (appToken || signingSecret)) {
    problems.push(
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN too, or unset them to run the web chat.',
    );
  }
  if (botToken && !appToken && !signingSecret) {
    problems.push('Slack mode needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).');
  }
  const apiUrl = slackApiUrl(env.SLACK_API_URL, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir: path.resolve(env.ADVISOR_DATA_DIR?.trim() || 'data'),
    sessionTtlMs: ttlHours * 60 * 60 * 1000,
    port,
    webHost: env.ADVISOR_WEB_HOST?.trim() || '127.0.0.1',
    logLevel: level as Config['logLevel'],
    slack: botToken ? { botToken, signingSecret, appToken, apiUrl } : null,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    claimLeaseMs: leaseSeconds * 1000,
  };
}
