/* glibc's rand/random (TYPE_3 additive feedback), srand/srandom reseeding, rand_r. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  printf("unseeded:");
  for (int i = 0; i < 5; i++) printf(" %d", rand());
  printf("\n");
  unsigned seeds[] = {1, 42, 0, 2147483647u, 2147483648u, 4294967295u, 123456789};
  for (int k = 0; k < 7; k++) {
    srand(seeds[k]);
    printf("seed %u:", seeds[k]);
    for (int i = 0; i < 8; i++) printf(" %d", rand());
    printf("\n");
  }
  srandom(7);
  long acc = 0;
  for (int i = 0; i < 100000; i++) acc ^= random() * (i + 1);
  printf("100000 randoms: %ld last %ld\n", acc, random());
  srand(1);
  int a = rand();
  srandom(1);
  printf("srand(1) == srandom(1): %d\n", a == (int)random());
  unsigned s = 1;
  printf("rand_r:");
  for (int i = 0; i < 6; i++) printf(" %d", rand_r(&s));
  printf(" seed now %u\n", s);
  s = 0xdeadbeef;
  int r = rand_r(&s);
  printf("rand_r big: %d %u\n", r, s);
  return 0;
}
