/* exit() runs atexit handlers in reverse order and flushes stdio; _exit() does neither. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

static void first(void) { printf("first registered, runs last\n"); }
static void second(void) { printf("second registered, runs first\n"); }

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("child text that _exit loses");
    _exit(0);
  }
  wait(NULL);
  atexit(first);
  atexit(second);
  printf("main returns\n");
  return 0;
}
