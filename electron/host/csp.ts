/**
 * The Content-Security-Policy for the renderer, the same in Electron (`app://`) and in browser
 * mode (http on loopback), sent as a response header.
 *
 * - No `unsafe-eval` and no inline scripts: nothing from a lab pack or the network can run.
 * - `style-src 'unsafe-inline'`: xterm.js and CodeMirror inject <style> elements at run time for
 *   their themes. Styles cannot run code; the risk accepted is limited to presentation.
 * - `connect-src`: the WebSocket of browser mode (`ws:` on the same loopback origin); Electron
 *   needs no network at all.
 */
export function contentSecurityPolicy(options: { websocketOrigins?: string[] } = {}): string {
  const connect = ["'self'"]
  if (options.websocketOrigins) connect.push(...options.websocketOrigins)
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'"
  ].join('; ')
}
