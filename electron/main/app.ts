import { app, BrowserWindow, ipcMain, protocol, screen, session, shell, type WebContents } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IPC_EVENT_CHANNEL } from '../../shared/ipc'
import { FolderLabCatalog } from '../host/labs/catalog'
import { SessionHost, type HostConnection } from '../host/session-host'
import { openProfile } from '../host/persistence/host-profile'
import { ElectronProfileStore } from './electron-profile-store'
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol'
import { registerIpcHandlers } from './ipc'
import { APP_ORIGIN_URL, isAllowedExternalUrl, isTrustedRendererUrl } from './security'
import { createWindowOptions } from './window-options'
import { loadWindowState, saveWindowState } from './window-state'

/**
 * The Electron main process: one secure window onto one host.
 *
 * Everything that simulates lives in the host (plain Node code); this file only wires the
 * window, the `app://` protocol, the IPC handlers and the security handlers together.
 */
export function bootstrap(paths: { rendererDir?: string; preloadPath?: string } = {}): void {
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const here = fileURLToPath(new URL('.', import.meta.url))
  const rendererDir = paths.rendererDir ?? join(here, '../renderer')
  const preloadPath = paths.preloadPath ?? join(here, '../preload/index.cjs')

  // Must run before `ready`.
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES)

  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }

  let window: BrowserWindow | null = null
  let connection: HostConnection | null = null

  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  // Checklist 12–14 for every web contents that will ever exist, not only our window.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl))

  app.on('window-all-closed', () => app.quit())

  void app.whenReady().then(() => {
    // Checklist item 5: no permission is ever granted (camera, notifications, USB, …).
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
    session.defaultSession.setDevicePermissionHandler(() => false)

    handleAppProtocol(protocol, rendererDir)

    const userData = app.getPath('userData')
    // Settings, progress and the saved free-play machine: electron-store files in userData.
    const profile = openProfile(new ElectronProfileStore(userData))
    for (const problem of profile.problems.list()) console.warn(`pinlab: ${problem}`)
    const host = new SessionHost({
      settings: profile.settings,
      profile,
      // The curriculum ships next to the app (resources/labs when packaged, the repository's labs/ in development).
      labs: new FolderLabCatalog({
        builtIn: [app.isPackaged && process.resourcesPath ? join(process.resourcesPath, 'labs') : join(here, '../../labs')],
        installed: join(userData, 'packs')
      }),
      openExternal: async (url) => {
        if (!isAllowedExternalUrl(url)) return false
        await shell.openExternal(url)
        return true
      },
      log: (message) => console.error(message)
    })
    registerIpcHandlers(ipcMain, () => connection, devServerUrl)

    const statePath = join(userData, 'window-state.json')
    const state = loadWindowState(statePath, screen.getAllDisplays().map((d) => d.workArea))
    window = new BrowserWindow(createWindowOptions(preloadPath, state))
    if (state.maximized) window.maximize()
    const win = window
    connection = host.connect((event) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event)
    })
    win.once('ready-to-show', () => win.show())
    win.on('close', () => {
      try {
        saveWindowState(statePath, win.getNormalBounds(), win.isMaximized())
      } catch (error) {
        console.error(`pinlab: could not remember the window position: ${String(error)}`)
      }
    })
    win.on('closed', () => {
      connection?.dispose()
      connection = null
      window = null
    })
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN_URL}index.html`)
  })
}

/** Denies navigation, new windows and webviews (checklist items 12, 13, 14, 15). */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, devServerUrl?: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}
