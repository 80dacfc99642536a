import { describe, expect, it, vi } from 'vitest'
import { PRELOAD_METHODS, PinlabApiError, type ApiEvent, type PreloadBridge, type ReplyMessage } from '../../../shared/protocol'
import { PreloadClient } from '../../../renderer/src/api/preload-client'
import { isOpenableLink, openLink } from '../../../renderer/src/api/links'
import type { HostClient } from '../../../renderer/src/api/types'

/** A bridge whose every named method answers with `reply` and records its params. */
function fakeBridge(reply: (method: string, params: unknown) => ReplyMessage | Promise<ReplyMessage>) {
  const calls: Array<[string, unknown]> = []
  const listeners: Array<(event: ApiEvent) => void> = []
  const bridge: Record<string, unknown> = {
    onEvent(listener: (event: ApiEvent) => void) {
      listeners.push(listener)
      return () => listeners.splice(listeners.indexOf(listener), 1)
    }
  }
  for (const name of Object.values(PRELOAD_METHODS)) {
    bridge[name] = async (params: unknown) => {
      calls.push([name, params])
      return reply(name, params)
    }
  }
  return { bridge: bridge as unknown as PreloadBridge, calls, listeners }
}

describe('PreloadClient', () => {
  it('calls the named bridge method for each API method and unwraps the result', async () => {
    const { bridge, calls } = fakeBridge(() => ({ id: 1, ok: true, result: { packs: [] } }))
    const client = new PreloadClient(bridge)
    await expect(client.request('labs.list', {})).resolves.toEqual({ packs: [] })
    await client.request('terminal.input', { sessionId: 's1', data: 'ls\r' })
    expect(calls).toEqual([
      ['listLabs', {}],
      ['terminalInput', { sessionId: 's1', data: 'ls\r' }]
    ])
    expect(client.transport).toBe('electron')
    expect(client.connection).toBe('open')
  })

  it('turns an error reply into a PinlabApiError with its code', async () => {
    const { bridge } = fakeBridge(() => ({ id: 1, ok: false, error: { code: 'invalid-params', message: 'cols must be ≥ 2.' } }))
    const error = await new PreloadClient(bridge).request('terminal.resize', { sessionId: 's1', cols: 1, rows: 1 }).catch((e) => e)
    expect(error).toBeInstanceOf(PinlabApiError)
    expect((error as PinlabApiError).code).toBe('invalid-params')
    expect((error as PinlabApiError).message).toBe('cols must be ≥ 2.')
  })

  it('turns a failed IPC call into a PinlabApiError rather than a bare rejection', async () => {
    const { bridge } = fakeBridge(() => Promise.reject(new Error('ipc gone')))
    const error = await new PreloadClient(bridge).request('settings.get', {}).catch((e) => e)
    expect(error).toBeInstanceOf(PinlabApiError)
    expect((error as PinlabApiError).code).toBe('internal')
  })

  it('rejects a call the main process never answers instead of waiting forever', async () => {
    vi.useFakeTimers()
    try {
      const { bridge } = fakeBridge(() => new Promise<ReplyMessage>(() => {}))
      const pending = new PreloadClient(bridge, { requestTimeoutMs: 2000 }).request('labs.list', {}).catch((e) => e)
      await vi.advanceTimersByTimeAsync(2000)
      const error = await pending
      expect(error).toBeInstanceOf(PinlabApiError)
      expect((error as PinlabApiError).message).toContain('did not answer labs.list')
    } finally {
      vi.useRealTimers()
    }
  })

  it('passes events through from the bridge', () => {
    const { bridge, listeners } = fakeBridge(() => ({ id: 1, ok: true, result: {} }))
    const seen: ApiEvent[] = []
    const off = new PreloadClient(bridge).onEvent((event) => seen.push(event))
    listeners[0]!({ event: 'terminal.output', payload: { sessionId: 's1', data: 'hi' } })
    off()
    expect(listeners).toHaveLength(0)
    expect(seen).toEqual([{ event: 'terminal.output', payload: { sessionId: 's1', data: 'hi' } }])
  })
})

describe('openLink', () => {
  function client(transport: 'electron' | 'websocket', request = vi.fn(async () => ({ opened: true }))) {
    return { client: { transport, request } as unknown as HostClient, request }
  }

  it('in Electron asks the host (which keeps the allow-list) to open it', async () => {
    const { client: c, request } = client('electron')
    const win = { open: vi.fn() }
    await expect(openLink(c, 'https://docs.kernel.org/core-api/pin_user_pages.html', win)).resolves.toBe(true)
    expect(request).toHaveBeenCalledWith('shell.openExternal', { url: 'https://docs.kernel.org/core-api/pin_user_pages.html' })
    expect(win.open).not.toHaveBeenCalled()
  })

  it('in browser mode opens only https links, without an opener', async () => {
    const { client: c, request } = client('websocket')
    const win = { open: vi.fn() }
    await expect(openLink(c, 'https://lwn.net/Articles/807108/', win)).resolves.toBe(true)
    expect(win.open).toHaveBeenCalledWith('https://lwn.net/Articles/807108/', '_blank', 'noopener,noreferrer')
    for (const url of ['http://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      await expect(openLink(c, url, win)).resolves.toBe(false)
    }
    expect(win.open).toHaveBeenCalledTimes(1)
    expect(request).not.toHaveBeenCalled()
    expect(isOpenableLink('HTTPS://EXAMPLE.COM')).toBe(true)
  })
})
