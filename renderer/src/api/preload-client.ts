import {
  PRELOAD_METHODS,
  PinlabApiError,
  type ApiEvent,
  type Method,
  type Params,
  type PreloadBridge,
  type ReplyMessage,
  type Result
} from '../../../shared/protocol'
import type { ConnectionState, HostClient } from './types'
import { toApiError } from './ws-client'

/**
 * The API over Electron's preload bridge (`window.pinlab`): one named method per API method, each
 * resolving to a `ReplyMessage`. IPC lives as long as the window does, so the connection is
 * always open.
 */
export class PreloadClient implements HostClient {
  readonly transport = 'electron' as const
  readonly connection: ConnectionState = 'open'
  readonly lostReason = ''

  private readonly requestTimeoutMs: number

  constructor(
    private readonly bridge: PreloadBridge,
    options: { requestTimeoutMs?: number } = {}
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  }

  async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const call = this.bridge[PRELOAD_METHODS[method]] as ((params: unknown) => Promise<ReplyMessage>) | undefined
    if (typeof call !== 'function') {
      throw new PinlabApiError('unsupported', `This PinLab window cannot call ${method}; update the app.`)
    }
    let reply: ReplyMessage | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new PinlabApiError(
              'timeout',
              `The PinLab host did not answer ${method} within ${Math.round(this.requestTimeoutMs / 1000)} s.`
            )
          ),
        this.requestTimeoutMs
      )
    })
    try {
      reply = await Promise.race([call.call(this.bridge, params), timeout])
    } catch (error) {
      if (error instanceof PinlabApiError) throw error
      throw new PinlabApiError('internal', `The PinLab host failed to answer ${method}: ${String(error)}`)
    } finally {
      clearTimeout(timer)
    }
    if (reply?.ok === true) return reply.result as Result<M>
    throw toApiError(reply)
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    return this.bridge.onEvent(listener)
  }

  onConnectionChange(): () => void {
    return () => {}
  }
}
