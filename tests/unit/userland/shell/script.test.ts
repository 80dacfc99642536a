import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { Shell } from '../../../../electron/userland/shell/shell'
import { installTools } from '../../../../electron/userland/tools/index'
import { SIGSEGV, type NativeProgram } from '../../../../electron/userland/shell/os'

/** Runs a script file with the real bash (stdout and stderr merged, in order). */
function realScript(text: string): { out: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pinlab-sh-'))
  try {
    writeFileSync(join(dir, 'x.sh'), text)
    const r = spawnSync('/bin/bash', ['-c', 'exec 2>&1; bash x.sh'], { cwd: dir, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', HOME: '/root' } })
    return { out: r.stdout.toString(), status: r.status ?? -1 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function ourScript(text: string, programs: Record<string, NativeProgram> = {}): Promise<{ out: string; status: number }> {
  const os = new FakeOs()
  installTools((p, prog) => os.installProgram(p, prog))
  for (const [n, p] of Object.entries(programs)) os.installProgram('/usr/bin/' + n, p)
  const ctx = os.createProcess({ cwd: '/tmp', env: ['PATH=/usr/bin:/bin', 'HOME=/root'] })
  const shell = new Shell(ctx, { interactive: false, name: 'x.sh' })
  const r = await shell.runScript(text)
  return { out: os.tty.output.replace(/\r\n/g, '\n'), status: r.exit ?? r.status }
}

describe('scripts (non-interactive), compared with bash x.sh', () => {
  it.each([
    'echo start\nfoo\necho $?\nls /nosuch\ncd /nosuch\necho end\n',
    'echo a\nb )\necho never\n',
    'if true; then\n echo x ;;\nfi\n',
    'echo a\n(a\n',
    'echo "unterminated\n',
    'x=1\nwhile [ $x -lt 3 ]; do\n  echo $x\n  x=$((x+1))\ndone\nnosuch_cmd arg\nexit 3\necho not reached\n',
    'for f in a b; do\n  echo $f | grep -c a\ndone\n[ 1 -eq x ]\necho ${1a}\necho after\n',
    'echo one; exit\n',
    'false\n'
  ])('%j', async (text) => {
    const real = realScript(text)
    const ours = await ourScript(text)
    expect(ours).toEqual(real)
  })

  it('reports a death by signal with the line, the pid and the command, as bash', async () => {
    const segv: NativeProgram = async (ctx) => {
      ctx.kill(ctx.pid, SIGSEGV)
      return 0
    }
    const r = await ourScript('echo before\nsegv --now\necho $?\n', { segv })
    expect(r.out).toMatch(/^before\nx\.sh: line 2: +\d+ Segmentation fault {6}\(core dumped\) segv --now\n139\n$/)
  })
})
