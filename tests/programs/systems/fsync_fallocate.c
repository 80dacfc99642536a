/*
 * fsync/fdatasync/syncfs/sync and fallocate(2) on an ext4 file (the working directory) and a
 * tmpfs file (/dev/shm): return values, st_size/st_blocks after allocation and hole punching,
 * what a punched or truncated range reads back, and the errno table of vfs_fallocate
 * (fs/open.c: EINVAL, EOPNOTSUPP, EBADF, ESPIPE, ENODEV) and of fsync (EBADF, EINVAL).
 * Reference: kernel-semantics.md §2.9 (hole punch drops the cached pages of the range).
 * Per version: before "fs: sort out the fallocate mode mess" (feature fallocateModeSwitch,
 * ≈6.12) PUNCH_HOLE|ZERO_RANGE is EINVAL instead of EOPNOTSUPP (fsync_fallocate.6.6.expected,
 * .4.4.expected); at 3.2 ZERO_RANGE is an unknown bit (3.15, fallocZeroCollapseRange) — EOPNOTSUPP
 * again — and tmpfs has no fallocate at all before 3.5 (shmemFallocate: EOPNOTSUPP, nothing
 * punched or allocated; fsync_fallocate.3.2.expected).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define SHOW(expr) do { long r_ = (long)(expr); if (r_ < 0) printf("%-52s -1 %s\n", #expr, strerror(errno)); else printf("%-52s %ld\n", #expr, r_); } while (0)

static void st(int fd, const char *what) {
  struct stat s;
  fstat(fd, &s);
  printf("%-20s size=%ld blocks=%ld\n", what, (long)s.st_size, (long)s.st_blocks);
}

static int byte_at(int fd, long off) {
  unsigned char c = 0xee;
  if (pread(fd, &c, 1, off) != 1) return -1;
  return c;
}

int main(void) {
  char buf[8192];
  int p[2];
  unlink("pinlab_falloc.dat");
  int fd = open("pinlab_falloc.dat", O_CREAT | O_RDWR | O_EXCL, 0644);
  printf("opened: %d\n", fd >= 0);
  memset(buf, 'A', sizeof buf);
  SHOW(write(fd, buf, 10));
  st(fd, "after 10 bytes");
  SHOW(fsync(fd));
  SHOW(fdatasync(fd));
  SHOW(syncfs(fd));
  sync();
  st(fd, "after fsync");

  /* allocate, keep-size allocate, punch */
  SHOW(fallocate(fd, 0, 0, 8192));
  st(fd, "fallocate 0..8192");
  SHOW(fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 8192));
  st(fd, "keep_size +8192");
  SHOW(pwrite(fd, buf, 8192, 0));
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
  st(fd, "punched page 0");
  printf("byte 0 after punch: %d, byte 4096: %c\n", byte_at(fd, 0), byte_at(fd, 4096));
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 5000, 100));
  printf("bytes 4999/5000/5099/5100: %c %d %d %c\n", byte_at(fd, 4999), byte_at(fd, 5000), byte_at(fd, 5099), byte_at(fd, 5100));
  SHOW(fsync(fd));
  printf("byte 5000 after fsync: %d\n", byte_at(fd, 5000));

  /* truncate into the middle of a page, re-extend: the tail reads zeros */
  SHOW(ftruncate(fd, 4100));
  SHOW(ftruncate(fd, 8192));
  printf("bytes 4099/4100/8191: %c %d %d\n", byte_at(fd, 4099), byte_at(fd, 4100), byte_at(fd, 8191));

  /* vfs_fallocate's errno table */
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096));
  SHOW(fallocate(fd, 0, 0, 0));
  SHOW(fallocate(fd, 0, -1, 4096));
  SHOW(fallocate(fd, 0x100, 0, 4096));
  SHOW(fallocate(-1, 0, 0, 4096));
  SHOW(posix_fallocate(fd, 0, 100));
  SHOW(posix_fallocate(fd, 0, 0));
  int ro = open("pinlab_falloc.dat", O_RDONLY);
  SHOW(fallocate(ro, 0, 0, 4096));
  SHOW(fsync(ro));
  close(ro);
  pipe(p);
  SHOW(fallocate(p[1], 0, 0, 4096));
  SHOW(fallocate(p[0], 0, 0, 4096));
  SHOW(fsync(p[0]));
  close(p[0]);
  close(p[1]);
  int dn = open("/dev/null", O_WRONLY);
  SHOW(fallocate(dn, 0, 0, 4096));
  SHOW(fsync(dn));
  close(dn);
  int dir = open(".", O_RDONLY);
  SHOW(fsync(dir));
  SHOW(fallocate(dir, 0, 0, 4096));
  close(dir);
  SHOW(fsync(-1));
  SHOW(fdatasync(12345));
  SHOW(close(fd));
  SHOW(unlink("pinlab_falloc.dat"));

  /* tmpfs: punch hole works, fsync is a no-op success, unsupported modes */
  int sh = open("/dev/shm/pinlab_falloc_shm", O_CREAT | O_RDWR | O_TRUNC, 0600);
  SHOW(pwrite(sh, buf, 8192, 0));
  SHOW(fallocate(sh, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
  printf("shm byte 0/4096: %d %c\n", byte_at(sh, 0), byte_at(sh, 4096));
  SHOW(fallocate(sh, FALLOC_FL_ZERO_RANGE, 0, 4096));
  SHOW(fallocate(sh, 0, 0, 16384));
  st(sh, "shm after alloc");
  SHOW(fsync(sh));
  close(sh);
  unlink("/dev/shm/pinlab_falloc_shm");
  return 0;
}
