/*
 * /proc/self/smaps (userspace-api §2.5): the block of one anonymous VMA, every line printed
 * (the header with its addresses replaced by page offsets). 8 private pages (between PROT_NONE
 * guards so the VMA cannot merge with a neighbour), 4 written:
 *  - Rss = Pss = Private_Dirty = Anonymous = 16 kB; VmFlags "rd wr mr mw me ac ";
 *  - while a forked child is alive the written pages are mapped twice: Shared_Dirty 16 kB and
 *    Pss 8 kB (each page divided by its mapcount);
 *  - after mlock: every page resident, Locked = Pss, VmFlags gain "lo".
 * smaps_rollup: the header line ends in "[rollup]" at column 73, then the field names (printed
 * without their values, which depend on libc).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
static char buf[1 << 18];

static int slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int n = 0, r;
  while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
  close(fd);
  buf[n] = 0;
  return n;
}

static void block(const char *title, unsigned long addr) {
  slurp("/proc/self/smaps");
  printf("== %s\n", title);
  char *line = buf;
  int inside = 0;
  while (*line) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char *dash = 0;
    unsigned long start = strtoul(line, &dash, 16);
    int header = dash && *dash == '-' && strchr(line, ':') && strchr(line, ':') > strchr(line, ' ');
    if (header) {
      inside = start == addr;
      if (inside) {
        unsigned long end = strtoul(dash + 1, 0, 16);
        printf("[%lu pages]%s\n", (end - start) / PAGE, strchr(line, ' '));
      }
    } else if (inside) {
      printf("%s\n", line);
    }
    line = nl + 1;
  }
}

int main(void) {
  char *g = mmap(0, 10 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *p = g + PAGE;
  mprotect(p, 8 * PAGE, PROT_READ | PROT_WRITE);
  for (int i = 0; i < 4; i++) p[i * PAGE] = 1;
  block("4 of 8 pages written", (unsigned long)p);

  int go[2];
  pipe(go);
  pid_t child = fork();
  if (child == 0) {
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  block("a child shares them", (unsigned long)p);
  write(go[1], "x", 1);
  waitpid(child, 0, 0);

  mlock(p, 8 * PAGE);
  block("after mlock", (unsigned long)p);

  slurp("/proc/self/smaps_rollup");
  char *nl = strchr(buf, '\n');
  *nl = 0;
  char *name = strchr(buf, '[');
  printf("== smaps_rollup\nheader: %s at column %ld, ends \"%s\"\n", name, (long)(name - buf), strstr(buf, " ---p 00000000 00:00 0 ") ? "---p 00000000 00:00 0" : "?");
  char *line = nl + 1;
  while (*line) {
    char *e = strchr(line, '\n');
    *e = 0;
    char *colon = strchr(line, ':');
    *colon = 0;
    printf("%s%s", line, strstr(colon + 1, " kB") ? " kB\n" : "\n");
    line = e + 1;
  }
  return 0;
}
