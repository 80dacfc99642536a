/* Heuristic overcommit (the default mode): a private writable mapping larger than RAM + swap is refused\n * with ENOMEM (so is malloc of 4 TiB); read-only and MAP_NORESERVE mappings are not charged. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/mman.h>
int main(void) {
  void *p = malloc((size_t)1 << 42); int e = errno;
  void *q = mmap(0, (size_t)1 << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  void *r = mmap(0, (size_t)1 << 40, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  void *s = mmap(0, (size_t)1 << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  printf("%d %d %d %d %d\n", p == NULL, e == ENOMEM, q == MAP_FAILED, r == MAP_FAILED, s == MAP_FAILED);
  return 0;
}
