/*
 * faults: one anonymous private page through its first faults, as /proc/self/pagemap shows it.
 *   ./faults read   touch the page by reading it, print which frame backs it
 *   ./faults write  touch the page by writing it
 *   ./faults fork   write it, fork, let the child write it, compare the frames
 * Run as root: pagemap shows frame numbers (pfn) only to CAP_SYS_ADMIN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096

/* The pagemap entry of addr: bit 63 present, bits 0-54 the pfn. */
static uint64_t pagemap_entry(void *addr) {
  uint64_t e = 0;
  int fd = open("/proc/self/pagemap", O_RDONLY);
  if (fd < 0) { perror("open /proc/self/pagemap"); exit(1); }
  if (pread(fd, &e, 8, (off_t)((uintptr_t)addr / PAGE) * 8) != 8) { perror("pread"); exit(1); }
  close(fd);
  return e;
}

/* Prints "<stage>: addr=... present=P <stage>_pfn=0x..." for one stage of the page's life. */
static void show(const char *stage, void *addr) {
  uint64_t e = pagemap_entry(addr);
  printf("%s: addr=%p present=%d %s_pfn=0x%llx\n", stage, addr, (int)(e >> 63) & 1, stage,
         (unsigned long long)(e & ((1ULL << 55) - 1)));
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "read";
  char *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 1; }
  show("untouched", p);
  if (strcmp(mode, "read") == 0) {
    volatile char c = p[0];
    printf("read %d\n", c);
    show("read", p);
    return 0;
  }
  p[0] = 'P';
  show("write", p);
  if (strcmp(mode, "write") == 0) return 0;
  if (strcmp(mode, "fork") != 0) { fprintf(stderr, "usage: ./faults read|write|fork\n"); return 2; }

  int done[2];
  pipe(done);
  fflush(stdout); /* or the child would print the parent's buffered lines again */
  pid_t child = fork();
  if (child == 0) {
    show("child_before", p);
    p[0] = 'C';
    show("child", p);
    printf("child sees %c\n", p[0]);
    fflush(stdout);
    write(done[1], "x", 1);
    _exit(0);
  }
  char b;
  read(done[0], &b, 1);
  show("parent", p);
  printf("parent sees %c\n", p[0]);
  waitpid(child, 0, 0);
  return 0;
}
