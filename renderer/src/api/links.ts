import type { HostClient } from './types'

/** Only https links leave the app; anything else (javascript:, file:, http:) is ignored. */
export function isOpenableLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Opens a link the terminal shows. In Electron the host decides (it keeps the allow-list and
 * calls `shell.openExternal`); in browser mode only https links open, in a new tab that cannot
 * reach back into this page.
 */
export async function openLink(client: HostClient, url: string, win: Pick<Window, 'open'> = window): Promise<boolean> {
  if (client.transport === 'electron') {
    try {
      const { opened } = await client.request('shell.openExternal', { url })
      return opened
    } catch (error) {
      console.warn('PinLab: the host did not open the link', error)
      return false
    }
  }
  if (!isOpenableLink(url)) return false
  win.open(url, '_blank', 'noopener,noreferrer')
  return true
}
