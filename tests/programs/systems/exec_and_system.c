/* system() runs /bin/sh -c; execlp searches PATH; a failed exec returns -1 with errno and the caller goes on. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int st = system("echo from system; exit 3");
  printf("system returned %d exit=%d\n", st, WEXITSTATUS(st));
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) { execlp("echo", "echo", "exec'd", "echo", NULL); perror("execlp"); _exit(1); }
  waitpid(pid, &st, 0);
  pid = fork();
  if (pid == 0) { execl("/no/such", "x", NULL); perror("execl"); _exit(9); }
  waitpid(pid, &st, 0);
  printf("child status %d\n", WEXITSTATUS(st));
  return 0;
}
