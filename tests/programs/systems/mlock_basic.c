/* mlock and munlock of anonymous memory, and the errno of misuse. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  char *p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mlock=%d\n", mlock(p, 8 * 4096));
  p[0] = 1;
  printf("munlock=%d\n", munlock(p, 8 * 4096));
  printf("mlock unmapped: %d %s\n", mlock((void *)0x1000, 4096), strerror(errno));
  printf("munmap=%d\n", munmap(p, 8 * 4096));
  return 0;
}
