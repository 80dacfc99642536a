import { inject, type InjectionKey } from 'vue'
import { PreloadClient } from './preload-client'
import { apiSocketUrl, resolveToken } from './token'
import type { HostClient } from './types'
import { WsClient } from './ws-client'

export type { ConnectionState, HostClient } from './types'
export { DISCONNECTED_MESSAGE } from './types'
export { openLink, isOpenableLink } from './links'
export { PinlabApiError } from '../../../shared/protocol'

/** Where App provides the client; stores and components get it with `useApi()`. */
export const API_KEY: InjectionKey<HostClient> = Symbol('pinlab-api')

/** Electron's preload bridge when it exists, else the WebSocket of browser mode. */
export function createHostClient(win: Window = window): HostClient {
  if (win.pinlab) return new PreloadClient(win.pinlab)
  let storage: Storage | undefined
  try {
    storage = win.sessionStorage
  } catch {
    storage = undefined
  }
  const token = resolveToken(win.location.search, storage)
  return new WsClient({ url: apiSocketUrl(win.location, token) })
}

export function useApi(): HostClient {
  const api = inject(API_KEY, null)
  if (!api) throw new Error('PinLab: no API client provided (app.provide(API_KEY, client))')
  return api
}
