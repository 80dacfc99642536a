import type { z } from 'zod'
import type { KernelVersion } from './kernel-versions'
import type { Settings } from './settings-defaults'
import type { RequestSchemas } from './api'
import type { MemoryView } from './view'
import type { Progress } from './progress'
import type { HistoryState } from './history'
import type { TimelinePage } from './timeline'
import type { LabView, PredictAnswerResult, StepCheckResult, StepHint, StepSolution } from './lab-view'

/**
 * The zod-free half of the API contract (constants, types, the error class), so that the
 * renderer bundle carries no schema library: the host validates, the renderer only sends.
 * `shared/api.ts` re-exports all of this next to the schemas.
 */

export const API_VERSION = 1

/** Upper bound on one serialized request, in bytes, on every transport. */
export const MAX_REQUEST_BYTES = 256 * 1024

/** Upper bound on one terminal input chunk (a paste), in UTF-16 code units. */
export const MAX_TERMINAL_INPUT = 64 * 1024

export type Method = keyof RequestSchemas
export type Params<M extends Method> = z.input<RequestSchemas[M]>

export interface SessionInfo {
  sessionId: string
  kernel: KernelVersion
  user: 'root' | 'student'
  hostname: string
}

export interface LabSummary {
  id: string
  title: string
  kernel: KernelVersion
  /** How many steps the lab has (the lab list shows "2/5 steps"); absent from hosts that do not say. */
  stepCount?: number
}

export interface PackSummary {
  id: string
  title: string
  version: string
  builtIn: boolean
  labs: LabSummary[]
}

export interface Results {
  'session.create': SessionInfo
  'session.close': { closed: true }
  'terminal.input': { accepted: number }
  'terminal.resize': { cols: number; rows: number }
  'labs.list': { packs: PackSummary[] }
  'settings.get': Settings
  'settings.set': Settings
  'shell.openExternal': { opened: boolean }
  'view.memory': MemoryView
  'progress.get': Progress
  'progress.update': Progress
  'progress.export': { fileName: string; content: string }
  'progress.import': Progress
  'machine.save': { savedAt: string }
  'machine.saved': { exists: boolean; savedAt?: string; kernel?: KernelVersion; steps?: number }
  'profile.problems': { problems: string[] }
  'trace.events': TimelinePage
  'cc.check': { diagnostics: CCheckDiagnostic[] }
  'labs.get': LabView
  'labs.start': { lab: LabView; step: number }
  'labs.answer': PredictAnswerResult
  'labs.check': StepCheckResult
  'labs.hint': StepHint
  'labs.solution': StepSolution
  'labs.leave': { restored: boolean }
  'history.get': HistoryState
  'history.undo': HistoryState
  'history.redo': HistoryState
  'history.goto': HistoryState
  'history.branch': HistoryState
  'fs.writeFile': { path: string }
  'fs.readFile': { content: string }
  'session.compare': SessionInfo
}
export type Result<M extends Method> = Results[M]

/** One compiler diagnostic of `cc.check`, placed in the checked file (1-based lines and columns). */
export interface CCheckDiagnostic {
  line: number
  column: number
  /** Where the marked span ends (exclusive column), when the compiler marked more than a point. */
  endLine?: number
  endColumn?: number
  severity: 'error' | 'warning' | 'note'
  message: string
}

export interface Events {
  /** Bytes for the terminal, already rendered by the host's line discipline (VT100 sequences). */
  'terminal.output': { sessionId: string; data: string }
  /** The session ended (the shell exited, or the host closed it). */
  'session.exited': { sessionId: string; status: number }
  /** The session's machine changed identity (reboot --kernel V): the new info. */
  'session.changed': SessionInfo
  /** The session's history changed (a step began or ended, undo/redo/goto/branch). */
  'history.changed': { sessionId: string; state: HistoryState }
  /** Clear the terminal and write `data` (the transcript at the restored position). */
  'terminal.reset': { sessionId: string; data: string }
}
export type EventName = keyof Events
/** One event; a union discriminated by `event`, so checking the name narrows the payload. */
export type ApiEvent = { [E in EventName]: { event: E; payload: Events[E] } }[EventName]

/** Error codes a reply may carry; `message` is always a sentence a person can act on. */
export type ApiErrorCode =
  | 'bad-json'
  | 'too-large'
  | 'bad-request'
  | 'unknown-method'
  | 'invalid-params'
  | 'no-session'
  | 'forbidden'
  | 'unsupported'
  | 'rate-limited'
  | 'disconnected'
  | 'timeout'
  | 'internal'
  /** Refused for now: the machine is busy (a restore, a command) or shows a past position. */
  | 'conflict'

export interface ApiError {
  code: ApiErrorCode
  message: string
}

export interface RequestMessage {
  id: number
  method: string
  params?: unknown
}

export type ReplyMessage =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: ApiError }

/**
 * What the renderer programs against. `window.pinlab` (Electron) and the WebSocket client
 * (browser mode) both implement it.
 */
export interface PinlabApi {
  request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>
  /** Subscribes to host events; returns the function that unsubscribes. */
  onEvent(listener: (event: ApiEvent) => void): () => void
}

/** A failed request, as the client side raises it. */
export class PinlabApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'PinlabApiError'
  }
}


export { PRELOAD_METHODS, ipcChannel, IPC_EVENT_CHANNEL, type PreloadBridge } from './ipc'
