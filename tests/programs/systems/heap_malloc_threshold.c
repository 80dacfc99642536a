/* glibc's malloc: small requests from the brk heap, 128 KiB and more from their own mmap. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  void *brk0 = sbrk(0);
  char *small = malloc(1000);
  char *big = malloc(256 * 1024);
  void *brk1 = sbrk(0);
  printf("small is inside the heap: %d\n", (char *)small >= (char *)brk0 - 200000 && (char *)small < (char *)brk1);
  printf("big is page+16 (its own mapping): %d\n", ((unsigned long)big & 4095) == 16);
  printf("16-byte aligned: %d %d\n", ((unsigned long)small & 15) == 0, ((unsigned long)big & 15) == 0);
  for (int i = 0; i < 256 * 1024; i++) big[i] = (char)i;
  long sum = 0;
  for (int i = 0; i < 256 * 1024; i += 4096) sum += big[i];
  printf("sum=%ld\n", sum);
  free(big);
  free(small);
  void *p;
  printf("posix_memalign=%d aligned=%d\n", posix_memalign(&p, 4096, 3 * 4096), ((unsigned long)p & 4095) == 0);
  free(p);
  printf("calloc zeroed: %d\n", ((int *)calloc(100, sizeof(int)))[99] == 0);
  return 0;
}
