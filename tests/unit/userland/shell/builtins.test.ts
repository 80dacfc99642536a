import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { machine } from './harness'
import { killList } from '../../../../electron/userland/shell/builtins/kill'
import { RLIMIT_MEMLOCK } from '../../../../electron/userland/shell/os'

function bash(script: string): { stdout: string; stderr: string; status: number } {
  const r = spawnSync('/bin/bash', ['-c', script], { argv0: 'bash', env: { PATH: '/usr/bin:/bin', HOME: '/root', LC_ALL: 'C.UTF-8' } })
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status ?? -1 }
}

/** bash -c prefixes errors with `bash: line 1: `; an interactive login shell with `-bash: `. */
const asLogin = (stderr: string): string => stderr.replace(/^bash: line \d+: /gm, '-bash: ')

describe('builtins', () => {
  it('echo matches bash for its options and escapes', async () => {
    const m = machine()
    for (const line of [
      `echo -e 'a\\tb\\x41\\0101\\u00e9\\U0001F600\\E[0m'`,
      `echo -n x; echo -ne 'y\\n'`,
      `echo -- -n -e -E`,
      `echo -en '\\c' after; echo`,
      `echo -e 'stop\\cgone'; echo next`,
      `echo '-n' -x 'a\\nb'`
    ]) {
      expect(await m.run(line), line).toBe(bash(line).stdout)
    }
  })

  it('cd and pwd follow bash, including errors, - and OLDPWD', async () => {
    const m = machine()
    expect(await m.run('cd /tmp; pwd; cd -; pwd')).toBe('/tmp\n/root\n/root\n')
    expect(await m.run('cd; pwd')).toBe('/root\n')
    expect(await m.run('cd ..; pwd; cd root; echo $PWD $OLDPWD')).toBe('/\n/root /\n')
    const script = 'cd /nosuch; cd /etc/passwd; cd a b'
    m.os.writeFile('/etc/passwd', 'root:x:0:0::/root:/bin/bash\n')
    expect(await m.run(script)).toBe(asLogin(bash(script).stderr))
    expect(await m.run('cd /nosuch; echo $?')).toContain('\n1\n')
    await m.run('cd /tmp; (cd /)')
    expect(m.shell.ctx.cwd).toBe('/tmp')
  })

  it('export, unset and export -p as bash prints them', async () => {
    const m = machine({ env: [] })
    const script = `x='a"b$c'; export x; export -p | grep ' x='; export 1x; unset 1x; echo $?; unset -v 1x; echo $?`
    expect(await m.run(script)).toBe(mergeStreams(script))
  })

  it('exit leaves the shell with the given status; a login shell says logout, as bash', async () => {
    const m = machine()
    expect(await m.exec('exit 3')).toEqual({ out: 'logout\n', result: { status: 3, exit: 3 } })
    const m2 = machine()
    expect((await m2.exec('false; exit')).result.exit).toBe(1)
    const m3 = machine()
    expect(await m3.exec('exit abc')).toEqual({ out: 'logout\n-bash: exit: abc: numeric argument required\n', result: { status: 2, exit: 2 } })
    const m4 = machine()
    expect((await m4.exec('exit 257')).result.exit).toBe(1)
  })

  it('exit inside a subshell or pipeline ends only that, silently', async () => {
    const m = machine()
    expect(await m.run('(exit 4); echo $?; exit 5 | true; echo $?; x=$(exit 6); echo $?')).toBe('4\n0\n6\n')
  })

  it('su frames: su USER is not a login shell (exit), su - USER is (logout); logout refuses a non-login shell', async () => {
    const m = machine()
    await m.run('su student')
    expect(await m.run('logout')).toBe("-bash: logout: not login shell: use `exit'\n")
    // exit without a number keeps $?, here the failed logout's 1
    expect(await m.exec('exit')).toEqual({ out: 'exit\n', result: { status: 1 } })
    await m.run('su - student')
    expect(await m.exec('logout')).toEqual({ out: 'logout\n', result: { status: 0 } })
    expect(m.shell.uid).toBe(0)
  })

  it('type tells builtins, keywords and programs apart', async () => {
    const m = machine()
    expect(await m.run('type cd if cat nosuch; echo $?')).toBe('cd is a shell builtin\nif is a shell keyword\ncat is /usr/bin/cat\n-bash: type: nosuch: not found\n1\n')
  })

  it('history lists the lines typed, numbered like bash', async () => {
    const m = machine()
    await m.run('echo one')
    await m.run('echo two')
    expect(await m.run('history')).toBe('    1  echo one\n    2  echo two\n    3  history\n')
    expect(await m.run('history 1')).toBe('    4  history 1\n')
  })

  it('ulimit -l reads and sets RLIMIT_MEMLOCK in KiB', async () => {
    const m = machine()
    expect(await m.run('ulimit -l')).toBe('8192\n')
    expect(await m.run('ulimit -l 64; ulimit -l; ulimit -Hl')).toBe('64\n64\n')
    expect(m.shell.ctx.getrlimit(RLIMIT_MEMLOCK)).toEqual([65536, 65536])
    expect(await m.run('ulimit -l unlimited; echo $?')).toBe('0\n')
    expect(await m.run('ulimit -l')).toBe('unlimited\n')
    expect(await m.run('ulimit -l abc; echo $?')).toBe('-bash: ulimit: abc: invalid number\n1\n')
    expect(await m.run('ulimit -z; echo $?')).toBe('-bash: ulimit: -z: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n2\n')
  })

  it('ulimit refuses to raise a hard limit for a user, with bash’s message', async () => {
    const m = machine({ uid: 1000, cwd: '/home/student' })
    expect(await m.run('ulimit -l 64; ulimit -l 128; echo $?')).toBe('-bash: ulimit: max locked memory: cannot modify limit: Operation not permitted\n1\n')
    expect(await m.run('ulimit -S -l 128; echo $?')).toBe('-bash: ulimit: max locked memory: cannot modify limit: Invalid argument\n1\n')
  })

  it('ulimit -a has bash’s layout', async () => {
    const m = machine()
    const ours = (await m.run('ulimit -a')).split('\n')
    const real = bash('ulimit -a').stdout.split('\n')
    const label = (l: string): string => l.replace(/\S+$/, '')
    expect(ours.map(label)).toEqual(real.map(label))
  })

  it('su switches to student and back, with the prompt’s # and $', async () => {
    const m = machine()
    expect(m.shell.prompt()).toBe('root@pinlab:~# ')
    await m.run('cd /tmp')
    expect(await m.run('su student')).toBe('')
    expect(m.shell.uid).toBe(1000)
    expect(m.shell.prompt()).toBe('student@pinlab:/tmp$ ')
    expect(await m.run('echo $USER $HOME; ulimit -l 100000; echo $?')).toContain('student /home/student\n')
    expect(await m.exec('exit')).toEqual({ out: 'exit\n', result: { status: 0 } })
    expect(m.shell.uid).toBe(0)
    expect(m.shell.prompt()).toBe('root@pinlab:/tmp# ')
    expect(await m.run('su - student; pwd')).toBe('/home/student\n')
    expect(m.shell.prompt()).toBe('student@pinlab:~$ ')
    expect(await m.run('su nobody')).toBe('su: user nobody does not exist or the user entry does not contain all the required fields\n')
  })

  it('reboot --kernel asks the OS for another kernel; only root may', async () => {
    const m = machine()
    expect(await m.run('reboot --kernel 5.10; echo $?')).toBe('0\n')
    expect(m.os.rebootRequests).toEqual(['5.10'])
    expect(await m.run('reboot --kernel 9.9')).toBe('reboot: kernel 9.9: not a supported version\n')
    const s = machine({ uid: 1000 })
    expect(await s.run('reboot --kernel 6.1')).toBe('reboot: must be superuser.\n')
  })

  it('kill sends signals and lists them as bash', async () => {
    const m = machine()
    expect(killList()).toBe(bash('kill -l').stdout)
    expect(await m.run('kill -l 9; kill -l SEGV')).toBe('KILL\n11\n')
    const script = 'kill 999999; kill abc; kill -FOO 1'
    expect(await m.run(script)).toBe(asLogin(bash(script).stderr))
    expect(await m.run('kill; echo $?')).toBe('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n2\n')
  })

  it('test and [ evaluate files, strings and integers', async () => {
    const m = machine()
    m.os.writeFile('/root/f', 'x')
    expect(await m.run('[ -f f ] && [ -d /tmp ] && [ ! -e nosuch ] && [ -s f ] && [ -n x ] && [ -z "" ] && [ a = a ] && [ 2 -lt 10 ] && echo ok')).toBe('ok\n')
    const script = '[ 1 -eq a ]; echo $?; [ a b c d ]; echo $?; [ a'
    expect(await m.run(script)).toBe(mergeStreams(script))
  })

  it('read splits a line into variables', async () => {
    const m = machine()
    m.os.writeFile('/root/in', 'one two three\nsecond line\n')
    expect(await m.run('read a b < in; echo "[$a] [$b]"')).toBe('[one] [two three]\n')
    expect(await m.run('while read line; do echo "<$line>"; done < in')).toBe('<one two three>\n<second line>\n')
  })

  it('break and continue as bash, including nested loops and misuse', async () => {
    const m = machine()
    for (const script of [
      'for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done; echo end',
      'for i in a b; do for j in 1 2 3; do if [ $j = 2 ]; then continue 2; fi; echo $i$j; done; done',
      'i=0; while true; do i=$((i+1)); for j in x y; do [ $i = 3 ] && break 2; done; echo $i; done; echo out',
      'break; echo $?; continue 2; for i in 1; do break 0; done; for i in 1; do break x; done; echo $?'
    ]) {
      expect(await m.run(script), script).toBe(mergeStreams(script))
    }
  })

  it('source runs a file in the current shell', async () => {
    const m = machine()
    m.os.writeFile('/root/env.sh', 'GREETING=hello\ncd /tmp\necho "args: $1"\n')
    expect(await m.run('source ./env.sh one; echo $GREETING $PWD $1')).toBe('args: one\nhello /tmp\n')
    expect(await m.run('. /nosuch; echo $?')).toBe('-bash: /nosuch: No such file or directory\n1\n')
  })

  it('help and clear', async () => {
    const m = machine()
    expect(await m.run('help cd')).toBe('cd [dir] - change the working directory (- for the previous one)\n')
    expect(await m.run('help nosuch')).toBe(asLogin(bash('help nosuch').stderr))
    expect(await m.run('help')).toContain('ulimit [-SHa]')
    expect(await m.run('clear')).toBe('\x1b[H\x1b[2J\x1b[3J')
  })
})

/** bash's output of a script with stderr merged in order, as the terminal shows it. */
function mergeStreams(script: string): string {
  return asLogin(bash(`exec 2>&1; ${script}`).stdout)
}
