import {
  PinlabApiError,
  type ApiEvent,
  type EventName,
  type Events,
  type Method,
  type PackSummary,
  type Params,
  type Result,
  type SessionInfo
} from '../../../shared/protocol'
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings'
import type { ConnectionState, HostClient } from '../../../renderer/src/api/types'

type Handler<M extends Method> = (params: Params<M>) => Result<M> | Promise<Result<M>>
type Handlers = { [M in Method]?: Handler<M> }

export interface FakeCall {
  method: Method
  params: unknown
}

export interface FakeApiOptions {
  transport?: 'electron' | 'websocket'
  packs?: PackSummary[]
  settings?: Partial<Settings>
  session?: Partial<SessionInfo>
  /** Output the fake host sends right after session.create (before it replies, as a quick host may). */
  greeting?: string
  handlers?: Handlers
}

/**
 * An in-memory host for component tests: answers every API method with plausible data, records
 * each call, and lets the test emit events and drop the connection.
 */
export class FakeApi implements HostClient {
  readonly transport: 'electron' | 'websocket'
  connection: ConnectionState = 'open'
  lostReason = ''
  readonly calls: FakeCall[] = []
  settings: Settings
  packs: PackSummary[]
  private readonly session: SessionInfo
  private readonly greeting: string | undefined
  private readonly handlers: Handlers
  private readonly eventListeners = new Set<(event: ApiEvent) => void>()
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>()

  constructor(options: FakeApiOptions = {}) {
    this.transport = options.transport ?? 'websocket'
    this.packs = options.packs ?? []
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings }
    this.session = { sessionId: 's1', kernel: '6.18', user: 'root', hostname: 'pinlab', ...options.session }
    this.greeting = options.greeting
    this.handlers = options.handlers ?? {}
  }

  async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    this.calls.push({ method, params })
    if (this.connection === 'lost') throw new PinlabApiError('disconnected', this.lostReason)
    const custom = this.handlers[method] as Handler<M> | undefined
    if (custom) return custom(params)
    return this.answer(method, params) as Result<M>
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of [...this.eventListeners]) listener({ event, payload } as ApiEvent)
  }

  dropConnection(reason = 'Disconnected from the PinLab host — reload to reconnect.'): void {
    this.connection = 'lost'
    this.lostReason = reason
    for (const listener of [...this.connectionListeners]) listener('lost')
  }

  /** The calls of one method, in order. */
  callsOf<M extends Method>(method: M): Array<Params<M>> {
    return this.calls.filter((call) => call.method === method).map((call) => call.params as Params<M>)
  }

  get listenerCount(): number {
    return this.eventListeners.size
  }

  private answer(method: Method, params: unknown): unknown {
    switch (method) {
      case 'session.create':
        if (this.greeting !== undefined) this.emit('terminal.output', { sessionId: this.session.sessionId, data: this.greeting })
        return { ...this.session }
      case 'session.close':
        return { closed: true }
      case 'terminal.input':
        return { accepted: (params as { data: string }).data.length }
      case 'terminal.resize': {
        const { cols, rows } = params as { cols: number; rows: number }
        return { cols, rows }
      }
      case 'labs.list':
        return { packs: this.packs }
      case 'settings.get':
        return { ...this.settings }
      case 'settings.set':
        this.settings = { ...this.settings, ...(params as { patch: Partial<Settings> }).patch }
        return { ...this.settings }
      case 'shell.openExternal':
        return { opened: this.transport === 'electron' }
      case 'progress.get':
      case 'progress.import':
        return { version: 1, labs: {} }
      case 'progress.export':
        return { fileName: 'pinlab-progress-2026-01-01.json', content: '{"version":1,"labs":{}}\n' }
      case 'machine.saved':
        return { exists: false }
      case 'labs.leave':
        return { restored: false }
      case 'profile.problems':
        return { problems: [] }
      case 'view.memory':
        // A machine with nothing mapped yet; tests of the picture pass their own views as handlers.
        return { version: 1, kernel: this.session.kernel, clock: 0, processes: [], frames: [], holders: [], truncated: false }
      case 'trace.events':
        return { events: [], total: 0, dropped: 0 }
      case 'cc.check':
        return { diagnostics: [] }
      case 'history.get':
      case 'history.undo':
      case 'history.redo':
      case 'history.goto':
      case 'history.branch':
        return { sessionId: (params as { sessionId: string }).sessionId, steps: [], position: 0, canUndo: false, canRedo: false, busy: false }
    }
  }
}
