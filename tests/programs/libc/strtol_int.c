/* strtol/strtoul/strtoll/strtoull/strtoimax/strtoumax/atoi/atol/atoll: bases, prefixes,
   signs, whitespace, endptr positions, overflow and errno, invalid bases. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <inttypes.h>

static const char *inputs[] = {
  "0", "42", "  \t\n\v\f\r-17xyz", "+5", "-0", "007", "0x1F", "0X1f", "0x", "0xg", "-0x", " +0x",
  "0x0", "08", "0b101", "z", "Zz", "", "   ", "-", "+", "+-1", "1e5", "12 34", "0777", "-0777",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
  "99999999999999999999999999999999999999999", "-99999999999999999999999999999999999999999x",
  "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "-1", "2147483647", "2147483648", "-2147483649",
  "4294967296", "0x7fffffffffffffff", "-0x8000000000000000", "1234567890123", "123abc",
  "\xa0" "5", "0x+1", "- 1", "00x1",
  0
};
static const int bases[] = {0, 10, 16, 8, 2, 36, 1, -1, 37, 7};

int main(void) {
  for (int i = 0; inputs[i]; i++) {
    for (int b = 0; b < 10; b++) {
      char *end = (char *)1;
      errno = 0;
      long v = strtol(inputs[i], &end, bases[b]);
      int e1 = errno;
      long off1 = end == (char *)1 ? -99 : (long)(end - inputs[i]);
      end = (char *)1;
      errno = 0;
      unsigned long u = strtoul(inputs[i], &end, bases[b]);
      int e2 = errno;
      long off2 = end == (char *)1 ? -99 : (long)(end - inputs[i]);
      printf("%d/%d: l=%ld e=%d end=%ld | ul=%lu e=%d end=%ld\n", i, bases[b], v, e1, off1, u, e2, off2);
    }
    errno = 0;
    long long ll = strtoll(inputs[i], NULL, 0);
    int e3 = errno;
    errno = 0;
    unsigned long long ull = strtoull(inputs[i], NULL, 0);
    int e4 = errno;
    errno = 0;
    intmax_t im = strtoimax(inputs[i], NULL, 10);
    uintmax_t um = strtoumax(inputs[i], NULL, 10);
    int e5 = errno;
    errno = 0;
    int ai = atoi(inputs[i]);
    int e6 = errno;
    printf("%d: ll=%lld/%d ull=%llu/%d im=%jd um=%ju/%d atoi=%d/%d atol=%ld atoll=%lld\n", i, ll, e3, ull, e4, im, um, e5, ai, e6,
           atol(inputs[i]), atoll(inputs[i]));
  }
  /* endptr may be NULL; the result is still computed */
  printf("null end: %ld\n", strtol("  99 bottles", NULL, 10));
  /* endptr is a char ** that may alias the input pointer */
  const char *p = "10 20 30";
  char *q;
  long s = 0;
  for (;;) {
    long v = strtol(p, &q, 10);
    if (q == p) break;
    s += v;
    p = q;
  }
  printf("sum: %ld rest=[%s]\n", s, p);
  return 0;
}
