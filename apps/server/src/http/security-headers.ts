import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The page may run only its own scripts (no inline script, no eval), talk only to this server
 * (HTTP and its WebSocket), and never be framed. Styles allow inline because React sets
 * `style` props (table alignment, skeletons); scripts never do.
 */
function contentSecurityPolicy(request: IncomingMessage): string {
  const host = request.headers.host;
  const socket = host ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Set on every response (pages, API, health) before anything else writes headers. */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("content-security-policy", contentSecurityPolicy(request));
  response.setHeader("x-content-type-options", "nosniff");
  response.setHeader("referrer-policy", "no-referrer");
  response.setHeader("x-frame-options", "DENY");
  response.setHeader("cross-origin-opener-policy", "same-origin");
}
