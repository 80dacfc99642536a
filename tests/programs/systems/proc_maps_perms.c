/*
 * /proc/self/maps (userspace-api §2.4): the line format of an anonymous mapping and how mprotect
 * splits a VMA. The program maps 5 pages PROT_NONE, makes the middle 3 read-write, then changes
 * one page, and prints the lines covering its range with the addresses replaced by page offsets
 * from the start (so nothing depends on where the kernel placed the mapping). It also checks
 * that named lines ([stack], [heap]) put the name at column 73 (seq_pad to 72, then a space).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

#define PAGE 4096
static char buf[1 << 16];

static int slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int n = 0, r;
  while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
  buf[n] = 0;
  close(fd);
  return n;
}

static void show(const char *title, unsigned long lo, unsigned long hi) {
  slurp("/proc/self/maps");
  printf("%s\n", title);
  char *line = buf;
  while (*line) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char *dash;
    unsigned long start = strtoul(line, &dash, 16);
    unsigned long end = strtoul(dash + 1, 0, 16);
    if (end > lo && start < hi) {
      unsigned long s = start < lo ? lo : start, e = end > hi ? hi : end;
      char *rest = strchr(line, ' ');
      printf("  pages %lu-%lu:[%s] trailing-space=%d\n", (s - lo) / PAGE, (e - lo) / PAGE, rest, line[strlen(line) - 1] == ' ');
    }
    line = nl + 1;
  }
}

int main(void) {
  void *heap = malloc(100000);
  char *p = mmap(0, 5 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  unsigned long lo = (unsigned long)p, hi = lo + 5 * PAGE;
  show("PROT_NONE", lo, hi);
  mprotect(p + PAGE, 3 * PAGE, PROT_READ | PROT_WRITE);
  show("middle read-write", lo, hi);
  mprotect(p + 2 * PAGE, PAGE, PROT_READ | PROT_EXEC);
  show("one page r-x", lo, hi);
  mprotect(p + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE);
  show("back to read-write (merged)", lo, hi);
  munmap(p + 3 * PAGE, PAGE);
  show("after munmap of page 3", lo, hi);

  slurp("/proc/self/maps");
  char *line = buf;
  while (*line) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char *name = strchr(line, '[');
    if (name && (strcmp(name, "[stack]") == 0 || strcmp(name, "[heap]") == 0))
      printf("%s at column %ld\n", name, (long)(name - line));
    line = nl + 1;
  }
  free(heap);
  return 0;
}
