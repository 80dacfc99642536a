import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { Shell } from '../../../../electron/userland/shell/shell'
import { InteractiveShell } from '../../../../electron/userland/shell/interactive'
import { installTools } from '../../../../electron/userland/tools/index'
import type { NativeProgram } from '../../../../electron/userland/shell/os'
import { tick } from './harness'

const spin: NativeProgram = async (ctx) => {
  while (!ctx.killed) await ctx.sched_yield()
  return 0
}

function session(uid = 0) {
  const os = new FakeOs({ yieldToHost: tick })
  installTools((p, prog) => os.installProgram(p, prog))
  os.installProgram('/usr/bin/spin', spin)
  const ctx = os.createProcess({ uid, cwd: uid === 0 ? '/root' : '/home/student' })
  const shell = new Shell(ctx)
  // Everything the terminal shows: the editor's echo and the programs' output through the tty.
  const term = {
    write(data: string) {
      os.tty.output += data
    }
  }
  const ish = new InteractiveShell(shell, term, { ttyInput: (d) => os.tty.type(d) })
  const exits: number[] = []
  ish.onExit((s) => exits.push(s))
  ish.start()
  const screen = (): string => os.tty.output
  const type = async (keys: string): Promise<void> => {
    ish.feed(keys)
    await ish.idle()
  }
  return { os, shell, ish, exits, screen, type }
}

describe('InteractiveShell', () => {
  it('shows the prompt, echoes, runs the line and prompts again', async () => {
    const s = session()
    await s.type('echo hi\r')
    expect(s.screen()).toBe('root@pinlab:~# echo hi\r\nhi\r\nroot@pinlab:~# ')
  })

  it('asks for a continuation line with PS2 when a quote is open', async () => {
    const s = session()
    await s.type('echo "a\r')
    expect(s.screen().endsWith('\r\n> ')).toBe(true)
    await s.type('b"\r')
    expect(s.screen()).toContain('a\r\nb\r\nroot@pinlab:~# ')
  })

  it('completes a unique command on Tab and lists the candidates on the second Tab', async () => {
    const s = session()
    await s.type('hexd\t')
    expect(s.screen().endsWith('# hexdump ')).toBe(true)
    await s.type('\x03')
    const before = s.screen().length
    await s.type('e\t')
    expect(s.screen().slice(before)).toBe('e\x07')
    await s.type('\t')
    const listing = s.screen().slice(before)
    expect(listing).toContain('echo')
    expect(listing).toContain('env')
    expect(listing).toContain('exit')
    expect(listing.endsWith('root@pinlab:~# e')).toBe(true)
  })

  it('Ctrl-C on the prompt abandons the line; Ctrl-C while a program runs stops it', async () => {
    const s = session()
    await s.type('abc\x03')
    expect(s.screen()).toBe('root@pinlab:~# abc^C\r\nroot@pinlab:~# ')
    s.ish.feed('spin\r')
    await tick()
    await tick()
    s.ish.feed('\x03')
    await s.ish.idle()
    await s.type('echo $?\r')
    expect(s.screen()).toContain('spin\r\n^C\r\nroot@pinlab:~# echo $?\r\n130\r\n')
  })

  it('Ctrl-D on an empty line logs out with the last status', async () => {
    const s = session()
    await s.type('false\r')
    await s.type('\x04')
    expect(s.screen().endsWith('logout\r\n')).toBe(true)
    expect(s.exits).toEqual([1])
  })

  it('su student then exit returns to root instead of ending the session', async () => {
    const s = session()
    await s.type('su student\r')
    // without `-`, su keeps the working directory, which is no longer under $HOME
    expect(s.screen().endsWith('student@pinlab:/root$ ')).toBe(true)
    await s.type('exit\r')
    expect(s.screen()).toBe('root@pinlab:~# su student\r\nstudent@pinlab:/root$ exit\r\nexit\r\nroot@pinlab:~# ')
    expect(s.exits).toEqual([])
    await s.type('exit 7\r')
    expect(s.exits).toEqual([7])
  })

  it('keeps type-ahead typed while a command runs for that command (the tty)', async () => {
    const s = session()
    s.ish.feed('cat\r')
    await tick()
    s.ish.feed('line\r')
    await tick()
    s.ish.feed('\x04')
    await s.ish.idle()
    expect(s.screen()).toContain('line\r\nline\r\n')
  })
})
