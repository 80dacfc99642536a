import { z } from 'zod'
import { SUPPORTED_KERNELS, type KernelVersion } from './kernel-versions'
import { SettingsPatchSchema, type Settings } from './settings'

/**
 * The one API between the renderer and the host.
 *
 * Every request is `{ id, method, params }` and gets exactly one reply, `{ id, ok: true, result }`
 * or `{ id, ok: false, error }`. The host validates `params` with the method's zod schema before
 * anything runs, so a malformed request is an error reply and never reaches a session. Events flow
 * the other way, unrequested: `{ event, payload }`.
 *
 * Three transports carry it: Electron IPC (`window.pinlab`, one channel per method), a WebSocket
 * (browser mode and the end-to-end tests) and direct calls (CLI, unit tests).
 */

export const API_VERSION = 1

/** Upper bound on one serialized request, in bytes, on every transport. */
export const MAX_REQUEST_BYTES = 256 * 1024

/** Upper bound on one terminal input chunk (a paste), in UTF-16 code units. */
export const MAX_TERMINAL_INPUT = 64 * 1024

const SessionId = z.string().regex(/^s[0-9]{1,9}$/, 'a session id looks like s1')
const KernelSchema = z.enum(SUPPORTED_KERNELS)

export const requestSchemas = {
  /**
   * Boots a fresh machine and opens its terminal. The banner and first prompt arrive as
   * `terminal.output` events after the reply, so the client knows the session id first.
   */
  'session.create': z
    .object({
      kernel: KernelSchema.optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      user: z.enum(['root', 'student']).optional(),
      cols: z.number().int().min(2).max(1000).optional(),
      rows: z.number().int().min(1).max(1000).optional()
    })
    .strict(),
  'session.close': z.object({ sessionId: SessionId }).strict(),
  /** Keystrokes and pastes, exactly as xterm.js produced them. */
  'terminal.input': z.object({ sessionId: SessionId, data: z.string().max(MAX_TERMINAL_INPUT) }).strict(),
  'terminal.resize': z
    .object({ sessionId: SessionId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) })
    .strict(),
  'labs.list': z.object({}).strict(),
  'settings.get': z.object({}).strict(),
  'settings.set': z.object({ patch: SettingsPatchSchema }).strict(),
  /** Opens an https link from the allow-list in the system browser (Electron only). */
  'shell.openExternal': z.object({ url: z.string().max(2048) }).strict()
} as const

export type Method = keyof typeof requestSchemas
export const METHODS = Object.keys(requestSchemas) as Method[]
export type Params<M extends Method> = z.input<(typeof requestSchemas)[M]>

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
}
export type Result<M extends Method> = Results[M]

export interface Events {
  /** Bytes for the terminal, already rendered by the host's line discipline (VT100 sequences). */
  'terminal.output': { sessionId: string; data: string }
  /** The session ended (the shell exited, or the host closed it). */
  'session.exited': { sessionId: string; status: number }
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
  | 'internal'

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

/** The envelope every transport carries, checked before the method's own schema. */
export const RequestEnvelopeSchema = z
  .object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), method: z.string().max(64), params: z.unknown().optional() })
  .strict()

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
