import { describe, expect, it } from 'vitest'
import { runC } from './run-c'

describe('runaway programs are stopped by limits, not by the host', () => {
  it('a fork bomb runs into EAGAIN and the machine survives', async () => {
    const r = await runC(`#include <stdio.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int made = 0, failed = 0;
  for (int i = 0; i < 1000; i++) {
    pid_t p = fork();
    if (p == 0) { pause(); _exit(0); }
    if (p < 0) { failed = errno == EAGAIN; break; }
    made++;
  }
  printf("forked %d, then EAGAIN: %d\\n", made > 100, failed);
  return 0;
}`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('forked 1, then EAGAIN: 1\n')
  })

  it('asking for terabytes gives NULL and ENOMEM', async () => {
    const r = await runC(`#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/mman.h>
int main(void) {
  void *p = malloc((size_t)1 << 42);
  int e = errno;
  void *q = mmap(0, (size_t)1 << 50, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("%d %d %d\\n", p == NULL, e == ENOMEM, q == MAP_FAILED);
  return 0;
}`)
    expect(r.out).toBe('1 1 1\n')
  })

  it('runs the same program and seed to the same output and the same virtual time', async () => {
    const src = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  char *b = malloc(1 << 20);
  for (int i = 0; i < (1 << 20); i += 4096) b[i] = i;
  if (fork() == 0) { b[0] = 1; return 7; }
  int st; wait(&st);
  printf("%d %d\\n", b[4096 * 3], WEXITSTATUS(st));
  return 0;
}`
    const a = await runC(src, { seed: 5 })
    const b = await runC(src, { seed: 5 })
    expect(a.out).toBe(b.out)
    expect(a.machine.now).toBe(b.machine.now)
    expect(a.machine.kernel.vmstat).toEqual(b.machine.kernel.vmstat)
  })
})
