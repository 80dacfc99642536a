import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'

/**
 * The main process, booted against a mocked `electron` (the real package would try to download
 * its binary). Records what bootstrap() asks of Electron and drives the handlers it installs.
 */
const rec = vi.hoisted(() => {
  type Fn = (...args: never[]) => unknown
  const state = {
    privileged: [] as unknown[],
    appHandlers: new Map<string, Fn>(),
    ipcHandlers: new Map<string, Fn>(),
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    windows: [] as Array<{ options: Record<string, unknown>; loaded: string[] }>,
    permissionRequest: null as null | Fn,
    permissionCheck: null as null | Fn,
    deviceCheck: null as null | Fn,
    opened: [] as string[],
    readyResolve: () => {},
    userData: ''
  }
  return state
})

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn() }
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] as string[] }
      rec.windows.push(this.record)
    }
    record: { options: Record<string, unknown>; loaded: string[] }
    once() {}
    on() {}
    show() {}
    maximize() {}
    isDestroyed() {
      return false
    }
    loadURL(url: string) {
      this.record.loaded.push(url)
      return Promise.resolve()
    }
  }
  const ready = new Promise<void>((resolve) => (rec.readyResolve = resolve))
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      on: (name: string, fn: never) => rec.appHandlers.set(name, fn),
      whenReady: () => ready,
      getPath: () => rec.userData,
      quit: vi.fn()
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: never) => rec.ipcHandlers.set(channel, fn), removeHandler: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => rec.privileged.push(...schemes),
      handle: (scheme: string, fn: never) => rec.protocolHandlers.set(scheme, fn)
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: never) => (rec.permissionCheck = fn),
        setDevicePermissionHandler: (fn: never) => (rec.deviceCheck = fn)
      }
    },
    shell: { openExternal: async (url: string) => void rec.opened.push(url) }
  }
})

/**
 * electron-store (not importable outside Electron: it needs `app`), as a file per document in the
 * folder it is given, parsed on open like the real one.
 */
vi.mock('electron-store', async () => {
  const fs = await import('node:fs')
  const path = await import('node:path')
  return {
    default: class {
      readonly path: string
      constructor(options: { name: string; cwd: string; serialize: (v: unknown) => string }) {
        this.path = path.join(options.cwd, `${options.name}.json`)
        this.serialize = options.serialize
        if (fs.existsSync(this.path)) JSON.parse(fs.readFileSync(this.path, 'utf8'))
      }
      serialize: (v: unknown) => string
      get store() {
        return fs.existsSync(this.path) ? JSON.parse(fs.readFileSync(this.path, 'utf8')) : {}
      }
      set store(value: unknown) {
        fs.writeFileSync(this.path, this.serialize(value))
      }
    }
  }
})

const { bootstrap } = await import('../../../electron/main/app')

beforeAll(async () => {
  rec.userData = mkdtempSync(join(tmpdir(), 'pinlab-userdata-'))
  // A damaged progress file from an earlier run: set aside and reported, not silently reset.
  writeFileSync(join(rec.userData, 'progress.json'), '{"version": 1, "labs": {')
  const rendererDir = mkdtempSync(join(tmpdir(), 'pinlab-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>PinLab</title>')
  bootstrap({ rendererDir, preloadPath: '/app/out/preload/index.cjs' })
  rec.readyResolve()
  await new Promise((r) => setTimeout(r, 10))
})

function fakeContents() {
  const handlers = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  return {
    on: (name: string, fn: never) => handlers.set(name, fn),
    setWindowOpenHandler: (fn: never) => (openHandler = fn),
    fire(name: string, url?: string) {
      let prevented = false
      handlers.get(name)!({ preventDefault: () => (prevented = true) }, url)
      return prevented
    },
    open: (url: string) => openHandler!({ url })
  }
}

describe('main process bootstrap', () => {
  it('registers app:// as a standard, secure scheme and loads the renderer from it', () => {
    expect(rec.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    expect(rec.windows).toHaveLength(1)
    expect(rec.windows[0]!.loaded).toEqual(['app://pinlab/index.html'])
  })

  it('creates the window with the secure preferences', () => {
    const prefs = rec.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
  })

  it('denies every permission request and check', () => {
    let granted: boolean | undefined
    ;(rec.permissionRequest as (...a: unknown[]) => void)(null, 'media', (ok: boolean) => (granted = ok))
    expect(granted).toBe(false)
    expect((rec.permissionCheck as () => boolean)()).toBe(false)
    expect((rec.deviceCheck as () => boolean)()).toBe(false)
  })

  it('denies navigation away from the app, webviews and new windows', () => {
    const contents = fakeContents()
    ;(rec.appHandlers.get('web-contents-created') as (...a: unknown[]) => void)({}, contents)
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true)
    expect(contents.fire('will-navigate', 'app://pinlab/index.html#/x')).toBe(false)
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(contents.fire('will-attach-webview')).toBe(true)
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(contents.open('https://docs.kernel.org/')).toEqual({ action: 'deny' })
    expect(rec.opened).toEqual(['https://docs.kernel.org/'])
  })

  it('registers one IPC handler per API method and checks the sender of each', async () => {
    const { METHODS } = await import('../../../shared/api')
    expect([...rec.ipcHandlers.keys()].sort()).toEqual(METHODS.map((m) => `pinlab:${m}`).sort())
    const handler = rec.ipcHandlers.get('pinlab:labs.list') as (e: unknown, p: unknown) => Promise<unknown>
    const trusted = { senderFrame: { url: 'app://pinlab/index.html', parent: null } }
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } }
    expect(await handler(trusted, {})).toMatchObject({ ok: true })
    expect(await handler(foreign, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await handler({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const resize = rec.ipcHandlers.get('pinlab:terminal.resize') as (e: unknown, p: unknown) => Promise<unknown>
    expect(await resize(trusted, { cols: 'wide' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } })
    const input = rec.ipcHandlers.get('pinlab:terminal.input') as (e: unknown, p: unknown) => Promise<unknown>
    expect(await input(trusted, { sessionId: 's1', data: 'z'.repeat(400_000) })).toMatchObject({ ok: false, error: { code: 'too-large' } })
    expect(await input(trusted, 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-params' } })
    expect(await handler(trusted, {})).toMatchObject({ ok: true }) // and the host keeps serving
    const open = rec.ipcHandlers.get('pinlab:shell.openExternal') as (e: unknown, p: unknown) => Promise<unknown>
    expect(await open(trusted, { url: 'https://evil.example/' })).toMatchObject({ ok: true, result: { opened: false } })
  })

  it('keeps the profile in electron-store files in userData and reports a damaged one', async () => {
    const trusted = { senderFrame: { url: 'app://pinlab/index.html', parent: null } }
    const call = (method: string, params: unknown) =>
      (rec.ipcHandlers.get(`pinlab:${method}`) as (e: unknown, p: unknown) => Promise<{ ok: boolean; result?: unknown }>)(trusted, params)
    const problems = (await call('profile.problems', {})).result as { problems: string[] }
    expect(problems.problems).toHaveLength(1)
    expect(problems.problems[0]).toContain(join(rec.userData, 'progress.json.corrupt-1'))
    expect(await call('settings.set', { patch: { fontSize: 20 } })).toMatchObject({ ok: true })
    expect(JSON.parse(readFileSync(join(rec.userData, 'settings.json'), 'utf8'))).toEqual({
      version: 1,
      settings: expect.objectContaining({ fontSize: 20 })
    })
    expect(await call('progress.update', { labKey: 'core/cow', patch: { completed: true } })).toMatchObject({ ok: true })
    expect(JSON.parse(readFileSync(join(rec.userData, 'progress.json'), 'utf8')).labs['core/cow'].completed).toBe(true)
  })

  it('serves app:// from the renderer folder with the CSP header and nothing outside it', async () => {
    const serve = rec.protocolHandlers.get('app')!
    const outside = await serve(new Request('app://pinlab/../../package.json'))
    expect(outside.status).toBe(404)
    const otherHost = await serve(new Request('app://evil/index.html'))
    expect(otherHost.status).toBe(404)
    const page = await serve(new Request('app://pinlab/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<title>PinLab</title>')
  })
})

describe('window state', () => {
  it('forgets a position that is on no display and keeps the size', async () => {
    const { loadWindowState } = await import('../../../electron/main/window-state')
    const path = join(mkdtempSync(join(tmpdir(), 'pinlab-ws-')), 'w.json')
    writeFileSync(path, JSON.stringify({ x: 5000, y: 5000, width: 1000, height: 700 }))
    expect(loadWindowState(path, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({ width: 1000, height: 700 })
    writeFileSync(path, JSON.stringify({ x: 100, y: 100, width: 1000, height: 700 }))
    expect(loadWindowState(path, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toMatchObject({ x: 100, y: 100 })
    writeFileSync(path, '{broken')
    expect(loadWindowState(path, [])).toEqual({ width: 1360, height: 860 })
  })
})
