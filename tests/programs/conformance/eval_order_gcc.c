/* Function arguments are evaluated right to left, as gcc does on x86-64 (C leaves the order unspecified). */
#include <stdio.h>
static int f(int x) { printf("f%d ", x); return x; }
static int g(int a, int b, int c) { return a + b + c; }
struct S { long a, b, c; };
static long h(struct S s, int x) { return s.a + x; }
int main(void) {
  int r = g(f(1), f(2), f(3));
  printf("= %d\n", r);
  printf("%d %d %d\n", f(4), f(5), f(6));
  struct S s = {1, 2, 3};
  long q = h((f(7), s), f(8));
  printf("= %ld\n", q);
  int i = 0;
  printf("%d %d\n", i++, i++);
  return 0;
}
