/* memset/memcpy/memmove/memcmp/memchr/memrchr/mempcpy/memccpy/memmem, bzero, including
   overlapping moves and buffers larger than a page (chunked bulk copies). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static unsigned sum(const unsigned char *p, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static int sgn(int x) { return x < 0 ? -1 : x > 0; }

int main(void) {
  char buf[64];
  memset(buf, 'x', sizeof buf);
  memset(buf + 4, 0x141, 5); /* only the low byte: 'A' */
  buf[20] = 0;
  printf("memset: %s\n", buf);
  printf("memset returns dest: %d\n", memset(buf, 0, 0) == buf);

  char s[] = "0123456789abcdef";
  memmove(s + 2, s, 8);
  printf("memmove up: %s\n", s);
  strcpy(s, "0123456789abcdef");
  memmove(s, s + 3, 10);
  printf("memmove down: %s\n", s);
  strcpy(s, "0123456789abcdef");
  memcpy(s + 8, s, 4);
  printf("memcpy: %s\n", s);
  printf("mempcpy: %ld\n", (long)((char *)mempcpy(buf, "hello", 5) - buf));

  char m[] = "hello world";
  char *q = memccpy(buf, m, 'o', sizeof m);
  printf("memccpy: %ld %.5s\n", (long)(q - buf), buf);
  printf("memccpy miss: %d\n", memccpy(buf, m, 'z', 5) == NULL);

  /* large, overlapping, crossing pages */
  size_t n = 300000;
  unsigned char *big = malloc(n + 5000);
  for (size_t i = 0; i < n + 5000; i++) big[i] = (unsigned char)(i * 7 + (i >> 9));
  printf("big before: %08x\n", sum(big, n + 5000));
  memmove(big + 4097, big, n);
  printf("big moved up: %08x\n", sum(big, n + 5000));
  memmove(big + 3, big + 4000, n);
  printf("big moved down: %08x\n", sum(big, n + 5000));
  memset(big + 100, 0xAB, 200000);
  printf("big memset: %08x %u %u\n", sum(big, n + 5000), big[99], big[200099]);
  bzero(big, 1000);
  explicit_bzero(big + 1000, 10);
  printf("big bzero: %08x\n", sum(big, n + 5000));

  /* comparisons: sign only where C guarantees only the sign */
  unsigned char x[40], y[40];
  for (int i = 0; i < 40; i++) x[i] = y[i] = (unsigned char)(i * 3);
  printf("memcmp eq: %d\n", memcmp(x, y, 40));
  y[33] = 200;
  printf("memcmp: %d %d %d\n", sgn(memcmp(x, y, 40)), sgn(memcmp(y, x, 40)), memcmp(x, y, 33));
  x[0] = 0x80; y[0] = 0x01;
  printf("memcmp unsigned: %d\n", sgn(memcmp(x, y, 1)));

  char h[] = "abcabcXabc";
  printf("memchr: %ld\n", (long)((char *)memchr(h, 'c', 10) - h));
  printf("memchr miss: %d\n", memchr(h, 'X', 6) == NULL);
  printf("memchr nul: %ld\n", (long)((char *)memchr(h, 0, 11) - h));
  printf("memchr 0x100+'a': %ld\n", (long)((char *)memchr(h, 0x100 + 'a', 10) - h));
  printf("memrchr: %ld\n", (long)((char *)memrchr(h, 'a', 10) - h));
  printf("memrchr miss: %d\n", memrchr(h, 'a', 0) == NULL);
  printf("rawmemchr: %ld\n", (long)((char *)rawmemchr(h, 'X') - h));
  printf("memmem: %ld\n", (long)((char *)memmem(h, 10, "cX", 2) - h));
  printf("memmem empty: %d\n", memmem(h, 10, "", 0) == h);
  printf("memmem miss: %d\n", memmem(h, 3, "abcd", 4) == NULL);
  unsigned char *far = big + 250000;
  far[0] = 0xEE;
  printf("memchr far: %ld\n", (long)((unsigned char *)memchr(big + 200000, 0xEE, 100000) - big));
  printf("memrchr far: %ld\n", (long)((unsigned char *)memrchr(big, 0xEE, 300000) - big));
  bcopy("xyz", buf, 4);
  printf("bcopy: %s bcmp: %d %d\n", buf, bcmp("ab", "ab", 2), bcmp("ab", "ac", 2) != 0);
  return 0;
}
