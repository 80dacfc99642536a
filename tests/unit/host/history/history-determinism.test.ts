import { afterEach, describe, expect, it } from 'vitest'
import { buildMemoryView } from '../../../../electron/host/memory-view'
import { openSession, readFiles, type DrivenSession } from './drive-session'

/** mmaps anonymous memory, forks, both sides write memory and a file; the child stays (pause). */
const FORKER = String.raw`#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void) {
  char *p = mmap(0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(p, 'a', 8 * 4096);
  int ready[2];
  pipe(ready);
  if (fork() == 0) {
    p[0] = 'c';
    int fd = open("child.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, p, 16);
    close(fd);
    write(ready[1], "r", 1);
    for (;;) pause();
  }
  char c;
  read(ready[0], &c, 1);
  p[4096] = 'p';
  int fd = open("parent.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  write(fd, p + 4096, 16);
  close(fd);
  printf("parent %c child %c\n", p[4096], p[0]);
  return 0;
}
`

const HELLO = String.raw`#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *p = malloc(100000);
  for (int i = 0; i < 100000; i += 4096) p[i] = 1;
  puts("hello after reboot");
  return 3;
}
`

const FILES = ['/root/forker.c', '/root/a.out', '/root/child.txt', '/root/parent.txt', '/root/f', '/root/hello.c']

let driven: DrivenSession | null = null
afterEach(() => {
  driven?.dispose()
  driven = null
})

describe('time travel restores the machine byte for byte', () => {
  it('goto every earlier position gives the memory view, the files and the transcript recorded there', async () => {
    driven = await openSession()
    const { session } = driven
    await driven.quiet()
    const machineAt = () => ({ view: buildMemoryView(session.machine!), files: readFiles(session, FILES), kernel: session.info.kernel })
    const recorded = [machineAt()]
    const transcripts = [driven.screen()]

    await session.writeFile('forker.c', FORKER)
    await driven.quiet()
    recorded.push(machineAt())
    transcripts.push(driven.screen())
    const steps: Array<{ line: string }> = [
      { line: 'cc forker.c' },
      { line: './a.out' },
      { line: 'echo x > f' },
      { line: 'sync' },
      { line: 'reboot --kernel 5.10' }
    ]
    for (const { line } of steps) {
      const step = await driven.run(line)
      expect(step.command).toBe(line)
      recorded.push(machineAt())
      transcripts.push(driven.screen())
    }
    expect(driven.screen()).toContain('parent p child a')
    await session.writeFile('/root/hello.c', HELLO)
    recorded.push(machineAt())
    transcripts.push(driven.screen())
    const last = await driven.run('cc hello.c && ./a.out')
    expect(last.exitStatus).toBe(3)
    expect(last.kernel).toBe('5.10')
    recorded.push(machineAt())
    transcripts.push(driven.screen())

    const total = session.history.steps.length
    expect(total).toBe(recorded.length - 1)
    expect(session.history.steps.map((s) => s.kind)).toEqual(['write-file', 'command', 'command', 'command', 'command', 'command', 'write-file', 'command'])
    for (let position = total - 1; position >= 0; position--) {
      await session.goto(position)
      await driven.quiet()
      const now = machineAt()
      expect(now.kernel, `kernel at ${position}`).toBe(recorded[position]!.kernel)
      expect(now.files, `files at ${position}`).toEqual(recorded[position]!.files)
      expect(now.view, `memory view at ${position}`).toEqual(recorded[position]!.view)
      expect(driven.screen(), `transcript at ${position}`).toBe(transcripts[position])
      expect(session.history.position).toBe(position)
    }
    // And forward again: redo to the end gives the last state.
    await session.goto(total)
    await driven.quiet()
    expect(machineAt().view).toEqual(recorded[total]!.view)
    expect(machineAt().files).toEqual(recorded[total]!.files)
  }, 120_000)
})
