/* Scenario 4d (kernel-semantics.md), the parent's side: thread T1 does an O_DIRECT read into the
 * second half of one anonymous page while the main thread forks and then stores into the first
 * half of that page before the I/O completes. open(2) warns that O_DIRECT must not run
 * concurrently with fork() on MAP_PRIVATE buffers, and names MADV_DONTFORK and MAP_SHARED buffers
 * as the safe ones.
 *  - private buffer: before 6.3 block direct I/O took FOLL_GET references
 *    (iov_iter_get_pages); fork shares the page, the parent's store COWs it away, and the DMA lands
 *    in the page only the child maps: the parent's read "succeeds" with its old bytes
 *    (dio_fork_parent.6.1.expected). From 6.3 the page is FOLL_PIN'ed (920756a3306a "block:
 *    Convert bio_iov_iter_get_pages to use iov_iter_extract_pages"), fork copies it for the child
 *    (MMF_HAS_PINNED, §2.6) and the parent gets the data whatever the timing — so this line is the
 *    same on every native 6.18 run.
 *  - MADV_DONTFORK and MAP_SHARED buffers: the parent gets the data in every version.
 * The write variant (KOSAKI Motohiro's, reference 4d): T1 O_DIRECT-writes the second half of a
 * page to the file; meanwhile the parent forks and stores into the first half, then the child
 * stores into the second half. With mapcount-based COW reuse (before 5.9, 09854ba94c6a "mm:
 * do_wp_page() simplification") the child's store reuses the page under I/O and the child's bytes
 * reach the disk (dio_fork_parent.5.8.expected, .3.2.expected); from 5.9 the extra reference
 * forces a copy and from 6.3 the pin makes fork copy at once: the disk gets the parent's bytes.
 * The child's own view of the read variant depends on timing on real hardware, so it is shown
 * only by the PinLab-only program tests/programs/reference/dio_fork_race.c. */
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

static int fd;
static char *page;
static int go[2];
static long ioret;
static int writing;

static void *io_thread(void *arg) {
  (void)arg;
  char c = 'g';
  write(go[1], &c, 1);
  if (writing)
    ioret = pwrite(fd, page + 2048, 2048, 0);
  else
    ioret = pread(fd, page + 2048, 2048, 0);
  return NULL;
}

/* One round: T1 does the I/O on page+2048 while this thread forks and stores to page[0]. */
static void round_trip(const char *name, char *buf, int is_write) {
  page = buf;
  writing = is_write;
  memset(page, '.', 4096);
  pipe(go);
  int ready[2];
  pipe(ready);
  pthread_t t;
  pthread_create(&t, NULL, io_thread, NULL);
  char c;
  read(go[0], &c, 1);
  usleep(20);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    if (is_write) {
      read(ready[0], &c, 1);      /* after the parent's store */
      memset(page + 2048, 'C', 2048);
    }
    _exit(0);
  }
  page[0] = 'P';                   /* the parent's store, while the I/O is in flight */
  write(ready[1], "w", 1);
  pthread_join(t, NULL);
  waitpid(child, NULL, 0);
  if (is_write) {
    char disk[2048];
    int plain = open("dio.fork", O_RDONLY);
    pread(plain, disk, 2048, 0);
    close(plain);
    printf("%-9s write %ld, the disk got: %s\n", name, ioret,
           disk[0] == '.' ? "the parent's bytes" : disk[0] == 'C' ? "the child's bytes" : "something else");
  } else {
    printf("%-9s read %ld, parent's buffer: %s, parent's store kept: %d\n", name, ioret,
           page[2048] == 'F' ? "file data" : page[2048] == '.' ? "old bytes" : "something else", page[0] == 'P');
  }
  close(go[0]); close(go[1]); close(ready[0]); close(ready[1]);
}

int main(void) {
  int b = open("dio.fork", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char file[4096];
  memset(file, 'F', sizeof file);
  write(b, file, sizeof file);
  close(b);
  fd = open("dio.fork", O_RDWR | O_DIRECT);

  char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  round_trip("private", priv, 0);
  char *dontfork = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  madvise(dontfork, 4096, MADV_DONTFORK);
  round_trip("dontfork", dontfork, 0);
  char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  round_trip("shared", shared, 0);

  char *wpriv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  round_trip("private", wpriv, 1);
  unlink("dio.fork");
  return 0;
}
