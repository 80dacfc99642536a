/* MADV_DONTFORK: the child has no mapping there (SIGSEGV); MADV_WIPEONFORK: the child sees zeroes.
 * MADV_WIPEONFORK/KEEPONFORK arrived in 4.14 ("mm: add MADV_WIPEONFORK", madvise(2)); before that
 * they are unknown advice (EINVAL) and the child inherits the data: see madvise_dontfork.4.4.expected. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(void) {
  char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(a, "dontfork data");
  strcpy(b, "wipeonfork data");
  printf("dontfork=%d wipeonfork=%d\n", madvise(a, 4096, MADV_DONTFORK), madvise(b, 4096, MADV_WIPEONFORK));
  pid_t pid = fork();
  if (pid == 0) {
    printf("child sees b: \"%s\"\n", b);
    fflush(stdout);
    volatile char c = a[0];
    (void)c;
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  printf("child touching a: signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  printf("parent still has: \"%s\" and \"%s\"\n", a, b);
  printf("dofork=%d keeponfork=%d\n", madvise(a, 4096, MADV_DOFORK), madvise(b, 4096, MADV_KEEPONFORK));
  pid = fork();
  if (pid == 0) { printf("child now sees: \"%s\" and \"%s\"\n", a, b); return 0; }
  wait(NULL);
  return 0;
}
