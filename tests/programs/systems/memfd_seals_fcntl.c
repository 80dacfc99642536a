/* memfd_create and seals (mm/memfd.c): writes, growth and writable shared mappings are refused once
 * sealed, F_SEAL_WRITE is EBUSY while a writable shared mapping exists, and a memfd without
 * MFD_ALLOW_SEALING is born sealed (F_SEAL_SEAL). Also fcntl's descriptor and status flags.
 * Before 3.17 ("shm: add memfd_create() syscall") memfd_create is ENOSYS and F_*_SEALS are EINVAL:
 * memfd_seals_fcntl.3.2.expected. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

#define SHOW(expr) do { long r_ = (long)(expr); printf("%-48s %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

int main(void) {
  int fd = memfd_create("pinlab", MFD_ALLOW_SEALING | MFD_CLOEXEC);
  printf("memfd ok: %d\n", fd >= 0);
  SHOW(fcntl(fd, F_GETFD) & FD_CLOEXEC);
  SHOW(write(fd, "hello", 5));
  SHOW(ftruncate(fd, 4096));
  SHOW(fcntl(fd, F_GET_SEALS));
  char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) printf("shared map failed: %s\n", strerror(errno));
  else printf("shared map sees: %.5s\n", map);
  SHOW(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
  munmap(map, 4096);
  SHOW(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE));
  SHOW(fcntl(fd, F_GET_SEALS));
  SHOW(write(fd, "x", 1));
  SHOW(ftruncate(fd, 100));
  SHOW(ftruncate(fd, 8192));
  SHOW(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
  SHOW(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
  SHOW(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
  SHOW(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
  int plain = memfd_create("unsealable", 0);
  SHOW(fcntl(plain, F_GET_SEALS));
  SHOW(fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE));
  SHOW(memfd_create("bad flags", 0x100));
  SHOW(fcntl(1, F_GET_SEALS));
  int dup = fcntl(plain, F_DUPFD, 10);
  SHOW(dup >= 10);
  SHOW(fcntl(plain, F_GETFL) & O_ACCMODE);
  SHOW(fcntl(plain, F_SETFL, O_APPEND));
  SHOW((fcntl(plain, F_GETFL) & O_APPEND) != 0);
  SHOW(fcntl(999, F_GETFD));
  return 0;
}
