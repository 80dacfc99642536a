/*
 * The writeback sysctls (kernel/sysctl.c, fs/drop_caches.c): dirty_expire_centisecs and
 * dirty_writeback_centisecs read their defaults (3000, 500 — mm/page-writeback.c);
 * drop_caches takes small positive integers (proc_dointvec_minmax from 1; 0, negative, huge or
 * non-numeric values are EINVAL) from root; fsync of a procfs file
 * is EINVAL (no ->fsync). Reference: userspace-api.md /proc formats, kernel-semantics.md §2.8.
 */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static void show(const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  long n = read(fd, buf, sizeof buf - 1);
  printf("%s: %ld %s", path, n, buf);
  int r = fsync(fd);
  printf("fsync: %d %s\n", r, strerror(errno));
  close(fd);
}

static void drop(const char *value) {
  int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
  errno = 0;
  long n = write(fd, value, strlen(value));
  int e = errno;
  printf("drop_caches <- %s: %ld %s\n", value[strlen(value) - 1] == '\n' ? "(with newline)" : value, n, n < 0 ? strerror(e) : "ok");
  close(fd);
}

int main(void) {
  show("/proc/sys/vm/dirty_expire_centisecs");
  show("/proc/sys/vm/dirty_writeback_centisecs");
  drop("1");
  drop("3\n");
  drop("0");
  drop("-1");
  drop("1000");
  drop("abc");
  sync();
  drop("2");
  return 0;
}
