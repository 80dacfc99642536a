import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { METHODS, type ReplyMessage } from '../../shared/api'
import { ipcChannel } from '../../shared/ipc'
import type { HostConnection } from '../host/session-host'
import { isTrustedSender } from './security'

/**
 * One `ipcMain.handle` per API method. Each handler first checks that the message comes from
 * the top-level frame of our own renderer (checklist item 17), then hands the parameters to the
 * host connection, which validates them with the method's schema. Returns the channels
 * registered, so that they can be removed.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  connection: () => HostConnection | null,
  devServerUrl?: string
): string[] {
  const channels: string[] = []
  for (const method of METHODS) {
    const channel = ipcChannel(method)
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, params: unknown): Promise<ReplyMessage> => {
      if (!isTrustedSender(event.senderFrame, devServerUrl)) {
        return { id: null, ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } }
      }
      const target = connection()
      if (!target) return { id: null, ok: false, error: { code: 'no-session', message: 'The window is not ready.' } }
      return target.call(method, params)
    })
    channels.push(channel)
  }
  return channels
}
