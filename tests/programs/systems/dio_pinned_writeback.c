/* Scenario 4e with the disk controller as the device (kernel-semantics.md §2.7, §2.8, 4e):
 * a read(O_DIRECT) lands in a MAP_SHARED ext4 page while the program unmaps it, writeback cleans
 * it and drop_caches strips its buffers; the I/O completes (bio_release_pages dirties the page
 * it pinned) and the next fsync meets a dirty page without buffers.
 *  - 3.11-5.17 (ext4NoBuffersBug, f8bec37037ac): "kernel BUG at fs/ext4/inode.c" — the fsync
 *    caller dies (SIGSEGV, like an oopsing task); the page cache holds the device's bytes, the
 *    disk keeps the old ones (dio_pinned_writeback.5.10.expected, .4.4.expected); the
 *    parent's direct read still sees them (writeback skips the page the dead task left locked).
 *  - before 3.11: ext4 writeback attaches buffers itself and writes the page (3.2.expected).
 *  - 5.18+ (e41c81d0d30e era, invalidateRefcountCheck): drop_caches leaves a page with extra
 *    references, buffers included, so the final fsync writes the device's bytes (6.1, 6.18).
 * The child does the I/O so the parent can report how it ended; the parent then compares the
 * page cache (buffered read) with the disk (O_DIRECT read). Natively (6.18) the outcome does not
 * depend on when the I/O completes, only on its taking the page before the unmap (a round that
 * loses that race is run again), so this program is compared with the real kernel. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

static int src;
static char *map;

static int device_errno;

static void *device(void *arg) {
  (void)arg;
  /* DMA from the source file straight into the mapped page of the target file */
  ssize_t n = pread(src, map, 4096, 0);
  device_errno = n < 0 ? errno : 0;
  return (void *)(long)n;
}

static void fill(const char *name, char c, int flags) {
  char *buf = aligned_alloc(4096, 4096);
  memset(buf, c, 4096);
  int fd = open(name, O_CREAT | O_RDWR | O_TRUNC | flags, 0644);
  if (write(fd, buf, 4096) != 4096) perror("write");
  fsync(fd);
  close(fd);
  free(buf);
}

static void drop_caches(void) {
  int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
  if (fd < 0 || write(fd, "1", 1) != 1) perror("drop_caches");
  if (fd >= 0) close(fd);
}

int main(void) {
  fill("target.dat", 'A', 0);
  fill("source.dat", 'D', 0);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    int fd = open("target.dat", O_RDWR);
    src = open("source.dat", O_RDONLY | O_DIRECT);
    void *n;
    /* Natively the device thread may not have taken the page yet when the main thread unmaps
     * it (EFAULT): then the round is simply run again. PinLab's virtual time gets it first go. */
    for (int round = 0; round < 100; round++) {
      map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      map[1] = 'B'; /* page_mkwrite: buffers attached, page dirty */
      pthread_t t;
      pthread_create(&t, NULL, device, NULL);
      usleep(10);     /* the device thread submits its I/O */
      munmap(map, 4096);
      fsync(fd);      /* writeback: the page is clean now, its PTEs gone */
      drop_caches();  /* reclaim: strips the buffers of the clean, unmapped, pinned page */
      pthread_join(t, &n);
      if ((long)n >= 0 || device_errno != EFAULT) break;
    }
    printf("device read: %ld\n", (long)n);
    fflush(stdout);
    printf("fsync after the device: %d\n", fsync(fd));
    return 0;
  }
  int status;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) printf("child killed by signal %d\n", WTERMSIG(status));
  else printf("child exited %d\n", WEXITSTATUS(status));
  char c[2];
  int fd = open("target.dat", O_RDONLY);
  pread(fd, c, 2, 0);
  printf("page cache: %c%c\n", c[0], c[1]);
  close(fd);
  char *buf = aligned_alloc(4096, 4096);
  fd = open("target.dat", O_RDONLY | O_DIRECT);
  if (pread(fd, buf, 4096, 0) == 4096) printf("disk: %c%c\n", buf[0], buf[1]);
  else perror("direct read");
  return 0;
}
