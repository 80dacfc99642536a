/*
 * Hostile lengths and offsets on the file and memory syscalls (userspace-api errno tables;
 * fs/read_write.c, mm/mmap.c, mm/mprotect.c, mm/madvise.c, mm/mlock.c). Each line prints the
 * return value and the errno NAME. The file is in the working directory (ext4 natively and in
 * PinLab). Lengths are size_t: (size_t)-1 is huge, never negative.
 *  - read/write/pread/pwrite: a buffer range that leaves the user address space (SIZE_MAX, or
 *    2^40 from a high mapping) → EFAULT from access_ok() before any byte moves; a buffer in a
 *    hole → EFAULT; a negative pread/pwrite position → EINVAL; pread far past the end → 0; a
 *    count of 0 → 0 even with a bad buffer.
 *  - lseek: a negative result, an unknown whence, a SEEK_CUR overflow, or beyond ext4's
 *    s_maxbytes (2^62) → EINVAL; 2^40 is allowed.
 *  - mmap: a length that PAGE_ALIGN wraps to 0 (SIZE_MAX, SIZE_MAX - 4095) → ENOMEM, as does 2^47;
 *    an unaligned offset → EINVAL. munmap past TASK_SIZE → EINVAL. mprotect SIZE_MAX → ENOMEM
 *    (end <= start after the wrap); madvise SIZE_MAX → EINVAL (len_in && !len); mlock/munlock
 *    SIZE_MAX → 0 (the aligned length wraps to 0: an empty range). Ranges with a hole → ENOMEM.
 *    Everything stays inside a reserved region: MADV_DONTNEED over a huge range would zap the
 *    stack (madvise applies to the mapped parts and reports ENOMEM only at the end).
 *  - ioctl on /proc/self/mem or a regular file → ENOTTY, a bad fd → EBADF; mmap of pagemap or
 *    mem → ENODEV (no ->mmap); mmap of a file at offset 2^62 → mapped (beyond EOF is allowed),
 *    at offset -4096 → EOVERFLOW since 4.17 ("mmap: introduce sane default mmap limits":
 *    file_mmap_ok) — mapped at 3.2 and 4.4 (hostile_syscalls.{3.2,4.4}.expected); an anonymous
 *    mapping ignores the offset; an unaligned offset → EINVAL. ftruncate -1 → EINVAL, 2^62 →
 *    EFBIG. mremap: a new length of SIZE_MAX (wraps to 0) or 0, an unaligned address → EINVAL.
 *    msync: SIZE_MAX → 0 (the aligned length wraps to 0), unaligned, unknown flags,
 *    MS_SYNC|MS_ASYNC → EINVAL, a hole → ENOMEM. mincore: SIZE_MAX → ENOMEM (access_ok of the
 *    range), a vector at a bad address → EFAULT, unaligned → EINVAL, a hole → ENOMEM.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/ioctl.h>

static const char *ename(int e) {
  switch (e) {
  case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT";
  case EIO: return "EIO";
  case ENOMEM: return "ENOMEM";
  case EBADF: return "EBADF";
  case EPERM: return "EPERM";
  case EAGAIN: return "EAGAIN";
  case ESPIPE: return "ESPIPE";
  case EOVERFLOW: return "EOVERFLOW";
  case EFBIG: return "EFBIG";
  case ENOTTY: return "ENOTTY";
  case ENODEV: return "ENODEV";
  default: return "other";
  }
}

static void show(const char *what, long r) {
  if (r < 0) printf("%-44s %ld %s\n", what, r, ename(errno));
  else printf("%-44s %ld\n", what, r);
}

static void showp(const char *what, void *p) {
  if (p == MAP_FAILED) printf("%-44s MAP_FAILED %s\n", what, ename(errno));
  else printf("%-44s mapped\n", what);
}

/** mmap that unmaps what it got (the length is only known to be small when it succeeded) */
static void showm(const char *what, void *p, size_t len) {
  showp(what, p);
  if (p != MAP_FAILED) munmap(p, len);
}

int main(void) {
  const char *name = "hostile.dat";
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
  /* a reserved region: a read-write page, a hole, then PROT_NONE pages up to 16 */
  char *page = mmap(0, 16 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(page, 4096, PROT_READ | PROT_WRITE);
  munmap(page + 4096, 4096);
  char *hole = page + 4096;
  memset(page, 'x', 4096);

  errno = 0; show("write 100 bytes", write(fd, page, 100));
  errno = 0; show("write count SIZE_MAX, page then hole", write(fd, page, SIZE_MAX));
  errno = 0; show("write count 2^40, page then hole", write(fd, page + 2048, (size_t)1 << 40));
  errno = 0; show("write from a hole", write(fd, hole, 16));
  errno = 0; show("pwrite offset -1", pwrite(fd, page, 1, -1));
  errno = 0; show("pread offset -1", pread(fd, page, 1, -1));
  errno = 0; show("pread count SIZE_MAX at 0", pread(fd, page, SIZE_MAX, 0));
  errno = 0; show("pread far past the end", pread(fd, page, 16, (off_t)1 << 40));
  errno = 0; show("pread into a hole", pread(fd, hole, 16, 0));
  errno = 0; show("read count 0 into a hole", read(fd, hole, 0));

  errno = 0; show("lseek -1 SEEK_SET", lseek(fd, -1, SEEK_SET));
  errno = 0; show("lseek 0 whence 99", lseek(fd, 0, 99));
  errno = 0; show("lseek 2^40 SEEK_SET", lseek(fd, (off_t)1 << 40, SEEK_SET));
  errno = 0; show("lseek 2^62 SEEK_SET", lseek(fd, (off_t)1 << 62, SEEK_SET));
  errno = 0; show("lseek 5 SEEK_SET", lseek(fd, 5, SEEK_SET));
  errno = 0; show("lseek INT64_MAX SEEK_CUR", lseek(fd, INT64_MAX, SEEK_CUR));
  errno = 0; show("lseek -10 SEEK_END", lseek(fd, -10, SEEK_END));
  errno = 0; show("lseek -100000 SEEK_END", lseek(fd, -100000, SEEK_END));
  int v = 0;
  int mem = open("/proc/self/mem", O_RDWR);
  int pm = open("/proc/self/pagemap", O_RDONLY);
  errno = 0; show("ioctl /proc/self/mem", ioctl(mem, 0x5401, &v));
  errno = 0; show("ioctl regular file, unknown cmd", ioctl(fd, 0x1234, &v));
  errno = 0; show("ioctl bad fd", ioctl(999, 0x1234, &v));
  errno = 0; showm("mmap /proc/self/pagemap", mmap(0, 4096, PROT_READ, MAP_PRIVATE, pm, 0), 4096);
  errno = 0; showm("mmap /proc/self/mem", mmap(0, 4096, PROT_READ, MAP_SHARED, mem, 0), 4096);
  errno = 0; showm("mmap file offset 2^62", mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, (off_t)1 << 62), 4096);
  errno = 0; showm("mmap file offset -4096", mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, -4096), 4096);
  errno = 0; showm("mmap anon offset -4096, 2 pages", mmap(0, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, -4096), 8192);
  errno = 0; showm("mmap file offset 1", mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 1), 4096);
  close(mem);
  close(pm);
  errno = 0; show("ftruncate -1", ftruncate(fd, -1));
  errno = 0; show("ftruncate 2^62", ftruncate(fd, (off_t)1 << 62));
  close(fd);
  unlink(name);

  errno = 0; showp("mremap to SIZE_MAX", mremap(page, 4096, SIZE_MAX, MREMAP_MAYMOVE));
  errno = 0; showp("mremap new length 0", mremap(page, 4096, 0, MREMAP_MAYMOVE));
  errno = 0; showp("mremap unaligned", mremap(page + 1, 4096, 8192, MREMAP_MAYMOVE));
  errno = 0; show("msync SIZE_MAX", msync(page, SIZE_MAX, MS_SYNC));
  errno = 0; show("msync unaligned", msync(page + 1, 4096, MS_SYNC));
  errno = 0; show("msync unknown flags", msync(page, 4096, 0xff));
  errno = 0; show("msync MS_SYNC|MS_ASYNC", msync(page, 4096, MS_SYNC | MS_ASYNC));
  errno = 0; show("msync page + hole", msync(page, 8192, MS_SYNC));
  unsigned char vec[4] = { 9, 9, 9, 9 };
  errno = 0; show("mincore one page", mincore(page, 4096, vec));
  printf("%-44s %d %d\n", "  vec", vec[0], vec[1]);
  errno = 0; show("mincore SIZE_MAX", mincore(page, SIZE_MAX, vec));
  errno = 0; show("mincore vector at address 8", mincore(page, 4096, (unsigned char *)8));
  errno = 0; show("mincore vector in a hole", mincore(page, 4096, (unsigned char *)hole));
  errno = 0; show("mincore unaligned", mincore(page + 1, 4096, vec));
  errno = 0; show("mincore page + hole", mincore(page, 8192, vec));

  errno = 0; showp("mmap SIZE_MAX", mmap(0, SIZE_MAX, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  errno = 0; showp("mmap 2^47", mmap(0, (size_t)1 << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  errno = 0; showp("mmap SIZE_MAX - 4095", mmap(0, SIZE_MAX - 4095, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  errno = 0; showp("mmap offset not page aligned", mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1));
  errno = 0; show("munmap SIZE_MAX", munmap(page, SIZE_MAX));
  errno = 0; show("munmap 2^47 from page", munmap(page, (size_t)1 << 47));
  errno = 0; show("mprotect SIZE_MAX", mprotect(page, SIZE_MAX, PROT_READ));
  errno = 0; show("mprotect page + hole", mprotect(page, 8192, PROT_READ));
  errno = 0; show("mprotect hole + rest", mprotect(hole, 15 * 4096, PROT_READ));
  errno = 0; show("madvise SIZE_MAX", madvise(page, SIZE_MAX, MADV_DONTNEED));
  errno = 0; show("madvise page + hole", madvise(page, 8192, MADV_DONTNEED));
  errno = 0; show("madvise hole + rest", madvise(hole, 15 * 4096, MADV_DONTNEED));
  errno = 0; show("madvise length 0", madvise(page, 0, MADV_DONTNEED));
  errno = 0; show("mlock SIZE_MAX", mlock(page, SIZE_MAX));
  errno = 0; show("munlock SIZE_MAX", munlock(page, SIZE_MAX));
  return 0;
}
