import {
  PRELOAD_METHODS,
  PinlabApiError,
  type ApiEvent,
  type Method,
  type Params,
  type PreloadBridge,
  type ReplyMessage,
  type Result
} from '../../../shared/api'
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

  constructor(private readonly bridge: PreloadBridge) {}

  async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const call = this.bridge[PRELOAD_METHODS[method]] as ((params: unknown) => Promise<ReplyMessage>) | undefined
    if (typeof call !== 'function') {
      throw new PinlabApiError('unsupported', `This PinLab window cannot call ${method}; update the app.`)
    }
    let reply: ReplyMessage
    try {
      reply = await call(params)
    } catch (error) {
      throw new PinlabApiError('internal', `The PinLab host failed to answer ${method}: ${String(error)}`)
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
