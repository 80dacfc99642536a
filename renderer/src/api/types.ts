import type { PinlabApi } from '../../../shared/protocol'

/** Whether the renderer can reach the host right now. `lost` is final: reload to reconnect. */
export type ConnectionState = 'connecting' | 'open' | 'lost'

/**
 * What the renderer holds: the shared `PinlabApi` plus what a transport knows about itself.
 * Both transports (Electron preload, WebSocket) and the test fakes implement it.
 */
export interface HostClient extends PinlabApi {
  /** `electron` opens links through the host; `websocket` (browser mode) opens them itself. */
  readonly transport: 'electron' | 'websocket'
  readonly connection: ConnectionState
  /** Why the connection was lost, as a sentence for the banner; empty while connected. */
  readonly lostReason: string
  /** Subscribes to connection changes; returns the function that unsubscribes. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
}

export const DISCONNECTED_MESSAGE = 'Disconnected from the PinLab host — reload to reconnect.'
