/*
 * /proc/self/status memory lines (userspace-api §2.6): the format `Label:\t%8lu kB` and how
 * VmSize, VmData, VmRSS, RssAnon, RssShmem, VmLck and VmPin move. Only DELTAS are printed
 * (libc's own pages differ between machines). Every value is gathered before the first printf,
 * so stdio's buffer does not show up in the numbers.
 *  - mmap 16 private pages: VmSize and VmData +64 kB, nothing resident;
 *  - write 8 of them: RssAnon +32 kB; read 4 others: still +32 (the shared zero page is not
 *    counted in RSS);
 *  - mlock 4 pages: VmLck +16 kB, and the 4 read-only-faulted pages become private (COW broken
 *    by the populate), RssAnon +16 more;
 *  - MAP_SHARED|MAP_ANONYMOUS, write 4 pages: RssShmem +16 kB (VmData unchanged: shared);
 *  - munmap both: back to the start.
 * RssAnon/RssFile/RssShmem exist from 4.5 (8cee852ec53f "mm, procfs: breakdown RSS for anon,
 * shmem and file in /proc/pid/status"): at 4.4 the lines are missing (format=BAD, deltas 0;
 * proc_status_rss.4.4.expected), at 4.19 they are there (proc_status_rss.4.19.expected).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

#define PAGE 4096
#define NF 8
static const char *names[NF] = { "VmSize:", "VmLck:", "VmPin:", "VmRSS:", "RssAnon:", "RssFile:", "RssShmem:", "VmData:" };
static char buf[1 << 14];
static long vals[8][NF];
static int fmt_ok[8];

static void sample(int k) {
  int fd = open("/proc/self/status", O_RDONLY);
  int n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  fmt_ok[k] = 1;
  for (int i = 0; i < NF; i++) {
    char *l = strstr(buf, names[i]);
    if (!l) { vals[k][i] = -1; fmt_ok[k] = 0; continue; }
    char *v = l + strlen(names[i]);
    /* a tab, then the number right-aligned in 8, then " kB" */
    if (v[0] != '\t' || strncmp(v + 9, " kB\n", 4) != 0) fmt_ok[k] = 0;
    vals[k][i] = strtol(v + 1, 0, 10);
  }
}

int main(void) {
  sample(0); /* warm up: the buffers and stack used by sample() are faulted in */
  sample(0);
  char *p = mmap(0, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  sample(1);
  for (int i = 0; i < 8; i++) p[i * PAGE] = 1;
  sample(2);
  volatile char sink = 0;
  for (int i = 8; i < 12; i++) sink += p[i * PAGE];
  sample(3);
  mlock(p + 8 * PAGE, 4 * PAGE);
  sample(4);
  char *s = mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  for (int i = 0; i < 4; i++) s[i * PAGE] = 1;
  sample(5);
  munmap(p, 16 * PAGE);
  munmap(s, 4 * PAGE);
  sample(6);
  const char *steps[] = { "start", "mmap 16", "write 8", "read 4", "mlock 4", "shared 4", "munmap" };
  for (int k = 0; k <= 6; k++) {
    printf("%-9s format=%s", steps[k], fmt_ok[k] ? "ok" : "BAD");
    for (int i = 0; i < NF; i++) printf(" %s%+ld", names[i], vals[k][i] - vals[0][i]);
    printf("\n");
  }
  return 0;
}
