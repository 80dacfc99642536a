import { existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8'
}

export interface StaticFile {
  path: string
  contentType: string
}

/**
 * Maps a URL path to a file inside `root`, or null. Used by browser mode and by Electron's
 * `app://` protocol, so the same confinement rules hold for both: percent-decoding happens once,
 * then the path is normalised and must stay inside `root`; NUL bytes, backslashes and
 * directories are refused; `/` is `index.html`.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const rootNormal = normalize(root + sep)
  const full = normalize(join(root, relative))
  if (!full.startsWith(rootNormal)) return null
  if (!existsSync(full) || !statSync(full).isFile()) return null
  return { path: full, contentType: CONTENT_TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream' }
}
