/* abs/labs/llabs and div/ldiv/lldiv (struct returns): signs, truncation toward zero,
   INT_MIN wrap, results used directly, assigned, and passed as arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>

static void show(div_t a, ldiv_t b) { printf("show: %d %d %ld %ld\n", a.quot, a.rem, b.quot, b.rem); }

int main(void) {
  printf("abs: %d %d %d %d\n", abs(5), abs(-5), abs(0), abs(INT_MIN));
  printf("labs: %ld %ld %ld\n", labs(-5000000000L), labs(LONG_MIN), labs(LONG_MAX));
  printf("llabs: %lld %lld\n", llabs(-9000000000000000000LL), llabs(LLONG_MIN));
  int xs[] = {7, -7, 7, -7, 0, INT_MAX, INT_MIN, 1};
  int ys[] = {2, 2, -2, -2, 3, -1, 2, INT_MIN};
  for (int i = 0; i < 8; i++) {
    div_t d = div(xs[i], ys[i]);
    printf("div(%d, %d) = %d r %d\n", xs[i], ys[i], d.quot, d.rem);
  }
  ldiv_t l = ldiv(-9000000000000000007L, 10L);
  printf("ldiv: %ld %ld\n", l.quot, l.rem);
  lldiv_t ll = lldiv(LLONG_MIN, 3LL);
  printf("lldiv: %lld %lld\n", ll.quot, ll.rem);
  printf("direct: %d %d %ld\n", div(17, 5).quot, div(17, 5).rem, ldiv(-17, 5).rem);
  show(div(100, 7), ldiv(-100, 7));
  div_t arr[3];
  for (int i = 0; i < 3; i++) arr[i] = div(i * 10 + 3, 4);
  for (int i = 0; i < 3; i++) printf("arr[%d] = %d %d\n", i, arr[i].quot, arr[i].rem);
  return 0;
}
