import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_REQUEST_BYTES } from '../../shared/api'
import { contentSecurityPolicy } from '../host/csp'
import type { SessionHost } from '../host/session-host'
import { resolveStaticFile } from '../host/static-files'
import { RateLimiter } from './rate-limiter'

export interface WebServerOptions {
  host: SessionHost
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); a random one otherwise. */
  token?: string
  log?: (message: string) => void
}

export interface RunningWebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Messages above this size close the WebSocket outright; up to it they get an error reply. */
const HARD_FRAME_LIMIT = 4 * MAX_REQUEST_BYTES
const COOKIE = 'pinlab_token'
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/**
 * Browser mode: the built renderer over HTTP and the API over a WebSocket, on 127.0.0.1 only.
 *
 * Every request must carry the random token, either in the URL (`?token=`, as printed) or in the
 * cookie set by the first such request; the Host header must name the loopback address (no DNS
 * rebinding), and a WebSocket's Origin must be this server's own origin. Requests are bounded in
 * size and rate. The same CSP as in Electron is sent with every page.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? (() => {})
  let port = 0

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const hasToken = (req: IncomingMessage): 'query' | 'cookie' | null => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const fromQuery = url.searchParams.get('token')
    if (fromQuery !== null && sameSecret(fromQuery, token)) return 'query'
    const fromCookie = parseCookies(req.headers.cookie ?? '')[COOKIE]
    if (fromCookie !== undefined && sameSecret(fromCookie, token)) return 'cookie'
    return null
  }

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(text + '\n')
  }

  const server = createServer(async (req, res) => {
    try {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return refuse(res, 403, 'PinLab serves loopback clients only.')
      if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 421, 'PinLab: unexpected Host header.')
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'PinLab: only GET and HEAD.')
      const via = hasToken(req)
      if (via === null) {
        return refuse(res, 403, 'PinLab: this address needs the token printed by `npm run serve` (…/?token=…).')
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const file = resolveStaticFile(options.rendererDir, url.pathname)
      if (!file) return refuse(res, 404, 'PinLab: not found.')
      const body = await readFile(file.path)
      const headers: Record<string, string> = {
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy({ websocketOrigins: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'no-cache'
      }
      if (via === 'query') headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch (error) {
      log(`pinlab web: ${String(error)}`)
      if (!res.headersSent) refuse(res, 500, 'PinLab: internal error.')
      else res.end()
    }
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_FRAME_LIMIT,
    perMessageDeflate: false
  })

  server.on('upgrade', (req, socket, head) => {
    const deny = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/api') return deny(404, 'Not Found')
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return deny(403, 'Forbidden')
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(421, 'Misdirected Request')
    if (!allowedOrigins().has(req.headers.origin ?? '')) return deny(403, 'Forbidden')
    if (hasToken(req) === null) return deny(403, 'Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws))
  })

  const attach = (ws: WebSocket) => {
    const send = (value: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(value))
    }
    const connection = options.host.connect((event) => send(event))
    const limiter = new RateLimiter({ perSecond: 200, burst: 400 })
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({ id: null, ok: false, error: { code: 'bad-request', message: 'Requests are JSON text frames.' } })
        return
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')
      if (!limiter.take()) {
        // Echo the id when there is one, so the client can fail that request at once.
        send({ id: requestIdOf(text), ok: false, error: { code: 'rate-limited', message: 'Too many requests; slow down.' } })
        return
      }
      void connection.handleText(text).then(send, (error: unknown) => log(`pinlab web: ${String(error)}`))
    })
    ws.on('close', () => connection.dispose())
    ws.on('error', (error) => log(`pinlab web: socket error: ${error.message}`))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The numeric id of a request text, or null; reads at most the first 64 characters. */
function requestIdOf(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64))
  return match ? Number(match[1]) : null
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}
