/* Scenario 4d (kernel-semantics.md) with both sides shown: thread T1 does an O_DIRECT read of
 * 2048 bytes into the second half of one anonymous page; the main thread forks while the I/O is
 * in flight and stores into the first half; the child looks at the page after the I/O is done.
 * On real hardware the child's view depends on whether fork came before or after the DMA, so
 * this is a PinLab-only program (the parent's side is compared natively by
 * tests/programs/systems/dio_fork_parent.c). In PinLab the device takes 100 µs + 1 ns/byte of
 * virtual time (electron/kernel/fs/direct-io.ts), and the fork happens 20 µs into it.
 *  - before 6.3 (FOLL_GET, dio_fork_race.6.1.expected): fork shares the page, the parent's store
 *    COWs it away, the DMA lands in the page only the child maps — the child sees the file data
 *    (a leak), the parent keeps its old bytes;
 *  - from 6.3 (FOLL_PIN, 920756a3306a): fork copies the pinned page for the child (§2.6), the
 *    parent gets the data and the child keeps the pre-I/O bytes (dio_fork_race.6.18.expected).
 *  - MADV_DONTFORK: the child has no mapping there; MAP_SHARED: both see the data and the store. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

static int fd;
static char *page;
static int go[2];
static long ioret;

static void *reader(void *arg) {
  (void)arg;
  write(go[1], "g", 1);
  ioret = pread(fd, page + 2048, 2048, 0);
  return NULL;
}

static const char *view(const char *p) {
  return p[2048] == 'F' ? "file data" : p[2048] == '.' ? "old bytes" : "something else";
}

static void race(const char *name, char *buf, int child_has_it) {
  page = buf;
  memset(page, '.', 4096);
  pipe(go);
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  char c;
  read(go[0], &c, 1);
  usleep(20);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    usleep(100000); /* well after the I/O */
    if (child_has_it)
      printf("%-9s child:  %s, parent's store visible: %d\n", name, view(page), page[0] == 'P');
    else
      printf("%-9s child:  no mapping at the buffer\n", name);
    exit(0);
  }
  page[0] = 'P';
  pthread_join(t, NULL);
  waitpid(child, NULL, 0);
  printf("%-9s parent: read %ld, %s, own store kept: %d\n", name, ioret, view(page), page[0] == 'P');
  close(go[0]);
  close(go[1]);
}

int main(void) {
  int b = open("dio.race", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char file[4096];
  memset(file, 'F', sizeof file);
  write(b, file, sizeof file);
  close(b);
  fd = open("dio.race", O_RDWR | O_DIRECT);
  race("private", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 1);
  char *dontfork = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  madvise(dontfork, 4096, MADV_DONTFORK);
  race("dontfork", dontfork, 0);
  race("shared", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0), 1);
  unlink("dio.race");
  return 0;
}
