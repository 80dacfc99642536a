import {
  MAX_REQUEST_BYTES,
  PinlabApiError,
  type ApiEvent,
  type Method,
  type Params,
  type ReplyMessage,
  type RequestMessage,
  type Result
} from '../../../shared/protocol'
import { DISCONNECTED_MESSAGE, type ConnectionState, type HostClient } from './types'

/** The part of the browser's WebSocket this client uses, so tests can pass a fake. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

export type WebSocketFactory = (url: string) => WebSocketLike

export interface WsClientOptions {
  url: string
  /** Defaults to the browser's WebSocket. */
  connect?: WebSocketFactory
  /** A request without a reply after this long rejects, so nothing waits forever. */
  requestTimeoutMs?: number
  /** A socket that has not opened after this long counts as lost. */
  connectTimeoutMs?: number
}

interface Pending {
  method: string
  resolve(result: unknown): void
  reject(error: PinlabApiError): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The API over a WebSocket (browser mode). Requests are `{id, method, params}` JSON; a reply is
 * matched to its request by id; anything with an `event` key is an event. Requests made while the
 * socket is still connecting are queued. When the socket closes, every pending request rejects and
 * every later one rejects at once: the client never reconnects by itself (the host's sessions are
 * gone with the socket), it tells the user to reload.
 */
export class WsClient implements HostClient {
  readonly transport = 'websocket' as const
  private state: ConnectionState = 'connecting'
  private reason = ''
  private readonly socket: WebSocketLike
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly queue: string[] = []
  private readonly eventListeners = new Set<(event: ApiEvent) => void>()
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>()
  private readonly requestTimeoutMs: number
  private connectTimer: ReturnType<typeof setTimeout> | undefined

  constructor(options: WsClientOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
    const connect = options.connect ?? ((url: string) => new WebSocket(url))
    this.socket = connect(options.url)
    this.socket.addEventListener('open', () => this.handleOpen())
    this.socket.addEventListener('message', (event) => this.handleMessage(event.data))
    this.socket.addEventListener('close', () => this.markLost(DISCONNECTED_MESSAGE))
    this.socket.addEventListener('error', () => this.markLost(DISCONNECTED_MESSAGE))
    this.connectTimer = setTimeout(() => {
      if (this.state === 'connecting') {
        this.markLost('Could not reach the PinLab host — check that it is running, then reload.')
        this.socket.close()
      }
    }, options.connectTimeoutMs ?? 10_000)
  }

  get connection(): ConnectionState {
    return this.state
  }

  get lostReason(): string {
    return this.reason
  }

  request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    if (this.state === 'lost') return Promise.reject(new PinlabApiError('disconnected', this.reason))
    const id = this.nextId++
    const message: RequestMessage = { id, method, params }
    const text = JSON.stringify(message)
    if (new TextEncoder().encode(text).length > MAX_REQUEST_BYTES) {
      return Promise.reject(
        new PinlabApiError('too-large', `The ${method} request is larger than ${MAX_REQUEST_BYTES} bytes; send less at once.`)
      )
    }
    return new Promise<Result<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(
          new PinlabApiError(
              'timeout',
            `The PinLab host did not answer ${method} within ${Math.round(this.requestTimeoutMs / 1000)} s.`
          )
        )
      }, this.requestTimeoutMs)
      this.pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer })
      if (this.state === 'open') this.socket.send(text)
      else this.queue.push(text)
    })
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  /** Closes the socket; pending requests reject. */
  close(): void {
    this.markLost(DISCONNECTED_MESSAGE)
    this.socket.close()
  }

  private handleOpen(): void {
    if (this.state !== 'connecting') return
    clearTimeout(this.connectTimer)
    this.setState('open')
    for (const text of this.queue.splice(0)) this.socket.send(text)
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') return
    let message: unknown
    try {
      message = JSON.parse(data)
    } catch {
      console.warn('PinLab: ignored a message from the host that is not JSON')
      return
    }
    if (typeof message !== 'object' || message === null) return
    if ('event' in message && typeof message.event === 'string') {
      this.dispatchEvent(message as ApiEvent)
      return
    }
    const reply = message as ReplyMessage
    if (typeof reply.id !== 'number') {
      // The host could not read one of our requests well enough to know its id.
      if (reply.ok === false) console.warn(`PinLab host: ${reply.error?.message ?? 'a request was refused'}`)
      return
    }
    const pending = this.pending.get(reply.id)
    if (!pending) return
    this.pending.delete(reply.id)
    clearTimeout(pending.timer)
    if (reply.ok === true) pending.resolve(reply.result)
    else pending.reject(toApiError(reply))
  }

  private dispatchEvent(event: ApiEvent): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event)
      } catch (error) {
        console.error('PinLab: an event listener failed', error)
      }
    }
  }

  private markLost(reason: string): void {
    if (this.state === 'lost') return
    clearTimeout(this.connectTimer)
    this.reason = reason
    this.queue.length = 0
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(new PinlabApiError('disconnected', reason))
    }
    this.pending.clear()
    this.setState('lost')
  }

  private setState(state: ConnectionState): void {
    this.state = state
    for (const listener of [...this.connectionListeners]) listener(state)
  }
}

export function toApiError(reply: ReplyMessage | undefined): PinlabApiError {
  if (reply?.ok === false && reply.error && typeof reply.error.message === 'string') {
    return new PinlabApiError(reply.error.code ?? 'internal', reply.error.message)
  }
  return new PinlabApiError('internal', 'The PinLab host sent a reply this version of PinLab does not understand.')
}
