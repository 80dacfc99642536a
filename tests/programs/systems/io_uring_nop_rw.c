/* io_uring round trips through liburing 2.x (userspace-api.md §3.1, §3.3): a NOP comes back with
 * its user_data and res 0; WRITE then READ of a file on the working directory (ext4 natively,
 * PinLab's root file system), WRITEV/READV, FSYNC, and what the kernel answers to a bad fd, an
 * unknown opcode and a READ into an unmapped buffer. io_uring_queue_init fails with ENOSYS
 * before 5.1 (io_uring_nop_rw.4.19.expected); IORING_OP_READ/WRITE are 5.6 ("io_uring: add
 * non-vectored read/write commands"), so 5.4 completes them with -EINVAL; 5.4 also looked the
 * file up before checking the opcode, so opcode 250 on fd -1 is -EBADF there
 * (io_uring_nop_rw.5.4.expected, version.ts ioUringInitReq). liburing's functions return -errno,
 * never -1. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/uio.h>
#include <liburing.h>

static struct io_uring ring;

/* Submits the prepared SQE, waits for its CQE, prints and returns res. */
static int run(const char *what) {
  struct io_uring_cqe *cqe;
  int ret = io_uring_submit(&ring);
  if (ret != 1) { printf("%-28s submit %d\n", what, ret); return ret; }
  ret = io_uring_wait_cqe(&ring, &cqe);
  if (ret) { printf("%-28s wait %d\n", what, ret); return ret; }
  int res = cqe->res;
  printf("%-28s res %d%s%s user_data %llu\n", what, res, res < 0 ? " " : "", res < 0 ? strerror(-res) : "",
         (unsigned long long)cqe->user_data);
  io_uring_cqe_seen(&ring, cqe);
  return res;
}

int main(void) {
  int ret = io_uring_queue_init(8, &ring, 0);
  printf("io_uring_queue_init: %d%s%s\n", ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
  if (ret < 0) return 0;
  printf("sq entries %u, cq entries %u, single mmap %s\n", ring.sq.ring_entries, ring.cq.ring_entries,
         ring.features & IORING_FEAT_SINGLE_MMAP ? "yes" : "no");

  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, 42);
  run("nop");

  int fd = open("uring_rw.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
  char out[64] = "hello from io_uring", in[64];
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_write(sqe, fd, out, 20, 0);
  io_uring_sqe_set_data64(sqe, 1);
  run("write 20 at 0");

  memset(in, 0, sizeof in);
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_read(sqe, fd, in, sizeof in, 0);
  io_uring_sqe_set_data64(sqe, 2);
  if (run("read 64 at 0") > 0) printf("  read back: \"%s\"\n", in);

  char a[8] = "vec-one ", b[8] = "vec-two!";
  struct iovec iov[2] = { { a, 8 }, { b, 8 } };
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_writev(sqe, fd, iov, 2, 100);
  io_uring_sqe_set_data64(sqe, 3);
  run("writev 2x8 at 100");

  char c[6] = {0}, d[11] = {0};
  struct iovec riov[2] = { { c, 5 }, { d, 10 } };
  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_readv(sqe, fd, riov, 2, 100);
  io_uring_sqe_set_data64(sqe, 4);
  if (run("readv 5+10 at 100") > 0) printf("  readv: \"%s\" \"%s\"\n", c, d);

  char check[32] = {0};
  printf("pread after the ring: %zd \"%.16s\"\n", pread(fd, check, 16, 100), check);

  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_fsync(sqe, fd, 0);
  io_uring_sqe_set_data64(sqe, 5);
  run("fsync");

  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_read(sqe, 1000, in, 8, 0);
  io_uring_sqe_set_data64(sqe, 6);
  run("read from fd 1000");

  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_nop(sqe);
  sqe->opcode = 250;
  io_uring_sqe_set_data64(sqe, 7);
  run("opcode 250");

  sqe = io_uring_get_sqe(&ring);
  io_uring_prep_read(sqe, fd, (void *)0x10000, 8, 0);
  io_uring_sqe_set_data64(sqe, 8);
  run("read into unmapped 0x10000");

  /* several at once: three NOPs, one submit, three completions in order */
  for (int i = 0; i < 3; i++) {
    sqe = io_uring_get_sqe(&ring);
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, 100 + i);
  }
  printf("submit 3 nops: %d\n", io_uring_submit(&ring));
  for (int i = 0; i < 3; i++) {
    struct io_uring_cqe *cqe;
    ret = io_uring_wait_cqe(&ring, &cqe);
    printf("  cqe %d: ret %d res %d user_data %llu\n", i, ret, cqe->res, (unsigned long long)cqe->user_data);
    io_uring_cqe_seen(&ring, cqe);
  }
  struct io_uring_cqe *none;
  printf("peek on an empty CQ: %d\n", io_uring_peek_cqe(&ring, &none));

  close(fd);
  unlink("uring_rw.dat");
  io_uring_queue_exit(&ring);
  printf("done\n");
  return 0;
}
