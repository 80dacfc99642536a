/*
 * /proc/PID directories: /proc/self is the caller, /proc/<pid> exists for every live process
 * (a forked child's status names its parent in PPid and shows it sleeping while it waits on a
 * pipe), and disappears once the child is reaped (ENOENT). Files of a process are owned by its
 * uid; pagemap and mem are private to it (0400 / 0600).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char buf[8192];

static long field(const char *path, const char *name) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -errno;
  int n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  char *l = strstr(buf, name);
  return l ? strtol(l + strlen(name) + 1, 0, 10) : -1000;
}

static char state(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return '?';
  int n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  char *l = strstr(buf, "\nState:\t");
  return l ? l[8] : '!';
}

int main(void) {
  printf("self Pid == getpid(): %d\n", field("/proc/self/status", "\nPid:") == getpid());
  printf("self PPid == getppid(): %d\n", field("/proc/self/status", "\nPPid:") == getppid());
  char mine[64];
  snprintf(mine, sizeof mine, "/proc/%d/status", (int)getpid());
  printf("/proc/<own pid>/status Tgid == getpid(): %d\n", field(mine, "\nTgid:") == getpid());
  printf("self State: %c\n", state("/proc/self/status"));

  int go[2], ready[2];
  pipe(go);
  pipe(ready);
  pid_t child = fork();
  if (child == 0) {
    char b;
    write(ready[1], "r", 1);
    read(go[0], &b, 1);
    _exit(0);
  }
  char b;
  read(ready[0], &b, 1);
  usleep(200000);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", (int)child);
  printf("child PPid == getpid(): %d\n", field(path, "\nPPid:") == getpid());
  printf("child State while blocked on a pipe: %c\n", state(path));

  struct stat st;
  const char *names[] = { "status", "maps", "smaps", "pagemap", "mem", "cmdline", "comm", "smaps_rollup" };
  for (int i = 0; i < 8; i++) {
    snprintf(path, sizeof path, "/proc/%d/%s", (int)child, names[i]);
    int r = stat(path, &st);
    printf("  %-13s stat=%d mode=%o uid=%d\n", names[i], r, st.st_mode & 07777, (int)st.st_uid);
  }
  snprintf(path, sizeof path, "/proc/%d", (int)child);
  stat(path, &st);
  printf("  directory: %s mode=%o\n", S_ISDIR(st.st_mode) ? "dir" : "not a dir", st.st_mode & 07777);

  write(go[1], "x", 1);
  waitpid(child, 0, 0);
  snprintf(path, sizeof path, "/proc/%d/status", (int)child);
  errno = 0;
  int fd = open(path, O_RDONLY);
  printf("after reaping: open=%d %s\n", fd, strerror(errno));
  fd = open("/proc/self/nonexistent", O_RDONLY);
  printf("/proc/self/nonexistent: %s\n", strerror(errno));
  return 0;
}
