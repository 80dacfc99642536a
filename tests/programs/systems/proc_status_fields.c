/*
 * /proc/self/status: the field names in Linux 6.18's order (fs/proc/array.c proc_pid_status:
 * task_name, task_state, task_mem, task_sig, task_cap, task_seccomp, cpuset, context switches),
 * each line `Name:\t...`, and the few values that do not depend on the machine: Name is the
 * executable's basename (cut to 15 bytes, TASK_COMM_LEN - 1), Uid/Gid have four fields, Threads is 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

static char buf[8192];

int main(int argc, char **argv) {
  int fd = open("/proc/self/status", O_RDONLY);
  int n = read(fd, buf, sizeof buf - 1);
  buf[n < 0 ? 0 : n] = 0;
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  char *line = buf;
  int tabs = 1;
  while (*line) {
    char *nl = strchr(line, '\n');
    *nl = 0;
    char *colon = strchr(line, ':');
    if (!colon || colon[1] != '\t') tabs = 0;
    *colon = 0;
    char *v = colon + 2;
    if (strcmp(line, "Name") == 0) {
      size_t want = strlen(base) < 15 ? strlen(base) : 15; /* TASK_COMM_LEN - 1 */
      printf("Name (= basename of argv[0], cut to 15 bytes: %d)\n", strlen(v) == want && strncmp(v, base, want) == 0);
    }
    else if (strcmp(line, "Uid") == 0 || strcmp(line, "Gid") == 0) {
      int fields = 1;
      for (char *c = v; *c; c++) fields += *c == '\t';
      printf("%s (%d fields)\n", line, fields);
    } else if (strcmp(line, "Threads") == 0) printf("Threads (%s)\n", v);
    else printf("%s\n", line);
    line = nl + 1;
  }
  printf("every line is Name:<tab>value: %d\n", tabs);
  return 0;
}
