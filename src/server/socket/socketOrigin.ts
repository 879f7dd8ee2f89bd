/**
 * Which web pages may open a socket.io connection. A browser sends the session cookie with any
 * cross-site handshake and SameSite is the only thing that stops it, so the handshake's `Origin`
 * is checked too: the server's own origin (the page was served by this host) and the origins
 * listed in `ALLOWED_ORIGINS` (comma separated, e.g. a wall served from another host name).
 * A handshake without an `Origin` header comes from a program, not a page (the grid workers'
 * phones, the simulator): it is let through, and authenticates with its own token or session.
 * The opaque origin `null` (sandboxed frames, file: pages) is refused.
 */
import type { IncomingMessage } from 'node:http';

export const ALLOWED_ORIGINS_ENV = 'ALLOWED_ORIGINS';

/** `scheme://host[:port]` of a URL, lower-cased the way browsers send it; null if not http(s). */
function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Parses `ALLOWED_ORIGINS`; a malformed entry stops the start with a message naming it. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const origin = originOf(entry);
      if (origin === null || origin !== entry.replace(/\/$/, '').toLowerCase()) {
        throw new Error(
          `${ALLOWED_ORIGINS_ENV}: "${entry}" is not an origin like https://wall.example:8443 ` +
            `(${ALLOWED_ORIGINS_ENV} 中的 "${entry}" 不是有效的来源，应形如 https://wall.example:8443)`,
        );
      }
      return origin;
    });
}

/** True when a page of `origin` may connect to this server reached as `host`. */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const normalised = originOf(origin);
  if (normalised === null) return false;
  if (host !== undefined && new URL(normalised).host === host.toLowerCase()) return true;
  return allowedOrigins.includes(normalised);
}

/** engine.io's `allowRequest`: refuses (403) a handshake from a page of another origin. */
export function socketOriginGuard(allowedOrigins: readonly string[]) {
  return (
    request: IncomingMessage,
    callback: (error: string | null | undefined, success: boolean) => void,
  ): void => {
    const allowed = isAllowedOrigin(request.headers.origin, request.headers.host, allowedOrigins);
    callback(allowed ? null : 'origin not allowed', allowed);
  };
}
