/* qsort: stability and glibc's exact comparator call sequence (merge sort), small and large
   (indirect, > 32 bytes) elements, qsort_r's argument, and bsearch's probe sequence. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { int key; int id; };
static int calls;
static unsigned long trace;

static int by_key(const void *a, const void *b) {
  const struct item *x = a, *y = b;
  calls++;
  trace = trace * 1000003 + (unsigned long)(x->id * 131 + y->id);
  return (x->key > y->key) - (x->key < y->key);
}

struct big { int key; int id; char pad[40]; };
static int by_key_big(const void *a, const void *b) {
  const struct big *x = a, *y = b;
  calls++;
  trace = trace * 1000003 + (unsigned long)(x->id * 131 + y->id);
  return x->key - y->key;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

static int cmp_mod(const void *a, const void *b, void *arg) {
  int m = *(int *)arg;
  return *(const int *)a % m - *(const int *)b % m;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static unsigned st = 12345;
static int rnd(void) { st = st * 1103515245u + 12345u; return (int)((st >> 16) & 0x7fff); }

int main(void) {
  struct item v[20];
  for (int i = 0; i < 20; i++) { v[i].key = (i * 7) % 5; v[i].id = i; }
  calls = 0; trace = 0;
  qsort(v, 20, sizeof v[0], by_key);
  printf("small: calls=%d trace=%lx\n", calls, trace);
  for (int i = 0; i < 20; i++) printf("%d:%d ", v[i].key, v[i].id);
  printf("\n");

  static struct big b[300];
  for (int i = 0; i < 300; i++) { b[i].key = rnd() % 17; b[i].id = i; memset(b[i].pad, i, sizeof b[i].pad); }
  calls = 0; trace = 0;
  qsort(b, 300, sizeof b[0], by_key_big);
  printf("big: calls=%d trace=%lx\n", calls, trace);
  int ok = 1;
  for (int i = 1; i < 300; i++)
    if (b[i - 1].key > b[i].key || (b[i - 1].key == b[i].key && b[i - 1].id > b[i].id) || b[i].pad[39] != (char)b[i].id) ok = 0;
  printf("big sorted and stable: %d first=%d:%d last=%d:%d\n", ok, b[0].key, b[0].id, b[299].key, b[299].id);

  int n = 5000;
  int *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = rnd() - 16000;
  qsort(a, n, sizeof *a, cmp_int);
  long sum = 0;
  ok = 1;
  for (int i = 0; i < n; i++) { sum += (long)a[i] * (i % 13); if (i && a[i - 1] > a[i]) ok = 0; }
  printf("ints: %d %ld %d %d\n", ok, sum, a[0], a[n - 1]);

  int key = 1234;
  int *found = bsearch(&key, a, n, sizeof *a, cmp_int);
  printf("bsearch missing: %s\n", found ? "found" : "null");
  key = a[777];
  found = bsearch(&key, a, n, sizeof *a, cmp_int);
  printf("bsearch present: %d %d\n", found != NULL, found ? *found == key : -1);
  printf("bsearch empty: %d\n", bsearch(&key, a, 0, sizeof *a, cmp_int) == NULL);

  int m[] = {25, 13, 4, 17, 8, 30, 9};
  int mod = 5;
  qsort_r(m, 7, sizeof m[0], cmp_mod, &mod);
  for (int i = 0; i < 7; i++) printf("%d ", m[i]);
  printf("\n");

  char *words[] = {"pear", "apple", "fig", "banana", "apple", "cherry"};
  qsort(words, 6, sizeof words[0], cmp_str);
  for (int i = 0; i < 6; i++) printf("%s ", words[i]);
  printf("\n");
  qsort(NULL, 0, 4, cmp_int);
  qsort(m, 1, sizeof m[0], NULL);
  printf("trivial sorts ok\n");
  return 0;
}
