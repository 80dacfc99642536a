import { describe, expect, it } from 'vitest'
import { runC } from './run-c'

describe('C programs on the machine', () => {
  it('prints through stdio and exits with main’s return value', async () => {
    const r = await runC(`#include <stdio.h>
int main(void) { printf("hello %d\\n", 42); return 3; }`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('hello 42\n')
    expect(r.status).toBe(3 << 8)
  })

  it('malloc, free and realloc hand out usable memory', async () => {
    const r = await runC(`#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(100), *b = malloc(200 * 1024);
  for (int i = 0; i < 100; i++) a[i] = (char)i;
  b[200 * 1024 - 1] = 7;
  a = realloc(a, 5000);
  printf("%d %d %d\\n", a[99], b[200 * 1024 - 1], ((unsigned long)b & 4095) == 16);
  free(a); free(b);
  return 0;
}`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('99 7 1\n')
  })

  it('fork gives the child a copy of memory; waitpid collects its status', async () => {
    const r = await runC(`#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int x = 1;
int main(void) {
  pid_t pid = fork();
  if (pid == 0) { x = 2; printf("child x=%d\\n", x); return 5; }
  int st;
  waitpid(pid, &st, 0);
  printf("parent x=%d child exit=%d\\n", x, WEXITSTATUS(st));
  return 0;
}`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('child x=2\nparent x=1 child exit=5\n')
    expect(r.status).toBe(0)
  })

  it('a NULL dereference kills the program with SIGSEGV', async () => {
    const r = await runC(`int main(void) { int *p = 0; return *p; }`)
    expect(r.status! & 0x7f).toBe(11)
  })

  it('writing to a string literal faults: .rodata is read-only', async () => {
    const r = await runC(`int main(void) { char *s = "hello"; s[0] = 'H'; return 0; }`)
    expect(r.status! & 0x7f).toBe(11)
  })

  it('reads a line from the terminal', async () => {
    const r = await runC(`#include <stdio.h>
int main(void) { char buf[64]; printf("name? "); if (fgets(buf, sizeof buf, stdin)) printf("hi %s", buf); return 0; }`, { input: 'ada\r' })
    expect(r.out).toBe('name? ada\nhi ada\n')
  })

  it('sleep advances virtual time without host waiting', async () => {
    const r = await runC(`#include <stdio.h>
#include <unistd.h>
#include <time.h>
int main(void) { struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a); sleep(5); clock_gettime(CLOCK_MONOTONIC, &b); printf("%ld\\n", (long)(b.tv_sec - a.tv_sec)); return 0; }`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('5\n')
  })

  it('an infinite loop stops on Ctrl-C within 100 ms of virtual time', async () => {
    let pressedAt = 0
    const r = await runC(`int main(void) { volatile unsigned long n = 0; for (;;) n++; }`, {
      onStart: (m) =>
        setTimeout(() => {
          pressedAt = m.now
          m.tty.input('\x03')
        }, 50)
    })
    expect(r.status! & 0x7f).toBe(2)
    expect(r.machine.now - pressedAt).toBeLessThan(100e6)
    expect(r.out).toContain('^C')
  })

  it('output still in the stdio buffer at fork is printed by both processes', async () => {
    const src = `#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) { printf("once "); fflush(stdout); printf("twice? "); if (fork() == 0) return 0; wait(0); printf("\\n"); return 0; }`
    const r = await runC(src)
    // On a terminal stdout is line-buffered: "twice? " is still buffered at fork and both copies flush it.
    expect(r.out).toBe('once twice? twice? \n')
  })
})
