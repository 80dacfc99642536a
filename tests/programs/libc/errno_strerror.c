/* strerror for every errno -3..140 (glibc 2.36 texts, "Unknown error N" otherwise), the
   errno names, and the same pointer for repeated calls on a known errno. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

int main(void) {
  for (int i = -3; i <= 140; i++) {
    const char *n = strerrorname_np(i);
    const char *d = strerrordesc_np(i);
    printf("%d|%s|%s|%s\n", i, strerror(i), n ? n : "(null)", d ? d : "(null)");
  }
  printf("same pointer: %d %d\n", strerror(5) == strerror(5), strerror(2) != strerror(3));
  char *a = strerror(1);
  char *b = strerror(2);
  printf("two at once: %s / %s\n", a, b);
  char *u1 = strerror(2147483647);
  printf("big: %s\n", u1);
  char *u2 = strerror(-2147483647 - 1);
  printf("min: %s\n", u2);
  char *u3 = strerror(1000);
  char *k = strerror(22);
  printf("known keeps it: %s|%s\n", u3, k);
  return 0;
}
