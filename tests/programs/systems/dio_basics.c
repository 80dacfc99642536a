/* O_DIRECT on ext4 (the working directory) and on tmpfs (/dev/shm): userspace-api.md §4 and
 * kernel-semantics.md 4d. File offset and length must be multiples of the 512-byte logical
 * block, else EINVAL; a read at EOF returns 0 and one across EOF is short; a read into memory
 * GUPs the buffer with FOLL_WRITE, so a PROT_READ buffer is EFAULT while a write from one is
 * fine. Direct I/O stays coherent with buffered I/O and with a MAP_SHARED mapping: the range is
 * written back first, and a direct write invalidates the cached pages (the mapping refaults
 * from the disk).
 * Per version:
 *  - buffer address: 6.18 ("block/iomap: simplify direct io validity check", Keith Busch) only
 *    wants each page-sized piece of the buffer to hold whole blocks, so buf+1 works; before, the
 *    address itself had to be 512-aligned (EINVAL) — dio_basics.6.6.expected, .6.1.expected.
 *  - tmpfs: O_DIRECT is EINVAL at open and at F_SETFL before 6.6 (e88e0d366f9c "tmpfs: trivial
 *    support for direct IO"); from 6.6 it is accepted and the I/O stays buffered (no alignment) —
 *    dio_basics.6.1.expected, .5.4.expected and .3.2.expected show the refusal.
 *  - 5.4 still has ext4 on fs/direct-io.c (iomap from 5.5): nothing in this program differs. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

#define SHOW(expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; printf("%-48s %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(e_) : ""); } while (0)

static char pattern(long i) { return 'a' + (i / 512) % 26; }

int main(void) {
  int b = open("dio.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char *init = malloc(8192);
  for (long i = 0; i < 8192; i++) init[i] = pattern(i);
  SHOW(write(b, init, 8192));

  int fd = open("dio.data", O_RDWR | O_DIRECT);
  printf("open O_DIRECT ok: %d, F_GETFL has O_DIRECT: %d\n", fd >= 0, (fcntl(fd, F_GETFL) & O_DIRECT) != 0);
  char *buf = NULL;
  SHOW(posix_memalign((void **)&buf, 4096, 3 * 4096));
  memset(buf, '.', 3 * 4096);

  /* aligned reads, a short read across EOF, a read at EOF, zero length */
  SHOW(pread(fd, buf, 4096, 0));
  printf("  matches the file: %d\n", memcmp(buf, init, 4096) == 0);
  SHOW(pread(fd, buf + 512, 512, 1024));
  printf("  buf[512] = %c\n", buf[512]);
  SHOW(pread(fd, buf, 8192, 4096));
  SHOW(pread(fd, buf, 4096, 8192));
  SHOW(pread(fd, buf, 0, 0));

  /* alignment */
  SHOW(pread(fd, buf, 100, 0));
  SHOW(pread(fd, buf, 512, 100));
  SHOW(pread(fd, buf + 1, 512, 0));
  SHOW(pread(fd, buf + 4095, 512, 0));
  SHOW(pwrite(fd, buf, 100, 0));
  SHOW(pread(fd, buf, 512, -512));

  /* bad buffers */
  char *none = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(none, 8192);
  SHOW(pread(fd, none, 4096, 0));
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW(pread(fd, ro, 4096, 0));
  SHOW(pwrite(fd, ro, 512, 7680));

  /* read() and write() at the file position */
  SHOW(lseek(fd, 512, SEEK_SET));
  SHOW(read(fd, buf, 1024));
  SHOW(lseek(fd, 0, SEEK_CUR));

  /* coherence with buffered I/O */
  SHOW(pwrite(b, "BUFFERED", 8, 0));
  SHOW(pread(fd, buf, 512, 0));
  printf("  direct read sees: %.8s\n", buf);
  memset(buf, 'D', 512);
  SHOW(pwrite(fd, buf, 512, 512));
  char small[9] = {0};
  SHOW(pread(b, small, 8, 512));
  printf("  buffered read sees: %s\n", small);

  /* coherence with a MAP_SHARED mapping of the same file */
  char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, b, 0);
  strcpy(map + 1024, "MAPPED");
  SHOW(pread(fd, buf, 512, 1024));
  printf("  direct read sees the store: %.6s\n", buf);
  memcpy(buf, "DIRECT", 6);
  SHOW(pwrite(fd, buf, 512, 1024));
  printf("  mapping sees the direct write: %.6s\n", map + 1024);

  /* writing past EOF grows the file */
  SHOW(pwrite(fd, buf, 512, 16384));
  SHOW(lseek(b, 0, SEEK_END));

  /* what cannot do O_DIRECT */
  SHOW(open("/proc/self/status", O_RDONLY | O_DIRECT));
  SHOW(open(".", O_RDONLY | O_DIRECT));

  /* tmpfs */
  int shm = open("/dev/shm/pinlab-dio", O_CREAT | O_RDWR | O_DIRECT, 0600);
  printf("tmpfs open O_DIRECT: %s\n", shm >= 0 ? "ok" : strerror(errno));
  if (shm >= 0) {
    SHOW(pwrite(shm, "unaligned", 9, 3));
    SHOW(pread(shm, small, 9, 3));
    close(shm);
  }
  int plain = open("/dev/shm/pinlab-dio", O_RDWR);
  SHOW(fcntl(plain, F_SETFL, O_DIRECT));
  close(plain);
  unlink("/dev/shm/pinlab-dio");
  unlink("dio.data");
  return 0;
}
