/* Correct rounding of strtod over 3000 pseudo-random decimal and hexadecimal strings
   (a fixed LCG, so the same strings in every run and in every C implementation). */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

static unsigned long long st = 88172645463325252ULL;
static unsigned next(void) {
  st = st * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(st >> 33);
}

int main(void) {
  char buf[128];
  unsigned long long h = 1469598103934665603ULL;
  int erange = 0;
  for (int i = 0; i < 3000; i++) {
    int n = 0;
    int hex = next() % 4 == 0;
    if (hex) { buf[n++] = '0'; buf[n++] = 'x'; }
    int nd = 1 + next() % (hex ? 18 : 25);
    int dot = next() % (nd + 1);
    for (int k = 0; k < nd; k++) {
      if (k == dot) buf[n++] = '.';
      buf[n++] = hex ? "0123456789abcdef"[next() % 16] : (char)('0' + next() % 10);
    }
    int ex = (int)(next() % 700) - 350;
    if (hex) ex = (int)(next() % 2300) - 1150;
    n += sprintf(buf + n, hex ? "p%d" : "e%d", ex);
    buf[n] = 0;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (errno == ERANGE) erange++;
    unsigned long long bits;
    unsigned char *b = (unsigned char *)&d;
    bits = 0;
    for (int k = 7; k >= 0; k--) bits = bits << 8 | b[k];
    h = (h ^ bits ^ (unsigned long long)(end - buf) << 56) * 1099511628211ULL;
    if (i % 100 == 0) printf("%s -> %a %d\n", buf, d, errno);
  }
  printf("hash %016llx erange %d\n", h, erange);
  return 0;
}
