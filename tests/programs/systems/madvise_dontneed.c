/* MADV_DONTNEED on private anonymous memory: the next read finds fresh zero pages. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  size_t len = 4 * 4096;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(p, 'A', len);
  printf("before: %c %c\n", p[0], p[len - 1]);
  printf("madvise=%d\n", madvise(p + 4096, 2 * 4096, MADV_DONTNEED));
  printf("after: %d %d %d %d\n", p[0], p[4096], p[2 * 4096], p[3 * 4096]);
  return 0;
}
