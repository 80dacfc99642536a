/* strtok(NULL, …) before any string has been given dereferences glibc's NULL saved pointer:
   SIGSEGV. */
#include <stdio.h>
#include <string.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  char *p = strtok(NULL, ",");
  printf("%p\n", (void *)p);
  return 0;
}
