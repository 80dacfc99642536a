import {
  MAX_REQUEST_BYTES,
  METHODS,
  PinlabApiError,
  RequestEnvelopeSchema,
  requestSchemas,
  type ApiError,
  type ApiErrorCode,
  type ApiEvent,
  type Method,
  type Params,
  type PinlabApi,
  type ReplyMessage,
  type Result
} from '../../shared/api'
import { DEFAULT_KERNEL } from '../../shared/kernel-versions'
import { DisposableStore, type IDisposable } from '../../shared/event'
import type { LabCatalog } from './lab-catalog'
import { Session } from './session'
import { buildMemoryView, expandRange } from './memory-view'
import type { SettingsStore } from './settings-store'

export interface HostDependencies {
  settings: SettingsStore
  labs: LabCatalog
  /** Opens an allow-listed link in the system browser; absent where there is none (browser mode). */
  openExternal?: (url: string) => Promise<boolean>
  /** Sessions one connection may hold open at once. */
  maxSessionsPerConnection?: number
  /** Where unexpected host errors are reported (they also become `internal` error replies). */
  log?: (message: string) => void
}

/**
 * The API implementation, independent of any transport.
 *
 * A transport opens one `HostConnection` per client (the Electron window, a WebSocket, the CLI)
 * and hands it every request. Sessions belong to the connection that created them and close with
 * it, so a client can neither see nor steer another client's machine.
 */
export class SessionHost {
  private _nextSessionId = 1

  constructor(readonly deps: HostDependencies) {}

  connect(send: (event: ApiEvent) => void): HostConnection {
    return new HostConnection(this, send)
  }

  /** @internal */
  allocateSessionId(): string {
    return `s${this._nextSessionId++}`
  }
}

type Handler<M extends Method> = (params: Params<M>) => Promise<Result<M>> | Result<M>

export class HostConnection implements IDisposable {
  private readonly _sessions = new Map<string, { session: Session; subscriptions: DisposableStore }>()
  private _disposed = false

  constructor(
    private readonly _host: SessionHost,
    private readonly _send: (event: ApiEvent) => void
  ) {}

  /**
   * Handles one serialized request (WebSocket). Never throws: every failure is an error reply.
   */
  async handleText(text: string): Promise<ReplyMessage> {
    if (exceedsRequestLimit(text)) {
      return failure(null, 'too-large', `A request may be at most ${MAX_REQUEST_BYTES} bytes.`)
    }
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      return failure(null, 'bad-json', 'The request is not valid JSON.')
    }
    return this.handle(message)
  }

  /** Handles one request envelope `{ id, method, params }`. Never throws. */
  async handle(message: unknown): Promise<ReplyMessage> {
    const envelope = RequestEnvelopeSchema.safeParse(message)
    if (!envelope.success) {
      const id = isObject(message) && typeof message.id === 'number' ? message.id : null
      return failure(id, 'bad-request', 'A request is an object { id, method, params } with a numeric id.')
    }
    const { id, method, params } = envelope.data
    if (!isMethod(method)) {
      return failure(id, 'unknown-method', `There is no method named ${JSON.stringify(method)}.`)
    }
    return this.call(method, params ?? {}, id)
  }

  /**
   * Handles a request whose method is already known (Electron IPC: one channel per method).
   * Validates the params with the method's schema before anything runs. Never throws.
   */
  async call(method: Method, params: unknown, id: number | null = null): Promise<ReplyMessage> {
    if (this._disposed) return failure(id, 'no-session', 'This connection is closed.')
    let tooLarge: boolean
    try {
      tooLarge = exceedsRequestLimit(JSON.stringify(params ?? {}))
    } catch {
      return failure(id, 'bad-request', 'The request parameters cannot be serialized.')
    }
    if (tooLarge) {
      return failure(id, 'too-large', `A request may be at most ${MAX_REQUEST_BYTES} bytes.`)
    }
    const parsed = requestSchemas[method].safeParse(params ?? {})
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'params'}: ${issue.message}`)
        .join('; ')
      return failure(id, 'invalid-params', `Invalid parameters for ${method}: ${detail}.`)
    }
    try {
      const handler = this._handlers[method] as Handler<Method>
      const result = await handler(parsed.data as Params<Method>)
      return { id, ok: true, result }
    } catch (error) {
      if (error instanceof PinlabApiError) return failure(id, error.code, error.message)
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
      this._host.deps.log?.(`pinlab host: ${method} failed: ${text}`)
      return failure(id, 'internal', `The host could not complete ${method}; the session is unchanged.`)
    }
  }

  get sessionCount(): number {
    return this._sessions.size
  }

  dispose(): void {
    if (this._disposed) return
    this._disposed = true
    for (const id of [...this._sessions.keys()]) this._closeSession(id)
  }

  private readonly _handlers: { [M in Method]: Handler<M> } = {
    'session.create': (p) => {
      this._requireSessionLimit()
      const session = new Session({
        id: this._host.allocateSessionId(),
        kernel: p.kernel ?? DEFAULT_KERNEL,
        seed: p.seed ?? 1,
        user: p.user ?? 'root',
        cols: p.cols ?? 80,
        rows: p.rows ?? 24
      })
      const sessionId = this._register(session)
      // The banner goes out after the reply (a macrotask later), so the client knows the id
      // before output for it arrives, on every transport.
      setImmediate(() => {
        if (this._sessions.has(sessionId)) session.start()
      })
      return { ...session.info }
    },
    'session.close': (p) => {
      this._requireSession(p.sessionId)
      this._closeSession(p.sessionId)
      return { closed: true as const }
    },
    'terminal.input': (p) => ({ accepted: this._requireSession(p.sessionId).input(p.data) }),
    'terminal.resize': (p) => {
      this._requireSession(p.sessionId).resize(p.cols, p.rows)
      return { cols: p.cols, rows: p.rows }
    },
    'labs.list': async () => ({ packs: await this._host.deps.labs.list() }),
    'settings.get': () => this._host.deps.settings.get(),
    'settings.set': (p) => this._host.deps.settings.set(p.patch),
    'view.memory': (p) => {
      const machine = this._requireSession(p.sessionId).machine
      if (!machine) throw new PinlabApiError('unsupported', `Session ${p.sessionId} has not booted its machine yet; ask again after its first output.`)
      return p.expand ? expandRange(machine, p.expand, p.maxRuns) : buildMemoryView(machine, { pids: p.pids, maxRuns: p.maxRuns })
    },
    'shell.openExternal': async (p) => {
      const open = this._host.deps.openExternal
      if (!open) throw new PinlabApiError('unsupported', 'Opening links is done by the browser in browser mode.')
      return { opened: await open(p.url) }
    },
    'history.get': (p) => this._requireSession(p.sessionId).historyState(),
    'history.undo': async (p) => {
      const session = this._requireSession(p.sessionId)
      await session.undo()
      return session.historyState()
    },
    'history.redo': async (p) => {
      const session = this._requireSession(p.sessionId)
      await session.redo()
      return session.historyState()
    },
    'history.goto': async (p) => {
      const session = this._requireSession(p.sessionId)
      await session.goto(p.position)
      return session.historyState()
    },
    'history.branch': (p) => {
      const session = this._requireSession(p.sessionId)
      session.branch()
      return session.historyState()
    },
    'fs.writeFile': (p) => this._requireSession(p.sessionId).writeFile(p.path, p.content),
    'fs.readFile': (p) => this._requireSession(p.sessionId).readFile(p.path),
    'session.compare': (p) => {
      const source = this._requireSession(p.sessionId)
      const record = source.toRecord()
      const position = p.position ?? record.position
      if (position > record.steps.length) {
        throw new PinlabApiError('invalid-params', `There is no position ${position}: session ${p.sessionId} has positions 0 to ${record.steps.length}.`)
      }
      this._requireSessionLimit()
      const session = new Session({
        id: this._host.allocateSessionId(),
        kernel: p.kernel,
        seed: source.seed,
        user: source.info.user,
        cols: source.size.cols,
        rows: source.size.rows
      })
      const sessionId = this._register(session)
      const steps = record.steps.slice(0, position)
      // Like session.create: output follows the reply, so the client knows the new id first.
      setImmediate(() => {
        if (!this._sessions.has(sessionId)) return
        session.rerun(steps).catch((error: unknown) => {
          this._host.deps.log?.(`pinlab host: the comparison ${sessionId} stopped: ${error instanceof Error ? error.message : String(error)}`)
        })
      })
      return { ...session.info }
    }
  }

  /** Adds a session to this connection and forwards its events; returns its id. */
  private _register(session: Session): string {
    const subscriptions = new DisposableStore()
    const sessionId = session.info.sessionId
    subscriptions.add(session.onOutput((data) => this._emit({ event: 'terminal.output', payload: { sessionId, data } })))
    subscriptions.add(session.onChange((info) => this._emit({ event: 'session.changed', payload: { ...info } })))
    subscriptions.add(
      session.onExit((status) => {
        this._emit({ event: 'session.exited', payload: { sessionId, status } })
        this._closeSession(sessionId)
      })
    )
    subscriptions.add(session.onReset((data) => this._emit({ event: 'terminal.reset', payload: { sessionId, data } })))
    subscriptions.add(session.onHistoryChanged(() => this._emit({ event: 'history.changed', payload: { sessionId, state: session.historyState() } })))
    this._sessions.set(sessionId, { session, subscriptions })
    return sessionId
  }

  private _requireSessionLimit(): void {
    const limit = this._host.deps.maxSessionsPerConnection ?? 8
    if (this._sessions.size >= limit) {
      throw new PinlabApiError('forbidden', `At most ${limit} sessions may be open at once; close one first.`)
    }
  }

  private _requireSession(id: string): Session {
    const entry = this._sessions.get(id)
    if (!entry) throw new PinlabApiError('no-session', `There is no open session ${id}.`)
    return entry.session
  }

  private _closeSession(id: string): void {
    const entry = this._sessions.get(id)
    if (!entry) return
    this._sessions.delete(id)
    entry.subscriptions.dispose()
    entry.session.dispose()
  }

  private _emit(event: ApiEvent): void {
    if (this._disposed) return
    try {
      this._send(event)
    } catch (error) {
      this._host.deps.log?.(`pinlab host: could not deliver ${event.event}: ${String(error)}`)
    }
  }
}

/**
 * The direct transport: the API as plain async calls on a connection (CLI, unit tests).
 */
export function createDirectApi(connection: HostConnection, events: { listeners: Set<(e: ApiEvent) => void> }): PinlabApi {
  let nextId = 1
  return {
    async request(method, params) {
      const reply = await connection.call(method, params, nextId++)
      if (!reply.ok) throw new PinlabApiError(reply.error.code, reply.error.message)
      return reply.result as never
    },
    onEvent(listener) {
      events.listeners.add(listener)
      return () => events.listeners.delete(listener)
    }
  }
}

/** Opens a connection and wraps it as a `PinlabApi`, for in-process clients. */
export function connectDirect(host: SessionHost): { api: PinlabApi; connection: HostConnection } {
  const events = { listeners: new Set<(e: ApiEvent) => void>() }
  const connection = host.connect((event) => {
    for (const listener of [...events.listeners]) listener(event)
  })
  return { api: createDirectApi(connection, events), connection }
}

function failure(id: number | null, code: ApiErrorCode, message: string): ReplyMessage {
  const error: ApiError = { code, message }
  return { id, ok: false, error }
}

function isMethod(name: string): name is Method {
  return (METHODS as string[]).includes(name)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** True when the UTF-8 encoding of `text` is over MAX_REQUEST_BYTES. */
function exceedsRequestLimit(text: string): boolean {
  // Every UTF-16 unit is at most 3 UTF-8 bytes, so short texts need no encoding pass.
  if (text.length * 3 <= MAX_REQUEST_BYTES) return false
  return Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES
}
