/* strlen/strnlen/strcpy/stpcpy/strncpy/stpncpy/strcat/strncat/str(n)(case)cmp/strchr/
   strrchr/strchrnul/strstr/strcasestr/strspn/strcspn/strpbrk/index/rindex. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sgn(int x) { return x < 0 ? -1 : x > 0; }

int main(void) {
  char a[64], b[64];
  strcpy(a, "hello");
  printf("strlen: %zu %zu\n", strlen(a), strlen(""));
  printf("strnlen: %zu %zu %zu\n", strnlen(a, 3), strnlen(a, 100), strnlen(a, 0));
  printf("strcpy ret: %d\n", strcpy(b, a) == b);
  printf("stpcpy: %ld\n", (long)(stpcpy(b, "world!") - b));
  memset(b, 'Z', sizeof b);
  strncpy(b, "abc", 6);
  printf("strncpy pad: %d %d %d %d %c\n", b[3], b[4], b[5], b[6] == 'Z', b[0]);
  memset(b, 'Z', sizeof b);
  strncpy(b, "abcdef", 3);
  printf("strncpy trunc: %c%c%c %c\n", b[0], b[1], b[2], b[3]);
  memset(b, 'Z', sizeof b);
  printf("stpncpy: %ld %ld\n", (long)(stpncpy(b, "ab", 5) - b), (long)(stpncpy(b, "abcdefgh", 5) - b));
  strcpy(a, "foo");
  strcat(a, "bar");
  strcat(a, "");
  printf("strcat: %s\n", a);
  strncat(a, "bazqux", 3);
  printf("strncat: %s\n", a);
  strncat(a, "!", 10);
  strncat(a, "nothing", 0);
  printf("strncat2: %s %zu\n", a, strlen(a));

  /* comparisons over runtime strings (the library, not compile-time folding) */
  char s1[16], s2[16];
  strcpy(s1, "abc"); strcpy(s2, "abd");
  printf("strcmp: %d %d %d\n", strcmp(s1, s2), strcmp(s2, s1), strcmp(s1, s1));
  strcpy(s2, "ab");
  printf("strcmp prefix: %d %d\n", strcmp(s1, s2), strcmp(s2, s1));
  strcpy(s2, "a\xff");
  printf("strcmp unsigned: %d\n", strcmp(s1, s2));
  strcpy(s2, "abcz");
  printf("strncmp: %d %d %d\n", strncmp(s1, s2, 3), strncmp(s1, s2, 4), strncmp(s1, s2, 0));
  printf("strncmp huge n: %d\n", strncmp(s1, s1, (size_t)-1));
  strcpy(s1, "HeLLo"); strcpy(s2, "hello");
  printf("strcasecmp: %d %d\n", strcasecmp(s1, s2), strcasecmp(s1, "hellp"));
  printf("strncasecmp: %d %d\n", strncasecmp("ABCx", "abcy", 3), strncasecmp("ABCx", "abcy", 4));
  printf("strcasecmp [ vs {: %d\n", strcasecmp("[", "{"));
  printf("strcoll: %d\n", sgn(strcoll("apple", "banana")));

  char h[] = "the quick brown fox";
  printf("strchr: %ld %d %ld\n", (long)(strchr(h, 'q') - h), strchr(h, 'z') == NULL, (long)(strchr(h, 0) - h));
  printf("strchr 0x100+'t': %ld\n", (long)(strchr(h, 0x100 + 't') - h));
  printf("strrchr: %ld %d %ld\n", (long)(strrchr(h, 'o') - h), strrchr(h, 'z') == NULL, (long)(strrchr(h, 0) - h));
  printf("strchrnul: %ld %ld\n", (long)(strchrnul(h, 'k') - h), (long)(strchrnul(h, 'z') - h));
  printf("index/rindex: %ld %ld\n", (long)(index(h, 'o') - h), (long)(rindex(h, 'o') - h));
  printf("strstr: %ld %d %d\n", (long)(strstr(h, "brown") - h), strstr(h, "browne") == NULL, strstr(h, "") == h);
  char aab[] = "aaaab";
  printf("strstr aab: %ld\n", (long)(strstr(aab, "aab") - aab));
  printf("strcasestr: %ld %d\n", (long)(strcasestr(h, "QUICK") - h), strcasestr(h, "slow") == NULL);
  printf("strspn: %zu %zu %zu\n", strspn(h, "the "), strspn(h, ""), strspn("", "abc"));
  printf("strcspn: %zu %zu %zu\n", strcspn(h, "qz"), strcspn(h, ""), strcspn(h, "xyz"));
  printf("strpbrk: %ld %d\n", (long)(strpbrk(h, "kw") - h), strpbrk(h, "XYZ") == NULL);

  /* a long string crossing pages */
  size_t n = 20000;
  char *big = malloc(n + 1);
  memset(big, 'a', n);
  big[n] = 0;
  big[12345] = 'b';
  printf("big: %zu %ld %ld %ld\n", strlen(big), (long)(strchr(big, 'b') - big), (long)(strrchr(big, 'a') - big), (long)(strstr(big, "ab") - big));
  char *copy = malloc(n + 1);
  strcpy(copy, big);
  printf("big copy: %d %zu\n", strcmp(copy, big), strspn(copy, "a"));
  copy[19999] = 'c';
  printf("big cmp: %d\n", strcmp(copy, big));
  return 0;
}
