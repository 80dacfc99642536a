/*
 * /proc/self/mem (userspace-api §6.1): pread/pwrite at offset = address, through GUP with
 * FOLL_FORCE, which ignores the VMA's protections like a debugger does:
 *  - a PROT_READ private page can be written (COW into a private anon page) and the CPU then
 *    reads the new bytes; the same after the page was first read-faulted (zero page);
 *  - a PROT_NONE private page can be read and written (VM_MAYREAD / VM_MAYWRITE);
 *  - a PROT_READ MAP_SHARED|MAP_ANONYMOUS page cannot be written: a forced write into a shared
 *    mapping without VM_WRITE is refused since 3.15 (cda540ace6a1 "mm: get_user_pages(write,
 *    force) refuse to COW in shared areas") and the zero-byte transfer becomes EIO; 3.2 COWs an
 *    anon page into the shared area instead (proc_self_mem.3.2.expected) — the process then
 *    sees the bytes, the shared object does not; 4.4 refuses (proc_self_mem.4.4.expected);
 *  - an unmapped address is EIO; a transfer that runs off the end of a mapping is short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

#define PAGE 4096
static int fd;

static void wr(const char *what, void *addr, const char *text) {
  errno = 0;
  long r = pwrite(fd, text, strlen(text), (off_t)(uintptr_t)addr);
  printf("%-34s pwrite=%ld errno=%s\n", what, r, r < 0 ? strerror(errno) : "-");
}

int main(void) {
  fd = open("/proc/self/mem", O_RDWR);
  if (fd < 0) { printf("open: %s\n", strerror(errno)); return 1; }

  char *ro = mmap(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  wr("PROT_READ private, untouched", ro, "HACKED");
  printf("  the process reads: %.6s\n", ro);

  char *ro2 = mmap(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("  before: %d\n", ro2[100]);
  wr("PROT_READ private, read-faulted", ro2 + 100, "forced");
  printf("  the process reads: %.6s\n", ro2 + 100);

  char *none = mmap(0, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  wr("PROT_NONE private", none, "hidden");
  char back[8] = { 0 };
  long r = pread(fd, back, 6, (off_t)(uintptr_t)none);
  printf("  pread=%ld: %s\n", r, back);

  char *shared = mmap(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  wr("PROT_READ MAP_SHARED anon", shared, "shared");
  printf("  the process reads: %d\n", shared[0]);

  char *gone = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(gone, PAGE);
  wr("unmapped address", gone, "nowhere");
  errno = 0;
  r = pread(fd, back, 4, (off_t)(uintptr_t)gone);
  printf("%-34s pread=%ld errno=%s\n", "unmapped address", r, r < 0 ? strerror(errno) : "-");

  char *two = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(two + PAGE, PAGE);
  strcpy(two + PAGE - 4, "abc");
  char big[16] = { 0 };
  r = pread(fd, big, 12, (off_t)(uintptr_t)(two + PAGE - 4));
  printf("%-34s pread=%ld: %s\n", "read across the end of a mapping", r, big);

  /* lseek to an address, then read(): the offset is the address */
  static char msg[] = "through lseek";
  lseek(fd, (off_t)(uintptr_t)msg, SEEK_SET);
  memset(big, 0, sizeof big);
  r = read(fd, big, 7);
  printf("read after lseek: %ld %s, offset advanced by %ld\n", r, big, (long)(lseek(fd, 0, SEEK_CUR) - (off_t)(uintptr_t)msg));
  return 0;
}
