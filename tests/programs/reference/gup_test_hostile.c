/*
 * Hostile arguments to /sys/kernel/debug/gup_test (userspace-api §6.2; read in mm/gup_test.c).
 * This machine's kernel has no CONFIG_GUP_TEST, so the expectations come from the source:
 *  - an unknown command → EINVAL (gup_test_ioctl's default case); read() → EINVAL (no read op);
 *  - a struct pointer that is NULL or in a hole → EFAULT (copy_from_user); a struct in a
 *    read-only page → EFAULT after the work is done (copy_to_user of the result);
 *  - addr + size overflowing 2^64 → EINVAL (check_add_overflow);
 *  - size / 4096 pages whose pointer array exceeds INT_MAX bytes (size 2^41) → ENOMEM (kvcalloc
 *    refuses, with a WARN);
 *  - size 0, nr_pages_per_call 0, an unmapped range → 0 with size = 0 processed; an unaligned
 *    addr → the page containing it (size 4096); a huge range starting at one mapped page → that
 *    page only (size 4096);
 *  - PIN_LONGTERM_TEST_* (6.1+, "mm/gup_test: start/stop/read functionality for PIN LONGTERM
 *    test"): unknown flags, unaligned addr or size, size 0, size > LONG_MAX → EINVAL; READ
 *    without a session → EINVAL; a 2^41-byte range → ENOMEM; an unmapped range → EFAULT; STOP → 0.
 * The file exists from 5.11 ("mm/gup_benchmark: rename to mm/gup_test"): at 5.10 open fails
 * (gup_test_hostile.5.10.expected); 6.1 and 6.18 print the same.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <gup_test.h>

static const char *ename(int e) {
  switch (e) {
  case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT";
  case ENOMEM: return "ENOMEM";
  case ENOENT: return "ENOENT";
  case ENOTTY: return "ENOTTY";
  default: return "other";
  }
}

static int fd;

static void show(const char *what, long r) {
  if (r < 0) printf("%-40s %ld %s\n", what, r, ename(errno));
  else printf("%-40s %ld\n", what, r);
}

static void gup(const char *what, unsigned long cmd, unsigned long long addr, unsigned long long size, unsigned int per_call) {
  struct gup_test g;
  memset(&g, 0, sizeof g);
  g.addr = addr;
  g.size = size;
  g.nr_pages_per_call = per_call;
  errno = 0;
  int r = ioctl(fd, cmd, &g);
  if (r < 0) printf("%-40s %d %s\n", what, r, ename(errno));
  else printf("%-40s %d size=%llu\n", what, r, (unsigned long long)g.size);
}

static void longterm(const char *what, unsigned long long addr, unsigned long long size, unsigned int flags) {
  struct pin_longterm_test t = { .addr = addr, .size = size, .flags = flags };
  errno = 0;
  int r = ioctl(fd, PIN_LONGTERM_TEST_START, &t);
  if (r < 0) printf("%-40s %d %s\n", what, r, ename(errno));
  else {
    printf("%-40s %d\n", what, r);
    ioctl(fd, PIN_LONGTERM_TEST_STOP);
  }
}

int main(void) {
  fd = open("/sys/kernel/debug/gup_test", O_RDWR);
  if (fd < 0) {
    printf("open gup_test: %s\n", ename(errno));
    return 0;
  }
  char *ro = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  /* a page and a hole, with PROT_NONE above it so no later mapping fills the hole */
  char *page = mmap(0, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(page, 4096, PROT_READ | PROT_WRITE);
  munmap(page + 4096, 4096);
  char *hole = page + 4096;
  page[0] = 1;
  unsigned long long p = (uintptr_t)page;

  struct gup_test g;
  memset(&g, 0, sizeof g);
  errno = 0; show("unknown command", ioctl(fd, _IOWR('g', 42, struct gup_test), &g));
  char c;
  errno = 0; show("read()", read(fd, &c, 1));
  errno = 0; show("GUP_BASIC_TEST NULL struct", ioctl(fd, GUP_BASIC_TEST, (void *)0));
  errno = 0; show("GUP_BASIC_TEST struct in a hole", ioctl(fd, GUP_BASIC_TEST, hole));

  struct gup_test *rg = (struct gup_test *)ro;
  rg->addr = p;
  rg->size = 4096;
  rg->nr_pages_per_call = 1;
  mprotect(ro, 4096, PROT_READ);
  errno = 0; show("PIN_BASIC_TEST struct read-only", ioctl(fd, PIN_BASIC_TEST, ro));

  gup("GUP_BASIC_TEST addr+size overflows", GUP_BASIC_TEST, 0xfffffffffffff000ULL, 8192, 1);
  gup("GUP_BASIC_TEST size 2^41", GUP_BASIC_TEST, p, 1ULL << 41, 1);
  gup("PIN_FAST_BENCHMARK size 2^41", PIN_FAST_BENCHMARK, p, 1ULL << 41, 1);
  gup("GUP_BASIC_TEST size 0", GUP_BASIC_TEST, p, 0, 1);
  gup("GUP_BASIC_TEST nr_pages_per_call 0", GUP_BASIC_TEST, p, 4096, 0);
  gup("GUP_BASIC_TEST unmapped", GUP_BASIC_TEST, p + 4096, 4096, 1);
  gup("PIN_BASIC_TEST unaligned addr", PIN_BASIC_TEST, p + 100, 4096, 1);
  gup("GUP_FAST_BENCHMARK size 2^39 from a page", GUP_FAST_BENCHMARK, p, 1ULL << 39, 1);
  gup("PIN_LONGTERM_BENCHMARK per_call 2^32-1", PIN_LONGTERM_BENCHMARK, p, 4096, 0xffffffffu);

  longterm("LONGTERM_START unknown flags", p, 4096, 4);
  longterm("LONGTERM_START unaligned addr", p + 1, 4096, 0);
  longterm("LONGTERM_START unaligned size", p, 100, 0);
  longterm("LONGTERM_START size 0", p, 0, 0);
  longterm("LONGTERM_START size > LONG_MAX", p, 1ULL << 63, 0);
  longterm("LONGTERM_START size 2^41", p, 1ULL << 41, 0);
  longterm("LONGTERM_START unmapped", p + 4096, 4096, 0);
  longterm("LONGTERM_START one page", p, 4096, 1);
  unsigned long long dst = (uintptr_t)hole;
  errno = 0; show("LONGTERM_READ without a session", ioctl(fd, PIN_LONGTERM_TEST_READ, &dst));
  errno = 0; show("LONGTERM_STOP", ioctl(fd, PIN_LONGTERM_TEST_STOP));
  close(fd);
  return 0;
}
