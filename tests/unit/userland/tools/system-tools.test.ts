import { describe, expect, it } from 'vitest'
import { uname } from '../../../../electron/userland/tools/uname'
import { env } from '../../../../electron/userland/tools/env'
import { sleep } from '../../../../electron/userland/tools/sleep'
import { trueProgram, falseProgram } from '../../../../electron/userland/tools/true'
import { man } from '../../../../electron/userland/tools/man'
import { MAN_PAGES } from '../../../../electron/userland/tools/man/pages'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { installTools } from '../../../../electron/userland/tools/index'
import { differential } from './diff-suite'
import { realTool, runReal } from './differential'

const dec = new TextDecoder()

async function run(os: FakeOs, program: Parameters<FakeOs['runCaptured']>[0], argv: string[], env: string[] = []) {
  const r = await os.runCaptured(program, argv, { env })
  return { out: dec.decode(r.stdout), err: dec.decode(r.stderr), status: r.status }
}

describe('true and false', () => {
  differential('true', trueProgram, [{ args: [] }])
  differential('false', falseProgram, [{ args: [] }])
})

describe('uname', () => {
  it('prints the simulated kernel release and the fields in GNU order', async () => {
    const os = new FakeOs({ release: '5.10.0-pinlab', hostname: 'lab' })
    expect((await run(os, uname, ['uname'])).out).toBe('Linux\n')
    expect((await run(os, uname, ['uname', '-r'])).out).toBe('5.10.0-pinlab\n')
    expect((await run(os, uname, ['uname', '-rs'])).out).toBe('Linux 5.10.0-pinlab\n')
    expect((await run(os, uname, ['uname', '-a'])).out).toBe('Linux lab 5.10.0-pinlab #1 SMP PREEMPT_DYNAMIC PinLab x86_64 GNU/Linux\n')
    expect((await run(os, uname, ['uname', '-m', '-n'])).out).toBe('lab x86_64\n')
  })

  it('formats -a like the real uname (same field order and separators)', async () => {
    const path = realTool('uname')
    expect(path).not.toBeNull()
    const real = runReal(path!, { args: ['-a'] }).stdout.trim().split(' ')
    const native = runReal(path!, { args: ['-s', '-n', '-r', '-v', '-m', '-o'] }).stdout.trim()
    // The real -a is exactly -snrvmo when -p and -i are unknown, which is what we reproduce.
    expect(real.join(' ')).toBe(native)
    const os = new FakeOs()
    const ours = await run(os, uname, ['uname', '-a'])
    const parts = await run(os, uname, ['uname', '-s', '-n', '-r', '-v', '-m', '-o'])
    expect(ours.out).toBe(parts.out)
  })

  it('rejects unknown options like GNU', async () => {
    const r = await run(new FakeOs(), uname, ['uname', '-z'])
    expect(r.status).toEqual({ kind: 'exited', code: 1 })
    expect(r.err).toBe("uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n")
  })
})

describe('env', () => {
  it('prints the environment in order, with changes applied', async () => {
    const os = new FakeOs()
    expect((await run(os, env, ['env'], ['A=1', 'B=2'])).out).toBe('A=1\nB=2\n')
    expect((await run(os, env, ['env', '-u', 'A', 'C=3'], ['A=1', 'B=2'])).out).toBe('B=2\nC=3\n')
    expect((await run(os, env, ['env', '-i', 'X=y'], ['A=1'])).out).toBe('X=y\n')
    expect((await run(os, env, ['env', 'A=9'], ['A=1', 'B=2'])).out).toBe('B=2\nA=9\n')
  })

  it('runs a command with the new environment, 127 when it is missing', async () => {
    const os = new FakeOs()
    installTools((p, prog) => os.installProgram(p, prog))
    const r = await run(os, env, ['env', 'GREETING=hi', 'env'], ['PATH=/usr/bin'])
    expect(r.out).toBe('PATH=/usr/bin\nGREETING=hi\n')
    const missing = await run(os, env, ['env', 'nosuch'], ['PATH=/usr/bin'])
    expect(missing.status).toEqual({ kind: 'exited', code: 127 })
    expect(missing.err).toBe("env: 'nosuch': No such file or directory\n")
  })

  it('matches the real env for printing an explicit environment', () => {
    const path = realTool('env')
    expect(path).not.toBeNull()
    expect(runReal(path!, { args: ['-i', 'A=1', 'B=two words'] }).stdout).toBe('A=1\nB=two words\n')
  })
})

describe('sleep', () => {
  it('advances the virtual clock by the sum of its arguments', async () => {
    const os = new FakeOs()
    const r = await run(os, sleep, ['sleep', '1.5', '2s', '1m'])
    expect(r.status).toEqual({ kind: 'exited', code: 0 })
    expect(os.clock).toBe(63_500)
  })

  it('rejects a bad interval with coreutils wording', async () => {
    const r = await run(new FakeOs(), sleep, ['sleep', 'x'])
    expect(r.status).toEqual({ kind: 'exited', code: 1 })
    expect(r.err).toBe("sleep: invalid time interval \u2018x\u2019\nTry 'sleep --help' for more information.\n")
    const missing = await run(new FakeOs(), sleep, ['sleep'])
    expect(missing.err).toBe("sleep: missing operand\nTry 'sleep --help' for more information.\n")
  })

  it('matches the real sleep on errors', async () => {
    const path = realTool('sleep')
    expect(path).not.toBeNull()
    const real = runReal(path!, { args: ['x'] })
    const ours = await run(new FakeOs(), sleep, ['sleep', 'x'])
    expect(ours.err).toBe(real.stderr)
    expect(ours.status).toEqual({ kind: 'exited', code: real.status })
  })
})

describe('man', () => {
  it('shows a page with NAME, SYNOPSIS and DESCRIPTION', async () => {
    const r = await run(new FakeOs(), man, ['man', 'pin_user_pages'])
    expect(r.out).toContain('NAME\n       pin_user_pages - pin user pages in memory')
    expect(r.out).toContain('SYNOPSIS\n       long pin_user_pages(')
    expect(r.out.split('\n').every((l) => l.length <= 80)).toBe(true)
  })

  it('finds pages by keyword and refuses unknown ones like man-db', async () => {
    const k = await run(new FakeOs(), man, ['man', '-k', 'memory region'])
    expect(k.out).toBe('ibv_reg_mr (3) - register a memory region\nibv_dereg_mr (3) - deregister a memory region\n')
    const none = await run(new FakeOs(), man, ['man', 'nosuch'])
    expect(none.err).toBe('No manual entry for nosuch\n')
    expect(none.status).toEqual({ kind: 'exited', code: 16 })
  })

  it('has a page for every tool and builtin learners use', () => {
    const names = new Set(MAN_PAGES.map((p) => p.name))
    for (const n of ['ls', 'cat', 'echo', 'head', 'tail', 'wc', 'grep', 'hexdump', 'xxd', 'ps', 'kill', 'sleep', 'env', 'uname', 'dmesg', 'free', 'vmstat', 'clear', 'help', 'man', 'ulimit', 'su', 'reboot', 'mmap', 'fork', 'madvise', 'ibv_reg_mr', 'pin_user_pages', 'get_user_pages']) {
      expect(names.has(n), n).toBe(true)
    }
  })
})
