import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { machine, tick } from './harness'
import { SIGSEGV, type NativeProgram } from '../../../../electron/userland/shell/os'

const segv: NativeProgram = async (ctx) => {
  ctx.kill(ctx.pid, SIGSEGV)
  return 0
}
const spin: NativeProgram = async (ctx) => {
  // An endless program that yields to the scheduler, like a compiled C loop.
  while (!ctx.killed) await ctx.sched_yield()
  return 0
}
const yes: NativeProgram = async (ctx) => {
  for (;;) {
    const r = await ctx.write(1, 'y\n'.repeat(1000))
    if (r < 0) return 1
  }
}

describe('executor: pipes, redirections and $?', () => {
  it('runs pipelines of tools', async () => {
    const m = machine()
    m.os.writeFile('/root/log', 'a 1\nb 2\na 3\n')
    expect(await m.run('cat log | grep a | wc -l')).toBe('2\n')
    expect(await m.run('echo hello | cat -n')).toBe('     1\thello\n')
    expect(await m.run('grep a log | head -n 1; echo $?')).toBe('a 1\n0\n')
  })

  it('gives a pipeline the status of its last command, and ! negates', async () => {
    const m = machine()
    expect(await m.run('false | true; echo $?')).toBe('0\n')
    expect(await m.run('true | false; echo $?')).toBe('1\n')
    expect(await m.run('! true; echo $?')).toBe('1\n')
    expect(await m.run('! false; echo $?')).toBe('0\n')
  })

  it('stops a writer whose reader went away (SIGPIPE), silently', async () => {
    const m = machine({ programs: { yes } })
    expect(await m.run('yes | head -n 2; echo $?')).toBe('y\ny\n0\n')
  })

  it('feeds a pipeline from a builtin loop, which ends (like SIGPIPE) when the reader leaves', async () => {
    const m = machine()
    expect(await m.run('while true; do echo y; done | head -n 2; echo $?')).toBe('y\ny\n0\n')
    expect(await m.run('(while true; do echo z; done) | head -n 1')).toBe('z\n')
    expect(await m.run('for i in 1 2 3; do echo $i; done | head -n 1 | cat')).toBe('1\n')
    expect(await m.run('echo still alive')).toBe('still alive\n')
  })

  it('runs && and || chains as bash', async () => {
    const m = machine()
    expect(await m.run('true && echo a || echo b')).toBe('a\n')
    expect(await m.run('false && echo a || echo b')).toBe('b\n')
    expect(await m.run('false || false || echo c; echo $?')).toBe('c\n0\n')
    expect(await m.run('true || echo no; echo $?')).toBe('0\n')
  })

  it('redirects output, appends, reads input, and merges stderr', async () => {
    const m = machine()
    expect(await m.run('echo one > f; echo two >> f; cat f')).toBe('one\ntwo\n')
    expect(await m.run('wc -l < f')).toBe('2\n')
    expect(await m.run('cat nosuch 2> err; cat err')).toBe('cat: nosuch: No such file or directory\n')
    expect(await m.run('cat nosuch 2>/dev/null; echo $?')).toBe('1\n')
    expect(await m.run('cat f nosuch > both 2>&1; cat both')).toBe('one\ntwo\ncat: nosuch: No such file or directory\n')
    expect(await m.run('cat nosuch 2>&1 >/dev/null | wc -l')).toBe('1\n')
    expect(await m.run('echo to-err >&2 2>/dev/null')).toBe('to-err\n')
    expect(await m.run('echo to-err 2>/dev/null >&2')).toBe('')
    expect(await m.run('cat f nosuch &> all; cat all')).toBe('one\ntwo\ncat: nosuch: No such file or directory\n')
    expect(await m.run('echo x 3>three; cat three; echo $?')).toBe('x\n0\n')
    expect(await m.run('echo five 1>&5')).toBe('-bash: 5: Bad file descriptor\n')
    expect(await m.run('> empty; wc -c empty')).toBe('0 empty\n')
  })

  it('reports a failed redirection and does not run the command', async () => {
    const m = machine()
    expect(await m.run('cat < nosuch; echo $?')).toBe('-bash: nosuch: No such file or directory\n1\n')
    expect(await m.run('echo x > /nodir/f; echo $?')).toBe('-bash: /nodir/f: No such file or directory\n1\n')
    expect(await m.run('x="a b"; echo hi > $x')).toBe('-bash: $x: ambiguous redirect\n')
  })

  it('redirects builtins without disturbing the shell’s own descriptors', async () => {
    const m = machine()
    expect(await m.run('pwd > p; echo after; cat p')).toBe('after\n/root\n')
    expect(await m.run('{ echo a; echo b; } > g; cat g')).toBe('a\nb\n')
    expect(await m.run('for i in 1 2; do echo $i; done | wc -l')).toBe('2\n')
    expect(await m.run('(echo sub; echo err >&2) 2>&1 | cat -n')).toBe('     1\tsub\n     2\terr\n')
  })

  it('keeps subshell and pipeline state out of the parent shell', async () => {
    const m = machine()
    expect(await m.run('x=1; (x=2; cd /tmp); echo $x $PWD')).toBe('1 /root\n')
    expect(await m.run('cd /tmp | true; pwd')).toBe('/root\n')
    expect(await m.run('y=$(x=5; echo $x); echo $y $x')).toBe('5 1\n')
  })

  it('gives 127 for an unknown command, 126 for a non-executable file or a directory', async () => {
    const m = machine()
    m.os.writeFile('/root/script', 'echo hi\n', 0o644)
    expect(await m.run('nosuch; echo $?')).toBe('-bash: nosuch: command not found\n127\n')
    expect(await m.run('./script; echo $?')).toBe('-bash: ./script: Permission denied\n126\n')
    expect(await m.run('/tmp; echo $?')).toBe('-bash: /tmp: Is a directory\n126\n')
    expect(await m.run('./missing; echo $?')).toBe('-bash: ./missing: No such file or directory\n127\n')
  })

  it('gives each job its own process group and the terminal only with job control', async () => {
    const groups: Array<[number, number]> = []
    const probe: NativeProgram = async (ctx) => {
      const p = (ctx as unknown as { proc: { pgid: number } }).proc
      groups.push([p.pgid, ctx.tcgetpgrp()])
      return 0
    }
    const i = machine({ programs: { probe } })
    await i.run('probe')
    const s = machine({ programs: { probe }, shell: { interactive: false } })
    await s.run('probe')
    const shellPid = s.shell.ctx.pid
    expect(groups[0]![0]).not.toBe(i.shell.ctx.pid)
    expect(groups[0]![1]).toBe(groups[0]![0])
    expect(groups[1]).toEqual([shellPid, shellPid])
  })

  it('reports a death by signal as bash does, with 128+N in $?', async () => {
    const m = machine({ programs: { segv } })
    expect(await m.run('segv; echo $?')).toBe('Segmentation fault (core dumped)\n139\n')
  })

  it('passes exported variables and per-command assignments to programs', async () => {
    const m = machine()
    expect(await m.run('A=1; env | grep ^A=')).toBe('')
    expect(await m.run('export A; env | grep ^A=')).toBe('A=1\n')
    expect(await m.run('B=2 env | grep ^B=; echo "[$B]"')).toBe('B=2\n[]\n')
    expect(await m.run('export C=3; unset C; env | grep -c ^C=')).toBe('0\n')
  })

  it('sets $$ and $! and runs background jobs', async () => {
    const m = machine()
    expect(await m.run('echo $$')).toBe(`${m.shell.ctx.pid}\n`)
    const out = await m.run('sleep 1 &')
    expect(out).toMatch(/^\[1\] \d+\n$/)
    expect(await m.run('echo $!')).toBe(out.split(' ')[1])
  })

  it('reports finished background jobs as bash does, and wait collects them', async () => {
    const m = machine()
    const started = await m.run('sleep 1 &')
    const pid = started.match(/^\[1\] (\d+)\n$/)![1]
    for (let i = 0; i < 5; i++) await tick()
    expect(await m.run('true')).toBe('[1]+  Done                    sleep 1\n')
    expect(await m.run('false &')).toMatch(/^\[1\] \d+\n/)
    for (let i = 0; i < 5; i++) await tick()
    expect(await m.run('')).toBe('[1]+  Exit 1                  false\n')
    expect(await m.run('sleep 1 & wait; echo $?')).toMatch(/^\[1\] \d+\n0\n$/)
    expect(await m.run('(exit 3) & wait $!; echo $?')).toMatch(/^\[1\] \d+\n3\n$/)
    expect(await m.run('wait 99999; echo $?')).toBe('-bash: wait: pid 99999 is not a child of this shell\n127\n')
    void pid
  })

  it('keeps background jobs off the terminal: Ctrl-C stops the foreground job only', async () => {
    const m = machine({ programs: { spin } })
    await m.run('spin &')
    expect(m.os.tty.fgpgrp).toBe(m.shell.ctx.pid)
    const done = m.exec('spin')
    for (let i = 0; i < 3; i++) await tick()
    m.os.tty.type('\x03')
    await done
    const alive = [...m.os.processes.values()].filter((p) => p.status === null && p.argv[0] === 'spin')
    expect(alive).toHaveLength(1)
    m.shell.ctx.kill(alive[0]!.pid, 15)
    for (let i = 0; i < 3; i++) await tick()
    expect(await m.run('')).toBe('[1]+  Terminated              spin\n')
  })

  it('gives background jobs /dev/null as standard input', async () => {
    const m = machine()
    await m.run('cat > got &')
    for (let i = 0; i < 5; i++) await tick()
    expect(await m.run('wc -c got')).toBe('0 got\n[1]+  Done                    cat > got\n')
  })

  it('stops a foreground program on Ctrl-C with 130, abandons the rest of the line, and keeps working', async () => {
    const m = machine({ programs: { spin } })
    const done = m.exec('spin; echo not reached')
    await tick()
    await tick()
    m.os.tty.type('\x03')
    const { out } = await done
    expect(out).toBe('^C\n')
    expect(await m.run('echo $?; echo alive')).toBe('130\nalive\n')
  })

  it('stops a builtin loop on Ctrl-C (the shell catches SIGINT)', async () => {
    const m = machine()
    const done = m.exec('while true; do :; done; echo not reached')
    for (let i = 0; i < 5; i++) await tick()
    m.os.tty.type('\x03')
    const { out, result } = await done
    expect(result.status).toBe(130)
    expect(out).toBe('^C')
    expect(await m.run('echo $?')).toBe('130\n')
  })

  it('stops the whole loop when Ctrl-C kills the program it runs, as bash does', async () => {
    const m = machine({ programs: { spin } })
    const done = m.exec('while true; do spin; done; echo not reached')
    for (let i = 0; i < 5; i++) await tick()
    m.os.tty.type('\x03')
    const { out, result } = await done
    expect(out).toBe('^C\n')
    expect(result.status).toBe(130)
  })

  it('stops a builtin loop feeding a pipeline on Ctrl-C', async () => {
    const m = machine()
    const done = m.exec('while true; do :; done | cat')
    for (let i = 0; i < 5; i++) await tick()
    m.os.tty.type('\x03')
    const { result } = await done
    expect(result.status).toBe(130)
    expect(await m.run('echo ok')).toBe('ok\n')
  })

  it('Ctrl-C interrupts a builtin waiting for terminal input (read)', async () => {
    const m = machine()
    const done = m.exec('read x; echo not reached')
    for (let i = 0; i < 3; i++) await tick()
    m.os.tty.type('\x03')
    const { out, result } = await done
    expect(out).toBe('^C')
    expect(result.status).toBe(130)
  })

  it('abandons the line after an expansion error, with status 1', async () => {
    const m = machine()
    expect(await m.run('echo ${x:?oops}; echo after')).toBe('-bash: x: oops\n')
    expect(await m.run('echo $?')).toBe('1\n')
    expect(await m.run('echo $((1/0))')).toBe('-bash: 1/0: division by 0 (error token is "0")\n')
  })

  it('prints syntax errors with bash wording and status 2', async () => {
    const m = machine()
    expect(await m.run('echo a; ;')).toBe("-bash: syntax error near unexpected token `;'\n")
    expect(await m.run('echo $?')).toBe('2\n')
    expect(await m.run('echo ${1a}; echo $?')).toBe('-bash: ${1a}: bad substitution\n')
  })

  it('asks for more input when the line is incomplete', async () => {
    const m = machine()
    const r = await m.shell.runLine('echo "abc')
    expect(r.incomplete).toBe(true)
    const r2 = await m.exec('echo "abc\ndef"')
    expect(r2.out).toBe('abc\ndef\n')
  })

  it('refuses endless self-recursion like a failing fork instead of exhausting the host', async () => {
    const m = machine()
    m.os.writeFile('/root/again.sh', './again.sh\n', 0o755)
    const out = await m.run('./again.sh; echo $?')
    expect(out).toContain('fork: Resource temporarily unavailable\n')
    expect(out.endsWith('\n')).toBe(true)
    expect(await m.run('echo still here')).toBe('still here\n')
  })

  it('stops a runaway writer at the file system’s size limit', async () => {
    const m = machine({ programs: { yes } })
    expect(await m.run('yes > big; echo $?')).toBe('1\n')
    expect(m.os.lookup('/root/big')!.data.length).toBeLessThanOrEqual(64 << 20)
  })

  it('provides bash’s dynamic variables and $_ in a program’s environment', async () => {
    const m = machine({ uid: 1000, cwd: '/home/student' })
    expect(await m.run('echo $UID $EUID $SHLVL $HOSTNAME')).toBe('1000 1000 1 pinlab\n')
    expect(await m.run('env | grep ^_=')).toBe('_=/usr/bin/env\n')
    const s = machine({ shell: { interactive: false } })
    expect(await s.run('echo $LINENO\n\necho $LINENO')).toBe('1\n3\n')
    const r1 = await s.run('echo $RANDOM $RANDOM')
    expect(r1).toMatch(/^\d+ \d+\n$/)
  })

  it('never lets a malformed line escape as an exception', async () => {
    const m = machine()
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('echo', 'true', '$(', ')', '`', '"', "'", '${x', '}', '|', '&&', '||', ';', '&', 'if', 'then', 'fi', ' ', 'x=1', '\\', '>', '<', '2>&1', '$((', '))', '1/0', '*', '~', 'for', 'do', 'done', 'in'), { maxLength: 14 }),
        async (parts) => {
          const r = await m.shell.runLine(parts.join(' '))
          expect(typeof r.status).toBe('number')
        }
      ),
      { numRuns: 300 }
    )
  })
})
