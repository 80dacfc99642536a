/* The errno values the mmap family gives for bad arguments. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

static void show(const char *what, long r) {
  if (r == -1 || r == (long)MAP_FAILED) printf("%-34s -1 %s\n", what, strerror(errno));
  else printf("%-34s ok\n", what);
}

int main(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  errno = 0;
  show("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  show("mmap neither shared nor private", (long)mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
  show("mmap fixed unaligned", (long)mmap((void *)0x10001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
  show("mmap file without descriptor", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0));
  show("munmap unaligned", munmap(p + 1, 4096));
  show("munmap length 0", munmap(p, 0));
  show("mprotect unaligned", mprotect(p + 1, 4096, PROT_READ));
  show("mprotect unmapped", mprotect((void *)0x1000, 4096, PROT_READ));
  show("madvise unknown advice", madvise(p, 4096, 12345));
  show("madvise unaligned", madvise(p + 1, 4096, MADV_DONTNEED));
  show("mprotect read-only", mprotect(p, 8192, PROT_READ));
  show("munmap", munmap(p, 8192));
  show("munmap again (nothing mapped)", munmap(p, 8192));
  return 0;
}
