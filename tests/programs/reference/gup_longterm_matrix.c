/*
 * tools/testing/selftests/mm/gup_longterm.c's matrix (kernel-semantics.md §5.2) for the shapes
 * PinLab models: memfd (tmpfs), tmpfile() (a file in /tmp, unlinked: tmpfs in PinLab — on the
 * selftest's usual host /tmp may be ext4, which is why this program lives here and not in
 * systems/), and a local tmpfile (the working directory: ext4). Per shape, the 8 gup_test rows
 * (PIN_LONGTERM_TEST_START, R/W or R/O, slow or fast, MAP_SHARED or MAP_PRIVATE) and the 2
 * io_uring fixed-buffer rows, with the selftest's verdicts:
 *  - a pin that works: ok iff it should work ("Should have worked");
 *  - EFAULT (io_uring: ENOSPC, EOPNOTSUPP or EFAULT): ok iff it should not ("Should have failed");
 *  - PIN_LONGTERM_TEST_START EINVAL, no gup_test, io_uring setup or other errors: skip.
 * should_work: R/W (and io_uring, always writable) in MAP_SHARED only on tmpfs/hugetlbfs; every
 * R/O and MAP_PRIVATE row always. (liburing 2.x returns -errno, so the io_uring row tests the
 * return value where the selftest reads errno.)
 * Expected per version (gup_longterm_matrix.<v>.expected):
 *  6.6, 6.18: all pass — GUP refuses R/W long-term pins of ext4 MAP_SHARED (6.5, 8ac268436e6d),
 *    io_uring delegates to it ("io_uring: rsrc: delegate VMA file-backed check to GUP").
 *  6.1: the ext4 MAP_SHARED R/W gup_test rows FAIL (pinning succeeds, §5.2 "Pre-6.5 kernels");
 *    io_uring refuses every non-shmem file itself (EOPNOTSUPP), so ext4 MAP_PRIVATE FAILs.
 *  5.10: no /sys/kernel/debug/gup_test yet (5.11; PIN_LONGTERM_TEST_* 6.1): the gup_test rows
 *    skip; io_uring refuses shmem too before 5.14 (40dad765c045), so every memfd/tmpfs
 *    io_uring row FAILs as well (exit status 1, as with any failure: .6.1.status, .5.10.status).
 *  4.19: no gup_test (5.11), no io_uring (5.1): everything skips.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <liburing.h>
#include "gup_test.h"

enum test_type { RW, RW_FAST, RO, RO_FAST, IOURING };
static int gup_fd = -1;
static int nr_test, nr_pass, nr_fail, nr_skip;

static void result(int ok, const char *msg) {
  nr_test++;
  if (ok) nr_pass++; else nr_fail++;
  printf("%s %d %s\n", ok ? "ok" : "not ok", nr_test, msg);
}

static void skip(const char *msg) {
  nr_test++;
  nr_skip++;
  printf("ok %d # SKIP %s\n", nr_test, msg);
}

static void do_test(int fd, int tmpfs, enum test_type type, int shared) {
  char *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
  if (mem == MAP_FAILED) { result(0, "mmap() failed"); return; }
  memset(mem, 0, 4096); /* fault it in */
  int rw = type == RW || type == RW_FAST || type == IOURING;
  int should_work = !(shared && rw) || tmpfs;
  if (type == IOURING) {
    struct io_uring ring;
    if (io_uring_queue_init(1, &ring, 0) < 0) { skip("io_uring_queue_init() failed"); munmap(mem, 4096); return; }
    struct iovec iov = { mem, 4096 };
    int ret = io_uring_register_buffers(&ring, &iov, 1);
    if (ret == -ENOSPC || ret == -EOPNOTSUPP || ret == -EFAULT) result(!should_work, "Should have failed");
    else if (ret) skip("io_uring_register_buffers() failed");
    else {
      result(should_work, "Should have worked");
      io_uring_unregister_buffers(&ring);
    }
    io_uring_queue_exit(&ring);
  } else if (gup_fd < 0) {
    skip("gup_test not available");
  } else {
    if (!rw && mprotect(mem, 4096, PROT_READ)) { result(0, "mprotect() failed"); munmap(mem, 4096); return; }
    struct pin_longterm_test args = { .addr = (unsigned long)mem, .size = 4096,
      .flags = (type == RW_FAST || type == RO_FAST ? PIN_LONGTERM_TEST_FLAG_USE_FAST : 0) | (rw ? PIN_LONGTERM_TEST_FLAG_USE_WRITE : 0) };
    int ret = ioctl(gup_fd, PIN_LONGTERM_TEST_START, &args);
    if (ret && errno == EINVAL) skip("PIN_LONGTERM_TEST_START failed (EINVAL)");
    else if (ret && errno == EFAULT) result(!should_work, "Should have failed");
    else if (ret) result(0, "PIN_LONGTERM_TEST_START failed");
    else {
      ioctl(gup_fd, PIN_LONGTERM_TEST_STOP);
      result(should_work, "Should have worked");
    }
  }
  munmap(mem, 4096);
}

static const char *names[] = {
  "R/W longterm GUP pin in MAP_SHARED file mapping", "R/W longterm GUP-fast pin in MAP_SHARED file mapping",
  "R/O longterm GUP pin in MAP_SHARED file mapping", "R/O longterm GUP-fast pin in MAP_SHARED file mapping",
  "R/W longterm GUP pin in MAP_PRIVATE file mapping", "R/W longterm GUP-fast pin in MAP_PRIVATE file mapping",
  "R/O longterm GUP pin in MAP_PRIVATE file mapping", "R/O longterm GUP-fast pin in MAP_PRIVATE file mapping",
  "io_uring fixed buffer with MAP_SHARED file mapping", "io_uring fixed buffer with MAP_PRIVATE file mapping",
};

static int open_shape(int shape) {
  int fd;
  if (shape == 0) fd = memfd_create("test", 0);
  else {
    const char *path = shape == 1 ? "/tmp/gup_longterm_tmpfile" : "gup_longterm_local";
    fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    unlink(path);
  }
  ftruncate(fd, 4096);
  return fd;
}

int main(void) {
  static const char *shapes[] = { "memfd", "tmpfile", "local tmpfile" };
  static const int tmpfs[] = { 1, 1, 0 };
  gup_fd = open("/sys/kernel/debug/gup_test", O_RDWR);
  printf("TAP version 13\n1..30\n");
  for (int t = 0; t < 10; t++) {
    for (int s = 0; s < 3; s++) {
      printf("# [RUN] %s ... with %s\n", names[t], shapes[s]);
      int fd = open_shape(s);
      enum test_type type = t == 8 || t == 9 ? IOURING : (enum test_type)(t % 4);
      do_test(fd, tmpfs[s], type, t < 4 || t == 8);
      close(fd);
    }
  }
  printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", nr_pass, nr_fail, nr_skip);
  return nr_fail ? 1 : 0;
}
