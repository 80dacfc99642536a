/* A pipe between parent and child: data in order, end of file once every writer is closed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0) { perror("pipe"); return 1; }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const char *msgs[] = { "one ", "two ", "three" };
    for (int i = 0; i < 3; i++) write(fds[1], msgs[i], strlen(msgs[i]));
    close(fds[1]);
    return 0;
  }
  close(fds[1]);
  char buf[64];
  size_t total = 0;
  ssize_t n;
  while ((n = read(fds[0], buf + total, sizeof buf - 1 - total)) > 0) total += (size_t)n;
  buf[total] = 0;
  printf("read %zu bytes: %s\n", total, buf);
  printf("read at end of file: %zd\n", read(fds[0], buf, 1));
  wait(NULL);
  return 0;
}
