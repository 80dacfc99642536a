/* strlen(NULL) dies with SIGSEGV, as with glibc; the output before it is lost with stdout's
   buffer when it is not flushed, so flush first. */
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *volatile p = NULL;
  printf("before\n");
  fflush(stdout);
  printf("%zu\n", strlen(p));
  printf("not reached\n");
  return 0;
}
