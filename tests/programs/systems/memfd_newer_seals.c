/* The seals added after memfd_create: F_SEAL_FUTURE_WRITE (5.1, ab3948f58ff8 "mm/memfd: add an
 * F_SEAL_FUTURE_WRITE seal to memfd") stops new writes and new writable shared mappings while
 * letting existing ones be; MFD_NOEXEC_SEAL (6.3, "mm/memfd: add MFD_NOEXEC_SEAL and MFD_EXEC")
 * creates a memfd that is not executable and sealed so it never can be (F_SEAL_EXEC).
 * A kernel that predates a bit answers EINVAL: memfd_newer_seals.4.19.expected (neither) and
 * memfd_newer_seals.6.1.expected (FUTURE_WRITE only). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif

#define SHOW(expr) do { long r_ = (long)(expr); printf("%-56s %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

int main(void) {
  int fd = memfd_create("future", MFD_ALLOW_SEALING);
  SHOW(ftruncate(fd, 4096));
  char *old = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  SHOW(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
  SHOW(fcntl(fd, F_GET_SEALS));
  SHOW(write(fd, "x", 1));
  SHOW(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
  SHOW(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
  strcpy(old, "old mapping still writes");
  char buf[32] = {0};
  SHOW(pread(fd, buf, 24, 0));
  printf("read back: %s\n", buf);

  int nx = memfd_create("noexec", MFD_NOEXEC_SEAL);
  printf("noexec memfd ok: %d\n", nx >= 0);
  struct stat st;
  if (nx >= 0 && fstat(nx, &st) == 0) printf("mode: %o\n", st.st_mode & 0777);
  SHOW(fcntl(nx, F_GET_SEALS));
  SHOW(fchmod(nx, 0755));
  return 0;
}
