import { readFile } from 'node:fs/promises'
import type { Protocol } from 'electron'
import { contentSecurityPolicy } from '../host/csp'
import { resolveStaticFile } from '../host/static-files'
import { APP_HOST, APP_SCHEME } from './security'

/**
 * The privileges of `app://`, registered before the app is ready. `standard` gives it real
 * origins and relative URLs, `secure` makes it a secure context; nothing else (no CORS bypass,
 * no service workers). Checklist item 18: the renderer is not loaded from file://.
 */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
]

/**
 * Serves the built renderer at `app://pinlab/…`, confined to `rendererDir`, with the CSP as a
 * response header (checklist item 7).
 */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 })
    const file = resolveStaticFile(rendererDir, url.pathname)
    if (!file) return new Response('not found', { status: 404 })
    const body = await readFile(file.path)
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff'
      }
    })
  })
}
