/* mprotect(PROT_READ): reads still work, a write is SIGSEGV; PROT_NONE forbids reads too. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int try_in_child(char *p, int write) {
  pid_t pid = fork();
  if (pid == 0) {
    if (write) p[0] = 1;
    else { volatile char c = p[0]; (void)c; }
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

int main(void) {
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 42;
  mprotect(p, 4096, PROT_READ);
  printf("read-only: read->%d write->%d value=%d\n", try_in_child(p, 0), try_in_child(p, 1), p[0]);
  mprotect(p, 4096, PROT_NONE);
  printf("none: read->%d write->%d\n", try_in_child(p, 0), try_in_child(p, 1));
  mprotect(p, 4096, PROT_READ | PROT_WRITE);
  p[0] = 43;
  printf("read-write again: %d\n", p[0]);
  return 0;
}
