/* strverscmp over every pair of a list of version-like strings, and a qsort with it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v[] = {"", "a", "0", "00", "000", "01", "010", "09", "0a", "1", "1.0", "1.01", "1.001", "1.1", "1.10",
                          "1.9", "1.010", "2", "9", "10", "99", "100", "a1", "a01", "a10", "a9", "item2", "item10", "item02",
                          "x0y", "x00y", "1a", "1b", "12a", "12", "0.5", "0.05", "0.50", "5.0.1", "5.0.10", "5.0.9"};
#define N (int)(sizeof v / sizeof v[0])

static int sgn(int x) { return x < 0 ? -1 : x > 0; }
static int cmp(const void *a, const void *b) { return strverscmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  for (int i = 0; i < N; i++) {
    printf("%-7s", v[i]);
    for (int j = 0; j < N; j++) printf("%c", "<=>"[sgn(strverscmp(v[i], v[j])) + 1]);
    printf("\n");
  }
  const char *w[N];
  memcpy(w, v, sizeof w);
  qsort(w, N, sizeof w[0], cmp);
  for (int i = 0; i < N; i++) printf("%s ", w[i]);
  printf("\n");
  char a[] = "abc";
  printf("same pointer %d, values %d %d %d\n", strverscmp(a, a), strverscmp("abc", "abd"), strverscmp("a2", "a10"), strverscmp("b", "a"));
  return 0;
}
