/**
 * Differential testing: runs the real tool on this machine (when it exists) and PinLab's
 * implementation on the fake OS with the same files, arguments and standard input, and returns
 * both results for comparison.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import type { NativeProgram } from '../../../../electron/userland/shell/os'

export interface Case {
  args: string[]
  stdin?: string
  /** Files relative to the working directory. */
  files?: Record<string, string | Uint8Array>
}

export interface Result {
  stdout: string
  stderr: string
  status: number
}

export function realTool(name: string): string | null {
  for (const dir of ['/usr/bin', '/bin']) {
    const p = `${dir}/${name}`
    if (existsSync(p)) return p
  }
  return null
}

const decoder = new TextDecoder()

export function runReal(path: string, c: Case, argv0 = path.slice(path.lastIndexOf('/') + 1)): Result {
  const dir = mkdtempSync(join(tmpdir(), 'pinlab-diff-'))
  try {
    for (const [name, content] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), content)
    }
    const r = spawnSync(path, c.args, {
      cwd: dir,
      argv0,
      input: c.stdin ?? '',
      env: { LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin', TZ: 'UTC' }
    })
    return { stdout: decoder.decode(r.stdout), stderr: decoder.decode(r.stderr), status: r.status ?? 128 + 0 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function runOurs(program: NativeProgram, name: string, c: Case): Promise<Result> {
  const os = new FakeOs()
  os.mkdir('/work')
  for (const [file, content] of Object.entries(c.files ?? {})) {
    const parts = file.split('/')
    for (let i = 1; i < parts.length; i++) os.mkdir('/work/' + parts.slice(0, i).join('/'))
    os.writeFile('/work/' + file, content)
  }
  const r = await os.runCaptured(program, [name, ...c.args], {
    stdin: c.stdin ?? '',
    cwd: '/work',
    env: ['LC_ALL=C.UTF-8', 'PATH=/usr/bin:/bin', 'TZ=UTC']
  })
  const status = r.status.kind === 'exited' ? r.status.code : 128 + r.status.signal
  return { stdout: decoder.decode(r.stdout), stderr: decoder.decode(r.stderr), status }
}
