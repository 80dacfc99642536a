/*
 * /proc/self/cmdline, environ and comm: cmdline (and environ) is the argv strings, each followed by a NUL;
 * comm is the last component of the executed path plus a newline (at most 15 bytes). A forked
 * child has the same cmdline; /proc/<child>/cmdline reads it from the parent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>

static char buf[4096];

static int slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int n = 0, r;
  while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
  close(fd);
  buf[n] = 0;
  return n;
}

static void check_cmdline(const char *who, const char *path, int argc, char **argv) {
  int n = slurp(path);
  int nuls = 0, match = 1, off = 0;
  for (int i = 0; i < n; i++) nuls += buf[i] == 0;
  for (int i = 0; i < argc && off < n; i++) {
    if (strcmp(buf + off, argv[i]) != 0) match = 0;
    off += strlen(buf + off) + 1;
  }
  printf("%s: length = sum of argv lengths + NULs: %d, %d NULs, argc %d, strings match argv: %d, ends with NUL: %d\n", who, n == (int)(off) ? 1 : 0,
         nuls, argc, match, n > 0 && buf[n - 1] == 0);
}

int main(int argc, char **argv) {
  check_cmdline("self", "/proc/self/cmdline", argc, argv);
  int n = slurp("/proc/self/comm");
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  printf("comm: length = basename + 1: %d, newline-terminated: %d, equals basename(argv[0]): %d\n", n == (int)strlen(base) + 1,
         n > 0 && buf[n - 1] == '\n', n > 0 && strncmp(buf, base, n - 1) == 0);
  n = slurp("/proc/self/environ");
  const char *home = getenv("HOME");
  int found = 0;
  for (int off = 0; off < n; off += strlen(buf + off) + 1)
    if (home && strncmp(buf + off, "HOME=", 5) == 0 && strcmp(buf + off + 5, home) == 0) found = 1;
  printf("environ: NUL-terminated: %d, has HOME=$HOME: %d\n", n > 0 && buf[n - 1] == 0, found);
  int go[2];
  pipe(go);
  pid_t child = fork();
  if (child == 0) {
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/cmdline", (int)child);
  check_cmdline("child", path, argc, argv);
  write(go[1], "x", 1);
  waitpid(child, 0, 0);
  printf("child reaped, open of its cmdline: %s\n", open(path, O_RDONLY) < 0 ? "fails" : "works");
  return 0;
}
