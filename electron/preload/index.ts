import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ApiEvent } from '../../shared/api'
import { IPC_EVENT_CHANNEL, PRELOAD_METHODS, ipcChannel, type PreloadBridge } from '../../shared/ipc'

/**
 * The preload: `window.pinlab` with one named function per API method and an event
 * subscription. No raw `ipcRenderer`, no generic invoke, nothing else (checklist item 20).
 * Built as CommonJS because the renderer is sandboxed.
 */
const bridge = {} as Record<string, unknown>
for (const [method, name] of Object.entries(PRELOAD_METHODS)) {
  const channel = ipcChannel(method as keyof typeof PRELOAD_METHODS)
  bridge[name] = (params: unknown) => ipcRenderer.invoke(channel, params)
}
bridge.onEvent = (listener: (event: ApiEvent) => void) => {
  const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload)
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward)
  }
}

contextBridge.exposeInMainWorld('pinlab', Object.freeze(bridge as PreloadBridge))
