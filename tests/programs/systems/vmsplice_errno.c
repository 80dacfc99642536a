/* vmsplice(2) argument handling and pipe capacity (userspace-api.md §3.4; fs/splice.c).
 * At 6.18 (native): a regular file or a bad fd is EBADF, more than IOV_MAX segments EINVAL, an
 * unmapped iovec array or buffer EFAULT, unknown flags EINVAL, a length negative as ssize_t
 * EINVAL; a PROT_READ page can be spliced; a full pipe (16 buffers, F_GETPIPE_SZ 65536) is
 * EAGAIN with SPLICE_F_NONBLOCK; a zero-length iovec is skipped; from the read end the data is
 * copied out. Before the iov_iter rework (version.ts vmspliceIovIter, 4.10, exact release
 * UNVERIFIED; read in 3.x/4.4 fs/splice.c): flags are not checked (0x100 accepted), a negative
 * length fails access_ok (EFAULT), and a zero-length iovec ends the walk (0 bytes), see
 * vmsplice_errno.4.4.expected and .3.2.expected; 4.19 behaves as 6.18. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char *what, ssize_t r) {
  if (r < 0) printf("%-44s -> -1 %s\n", what, strerror(errno));
  else printf("%-44s -> %zd\n", what, r);
}

int main(void) {
  char *buf = mmap(NULL, 20 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(buf, 'a', 20 * 4096);
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int p[2];
  pipe(p);
  int file = open("vmsplice.dat", O_CREAT | O_RDWR | O_TRUNC, 0644);
  struct iovec one = { buf, 100 };
  static struct iovec many[IOV_MAX + 1];
  for (int i = 0; i <= IOV_MAX; i++) { many[i].iov_base = buf; many[i].iov_len = 1; }

  printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
  show("regular file", vmsplice(file, &one, 1, 0));
  show("bad fd", vmsplice(1000, &one, 1, 0));
  show("IOV_MAX + 1 segments", vmsplice(p[1], many, IOV_MAX + 1, 0));
  show("iovec array at 0x1000", vmsplice(p[1], (struct iovec *)0x1000, 1, 0));
  struct iovec hole = { (void *)0x10000, 4096 };
  show("buffer at 0x10000", vmsplice(p[1], &hole, 1, 0));
  show("flags 0x100", vmsplice(p[1], &one, 1, 0x100));
  struct iovec neg = { buf, (size_t)-2 };
  show("length (size_t)-2", vmsplice(p[1], &neg, 1, 0));
  struct iovec zero_then[2] = { { buf, 0 }, { buf, 10 } };
  show("zero-length iovec, then 10 bytes", vmsplice(p[1], zero_then, 2, 0));
  struct iovec rov = { ro, 4096 };
  show("PROT_READ page", vmsplice(p[1], &rov, 1, 0));

  /* drain, then fill all 16 slots with page buffers */
  char out[8192];
  while (1) {
    struct iovec dst = { out, sizeof out };
    ssize_t r = vmsplice(p[0], &dst, 1, SPLICE_F_NONBLOCK);
    if (r <= 0) { show("drain with vmsplice from the read end", r); break; }
  }
  struct iovec all = { buf, 20 * 4096 };
  show("20 pages into an empty pipe", vmsplice(p[1], &all, 1, 0));
  show("one more, SPLICE_F_NONBLOCK", vmsplice(p[1], &one, 1, SPLICE_F_NONBLOCK));
  buf[0] = 'Z';
  struct iovec dst = { out, 3 };
  show("3 bytes out of the read end", vmsplice(p[0], &dst, 1, 0));
  printf("they read \"%.3s\" (the page as it is now)\n", out);
  unlink("vmsplice.dat");
  return 0;
}
