/* A program that defines its own allocator sees exactly the malloc calls glibc makes:
   strdup/strndup call malloc; strerror/strsignal of known numbers and dirname(".") do not. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <libgen.h>

static char pool[1 << 20] __attribute__((aligned(16)));
static size_t used;
static int calls;

void *malloc(size_t n) {
  calls++;
  void *p = pool + used;
  used += (n + 15) & ~(size_t)15;
  return p;
}
void free(void *p) { (void)p; }
void *calloc(size_t n, size_t m) {
  char *p = malloc(n * m);
  memset(p, 0, n * m);
  return p;
}
void *realloc(void *old, size_t n) {
  char *p = malloc(n);
  if (old) memcpy(p, old, n);
  return p;
}

int main(void) {
  int c0 = calls;
  const char *e = strerror(2);
  const char *s = strsignal(11);
  char dot[] = "file";
  const char *d = dirname(dot);
  int c1 = calls;
  char *x = strdup("abc");
  char *y = strndup("abcdef", 2);
  int c2 = calls;
  printf("%s|%s|%s|%s|%s\n", e, s, d, x, y);
  printf("libc-internal mallocs: %d, strdup+strndup: %d\n", c1 - c0, c2 - c1);
  printf("strdup result is in our pool: %d\n", x >= pool && x < pool + sizeof pool);
  return 0;
}
