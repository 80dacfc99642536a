/**
 * The security rules of the Electron window, as pure functions so that tests can assert them
 * without Electron (checklist: reference teaching-and-electron-anchors §2.1).
 */

/** The renderer's own origin in production. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'pinlab'
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`

/**
 * Links that `shell.openExternal` may open: https only, on these hosts (documentation the labs
 * cite). Anything else is refused (checklist item 15).
 */
export const EXTERNAL_LINK_HOSTS = new Set([
  'docs.kernel.org',
  'www.kernel.org',
  'kernel.org',
  'lore.kernel.org',
  'git.kernel.org',
  'man7.org',
  'github.com',
  'www.rdmamojo.com'
])

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_LINK_HOSTS.has(url.hostname)
}

/**
 * Whether a URL belongs to the renderer we serve: `app://pinlab/…` in production, or the
 * electron-vite dev server's exact origin in development. Parsed with the WHATWG parser and
 * compared by scheme and host — never by string prefix (checklist items 13 and 17). Node's URL
 * gives custom schemes an opaque origin, so the comparison is on protocol and host.
 */
export function isTrustedRendererUrl(raw: string, devServerUrl?: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl)
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && url.origin === dev.origin
    } catch {
      return false
    }
  }
  return false
}

/** The frame an IPC message came from, as much of it as the check needs. */
export interface SenderFrameLike {
  url: string
  /** Null for a top-level frame. */
  parent: unknown
}

/**
 * Every IPC handler calls this first: the message must come from the top-level frame of our own
 * renderer. A destroyed frame (null) is refused.
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, devServerUrl?: string): boolean {
  if (!frame) return false
  if (frame.parent !== null && frame.parent !== undefined) return false
  return isTrustedRendererUrl(frame.url, devServerUrl)
}
