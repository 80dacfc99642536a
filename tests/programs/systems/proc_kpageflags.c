/*
 * /proc/kpageflags and /proc/kpagecount (userspace-api §2.8), read as root with the PFN from
 * /proc/self/pagemap. KPF bits printed: 10 buddy, 11 mmap, 12 anon, 14 swapbacked, 24 zero_page,
 * 32 reserved, 34 mappedtodisk (= PG_anon_exclusive on anon pages, 5.19+).
 *  - a read-faulted anon page is the shared zero page: zero_page + reserved, kpagecount 0;
 *  - a written anon page: mmap anon swapbacked, exclusive, kpagecount 1;
 *  - while a forked child is alive: kpagecount 2, not exclusive;
 *  - PG_anon_exclusive exists from 5.19 (6c287605fd56): at 5.10 a written page is not marked
 *    (proc_kpageflags.5.10.expected), at 6.1 it is (proc_kpageflags.6.1.expected);
 *  - kpageflags/kpagecount need 8-byte aligned offsets and counts (EINVAL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
static int pm, kf, kc;

static uint64_t pfn_of(void *addr) {
  uint64_t e = 0;
  pread(pm, &e, 8, (off_t)((uintptr_t)addr / PAGE) * 8);
  return e & ((1ULL << 55) - 1);
}

static void show(const char *what, void *addr) {
  uint64_t pfn = pfn_of(addr), flags = 0, count = 0;
  pread(kf, &flags, 8, (off_t)pfn * 8);
  pread(kc, &count, 8, (off_t)pfn * 8);
  printf("%-22s buddy=%d mmap=%d anon=%d swapbacked=%d zero_page=%d reserved=%d anon_exclusive=%d kpagecount=%llu\n", what,
         (int)(flags >> 10) & 1, (int)(flags >> 11) & 1, (int)(flags >> 12) & 1, (int)(flags >> 14) & 1,
         (int)(flags >> 24) & 1, (int)(flags >> 32) & 1, (int)(flags >> 34) & 1, (unsigned long long)count);
}

int main(void) {
  pm = open("/proc/self/pagemap", O_RDONLY);
  kf = open("/proc/kpageflags", O_RDONLY);
  kc = open("/proc/kpagecount", O_RDONLY);
  if (pm < 0 || kf < 0 || kc < 0) { printf("open: %s\n", strerror(errno)); return 1; }
  char *p = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  volatile char c = p[0];
  (void)c;
  show("read fault (zero page)", p);
  p[PAGE] = 1;
  show("written", p + PAGE);
  int go[2];
  pipe(go);
  pid_t child = fork();
  if (child == 0) {
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  show("shared with a child", p + PAGE);
  write(go[1], "x", 1);
  waitpid(child, 0, 0);
  show("child gone", p + PAGE);
  uint64_t v;
  errno = 0;
  long r = pread(kf, &v, 8, 3);
  printf("kpageflags at offset 3: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = pread(kc, &v, 4, 0);
  printf("kpagecount 4 bytes: %ld %s\n", r, strerror(errno));
  return 0;
}
