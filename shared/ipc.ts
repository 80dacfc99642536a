import type { ApiEvent, Method, Params, ReplyMessage } from './protocol'

/**
 * The Electron IPC surface, kept free of runtime dependencies (no zod) because the sandboxed
 * preload bundles this file.
 *
 * Names of the methods the preload exposes on `window.pinlab`, one per API method — no generic
 * `invoke`, no raw `ipcRenderer` (Electron security checklist item 20).
 */
export const PRELOAD_METHODS = {
  'session.create': 'createSession',
  'session.close': 'closeSession',
  'terminal.input': 'terminalInput',
  'terminal.resize': 'terminalResize',
  'labs.list': 'listLabs',
  'settings.get': 'getSettings',
  'settings.set': 'setSettings',
  'shell.openExternal': 'openExternal',
  'view.memory': 'viewMemory',
  'progress.get': 'getProgress',
  'progress.update': 'updateProgress',
  'progress.export': 'exportProgress',
  'progress.import': 'importProgress',
  'machine.save': 'saveMachine',
  'machine.saved': 'savedMachine',
  'profile.problems': 'profileProblems',
  'trace.events': 'traceEvents',
  'cc.check': 'checkC',
  'labs.get': 'getLab',
  'labs.start': 'startLab',
  'labs.answer': 'answerLabQuestion',
  'labs.check': 'checkLabStep',
  'labs.hint': 'getLabHint',
  'labs.solution': 'getLabSolution',
  'labs.leave': 'leaveLab',
  'history.get': 'getHistory',
  'history.undo': 'undo',
  'history.redo': 'redo',
  'history.goto': 'gotoStep',
  'history.branch': 'branchHistory',
  'fs.writeFile': 'writeFile',
  'fs.readFile': 'readFile',
  'session.compare': 'compareSession'
} as const satisfies Record<Method, string>

/** The IPC channel that carries one method. */
export function ipcChannel(method: Method): string {
  return `pinlab:${method}`
}

/** The one channel on which the main process pushes events to the window. */
export const IPC_EVENT_CHANNEL = 'pinlab:event'

/** The shape of `window.pinlab` as the preload exposes it. */
export type PreloadBridge = {
  [M in Method as (typeof PRELOAD_METHODS)[M]]: (params: Params<M>) => Promise<ReplyMessage>
} & {
  onEvent(listener: (event: ApiEvent) => void): () => void
}
