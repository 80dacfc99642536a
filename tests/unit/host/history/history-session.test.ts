import { afterEach, describe, expect, it } from 'vitest'
import { PinlabApiError } from '../../../../shared/api'
import { MAX_HISTORY_STEPS, SessionHistory } from '../../../../electron/host/history/session-history'
import { stepLabel } from '../../../../electron/host/history/step-label'
import { openSession, readFiles, type DrivenSession } from './drive-session'

let driven: DrivenSession | null = null
afterEach(() => {
  driven?.dispose()
  driven = null
})

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<PinlabApiError> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    if (error instanceof PinlabApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('Session history: undo, redo, goto, branch', () => {
  it('records one step per command with its output, exit status and kernel; blank lines are no steps', async () => {
    driven = await openSession()
    await driven.quiet()
    const step = await driven.run('echo one; false')
    driven.session.input('\r')
    await driven.quiet()
    expect(driven.session.historyState().busy).toBe(false)
    await driven.run('echo two')
    const { history } = driven.session
    expect(history.steps.map((s) => s.command)).toEqual(['echo one; false', 'echo two'])
    expect(step).toMatchObject({ kind: 'command', exitStatus: 1, kernel: '6.18', fence: false })
    expect(step.output).toBe('echo one; false\r\none\r\nroot@pinlab:~# ')
    // The blank line's echo and prompt belong to the next step, so the transcript is exact.
    expect(history.transcript()).toBe(driven.screen())
  })

  it('records a command continued over lines (an open quote) as one step and replays it', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    session.input('echo "first\r')
    await session.idle()
    expect(session.historyState().busy).toBe(true)
    const ended = new Promise((resolve) => session.onStep(resolve))
    session.input('second" > note\r')
    await ended
    await driven.run('echo after')
    expect(session.history.steps[0]!.command).toBe('echo "first\nsecond" > note')
    expect(stepLabel(session.history.steps[0]!)).toBe('echo "first …')
    await session.undo()
    await session.undo()
    expect(readFiles(session, ['/root/note'])['/root/note']).toBeNull()
    await session.redo()
    expect(readFiles(session, ['/root/note'])['/root/note']).toBe('first\nsecond\n')
  })

  it('undo, redo and goto restore files and the terminal; typing in the past is a conflict until branch', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    await driven.run('echo a > f')
    await driven.run('echo b >> f')
    await driven.run('cat f')
    const resets: string[] = []
    session.onReset((data) => resets.push(data))

    await session.undo()
    expect(session.history.position).toBe(2)
    expect(readFiles(session, ['/root/f'])['/root/f']).toBe('a\nb\n')
    await session.goto(1)
    expect(readFiles(session, ['/root/f'])['/root/f']).toBe('a\n')
    expect(resets.at(-1)).toBe(session.history.transcript(1))
    expect(resets.at(-1)).not.toContain('echo b')
    expect(session.historyState()).toMatchObject({ position: 1, canUndo: true, canRedo: true, busy: false })

    const typed = await refusal(() => session.input('ls\r'))
    expect(typed.code).toBe('conflict')
    expect(typed.message).toContain('discards 2 later steps')

    // Redo continues on the live machine (the checkpoint at the current position); undo boots fresh.
    const atOne = session.machine
    await session.redo()
    expect(session.machine).toBe(atOne)
    expect(readFiles(session, ['/root/f'])['/root/f']).toBe('a\nb\n')
    await session.goto(1)
    expect(session.machine).not.toBe(atOne)
    session.branch()
    expect(session.history.steps.length).toBe(1)
    expect(session.historyState().canRedo).toBe(false)
    await driven.run('echo c >> f')
    expect(readFiles(session, ['/root/f'])['/root/f']).toBe('a\nc\n')
    expect(session.history.steps.map((s) => s.command)).toEqual(['echo a > f', 'echo c >> f'])
  })

  it('replays keystrokes a running program read, at the clock they arrived', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    const ended = new Promise((resolve) => session.onStep(resolve))
    session.input('read line; echo "got $line" > got\r')
    await new Promise((resolve) => setTimeout(resolve, 30))
    session.input('hello\r')
    await ended
    await driven.quiet()
    expect(session.history.steps[0]!.inputs.map((i) => i.data)).toEqual(['hello\r'])
    await driven.run('echo next')
    await session.goto(1)
    expect(readFiles(session, ['/root/got'])['/root/got']).toBe('got hello\n')
  })

  it('replays Ctrl-C at the virtual clock it arrived: the killed program leaves the same count', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    await session.writeFile(
      'spin.c',
      String.raw`#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("count", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char buf[32];
  for (long n = 0;; n++) {
    int len = snprintf(buf, sizeof buf, "%ld\n", n);
    pwrite(fd, buf, len, 0);
  }
}
`
    )
    await driven.run('cc spin.c -o spin')
    const ended = new Promise((resolve) => session.onStep(resolve))
    session.input('./spin\r')
    const machine = session.machine!
    for (let i = 0; i < 500 && machine.now < 3_000_000; i++) await new Promise((resolve) => setTimeout(resolve, 2))
    session.input('\x03')
    await ended
    await driven.quiet()
    const count = readFiles(session, ['/root/count'])['/root/count']
    expect(Number.parseInt(count ?? '', 10)).toBeGreaterThan(10)
    expect(session.history.steps[2]!.inputs).toEqual([{ clock: expect.any(Number), data: '\x03' }])
    await driven.run('echo after')
    await session.goto(3)
    expect(readFiles(session, ['/root/count'])['/root/count']).toBe(count)
  })

  it('never undoes past a fence step (lab setup), and lastCommand reports the last command step', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    await driven.run('echo free')
    const hidden = await session.runHidden('echo setup > s; echo visible-only-here', { fence: true })
    expect(hidden).toEqual({ output: 'visible-only-here\r\n', exitStatus: 0 })
    expect(driven.screen()).not.toContain('visible-only-here')
    await driven.run('echo mine')
    expect(session.history.floor).toBe(2)
    await session.undo()
    expect(session.history.position).toBe(2)
    expect(session.historyState().canUndo).toBe(false)
    expect((await refusal(session.undo())).code).toBe('forbidden')
    expect((await refusal(session.goto(0))).code).toBe('forbidden')
    expect(readFiles(session, ['/root/s'])['/root/s']).toBe('setup\n')
    expect(session.lastCommand()).toMatchObject({ command: 'echo free', exitStatus: 0 })
    expect(session.lastCommand()!.output).toContain('free')
  })

  it('saves files as the session user through the VFS: write-file steps replay, errors record nothing', async () => {
    driven = await openSession({ user: 'student' })
    await driven.quiet()
    const { session } = driven
    expect(await session.writeFile('prog.c', 'int main(void) { return 0; }\n')).toEqual({ path: '/home/student/prog.c' })
    expect(session.readFile('/home/student/prog.c').content).toBe('int main(void) { return 0; }\n')
    const denied = await refusal(session.writeFile('/etc/passwd', 'x'))
    expect(denied.message).toBe('Cannot save /etc/passwd: Permission denied (EACCES).')
    // Missing folders are made as the user (mkdir -p): not where the user may not write.
    const missing = await refusal(session.writeFile('/no/such/dir/f', 'x'))
    expect(missing.message).toBe('Cannot create the folder /no: Permission denied (EACCES).')
    const under = await refusal(session.writeFile('/home/student/prog.c/inner.c', 'x'))
    expect(under.message).toBe('Cannot save /home/student/prog.c/inner.c: Not a directory (ENOTDIR).')
    expect(await refusal(() => session.readFile('/root/.profile'))).toMatchObject({ code: 'forbidden' })
    expect(session.history.steps.map((s) => [s.kind, s.command])).toEqual([['write-file', '/home/student/prog.c']])
    await driven.run('cc prog.c && ./a.out; echo status=$?')
    await session.goto(1)
    expect(readFiles(session, ['/home/student/prog.c', '/home/student/a.out'])).toEqual({
      '/home/student/prog.c': 'int main(void) { return 0; }\n',
      '/home/student/a.out': null
    })
    expect(stepLabel(session.history.steps[0]!)).toBe('saved /home/student/prog.c')
  })

  it('refuses undo while a command runs, and reboot(kernel) starts an empty history', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    await driven.run('echo before')
    session.input('sleep 1\r')
    expect(session.historyState().busy).toBe(true)
    expect((await refusal(session.undo())).code).toBe('conflict')
    await session.idle()
    const resets: string[] = []
    session.onReset((data) => resets.push(data))
    await session.reboot('5.4')
    expect(session.info.kernel).toBe('5.4')
    expect(session.history.steps).toEqual([])
    expect(session.history.kernel).toBe('5.4')
    expect(resets).toEqual([session.history.banner])
    expect(session.history.banner).toContain('Linux 5.4')
  })
})

describe('SessionHistory bounds', () => {
  it('tells the learner once in the terminal that undo is off when the session passes its bound', async () => {
    driven = await openSession({ historyLimits: { maxSteps: 2, maxOutput: 1024 * 1024, maxStepInputs: 100 } })
    await driven.quiet()
    const { session } = driven
    await driven.run('echo 1 > one')
    await driven.run('echo 2')
    session.input('echo 3 > three\r')
    await driven.quiet()
    session.input('echo 4\r')
    await driven.quiet()
    expect(driven.screen().match(/Undo is off from here: the history holds its maximum of 2 steps\./g)?.length).toBe(1)
    expect(session.history.steps.length).toBe(2)
    expect(session.historyState()).toMatchObject({ full: true, canUndo: false })
    const refused = await refusal(session.undo())
    expect(refused).toMatchObject({ code: 'conflict', message: 'Undo is off for this session: the history holds its maximum of 2 steps.' })
    expect(readFiles(session, ['/root/three'])['/root/three']).toBe('3\n')
  })

  it('runs type-ahead once: keystrokes typed during a command become the next step, replayed once', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    const both = new Promise<void>((resolve) => {
      let n = 0
      session.onStep(() => {
        if (++n === 2) resolve()
      })
    })
    session.input('sleep 1\r')
    await new Promise((resolve) => setTimeout(resolve, 20))
    session.input('echo typed >> t\r')
    await both
    await driven.quiet()
    expect(session.history.steps.map((s) => s.command)).toEqual(['sleep 1', 'echo typed >> t'])
    expect(session.history.steps[0]!.inputs.map((i) => i.data)).toEqual(['echo typed >> t\r'])
    expect(readFiles(session, ['/root/t'])['/root/t']).toBe('typed\n')
    await session.goto(0)
    await session.goto(2)
    expect(readFiles(session, ['/root/t'])['/root/t']).toBe('typed\n')
    await session.goto(1)
    expect(readFiles(session, ['/root/t'])['/root/t']).toBeNull()
  })

  it('stops recording at its step bound and turns undo off, saying why', () => {
    const history = new SessionHistory('6.18', 1, 'root')
    for (let i = 0; i < MAX_HISTORY_STEPS; i++) {
      expect(history.begin('command', `echo ${i}`, i, '6.18')).toBe(true)
      history.end(0)
    }
    expect(history.begin('command', 'echo one too many', 0, '6.18')).toBe(false)
    expect(history.fullReason).toContain('2,000 steps')
    expect(history.state('s1', false)).toMatchObject({ canUndo: false, canRedo: false, full: true })
    expect(history.steps.length).toBe(MAX_HISTORY_STEPS)
  })
})
