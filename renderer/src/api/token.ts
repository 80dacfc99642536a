const TOKEN_KEY = 'pinlab.token'

/**
 * The browser-mode access token: from the page URL's `token` query parameter (the URL that
 * `npm run serve` prints), remembered in sessionStorage so a reload without it still works.
 */
export function resolveToken(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): string {
  const fromUrl = new URLSearchParams(search).get('token')
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl)
    } catch {
      // Storage may be disabled; the URL still carries the token.
    }
    return fromUrl
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? ''
  } catch {
    return ''
  }
}

/** The host's API endpoint on the same origin that served the page. */
export function apiSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`
}
