import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_REQUEST_BYTES } from '../../../shared/api'
import { StaticLabCatalog } from '../../../electron/host/lab-catalog'
import { SessionHost } from '../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../electron/host/settings-store'
import { startWebServer, type RunningWebServer } from '../../../electron/web/server'

let server: RunningWebServer
let rendererDir: string

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'pinlab-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>PinLab</title>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(rendererDir, '..', 'secret.txt'), 'outside')
  server = await startWebServer({
    host: new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog() }),
    rendererDir,
    port: 0
  })
})
afterEach(async () => {
  await server.close()
})

interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(path: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function openSocket(options: { token?: string; origin?: string } = {}): Promise<WebSocket> {
  const token = options.token ?? server.token
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`, {
    origin: options.origin ?? `http://127.0.0.1:${server.port}`
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function nextReply(ws: WebSocket, predicate: (m: Record<string, unknown>) => boolean = (m) => 'ok' in m): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>
      if (predicate(message)) {
        ws.off('message', onMessage)
        resolve(message)
      }
    }
    ws.on('message', onMessage)
  })
}

describe('browser mode HTTP', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses a request without the token', async () => {
    const reply = await get('/')
    expect(reply.status).toBe(403)
    expect(reply.body).toContain('token')
  })

  it('refuses a wrong token', async () => {
    expect((await get('/?token=' + 'x'.repeat(server.token.length))).status).toBe(403)
  })

  it('serves the page with the token, the CSP and a cookie for the assets', async () => {
    const reply = await get(`/?token=${server.token}`)
    expect(reply.status).toBe(200)
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'")
    expect(reply.headers['content-security-policy']).not.toContain('unsafe-eval')
    const cookie = String(reply.headers['set-cookie'])
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    const asset = await get('/assets/app.js', { cookie: cookie.split(';')[0]! })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toContain('javascript')
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { host: 'evil.example:80' })).status).toBe(421)
  })

  it('keeps paths inside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      expect((await get(`${path}?token=${server.token}`)).status).toBe(404)
    }
  })
})

describe('browser mode WebSocket', () => {
  it('answers requests and streams terminal output', async () => {
    const ws = await openSocket()
    const inbox: Array<Record<string, unknown>> = []
    ws.on('message', (data) => inbox.push(JSON.parse(data.toString()) as Record<string, unknown>))
    const until = async (predicate: (m: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 200 && !inbox.some(predicate); i++) await new Promise((r) => setTimeout(r, 10))
      return inbox.find(predicate)
    }
    const output = (m: Record<string, unknown>) => (m.event === 'terminal.output' ? String((m.payload as { data: string }).data) : '')
    ws.send(JSON.stringify({ id: 1, method: 'session.create', params: {} }))
    const reply = await until((m) => m.id === 1)
    expect(reply).toMatchObject({ id: 1, ok: true })
    const sessionId = (reply!.result as { sessionId: string }).sessionId
    expect(await until((m) => output(m).includes('# '))).toBeTruthy()
    // The reply comes before any output of the session it creates.
    expect(inbox.findIndex((m) => m.id === 1)).toBeLessThan(inbox.findIndex((m) => m.event === 'terminal.output'))
    ws.send(JSON.stringify({ id: 2, method: 'terminal.input', params: { sessionId, data: 'help\r' } }))
    expect(await until((m) => output(m).includes('Commands'))).toBeTruthy()
    ws.close()
  })

  it('refuses an upgrade without the token or from another origin', async () => {
    await expect(openSocket({ token: 'nope' })).rejects.toThrow('403')
    await expect(openSocket({ origin: 'https://evil.example' })).rejects.toThrow('403')
  })

  it('answers malformed, unknown and oversized requests with errors and keeps serving', async () => {
    const ws = await openSocket()
    const replies: Array<Record<string, unknown>> = []
    for (const text of [
      'not json',
      JSON.stringify({ id: 1, method: 'nope', params: {} }),
      JSON.stringify({ id: 2, method: 'terminal.resize', params: { cols: -1 } }),
      JSON.stringify({ id: 3, method: 'terminal.input', params: { sessionId: 's1', data: 'x'.repeat(MAX_REQUEST_BYTES + 10) } })
    ]) {
      const next = nextReply(ws)
      ws.send(text)
      replies.push(await next)
    }
    expect(replies.map((r) => (r.error as { code: string }).code)).toEqual(['bad-json', 'unknown-method', 'invalid-params', 'too-large'])
    const ok = nextReply(ws)
    ws.send(JSON.stringify({ id: 4, method: 'labs.list', params: {} }))
    expect(await ok).toMatchObject({ id: 4, ok: true })
    ws.close()
  })

  it('bounds the request rate', async () => {
    const ws = await openSocket()
    const limited: Array<number | null> = []
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id: number | null; ok: boolean; error?: { code: string } }
      if (!m.ok && m.error?.code === 'rate-limited') limited.push(m.id)
    })
    for (let i = 0; i < 700; i++) ws.send(JSON.stringify({ id: i, method: 'labs.list', params: {} }))
    await new Promise((r) => setTimeout(r, 300))
    expect(limited.length).toBeGreaterThan(0)
    // The refused request's id is echoed so the client fails it at once.
    expect(limited.every((id) => typeof id === 'number' && id >= 0 && id < 700)).toBe(true)
    ws.close()
  })
})
