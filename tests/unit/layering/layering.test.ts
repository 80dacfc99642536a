import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkFile, checkTree, importsOf } from '../../../scripts/layering'

const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('layering', () => {
  it('holds for the whole tree', () => {
    expect(checkTree(root)).toEqual([])
  })

  it('finds every kind of import', () => {
    const text = `import a from './a'\nimport type { B } from "../b"\nexport * from './c'\nimport './d'\nconst e = await import('./e')\nconst f = require('f')`
    expect(importsOf(text)).toEqual(expect.arrayContaining(['./a', '../b', './c', './d', './e', 'f']))
  })

  it.each([
    ['electron/kernel/mm/gup.ts', "import { BrowserWindow } from 'electron'", 'may not import the package electron'],
    ['electron/kernel/mm/gup.ts', "import { readFileSync } from 'node:fs'", 'may not import Node built-ins'],
    ['electron/kernel/mm/gup.ts', "import { Session } from '../../host/session'", 'kernel layer may not import the host layer'],
    ['electron/userland/cc/vm.ts', "import { startWebServer } from '../../web/server'", 'userland layer may not import the web layer'],
    ['shared/api.ts', "import { Kernel } from '../electron/kernel/kernel'", 'shared layer may not import the kernel layer'],
    ['renderer/src/App.vue', "import { Session } from '../../electron/host/session'", 'renderer layer may not import the host layer'],
    ['renderer/src/main.ts', "import { ipcRenderer } from 'electron'", 'renderer may not import electron'],
    ['electron/preload/index.ts', "import { SessionHost } from '../host/session-host'", 'preload layer may not import the host layer'],
    ['renderer/src/api/ws-client.ts', "import { PinlabApiError } from '../../../shared/api'", 'which carries zod'],
    ['renderer/src/stores/x.ts', "import { z } from 'zod'", 'may not import zod']
  ])('refuses a forbidden import in %s', (file, source, message) => {
    const problems = checkFile(file, source)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(message)
  })

  it.each([
    ['electron/userland/libc/stdio.ts', "import { handle_mm_fault } from '../../kernel/mm/memory'"],
    ['electron/host/session.ts', "import { Kernel } from '../kernel/kernel'"],
    ['renderer/src/api/client.ts', "import type { PinlabApi } from '../../../shared/protocol'"],
    ['electron/main/app.ts', "import { app } from 'electron'"],
    ['electron/main/electron-profile-store.ts', "import ElectronStore from 'electron-store'"],
    ['shared/ipc.ts', "export const NAMES = {\n  'progress.import': 'importProgress',\n  'machine.save': 'saveMachine'\n}"]
  ])('allows a permitted import in %s', (file, source) => {
    expect(checkFile(file, source)).toEqual([])
  })
})
