/* Scenario 4c, case 1 (kernel-semantics.md §4c; cow.c tests 7 and 8, §5.1): a private anonymous
 * page registered as an io_uring fixed buffer (FOLL_WRITE|FOLL_LONGTERM), then the process
 * writes new data into it, and WRITE_FIXED shows what the kernel sees: the file read back is
 * compared with the process's memory ("Longterm R/W pin is reliable").
 *  1. steady state: the pin took a write fault, the page is exclusive: fresh in every era.
 *  2. mprotect(PROT_READ) + mprotect(PROT_READ|PROT_WRITE), then write (cow.c test 7): E1–E4
 *     reuse by mapcount (fresh: 5.4, 5.8), E5 copies because the refcount includes the pin
 *     (stale: io_uring_cow_fixed_buffer.5.10.expected), E6+ reuse the PageAnonExclusive page.
 *  3. fork() without MADV_DONTFORK, the child idles, the parent writes (cow.c test 8): E1–E4
 *     share the page R/O and the parent's write copies it away from the pin (stale:
 *     .5.4.expected, .5.8.expected); from 5.9 fork copies a maybe-pinned page for the child and
 *     the parent keeps the pinned one (fresh).
 * io_uring is 5.1+ (.4.19.expected). The file is in the working directory (ext4). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <liburing.h>

static struct io_uring ring;
static int fd;

/* What the kernel sees: WRITE_FIXED the page to the file, read the file back, compare. */
static void check(const char *what, char *buf) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, buf, 4096, 0, 0);
  io_uring_submit(&ring);
  struct io_uring_cqe *cqe;
  int ret = io_uring_wait_cqe(&ring, &cqe);
  int res = ret ? ret : cqe->res;
  if (!ret) io_uring_cqe_seen(&ring, cqe);
  char back[4096];
  pread(fd, back, sizeof back, 0);
  printf("%-44s write_fixed %d, memory '%c', kernel saw '%c': %s\n", what, res, buf[0], back[0],
         memcmp(back, buf, 4096) ? "STALE" : "fresh");
}

static char *fresh_buffer(void) {
  char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(buf, 'a', 4096);
  struct iovec iov = { buf, 4096 };
  int ret = io_uring_register_buffers(&ring, &iov, 1);
  if (ret) printf("register: %d %s\n", ret, strerror(-ret));
  return buf;
}

static void done_with(char *buf) {
  io_uring_unregister_buffers(&ring);
  munmap(buf, 4096);
}

int main(void) {
  int ret = io_uring_queue_init(4, &ring, 0);
  printf("io_uring_queue_init %d%s%s\n", ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
  if (ret < 0) return 0;
  fd = open("uring_cow.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("uring_cow.dat");

  char *buf = fresh_buffer();
  memset(buf, 'b', 4096);
  check("1. registered, then written", buf);
  done_with(buf);

  buf = fresh_buffer();
  mprotect(buf, 4096, PROT_READ);
  mprotect(buf, 4096, PROT_READ | PROT_WRITE);
  memset(buf, 'c', 4096);
  check("2. mprotect R, mprotect RW, then written", buf);
  done_with(buf);

  buf = fresh_buffer();
  int pipefd[2];
  pipe(pipefd);
  pid_t child = fork();
  if (child == 0) {
    char c;
    read(pipefd[0], &c, 1); /* idle until the parent is done */
    _exit(0);
  }
  memset(buf, 'd', 4096);
  check("3. fork, then the parent writes", buf);
  write(pipefd[1], "x", 1);
  waitpid(child, NULL, 0);
  done_with(buf);

  io_uring_queue_exit(&ring);
  return 0;
}
