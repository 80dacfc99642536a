/* Copy-on-write: after fork each process sees only its own writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int global = 10;

int main(void) {
  char *heap = malloc(64);
  strcpy(heap, "before fork");
  int local = 20;
  int fds[2];
  pipe(fds);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    read(fds[0], &c, 1); /* wait until the parent has written */
    printf("child:  global=%d local=%d heap=%s\n", global, local, heap);
    global = 11; local = 21; strcpy(heap, "child wrote");
    printf("child:  global=%d local=%d heap=%s\n", global, local, heap);
    return 0;
  }
  global = 12; local = 22; strcpy(heap, "parent wrote");
  fflush(stdout);
  write(fds[1], "x", 1);
  wait(NULL);
  printf("parent: global=%d local=%d heap=%s\n", global, local, heap);
  return 0;
}
