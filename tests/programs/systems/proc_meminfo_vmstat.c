/*
 * /proc/meminfo and /proc/vmstat: meminfo's field names in order and its line format
 * (`%-16s%8lu kB`, HugePages_* as `%5lu`), the hugetlb and swap lines of a machine without
 * either, and the GUP pin counters of /proc/vmstat, nr_foll_pin_acquired and
 * nr_foll_pin_released, which exist from 5.7 ("mm/gup: track FOLL_PIN pages";
 * proc_meminfo_vmstat.5.4.expected / .5.8.expected). System-wide values are not printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

static char buf[1 << 16];

static int slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int n = 0, r;
  while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
  close(fd);
  buf[n] = 0;
  return n;
}

int main(void) {
  slurp("/proc/meminfo");
  char *line = buf;
  int bad = 0, count = 0;
  printf("meminfo:");
  while (*line) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char *colon = strchr(line, ':');
    int len = strlen(line);
    int kb = len > 3 && strcmp(line + len - 3, " kB") == 0;
    if (kb && len != 16 + 8 + 3 && !(len > 27 && line[15] == ' ' && line[16] != ' ')) bad++;
    if (!kb && len != 16 + 3 + 5) bad++; /* "HugePages_Total:   %5lu" */
    *colon = 0;
    printf(" %s", line);
    if (strncmp(line, "HugePages_Total", 15) == 0 || strcmp(line, "Hugepagesize") == 0 || strcmp(line, "SwapTotal") == 0) {
      *colon = ':';
      printf(" [%s]", line);
    }
    count++;
    line = nl + 1;
  }
  printf("\n%d fields, %d badly formatted\n", count, bad);

  slurp("/proc/vmstat");
  printf("vmstat nr_foll_pin_acquired: %s\n", strstr(buf, "\nnr_foll_pin_acquired ") ? "present" : "absent");
  printf("vmstat nr_foll_pin_released: %s\n", strstr(buf, "\nnr_foll_pin_released ") ? "present" : "absent");
  printf("vmstat nr_free_pages first: %d\n", strncmp(buf, "nr_free_pages ", 14) == 0);
  printf("vmstat pgfault: %s\n", strstr(buf, "\npgfault ") ? "present" : "absent");
  return 0;
}
