/**
 * Runs a line in the real bash (as `bash -c`, in a scratch directory holding `files`) and in
 * PinLab's shell on the fake OS (cwd /work with the same files), both with an `args` program
 * that prints each argument in brackets, so that word expansion can be compared exactly.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { Shell } from '../../../../electron/userland/shell/shell'
import type { NativeProgram } from '../../../../electron/userland/shell/os'
import { installTools } from '../../../../electron/userland/tools/index'

export const args: NativeProgram = async (ctx) => {
  await ctx.write(1, ctx.argv.slice(1).map((a) => `[${a}]`).join('') + '\n')
  return 0
}

export function realBash(line: string, files: Record<string, string>): { stdout: string; stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pinlab-bash-'))
  const bin = mkdtempSync(join(tmpdir(), 'pinlab-bin-'))
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), content)
    }
    writeFileSync(join(bin, 'args'), `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done\necho\n`)
    chmodSync(join(bin, 'args'), 0o755)
    const r = spawnSync('/bin/bash', ['-c', line], {
      cwd: dir,
      env: { HOME: '/root', PATH: `${bin}:/usr/bin:/bin`, LC_ALL: 'C.UTF-8' }
    })
    return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status ?? -1 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(bin, { recursive: true, force: true })
  }
}

export async function pinlabShell(line: string, files: Record<string, string>): Promise<{ stdout: string; status: number }> {
  const os = new FakeOs()
  installTools((p, prog) => os.installProgram(p, prog))
  os.installProgram('/usr/bin/args', args)
  os.mkdir('/work')
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split('/')
    for (let i = 1; i < parts.length; i++) os.mkdir('/work/' + parts.slice(0, i).join('/'))
    os.writeFile('/work/' + name, content)
  }
  const ctx = os.createProcess({ cwd: '/work', env: ['HOME=/root', 'PATH=/usr/bin:/bin', 'LC_ALL=C.UTF-8'] })
  const shell = new Shell(ctx, { interactive: false, name: 'bash' })
  const r = await shell.runLine(line)
  return { stdout: os.tty.output.replace(/\r\n/g, '\n'), status: r.status }
}
