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
import { Session, type SessionOptions } from './session'
import { LabApi } from './labs/lab-api'
import { buildMemoryView, expandRange } from './memory-view'
import type { SettingsStore } from './settings-store'
import type { HostProfile } from './persistence/host-profile'
import { asRecordableSession, MachineAutosave, type RecordableSession } from './persistence/machine-autosave'
import type { SessionRecord } from '../../shared/history'
import { checkCSource } from './cc-check'

export interface HostDependencies {
  settings: SettingsStore
  labs: LabCatalog
  /** Opens an allow-listed link in the system browser; absent where there is none (browser mode). */
  openExternal?: (url: string) => Promise<boolean>
  /** Sessions one connection may hold open at once. */
  maxSessionsPerConnection?: number
  /** Where unexpected host errors are reported (they also become `internal` error replies). */
  log?: (message: string) => void
  /**
   * The learner's progress, the saved free-play machine and the problems met in the profile
   * (electron/host/persistence). Without it, progress.* and machine.* answer `unsupported`.
   */
  profile?: Pick<HostProfile, 'progress' | 'machines' | 'problems'>
  /** Makes the Session of `session.create` (default `new Session`; tests pass a double). */
  createSession?: (options: SessionOptions) => Session
  /** Quiet time after a step before a `persist: true` session is auto-saved (default 1000 ms). */
  autosaveDebounceMs?: number
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
  /**
   * The connection's sessions. `persist`: the session keeps the free-play machine (session.create
   * with persist or restore); `autosave` runs while it is in free play and is stopped while a
   * lab uses the machine, so a lab never overwrites the learner's free-play machine.
   */
  private readonly _sessions = new Map<string, { session: Session; subscriptions: DisposableStore; persist?: boolean; autosave?: MachineAutosave | null }>()
  private _disposed = false
  private readonly _labs: LabApi

  constructor(
    private readonly _host: SessionHost,
    private readonly _send: (event: ApiEvent) => void
  ) {
    this._labs = new LabApi(_host.deps.labs)
  }

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
      const machines = p.restore || p.persist ? this._profile().machines : null
      let saved: SessionRecord | null = null
      if (p.restore === 'freeplay') {
        saved = machines!.load()
        if (!saved) throw new PinlabApiError('no-session', 'There is no saved free-play machine yet; start a fresh one.')
      }
      const options: SessionOptions = {
        id: this._host.allocateSessionId(),
        kernel: saved?.kernel ?? p.kernel ?? DEFAULT_KERNEL,
        seed: saved?.seed ?? p.seed ?? 1,
        user: saved?.user ?? p.user ?? 'root',
        cols: p.cols ?? 80,
        rows: p.rows ?? 24
      }
      const session = this._host.deps.createSession ? this._host.deps.createSession(options) : new Session(options)
      let recordable: RecordableSession | null = null
      if (machines) {
        recordable = asRecordableSession(session)
        if (!recordable) {
          session.dispose()
          throw new PinlabApiError('unsupported', 'This PinLab cannot save or restore machines yet (its sessions do not record their steps).')
        }
      }
      const sessionId = this._register(session)
      if (p.persist && recordable && machines) {
        const entry = this._sessions.get(sessionId)!
        entry.persist = true
        entry.autosave = this._startAutosave(recordable, machines)
      }
      // The banner goes out after the reply (a macrotask later), so the client knows the id
      // before output for it arrives, on every transport. A restored session replays the saved
      // record instead (its transcript is the banner and the steps' recorded output).
      setImmediate(() => {
        if (!this._sessions.has(sessionId)) return
        if (!saved || !recordable) return session.start()
        recordable.load(saved).catch((error: unknown) => {
          this._host.deps.log?.(`pinlab host: restoring ${sessionId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
          this._emit({
            event: 'terminal.output',
            payload: { sessionId, data: '\r\n[ The saved machine could not be restored; close this session and start a fresh one. ]\r\n' }
          })
        })
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
    'progress.get': () => this._profile().progress.get(),
    'progress.update': (p) => this._profile().progress.update(p.labKey, p.patch),
    'progress.export': () => this._profile().progress.export(),
    'progress.import': (p) => this._profile().progress.import(p.content),
    'machine.save': (p) => {
      const recordable = asRecordableSession(this._requireSession(p.sessionId))
      if (!recordable) throw new PinlabApiError('unsupported', 'This PinLab cannot save machines yet (its sessions do not record their steps).')
      return this._profile().machines.save(recordable.toRecord())
    },
    'machine.saved': () => this._profile().machines.summary(),
    'profile.problems': () => ({ problems: this._host.deps.profile?.problems.list() ?? [] }),
    'trace.events': (p) =>
      this._requireSession(p.sessionId).traceLog.query({ categories: p.categories, step: p.step, afterId: p.afterId, limit: p.limit }),
    'cc.check': (p) => {
      const session = this._requireSession(p.sessionId)
      const machine = session.machine
      const user = session.shellUser
      if (!machine || !user) throw new PinlabApiError('unsupported', `Session ${p.sessionId} has not booted its machine yet; ask again after its first output.`)
      return { diagnostics: checkCSource(machine, { path: p.path, source: p.source, uid: user.uid, cwd: user.cwd }) }
    },
    'labs.get': (p) => this._labs.get(p),
    'labs.start': (p) => {
      const session = this._requireSession(p.sessionId)
      // The free-play machine is saved as it is now, then left alone while the lab runs.
      const entry = this._sessions.get(p.sessionId)!
      entry.autosave?.dispose()
      entry.autosave = null
      return this._labs.start(session, p)
    },
    'labs.leave': async (p) => {
      const session = this._requireSession(p.sessionId)
      const entry = this._sessions.get(p.sessionId)!
      if (!entry.persist || entry.autosave) return { restored: false }
      const machines = this._profile().machines
      const saved = machines.load()
      if (saved && saved.seed === session.seed && saved.user === session.info.user) await session.load(saved)
      else await session.reboot(saved?.kernel ?? DEFAULT_KERNEL)
      if (this._sessions.get(p.sessionId) === entry) entry.autosave = this._startAutosave(session, machines)
      return { restored: saved !== null }
    },
    'labs.answer': (p) => this._labs.answer(p),
    'labs.check': (p) => this._labs.check(this._requireSession(p.sessionId), p),
    'labs.hint': (p) => this._labs.hint(p),
    'labs.solution': (p) => this._labs.solution(p),
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


  /** Saves `session` to the free-play slot after each of its steps (see MachineAutosave). */
  private _startAutosave(session: RecordableSession, machines: NonNullable<HostDependencies['profile']>['machines']): MachineAutosave {
    const profile = this._profile()
    return new MachineAutosave(session, machines, {
      debounceMs: this._host.deps.autosaveDebounceMs,
      report: (problem) => {
        profile.problems.report(problem)
        this._host.deps.log?.(`pinlab host: ${problem}`)
      }
    })
  }

  private _profile(): NonNullable<HostDependencies['profile']> {
    const profile = this._host.deps.profile
    if (!profile) throw new PinlabApiError('unsupported', 'This PinLab host keeps no profile (progress and saved machines are off).')
    return profile
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
    this._labs.release(entry.session)
    entry.autosave?.dispose()
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
