import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { bash } from '../../../../electron/userland/shell/program'
import { installTools } from '../../../../electron/userland/tools/index'
import { machine } from './harness'

const dec = new TextDecoder()

function os(): FakeOs {
  const o = new FakeOs()
  installTools((p, prog) => o.installProgram(p, prog))
  o.installProgram('/bin/bash', bash)
  return o
}

async function run(o: FakeOs, argv: string[], stdin = '') {
  const r = await o.runCaptured(bash, argv, { stdin, cwd: '/root', env: ['PATH=/usr/bin:/bin', 'HOME=/root'] })
  return { out: dec.decode(r.stdout), err: dec.decode(r.stderr), status: r.status }
}

describe('the shell as a program (/bin/bash)', () => {
  it('runs -c STRING with $0 and positional parameters, bash -c style errors', async () => {
    const o = os()
    expect(await run(o, ['bash', '-c', 'echo "$0:$1:$#"; nosuch', 'me', 'a', 'b'])).toEqual({
      out: 'me:a:2\n',
      err: 'me: line 1: nosuch: command not found\n',
      status: { kind: 'exited', code: 127 }
    })
    expect((await run(o, ['bash', '-c', 'echo a; ;'])).err).toBe("bash: -c: line 1: syntax error near unexpected token `;'\nbash: -c: line 1: `echo a; ;'\n")
  })

  it('runs a script file with arguments, and a script from standard input', async () => {
    const o = os()
    o.writeFile('/root/greet.sh', 'echo "hello $1"\nexit 4\n')
    expect(await run(o, ['bash', 'greet.sh', 'world'])).toEqual({ out: 'hello world\n', err: '', status: { kind: 'exited', code: 4 } })
    expect(await run(o, ['bash'], 'echo from stdin | wc -c\n')).toEqual({ out: '11\n', err: '', status: { kind: 'exited', code: 0 } })
    expect(await run(o, ['bash', 'nosuch.sh'])).toEqual({ out: '', err: 'bash: nosuch.sh: No such file or directory\n', status: { kind: 'exited', code: 127 } })
  })
})

describe('running a text file without a binary format', () => {
  it('runs it as a script in a child shell, as bash does on ENOEXEC', async () => {
    const m = machine()
    m.os.writeFile('/root/x.sh', 'echo "args: $0 $@"\ny=inner\nexit 3\n', 0o755)
    expect(await m.run('y=outer; ./x.sh a b; echo $? $y')).toBe('args: ./x.sh a b\n3 outer\n')
  })

  it('refuses a binary it cannot execute', async () => {
    const m = machine()
    m.os.writeFile('/root/bin.dat', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), 0o755)
    expect(await m.run('./bin.dat; echo $?')).toBe('-bash: ./bin.dat: cannot execute binary file: Exec format error\n126\n')
  })
})

describe('Ctrl-C and scripts', () => {
  it('ends a script run from the interactive shell when Ctrl-C stops one of its commands', async () => {
    const { tick } = await import('./harness')
    const spin = async (ctx: import('../../../../electron/userland/shell/os').ProcessContext) => {
      while (!ctx.killed) await ctx.sched_yield()
      return 0
    }
    const m = machine({ programs: { spin } })
    m.os.writeFile('/root/s.sh', 'spin\necho after-spin\n', 0o755)
    const done = m.exec('./s.sh; echo status $?')
    for (let i = 0; i < 5; i++) await tick()
    m.os.tty.type('\x03')
    const { out } = await done
    expect(out).not.toContain('after-spin')
    expect(await m.run('echo $?')).toBe('130\n')
  })

  it('stops a /bin/bash process that was killed instead of running on', async () => {
    // a host-yielding fake, so that the test's timer can run while the loop spins
    const o = new FakeOs({ yieldToHost: () => new Promise((r) => setTimeout(r, 0)) })
    installTools((p, prog) => o.installProgram(p, prog))
    o.writeFile('/root/loop.sh', 'while true; do true; done\n')
    const ctx = o.createProcess({ argv: ['bash', 'loop.sh'], cwd: '/root', env: ['PATH=/usr/bin:/bin'] })
    const run = o.execute(ctx.proc, bash)
    await new Promise((r) => setTimeout(r, 5))
    ctx.kill(ctx.pid, 9)
    await run
    expect(ctx.proc.status).toEqual({ kind: 'signaled', signal: 9, core: false })
  })
})
