/* IORING_REGISTER_BUFFERS (userspace-api.md §3.2, §3.3, §2.6): registering pins the buffer
 * long-term and writable; WRITE_FIXED / READ_FIXED then move data between a file and the pinned
 * pages. VmPin in /proc/self/status counts the registered pages from 5.9 (309758254ea6
 * "io_uring: report pinned memory usage"); before, only the user's locked_vm was charged and
 * VmPin stays 0 (io_uring_fixed_buffers.5.4.expected, .5.8.expected). The errno table is the
 * observed 6.18 one: EBUSY twice, ENXIO with none, EFAULT for NULL base, zero length, more than
 * 1 GiB, unmapped or read-only memory; a fixed op outside the buffer or with a bad index
 * completes with -EFAULT. A NULL base with length 0 is an empty slot from 5.13 (IORING_MAX_REG_
 * BUFFERS series), EFAULT before (.5.10.expected). io_uring itself is 5.1+ (.4.19.expected). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <liburing.h>

static struct io_uring ring;

static long vmpin_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmPin:", 6) == 0) { kb = strtol(line + 6, NULL, 10); break; }
  if (f) fclose(f);
  return kb;
}

static void show(const char *what, int ret) {
  printf("%-40s %d%s%s\n", what, ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
}

static int run(const char *what) {
  struct io_uring_cqe *cqe;
  io_uring_submit(&ring);
  int ret = io_uring_wait_cqe(&ring, &cqe);
  if (ret) { show(what, ret); return ret; }
  int res = cqe->res;
  io_uring_cqe_seen(&ring, cqe);
  show(what, res);
  return res;
}

static int reg1(void *base, size_t len) {
  struct iovec iov = { base, len };
  int ret = io_uring_register_buffers(&ring, &iov, 1);
  if (ret == 0) io_uring_unregister_buffers(&ring);
  return ret;
}

int main(void) {
  int ret = io_uring_queue_init(4, &ring, 0);
  show("io_uring_queue_init", ret);
  if (ret < 0) return 0;
  const size_t len = 4 * 4096;
  char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("VmPin before: %ld kB\n", vmpin_kb());
  struct iovec iov = { buf, len };
  show("register 16 KiB anon (untouched)", io_uring_register_buffers(&ring, &iov, 1));
  printf("VmPin registered: %ld kB\n", vmpin_kb());
  show("register again", io_uring_register_buffers(&ring, &iov, 1));

  int fd = open("uring_fixed.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
  strcpy(buf + 4096, "pinned page one");
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, buf + 4096, 4096, 0, 0);
  run("write_fixed 4096 from page 1");
  char check[32] = {0};
  pread(fd, check, 15, 0);
  printf("  file holds \"%s\"\n", check);

  pwrite(fd, "from the file", 14, 8192);
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_read_fixed(sqe, fd, buf + 2 * 4096 + 100, 14, 8192, 0);
  run("read_fixed 14 into page 2 + 100");
  printf("  buffer holds \"%s\"\n", buf + 2 * 4096 + 100);

  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, buf + len - 8, 16, 0, 0);
  run("write_fixed past the buffer end");
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, buf, 16, 0, 3);
  run("write_fixed buf_index 3");

  show("unregister", io_uring_unregister_buffers(&ring));
  printf("VmPin after unregister: %ld kB\n", vmpin_kb());
  show("unregister with none", io_uring_unregister_buffers(&ring));
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, buf, 16, 0, 0);
  run("write_fixed with none registered");

  show("register len 0", reg1(buf, 0));
  show("register NULL base, len 4096", reg1(NULL, 4096));
  show("register NULL base, len 0", reg1(NULL, 0));
  show("register 1 GiB + 1", reg1(buf, (1UL << 30) + 1));
  show("register unmapped 0x10000", reg1((void *)0x10000, 4096));
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("register PROT_READ anon", reg1(ro, 4096));
  show("register 2 iovecs", io_uring_register_buffers(&ring, (struct iovec[]){ { buf, 4096 }, { buf + 8192, 8192 } }, 2));
  printf("VmPin with 2 iovecs (3 pages): %ld kB\n", vmpin_kb());
  io_uring_unregister_buffers(&ring);

  /* the pins outlive munmap: the ring keeps the pages until unregister */
  char *tmp = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(tmp, "still pinned");
  show("register 8 KiB, then munmap it", io_uring_register_buffers(&ring, (struct iovec[]){ { tmp, 8192 } }, 1));
  munmap(tmp, 8192);
  printf("VmPin after munmap: %ld kB\n", vmpin_kb());
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write_fixed(sqe, fd, tmp, 12, 16384, 0);
  run("write_fixed from the unmapped range");
  memset(check, 0, sizeof check);
  pread(fd, check, 12, 16384);
  printf("  file holds \"%s\"\n", check);

  close(fd);
  unlink("uring_fixed.dat");
  io_uring_queue_exit(&ring);
  return 0;
}
