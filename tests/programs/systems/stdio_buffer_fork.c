/* stdout to a pipe is fully buffered: text still in the buffer at fork() is printed twice. */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  printf("flushed line\n");
  fflush(stdout);
  printf("buffered line\n");
  pid_t pid = fork();
  if (pid == 0) return 0;
  wait(NULL);
  printf("done\n");
  return 0;
}
