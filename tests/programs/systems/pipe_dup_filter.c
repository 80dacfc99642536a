/* A shell pipeline by hand: the child's stdout becomes the pipe, the parent reads it back. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  int fds[2];
  pipe(fds);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    for (int i = 0; i < 3; i++) printf("message %d\n", i);
    return 0;
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  char line[64];
  int count = 0;
  while (fgets(line, sizeof line, in)) printf("parent got #%d: %s", ++count, line);
  int st;
  waitpid(pid, &st, 0);
  printf("child exited %d, %d lines\n", WEXITSTATUS(st), count);
  return 0;
}
