import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
}

/**
 * The BrowserWindow options. Each line of `webPreferences` is an item of the Electron security
 * checklist; the unit tests assert all of them.
 */
export function createWindowOptions(preloadPath: string, bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PinLab',
    backgroundColor: '#0f1419',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true, // item 3
      sandbox: true, // item 4
      nodeIntegration: false, // item 2
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true, // item 6
      allowRunningInsecureContent: false, // item 8
      experimentalFeatures: false, // item 9
      // item 10: no enableBlinkFeatures
      webviewTag: false, // items 11 and 12: no <webview> at all
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false
    }
  }
}
