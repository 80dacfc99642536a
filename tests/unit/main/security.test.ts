import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../electron/host/csp'
import { isAllowedExternalUrl, isTrustedRendererUrl, isTrustedSender } from '../../../electron/main/security'
import { createWindowOptions } from '../../../electron/main/window-options'

describe('BrowserWindow options (Electron security checklist)', () => {
  const prefs = createWindowOptions('/app/out/preload/index.cjs', { width: 1200, height: 800 }).webPreferences!
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false]
  ] as const)('%s is %s', (key, value) => {
    expect(prefs[key]).toBe(value)
  })
  it('enables no Blink features and uses the CommonJS preload', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.preload).toMatch(/index\.cjs$/)
  })
})

describe('Content-Security-Policy', () => {
  const csp = contentSecurityPolicy()
  it('allows scripts only from the app itself and never eval', () => {
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })
  it('blocks plugins, base rewriting, forms and framing', () => {
    for (const directive of ["object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "default-src 'self'"]) {
      expect(csp).toContain(directive)
    }
  })
  it('names no remote host in Electron and only loopback WebSockets in browser mode', () => {
    expect(csp).not.toMatch(/https?:\/\//)
    const web = contentSecurityPolicy({ websocketOrigins: ['ws://127.0.0.1:4000'] })
    expect(web).toContain("connect-src 'self' ws://127.0.0.1:4000")
  })
})

describe('IPC sender validation', () => {
  it('accepts the top-level frame of app://pinlab', () => {
    expect(isTrustedSender({ url: 'app://pinlab/index.html#/lab', parent: null })).toBe(true)
  })
  it.each([
    ['a subframe', { url: 'app://pinlab/index.html', parent: {} }],
    ['another host on the scheme', { url: 'app://pinlab.evil/index.html', parent: null }],
    ['a look-alike prefix', { url: 'app://pinlabx/', parent: null }],
    ['file://', { url: 'file:///app/out/renderer/index.html', parent: null }],
    ['a web page', { url: 'https://example.com/', parent: null }],
    ['garbage', { url: 'not a url', parent: null }]
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame)).toBe(false)
  })
  it('refuses a destroyed frame', () => {
    expect(isTrustedSender(null)).toBe(false)
  })
  it('accepts the dev server only by exact origin', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/#/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false)
  })
})

describe('shell.openExternal allow-list', () => {
  it.each(['https://docs.kernel.org/core-api/pin_user_pages.html', 'https://lore.kernel.org/linux-mm/x', 'https://man7.org/linux/man-pages/man2/madvise.2.html'])(
    'allows %s',
    (url) => expect(isAllowedExternalUrl(url)).toBe(true)
  )
  it.each([
    'http://docs.kernel.org/',
    'https://docs.kernel.org.evil.com/',
    'https://user:pw@docs.kernel.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'not a url'
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false))
})
