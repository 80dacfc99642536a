import { describe, expect, it, vi } from 'vitest'

const exposed = vi.hoisted(() => ({ name: '', api: null as null | Record<string, unknown>, invoked: [] as Array<[string, unknown]> }))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => {
      exposed.name = name
      exposed.api = api
    }
  },
  ipcRenderer: {
    invoke: (channel: string, params: unknown) => {
      exposed.invoked.push([channel, params])
      return Promise.resolve({ id: null, ok: true, result: {} })
    },
    on: vi.fn(),
    removeListener: vi.fn()
  }
}))

await import('../../../electron/preload/index')

describe('preload bridge', () => {
  it('exposes window.pinlab with named methods only', async () => {
    const { PRELOAD_METHODS } = await import('../../../shared/ipc')
    expect(exposed.name).toBe('pinlab')
    expect(Object.keys(exposed.api!).sort()).toEqual([...Object.values(PRELOAD_METHODS), 'onEvent'].sort())
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'on', 'require', 'process']) {
      expect(exposed.api).not.toHaveProperty(forbidden)
    }
    expect(Object.isFrozen(exposed.api)).toBe(true)
  })

  it('routes each method to its own channel', async () => {
    await (exposed.api!.terminalInput as (p: unknown) => Promise<unknown>)({ sessionId: 's1', data: 'ls\r' })
    await (exposed.api!.listLabs as (p: unknown) => Promise<unknown>)({})
    expect(exposed.invoked).toEqual([
      ['pinlab:terminal.input', { sessionId: 's1', data: 'ls\r' }],
      ['pinlab:labs.list', {}]
    ])
  })
})
