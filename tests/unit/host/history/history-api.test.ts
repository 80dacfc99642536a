import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiEvent, ReplyMessage } from '../../../../shared/api'
import { StaticLabCatalog } from '../../../../electron/host/lab-catalog'
import { SessionHost, type HostConnection } from '../../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../../electron/host/settings-store'

function open() {
  const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]) })
  const events: ApiEvent[] = []
  const connection = host.connect((e) => events.push(e))
  let id = 1
  const call = (method: string, params: unknown): Promise<ReplyMessage> => connection.handle({ id: id++, method, params })
  return { connection, events, call }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

function ok<T>(reply: ReplyMessage): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`)
  return reply.result as T
}

function output(events: ApiEvent[], sessionId: string): string {
  return events.map((e) => (e.event === 'terminal.output' && e.payload.sessionId === sessionId ? e.payload.data : '')).join('')
}

/** Types a line and waits for the history.changed that ends its step. */
async function type(c: ReturnType<typeof open>, sessionId: string, line: string): Promise<void> {
  const before = c.events.length
  ok(await c.call('terminal.input', { sessionId, data: `${line}\r` }))
  for (let i = 0; i < 2000; i++) {
    const ended = c.events.slice(before).some((e) => e.event === 'history.changed' && e.payload.sessionId === sessionId && !e.payload.state.busy)
    if (ended) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`${line} did not finish`)
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('history API through the session host', () => {
  it('answers undo/redo/goto with the state and sends terminal.reset and history.changed', async () => {
    const c = open()
    const { sessionId } = ok<{ sessionId: string }>(await c.call('session.create', {}))
    await tick()
    await type(c, sessionId, 'echo one')
    await type(c, sessionId, 'echo two')
    const state = ok<{ position: number; canRedo: boolean; steps: Array<{ label: string }> }>(await c.call('history.undo', { sessionId }))
    expect(state).toMatchObject({ position: 1, canRedo: true })
    expect(state.steps.map((s) => s.label)).toEqual(['echo one', 'echo two'])
    const reset = c.events.filter((e) => e.event === 'terminal.reset').at(-1)
    expect(reset?.event === 'terminal.reset' && reset.payload.data).toContain('echo one')
    expect(reset?.event === 'terminal.reset' && reset.payload.data).not.toContain('echo two')
    const conflict = await c.call('terminal.input', { sessionId, data: 'x' })
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(ok<{ position: number }>(await c.call('history.redo', { sessionId })).position).toBe(2)
    expect(await c.call('history.redo', { sessionId })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(ok<{ position: number }>(await c.call('history.goto', { sessionId, position: 0 })).position).toBe(0)
    expect(await c.call('history.undo', { sessionId })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'There is nothing to undo: the machine is at its start.' } })
    expect(ok<{ steps: unknown[] }>(await c.call('history.branch', { sessionId })).steps).toEqual([])
    ok(await c.call('terminal.input', { sessionId, data: 'x' }))
    c.connection.dispose()
  })

  it('refuses hostile parameters with a sentence and changes nothing', async () => {
    const c = open()
    const { sessionId } = ok<{ sessionId: string }>(await c.call('session.create', {}))
    await tick()
    await type(c, sessionId, 'echo kept > kept')
    const cases: Array<[string, unknown, string]> = [
      ['history.goto', { sessionId, position: -1 }, 'invalid-params'],
      ['history.goto', { sessionId, position: 1e9 }, 'invalid-params'],
      ['history.goto', { sessionId, position: 5 }, 'invalid-params'],
      ['history.goto', { sessionId, position: 0.5 }, 'invalid-params'],
      ['history.goto', { sessionId: 's999', position: 0 }, 'no-session'],
      ['history.undo', { sessionId: 'nope' }, 'invalid-params'],
      ['history.get', { sessionId, extra: 1 }, 'invalid-params'],
      ['fs.writeFile', { sessionId, path: '', content: 'x' }, 'invalid-params'],
      ['fs.writeFile', { sessionId, path: 'a\0b', content: 'x' }, 'invalid-params'],
      ['fs.readFile', { sessionId, path: '/no/such' }, 'forbidden'],
      ['session.compare', { sessionId, kernel: '9.9' }, 'invalid-params'],
      ['session.compare', { sessionId, kernel: '5.10', position: 7 }, 'invalid-params']
    ]
    for (const [method, params, code] of cases) {
      const reply = await c.call(method, params)
      expect(reply, `${method} ${JSON.stringify(params)}`).toMatchObject({ ok: false, error: { code } })
      if (!reply.ok) expect(reply.error.message).toMatch(/[.!]$/)
    }
    const state = ok<{ position: number; steps: unknown[] }>(await c.call('history.get', { sessionId }))
    expect(state).toMatchObject({ position: 1 })
    expect(state.steps.length).toBe(1)
    expect(ok<{ content: string }>(await c.call('fs.readFile', { sessionId, path: 'kept' })).content).toBe('kept\n')
    expect(c.connection.sessionCount).toBe(1)
    c.connection.dispose()
  })

  it('fs.writeFile records a step; session.compare reruns the steps on another kernel with that kernel’s output', async () => {
    const c = open()
    const { sessionId } = ok<{ sessionId: string }>(await c.call('session.create', { kernel: '6.18' }))
    await tick()
    const source = readFileSync(join(__dirname, '../../../programs/systems/cow_vmsplice.c'), 'utf8')
    expect(ok(await c.call('fs.writeFile', { sessionId, path: 'cow.c', content: source }))).toEqual({ path: '/root/cow.c' })
    await type(c, sessionId, 'cc cow.c -o cow && ./cow')
    expect(output(c.events, sessionId)).toContain('ok 3 No leak from parent into child')
    const compared = ok<{ sessionId: string; kernel: string }>(await c.call('session.compare', { sessionId, kernel: '5.4' }))
    expect(compared.kernel).toBe('5.4')
    expect(compared.sessionId).not.toBe(sessionId)
    await waitFor(
      () => c.events.some((e) => e.event === 'history.changed' && e.payload.sessionId === compared.sessionId && e.payload.state.steps.length === 2 && !e.payload.state.busy),
      'the comparison to finish'
    )
    const rerun = output(c.events, compared.sessionId)
    expect(rerun).toContain('Linux 5.4')
    expect(rerun).toContain('not ok 3 Leak from parent into child')
    const state = ok<{ steps: Array<{ kernel: string; label: string; exitStatus: number | null }> }>(await c.call('history.get', { sessionId: compared.sessionId }))
    expect(state.steps.map((s) => [s.label, s.kernel])).toEqual([
      ['saved /root/cow.c', '5.4'],
      ['cc cow.c -o cow && ./cow', '5.4']
    ])
    expect(state.steps[1]!.exitStatus).toBe(1)
    // The source session is untouched.
    expect(ok<{ position: number }>(await c.call('history.get', { sessionId })).position).toBe(2)
    c.connection.dispose()
  }, 120_000)
})

export type { HostConnection }
