import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_REQUEST_BYTES, PinlabApiError, type ApiEvent, type RequestMessage } from '../../../shared/protocol'
import { WsClient, type WebSocketLike } from '../../../renderer/src/api/ws-client'
import { apiSocketUrl, resolveToken } from '../../../renderer/src/api/token'

type Listener = (event: { data: unknown }) => void

/** A WebSocket the test drives: it records what the client sends and fires what the test says. */
class FakeSocket implements WebSocketLike {
  readyState = 0
  readonly sent: string[] = []
  closed = false
  private readonly listeners = new Map<string, Listener[]>()

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send() before open')
    this.sent.push(data)
  }
  close(): void {
    this.closed = true
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }

  fire(type: 'open' | 'close' | 'error'): void {
    if (type === 'open') this.readyState = 1
    if (type === 'close') this.readyState = 3
    for (const listener of this.listeners.get(type) ?? []) listener({ data: undefined })
  }
  receive(message: unknown): void {
    const data = typeof message === 'string' ? message : JSON.stringify(message)
    for (const listener of this.listeners.get('message') ?? []) listener({ data })
  }
  requests(): RequestMessage[] {
    return this.sent.map((text) => JSON.parse(text) as RequestMessage)
  }
}

function connect(options: { requestTimeoutMs?: number; connectTimeoutMs?: number } = {}) {
  let socket: FakeSocket | undefined
  const client = new WsClient({
    url: 'ws://127.0.0.1:4000/api?token=abc',
    connect: (url) => (socket = new FakeSocket(url)),
    ...options
  })
  return { client, socket: socket! }
}

async function rejection(promise: Promise<unknown>): Promise<PinlabApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(PinlabApiError)
    return error as PinlabApiError
  }
  throw new Error('the promise resolved')
}

describe('WsClient', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('connects to the given URL and queues requests made before the socket opens', async () => {
    const { client, socket } = connect()
    expect(socket.url).toBe('ws://127.0.0.1:4000/api?token=abc')
    expect(client.connection).toBe('connecting')
    const reply = client.request('labs.list', {})
    expect(socket.sent).toEqual([])
    socket.fire('open')
    expect(client.connection).toBe('open')
    expect(socket.requests()).toEqual([{ id: 1, method: 'labs.list', params: {} }])
    socket.receive({ id: 1, ok: true, result: { packs: [] } })
    await expect(reply).resolves.toEqual({ packs: [] })
  })

  it('matches replies to requests by id, in whatever order they come', async () => {
    const { client, socket } = connect()
    socket.fire('open')
    const create = client.request('session.create', { cols: 80, rows: 24 })
    const settings = client.request('settings.get', {})
    const [first, second] = socket.requests()
    expect(first!.id).not.toBe(second!.id)
    socket.receive({ id: second!.id, ok: true, result: { theme: 'light' } })
    socket.receive({ id: first!.id, ok: true, result: { sessionId: 's1', kernel: '6.18' } })
    await expect(create).resolves.toEqual({ sessionId: 's1', kernel: '6.18' })
    await expect(settings).resolves.toEqual({ theme: 'light' })
  })

  it('rejects an error reply with a PinlabApiError carrying its code and message', async () => {
    const { client, socket } = connect()
    socket.fire('open')
    const reply = client.request('terminal.input', { sessionId: 's9', data: 'x' })
    socket.receive({ id: 1, ok: false, error: { code: 'no-session', message: 'There is no session s9.' } })
    const error = await rejection(reply)
    expect(error.code).toBe('no-session')
    expect(error.message).toBe('There is no session s9.')
  })

  it('dispatches events to every listener until it unsubscribes, and ignores junk', async () => {
    const { client, socket } = connect()
    socket.fire('open')
    const a: ApiEvent[] = []
    const b: ApiEvent[] = []
    client.onEvent((event) => a.push(event))
    const offB = client.onEvent((event) => b.push(event))
    const output = { event: 'terminal.output', payload: { sessionId: 's1', data: '$ ' } }
    socket.receive(output)
    offB()
    socket.receive({ event: 'session.exited', payload: { sessionId: 's1', status: 0 } })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    socket.receive('not json')
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
    socket.receive({ id: 42, ok: true, result: {} })
    expect(a).toEqual([output, { event: 'session.exited', payload: { sessionId: 's1', status: 0 } }])
    expect(b).toEqual([output])
  })

  it('a listener that throws does not stop the others', () => {
    const { client, socket } = connect()
    socket.fire('open')
    const seen: string[] = []
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    client.onEvent(() => {
      throw new Error('boom')
    })
    client.onEvent((event) => seen.push(event.event))
    socket.receive({ event: 'terminal.output', payload: { sessionId: 's1', data: 'x' } })
    expect(seen).toEqual(['terminal.output'])
    quiet.mockRestore()
  })

  it('on connection loss rejects pending requests, reports lost, and rejects later requests at once', async () => {
    const { client, socket } = connect()
    socket.fire('open')
    const states: string[] = []
    client.onConnectionChange((state) => states.push(state))
    const pending = client.request('session.create', {})
    socket.fire('close')
    const error = await rejection(pending)
    expect(error.message).toContain('Disconnected from the PinLab host')
    expect(client.connection).toBe('lost')
    expect(client.lostReason).toContain('reload to reconnect')
    expect(states).toEqual(['lost'])
    const later = await rejection(client.request('labs.list', {}))
    expect(later.message).toContain('Disconnected from the PinLab host')
    expect(socket.sent).toHaveLength(1)
  })

  it('gives up on a socket that never opens', async () => {
    const { client, socket } = connect({ connectTimeoutMs: 5000 })
    const pending = client.request('labs.list', {})
    vi.advanceTimersByTime(5000)
    const error = await rejection(pending)
    expect(error.message).toContain('Could not reach the PinLab host')
    expect(client.connection).toBe('lost')
    expect(socket.closed).toBe(true)
  })

  it('rejects a request that gets no reply in time instead of waiting forever', async () => {
    const { client, socket } = connect({ requestTimeoutMs: 1000 })
    socket.fire('open')
    const pending = client.request('settings.get', {})
    vi.advanceTimersByTime(1000)
    const error = await rejection(pending)
    expect(error.message).toContain('did not answer settings.get')
    // A late reply for it is ignored; the connection stays usable.
    socket.receive({ id: 1, ok: true, result: {} })
    expect(client.connection).toBe('open')
  })

  it('refuses to send a request larger than the host accepts', async () => {
    const { client, socket } = connect()
    socket.fire('open')
    const error = await rejection(client.request('terminal.input', { sessionId: 's1', data: 'é'.repeat(MAX_REQUEST_BYTES / 2) }))
    expect(error.code).toBe('too-large')
    expect(socket.sent).toEqual([])
  })
})

describe('browser-mode token and URL', () => {
  function memoryStorage() {
    const map = new Map<string, string>()
    return { getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value) }
  }

  it('takes the token from the URL and remembers it for a reload without it', () => {
    const storage = memoryStorage()
    expect(resolveToken('?token=t0k3n', storage)).toBe('t0k3n')
    expect(resolveToken('', storage)).toBe('t0k3n')
    expect(resolveToken('?token=new', storage)).toBe('new')
  })

  it('builds the API socket URL on the page origin with the token encoded', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:4123' }, 'a b&c')).toBe(
      'ws://127.0.0.1:4123/api?token=a%20b%26c'
    )
  })
})
