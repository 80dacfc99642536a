/* getpid/getppid across fork, and the credentials of root. */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  pid_t parent = getpid();
  int fds[2];
  pipe(fds);
  pid_t pid = fork();
  if (pid == 0) {
    int ok = getppid() == parent && getpid() != parent;
    write(fds[1], &ok, sizeof ok);
    return 0;
  }
  int ok = 0;
  read(fds[0], &ok, sizeof ok);
  wait(NULL);
  printf("child saw parent as ppid: %d\n", ok);
  printf("fork returned child's pid > 0: %d\n", pid > 0);
  printf("uid=%d euid=%d\n", getuid(), geteuid());
  return 0;
}
