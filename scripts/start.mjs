#!/usr/bin/env node
// `npm start`: launch the built app in Electron, or fall back to browser mode when the Electron
// binary cannot be obtained. Never `require('electron')` here: on a machine without the binary
// that starts a download attempt.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The Electron executable, as the electron package would find it, or null. */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron')
    return existsSync(exe) ? exe : null
  }
  let dir
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

function browserMode() {
  const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx')
  const child = spawn(tsx, [join(root, 'electron', 'cli', 'index.ts'), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit'
  })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const FALLBACK = `PinLab could not find the Electron binary. The electron package fetches it from
GitHub on first use, and this machine cannot reach that host. To run the desktop app, set
ELECTRON_MIRROR to a mirror you can reach and run npm start again (PinLab then downloads the
binary through it), or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron 45
build. Until then PinLab runs in browser mode: open the URL below in Chromium or another browser
on this machine.
`

/** With a mirror named by the user, fetch the binary once through the electron package's installer. */
function downloadThroughMirror() {
  if (!process.env.ELECTRON_MIRROR) return
  try {
    const installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js')
    process.stdout.write(`Fetching Electron through ELECTRON_MIRROR=${process.env.ELECTRON_MIRROR} …\n`)
    spawnSync(process.execPath, [installer], { stdio: 'inherit', timeout: 300_000 })
  } catch {
    // Reported below as the fallback paragraph.
  }
}

let exe = electronBinary()
if (!exe) {
  downloadThroughMirror()
  exe = electronBinary()
}
if (!exe) {
  process.stdout.write(FALLBACK + '\n')
  browserMode()
} else {
  const child = spawn(exe, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  child.on('error', (error) => {
    process.stdout.write(`PinLab could not start Electron (${error.message}).\n` + FALLBACK + '\n')
    browserMode()
  })
  child.on('exit', (code, signal) => {
    if (code !== null || signal) process.exit(code ?? 1)
  })
}
