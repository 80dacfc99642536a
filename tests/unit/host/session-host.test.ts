import { describe, expect, it } from 'vitest'
import { MAX_REQUEST_BYTES, type ApiEvent } from '../../../shared/api'
import { DEFAULT_SETTINGS } from '../../../shared/settings'
import { StaticLabCatalog } from '../../../electron/host/lab-catalog'
import { SessionHost, connectDirect } from '../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../electron/host/settings-store'

function makeHost() {
  return new SessionHost({
    settings: new MemorySettingsStore(),
    labs: new StaticLabCatalog([
      { id: 'basics', title: 'Basics', version: '1.0.0', builtIn: true, labs: [{ id: 'cow', title: 'COW', kernel: '6.18' }] }
    ])
  })
}

function collect(host: SessionHost) {
  const events: ApiEvent[] = []
  const connection = host.connect((e) => events.push(e))
  return { connection, events }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

function output(events: ApiEvent[], sessionId: string): string {
  return events
    .map((e) => (e.event === 'terminal.output' && e.payload.sessionId === sessionId ? e.payload.data : ''))
    .join('')
}

describe('SessionHost: requests', () => {
  it('creates a session and sends the banner and prompt after the reply', async () => {
    const { connection, events } = collect(makeHost())
    const reply = await connection.handle({ id: 1, method: 'session.create', params: { kernel: '5.10' } })
    expect(reply).toMatchObject({ id: 1, ok: true, result: { kernel: '5.10', user: 'root' } })
    expect(events).toEqual([])
    await tick()
    const id = (reply as { result: { sessionId: string } }).result.sessionId
    expect(output(events, id)).toContain('root@pinlab:~# ')
    expect(output(events, id)).toContain('5.10')
  })

  it('runs help through the line discipline', async () => {
    const { api } = connectDirect(makeHost())
    const seen: string[] = []
    api.onEvent((e) => {
      if (e.event === 'terminal.output') seen.push(e.payload.data)
    })
    const { sessionId } = await api.request('session.create', {})
    await tick()
    await api.request('terminal.input', { sessionId, data: 'help\r' })
    await new Promise((r) => setTimeout(r, 50))
    expect(seen.join('')).toContain('PinLab shell, a bash-like shell')
  })

  it('lists labs and reads and writes settings', async () => {
    const { api } = connectDirect(makeHost())
    expect((await api.request('labs.list', {})).packs[0]?.labs[0]?.id).toBe('cow')
    expect(await api.request('settings.get', {})).toEqual(DEFAULT_SETTINGS)
    expect((await api.request('settings.set', { patch: { theme: 'light' } })).theme).toBe('light')
    expect((await api.request('settings.get', {})).theme).toBe('light')
  })

  it('ends the session on exit and reports its status', async () => {
    const { connection, events } = collect(makeHost())
    const reply = await connection.call('session.create', {})
    const id = (reply as { result: { sessionId: string } }).result.sessionId
    await tick()
    await connection.call('terminal.input', { sessionId: id, data: 'exit 7\r' })
    for (let i = 0; i < 100 && events.at(-1)?.event !== 'session.exited'; i++) await new Promise((r) => setTimeout(r, 10))
    expect(events.at(-1)).toEqual({ event: 'session.exited', payload: { sessionId: id, status: 7 } })
    expect(await connection.call('terminal.input', { sessionId: id, data: 'x' })).toMatchObject({ ok: false, error: { code: 'no-session' } })
  })
})

describe('SessionHost: invalid requests get error replies and the host keeps serving', () => {
  const cases: Array<[string, string, string]> = [
    ['not JSON', '{"id":1,', 'bad-json'],
    ['an array', '[1,2]', 'bad-request'],
    ['no id', '{"method":"labs.list"}', 'bad-request'],
    ['extra envelope keys', '{"id":1,"method":"labs.list","params":{},"x":1}', 'bad-request'],
    ['an unknown method', '{"id":2,"method":"kernel.panic","params":{}}', 'unknown-method'],
    ['a prototype key as method', '{"id":2,"method":"__proto__","params":{}}', 'unknown-method'],
    ['params of the wrong shape', '{"id":3,"method":"terminal.resize","params":{"sessionId":"s1","cols":"80","rows":24}}', 'invalid-params'],
    ['unknown params', '{"id":4,"method":"labs.list","params":{"all":true}}', 'invalid-params'],
    ['an unsupported kernel', '{"id":5,"method":"session.create","params":{"kernel":"2.6"}}', 'invalid-params'],
    ['a settings value out of range', '{"id":6,"method":"settings.set","params":{"patch":{"fontSize":400}}}', 'invalid-params'],
    ['a session that does not exist', '{"id":7,"method":"terminal.input","params":{"sessionId":"s999","data":"x"}}', 'no-session'],
    ['openExternal where there is no system browser', '{"id":8,"method":"shell.openExternal","params":{"url":"https://docs.kernel.org"}}', 'unsupported']
  ]
  for (const [name, text, code] of cases) {
    it(`refuses ${name} with ${code}`, async () => {
      const { connection } = collect(makeHost())
      const reply = await connection.handleText(text)
      expect(reply.ok).toBe(false)
      if (!reply.ok) {
        expect(reply.error.code).toBe(code)
        expect(reply.error.message.length).toBeGreaterThan(10)
      }
      expect(await connection.handleText('{"id":99,"method":"labs.list","params":{}}')).toMatchObject({ id: 99, ok: true })
    })
  }

  it('refuses an oversized request before parsing it', async () => {
    const { connection } = collect(makeHost())
    const big = JSON.stringify({ id: 1, method: 'terminal.input', params: { sessionId: 's1', data: 'x'.repeat(MAX_REQUEST_BYTES) } })
    expect(await connection.handleText(big)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    expect(await connection.call('terminal.input', { sessionId: 's1', data: 'é'.repeat(MAX_REQUEST_BYTES / 2) })).toMatchObject({
      ok: false,
      error: { code: 'too-large' }
    })
  })

  it('turns an exception inside a handler into an internal error reply', async () => {
    const logged: string[] = []
    const host = new SessionHost({
      settings: { get: () => { throw new Error('disk on fire') }, set: () => DEFAULT_SETTINGS },
      labs: new StaticLabCatalog(),
      log: (m) => logged.push(m)
    })
    const { connection } = collect(host)
    expect(await connection.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(logged.join('')).toContain('disk on fire')
    expect(await connection.call('labs.list', {})).toMatchObject({ ok: true })
  })

  it('caps the sessions of one connection', async () => {
    const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog(), maxSessionsPerConnection: 2 })
    const { connection } = collect(host)
    await connection.call('session.create', {})
    await connection.call('session.create', {})
    expect(await connection.call('session.create', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('keeps one connection from touching another connection’s session', async () => {
    const host = makeHost()
    const a = collect(host)
    const b = collect(host)
    const reply = await a.connection.call('session.create', {})
    const id = (reply as { result: { sessionId: string } }).result.sessionId
    expect(await b.connection.call('terminal.input', { sessionId: id, data: 'x' })).toMatchObject({ ok: false, error: { code: 'no-session' } })
  })
})
