import { isIP } from 'node:net';

/** The host part of a Host header or address: "[::1]:3000" -> "::1", "localhost:3000" -> "localhost". */
function hostname(host: string): string {
  const trimmed = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed?.[1]) return bracketed[1];
  if (isIP(trimmed) === 6) return trimmed;
  return trimmed.replace(/:\d+$/, '');
}

/** Names that reach only this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  const name = hostname(host);
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/**
 * Why serving beyond loopback needs care, or null on loopback. Botkit's web adapter takes the user
 * id the browser sends as given: there is no login, so anyone who can reach the port can chat,
 * and anyone who learns a browser's id can read and continue that browser's conversation.
 */
export function exposureWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  return [
    `Warning: ADVISOR_WEB_HOST=${host} serves the web chat beyond this machine.`,
    'It has no login: the Botkit web adapter trusts the browser id each page sends, so anyone who can reach',
    "this port can use it, and anyone who learns a browser's id can read that conversation.",
    'Only do this on a network you trust, or put an authenticating proxy in front of it.',
  ].join('\n');
}

/** The address to open in a browser for a server bound to host:port. */
export function browserUrl(host: string, port: number): string {
  const name = hostname(host);
  if (name === '0.0.0.0' || name === '::' || name === '') return `http://127.0.0.1:${port}/`;
  return isIP(name) === 6 ? `http://[${name}]:${port}/` : `http://${name}:${port}/`;
}

/**
 * Which Host headers the server answers. On loopback only loopback names: a page on another site
 * whose DNS name was re-pointed at 127.0.0.1 (DNS rebinding) arrives with its own name and is
 * turned away. Served on purpose beyond loopback, any name is fine (the warning has been given).
 */
export function hostCheck(boundHost: string): (header: string | undefined) => boolean {
  if (!isLoopback(boundHost)) return (header) => header !== undefined && header.trim() !== '';
  return (header) => header !== undefined && isLoopback(header);
}

/**
 * A websocket may be opened only by the chat page itself: its Origin must be the host it connects
 * to. This stops other sites the user visits from talking to the advisor through the browser.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    const parsed = new URL(origin);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === host.toLowerCase()
    );
  } catch {
    return false;
  }
}
