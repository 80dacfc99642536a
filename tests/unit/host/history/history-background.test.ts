import { afterEach, describe, expect, it } from 'vitest'
import { buildMemoryView } from '../../../../electron/host/memory-view'
import { openSession, type DrivenSession } from './drive-session'

/** Works in the background for a while, then leaves a file and waits (pause) forever. */
const BACKGROUND = String.raw`#include <fcntl.h>
#include <unistd.h>
int main(void) {
  volatile long x = 0;
  for (long i = 0; i < 400000; i++) x++;
  int fd = open("bg-done", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  write(fd, "done\n", 5);
  close(fd);
  for (;;) pause();
}
`

let driven: DrivenSession | null = null
afterEach(() => {
  driven?.dispose()
  driven = null
})

function mtimeOf(driven: DrivenSession, path: string): number | null {
  const machine = driven.session.machine!
  const inode = machine.vfs.lookup(path, machine.vfs.root, { uid: 0, gid: 0 })
  return typeof inode === 'number' ? null : inode.mtime
}

describe('replay with a program running in the background', () => {
  it('feeds the next command at the clock it was typed, even while a background job still computes', async () => {
    driven = await openSession()
    await driven.quiet()
    const { session } = driven
    await session.writeFile('bg.c', BACKGROUND)
    await driven.run('cc bg.c -o bg')
    // Start the job and type the next command as soon as the prompt is back, while it runs.
    const started = new Promise((resolve) => session.onStep(resolve))
    session.input('./bg &\r')
    await started
    const typed = new Promise((resolve) => session.onStep(resolve))
    session.input('echo x > g\r')
    await typed
    await driven.quiet()
    const steps = session.history.steps
    expect(steps.map((s) => s.command)).toEqual(['/root/bg.c', 'cc bg.c -o bg', './bg &', 'echo x > g'])
    const recorded = { g: mtimeOf(driven, '/root/g'), done: mtimeOf(driven, '/root/bg-done'), view: buildMemoryView(session.machine!) }
    // The job was still computing when the command was typed.
    expect(recorded.g).not.toBeNull()
    expect(recorded.done).not.toBeNull()
    expect(recorded.g!).toBeLessThan(recorded.done!)

    await session.goto(2)
    await session.goto(4)
    await driven.quiet()
    expect({ g: mtimeOf(driven, '/root/g'), done: mtimeOf(driven, '/root/bg-done'), view: buildMemoryView(session.machine!) }).toEqual(recorded)
    await session.goto(1)
    await session.goto(4)
    await driven.quiet()
    expect({ g: mtimeOf(driven, '/root/g'), done: mtimeOf(driven, '/root/bg-done'), view: buildMemoryView(session.machine!) }).toEqual(recorded)
  }, 60_000)
})
