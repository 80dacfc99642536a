/* drand48 family: unseeded state, srand48 (with a seed wider than 32 bits), caller state arrays.
   (One call per statement: the order of evaluation of printf arguments is unspecified.) */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  double d0 = drand48();
  long l0 = lrand48();
  long m0 = mrand48();
  printf("unseeded: %.17g %ld %ld\n", d0, l0, m0);
  srand48(42);
  for (int i = 0; i < 5; i++) {
    double d = drand48();
    long l = lrand48();
    long m = mrand48();
    printf("%.17g %ld %ld\n", d, l, m);
  }
  srand48(0x123456789abcL);
  long w1 = lrand48();
  long w2 = mrand48();
  printf("wide seed: %ld %ld\n", w1, w2);
  unsigned short x[3] = {1, 2, 3};
  for (int i = 0; i < 3; i++) {
    double d = erand48(x);
    long n = nrand48(x);
    long j = jrand48(x);
    printf("x: %.17g %ld %ld -> %u %u %u\n", d, n, j, x[0], x[1], x[2]);
  }
  double s = 0;
  srand48(7);
  for (int i = 0; i < 10000; i++) s += drand48();
  printf("sum %.10f\n", s);
  return 0;
}
