/*
 * /proc/self/pagemap (userspace-api §2.7): the flag bits of one page through its life, read as
 * root (the native harness runs as root, so the PFN is shown; only whether it is zero is
 * printed). Bits: 63 present, 62 swapped, 61 file/shared-anon, 56 exclusively mapped (4.2+),
 * 55 soft-dirty (CONFIG_MEM_SOFT_DIRTY is off on the reference machine).
 *  - untouched: 0;  read fault: the shared zero page, present, not exclusive;
 *  - write fault: present + exclusive; after fork (child alive): not exclusive in the parent;
 *    after the child exits: exclusive again (mapcount back to 1);
 *  - MAP_SHARED|MAP_ANONYMOUS written: present + file + exclusive.
 * Before 4.2 ("pagemap: switch to the new format", see proc_pagemap_bits.3.2.expected) every entry
 * carries the page shift (12) in bits 55–60, holes included, and there is no exclusive bit; the
 * file bit exists from 3.5.
 * Errors: an offset or a count that is not a multiple of 8 is EINVAL; an offset past the user
 * address space reads 0 bytes.
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
static int pm;

static uint64_t entry(void *addr) {
  uint64_t e = 0;
  if (pread(pm, &e, 8, (off_t)((uintptr_t)addr / PAGE) * 8) != 8) return ~0ULL;
  return e;
}

static void show(const char *what, void *addr, int pfn_meaningful) {
  uint64_t e = entry(addr);
  printf("%-24s zero=%d present=%d swap=%d file=%d excl=%d softdirty=%d bits57-60=%x",
         what, e == 0, (int)(e >> 63) & 1, (int)(e >> 62) & 1, (int)(e >> 61) & 1, (int)(e >> 56) & 1,
         (int)(e >> 55) & 1, (int)(e >> 57) & 0xf);
  if (pfn_meaningful) printf(" pfn-nonzero=%d", (e & ((1ULL << 55) - 1)) != 0);
  printf("\n");
}

int main(void) {
  pm = open("/proc/self/pagemap", O_RDONLY);
  if (pm < 0) { printf("open: %s\n", strerror(errno)); return 1; }
  char *p = mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("untouched", p, 0);
  volatile char c = p[0];
  (void)c;
  show("after read fault", p, 0);
  p[PAGE] = 1;
  show("after write fault", p + PAGE, 1);
  p[0] = 1;
  show("zero page then write", p, 1);

  int go[2];
  pipe(go);
  pid_t child = fork();
  if (child == 0) {
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  show("parent, child alive", p + PAGE, 1);
  write(go[1], "x", 1);
  waitpid(child, 0, 0);
  show("parent, child gone", p + PAGE, 1);

  char *s = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  show("shared anon untouched", s, 0);
  s[0] = 1;
  show("shared anon written", s, 1);

  uint64_t e;
  long r;
  errno = 0;
  r = pread(pm, &e, 8, 4);
  printf("pread at offset 4: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = pread(pm, &e, 5, 0);
  printf("pread of 5 bytes: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = pread(pm, &e, 8, (off_t)1 << 40);
  printf("pread past TASK_SIZE: %ld %s\n", r, strerror(errno));
  uint64_t two[2];
  printf("pread of 16 bytes: %ld\n", (long)pread(pm, two, 16, (off_t)((uintptr_t)p / PAGE) * 8));
  return 0;
}
