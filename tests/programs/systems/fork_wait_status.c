/* fork and wait: exit statuses and deaths by signal as wait(2) reports them. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <signal.h>

int main(void) {
  int st;
  pid_t pid = fork();
  if (pid == 0) exit(3);
  if (waitpid(pid, &st, 0) != pid) return 1;
  printf("exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

  pid = fork();
  if (pid == 0) { abort(); }
  waitpid(pid, &st, 0);
  printf("signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

  pid = fork();
  if (pid == 0) { int *p = 0; *p = 1; return 0; }
  waitpid(pid, &st, 0);
  printf("signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

  pid = fork();
  if (pid == 0) { pause(); return 0; }
  kill(pid, SIGTERM);
  waitpid(pid, &st, 0);
  printf("signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

  printf("no more children: %d\n", waitpid(-1, &st, 0));
  return 0;
}
