/*
 * fs-DAX on PinLab's /mnt/pmem (ext4 -o dax on a simulated pmem device) — absent on the native
 * machine, so the expectations are per version from the reference (kernel-semantics.md §2.9,
 * §3 "Longterm pin on fs-DAX", scenario 4e fs-DAX variant; userspace-api.md mmap errno):
 *  - read(), write() and a MAP_SHARED mapping see the same bytes (the page is the block);
 *  - MAP_SHARED_VALIDATE|MAP_SYNC: only DAX files (EOPNOTSUPP on ext4 without dax) from 4.15
 *    ("mm: introduce MAP_SHARED_VALIDATE"); before 4.15 the flag combination is EINVAL;
 *  - a long-term pin (gup_test PIN_LONGTERM_TEST_START, 6.1+) of a DAX page: EOPNOTSUPP
 *    (check_vma_flags, 4.15+); of a writable ext4 MAP_SHARED page: allowed at 6.1, EFAULT from
 *    6.5 (8ac268436e6d); gup_test itself exists from 5.11, its PIN_LONGTERM commands from 6.1.
 */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <gup_test.h>

static void longterm(int gup, void *addr, const char *what) {
  struct pin_longterm_test args;
  memset(&args, 0, sizeof args);
  args.addr = (unsigned long)addr;
  args.size = 4096;
  args.flags = PIN_LONGTERM_TEST_FLAG_USE_WRITE;
  if (ioctl(gup, PIN_LONGTERM_TEST_START, &args) == 0) {
    printf("long-term pin of %s: pinned\n", what);
    ioctl(gup, PIN_LONGTERM_TEST_STOP);
  } else {
    printf("long-term pin of %s: %s\n", what, strerror(errno));
  }
}

int main(void) {
  char buf[8192], c = 0;
  struct stat st;
  int fd = open("/mnt/pmem/pinlab_dax", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int ext = open("/root/pinlab_ext4", O_CREAT | O_RDWR | O_TRUNC, 0644);
  printf("opened: %d %d\n", fd >= 0, ext >= 0);
  memset(buf, 'A', sizeof buf);
  printf("write: %ld %ld\n", (long)write(fd, buf, sizeof buf), (long)write(ext, buf, sizeof buf));
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ext, 0);
  p[1] = 'b';
  pread(fd, &c, 1, 1);
  printf("store then read(): %c\n", c);
  pwrite(fd, "C", 1, 2);
  printf("write() then load: %c\n", p[2]);
  printf("fsync: %d\n", fsync(fd));

  void *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
  printf("MAP_SYNC on pmem: %s\n", s == MAP_FAILED ? strerror(errno) : "mapped");
  s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, ext, 0);
  printf("MAP_SYNC on ext4: %s\n", s == MAP_FAILED ? strerror(errno) : "mapped");

  int gup = open("/sys/kernel/debug/gup_test", O_RDWR);
  if (gup < 0) {
    printf("gup_test: %s\n", strerror(errno));
  } else {
    q[0] = 'x';
    longterm(gup, p, "pmem page");
    longterm(gup, q, "ext4 page");
    close(gup);
  }

  printf("ftruncate: %d\n", ftruncate(fd, 4096));
  fstat(fd, &st);
  printf("size after truncate: %ld, byte 1: %c\n", (long)st.st_size, p[1]);
  close(fd);
  close(ext);
  unlink("/mnt/pmem/pinlab_dax");
  unlink("/root/pinlab_ext4");
  return 0;
}
