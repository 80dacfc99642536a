/* strsignal, sigabbrev_np and sigdescr_np for -1..66 (real-time signals numbered from SIGRTMIN). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

int main(void) {
  for (int i = -1; i <= 66; i++) {
    const char *a = sigabbrev_np(i);
    const char *d = sigdescr_np(i);
    printf("%d|%s|%s|%s\n", i, strsignal(i), a ? a : "(null)", d ? d : "(null)");
  }
  char *a = strsignal(40);
  char *b = strsignal(99);
  printf("shared buffer: %s|%s|%d\n", a, b, a == b);
  char *c = strsignal(11);
  printf("known: %s|%s\n", b, c);
  return 0;
}
