/* The io_uring rings are kernel memory the application maps from the ring descriptor
 * (userspace-api.md §3.1, kernel-semantics.md §4c): liburing maps IORING_OFF_SQ_RING (one mapping
 * for both rings since IORING_FEAT_SINGLE_MMAP, 5.4) and IORING_OFF_SQES, MAP_SHARED; /proc shows
 * them as anon_inode:[io_uring] at their offsets. An unknown offset or a size beyond the region
 * is EINVAL until 6.4 (.6.1.expected); from 6.4 io_uring_get_unmapped_area refuses them with
 * ENOMEM (.6.6.expected), and since the region rework (6.13, version.ts ioUringRegionMmap) a
 * mapping larger than the region succeeds with only the region's pages in it (observed 6.18).
 * read() and write() on the descriptor are EINVAL; the descriptor is close-on-exec.
 * A root process with RLIMIT_MEMLOCK at 64 KiB still registers 1 MiB: CAP_IPC_LOCK bypasses the
 * limit (observed 6.18, §3.2); VmPin shows the MiB from 5.9 (io_uring_ring_mmap.5.8.expected,
 * 5.10.expected).
 * 4.19 has no io_uring (.4.19.expected). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <liburing.h>

static long status_kb(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  size_t n = strlen(key);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0) { kb = strtol(line + n, NULL, 10); break; }
  if (f) fclose(f);
  return kb;
}

int main(void) {
  struct io_uring ring;
  int ret = io_uring_queue_init(4, &ring, 0);
  printf("io_uring_queue_init %d%s%s\n", ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
  if (ret < 0) return 0;
  printf("rings and SQ/CQ share one mapping: %s\n", ring.sq.ring_ptr == ring.cq.ring_ptr ? "yes" : "no");
  FILE *maps = fopen("/proc/self/maps", "r");
  char line[512];
  while (fgets(line, sizeof line, maps)) {
    if (!strstr(line, "anon_inode:[io_uring]")) continue;
    char perms[8], off[16];
    char *name = strrchr(line, ' ') + 1;
    {
      char *p = strchr(line, ' ') + 1;
      memcpy(perms, p, 4); perms[4] = 0;
      p = strchr(p, ' ') + 1;
      char *e = strchr(p, ' ');
      memcpy(off, p, e - p); off[e - p] = 0;
    }
    printf("mapping %s offset %s %s", perms, off, name);
  }
  fclose(maps);
  int fd = ring.ring_fd;
  printf("FD_CLOEXEC: %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
  void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0x40000000);
  printf("mmap offset 0x40000000: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_SQES);
  printf("mmap 1 MiB of the 1-page SQE array: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  char c;
  ssize_t n = read(fd, &c, 1);
  printf("read(ring fd): %zd %s\n", n, strerror(errno));
  n = write(fd, &c, 1);
  printf("write(ring fd): %zd %s\n", n, strerror(errno));

  struct rlimit rl = { 64 << 10, 64 << 10 };
  setrlimit(RLIMIT_MEMLOCK, &rl);
  char *big = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct iovec iov = { big, 1 << 20 };
  ret = io_uring_register_buffers(&ring, &iov, 1);
  printf("root, RLIMIT_MEMLOCK 64 KiB, register 1 MiB: %d\n", ret);
  printf("VmPin %ld kB\n", status_kb("VmPin:"));
  io_uring_unregister_buffers(&ring);
  io_uring_queue_exit(&ring);
  return 0;
}
