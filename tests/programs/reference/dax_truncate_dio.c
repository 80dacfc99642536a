/* fs-DAX truncate under a short-term pin (kernel-semantics.md §2.9, scenario 4e fs-DAX variant):
 * a read(O_DIRECT) from an ext4 file uses a MAP_SHARED mapping of a /mnt/pmem file as its
 * buffer, so the block layer pins the DAX page — which IS the pmem block. While the I/O is in
 * flight the program truncates the DAX file and creates a second one.
 *  - from 4.19 (daxBreakLayouts: ext4_break_layouts / dax_layout_busy_page_range): ftruncate
 *    waits until the I/O is done; the new file gets a clean block (pmem_dax_truncate.6.18).
 *  - 4.5-4.18 (no supported version): the block is freed under the pin and handed to the next
 *    file, so the device's data lands in the other file — the corruption behind the 4.15
 *    long-term ban. PinLab models it (fs/dax.ts), but no supported version reaches it:
 *  - before 4.5 (daxGup, 3565fce3a659 "mm, x86: get_user_pages() for dax mappings") a DAX PTE
 *    has no struct page, so the direct read cannot take the page: EFAULT (4.4).
 * /mnt/pmem does not exist on the native machine: PinLab-only, expectations from the reference. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <time.h>
#include <sys/mman.h>

static int src;
static char *map;

static void *device(void *arg) {
  (void)arg;
  ssize_t n = pread(src, map, 4096, 0);
  if (n < 0) printf("device: read into the DAX page: %s\n", strerror(errno));
  else printf("device: read %ld bytes into the DAX page\n", (long)n);
  return NULL;
}

static long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int main(void) {
  char *buf = aligned_alloc(4096, 4096);
  memset(buf, 'D', 4096);
  int s = open("/root/dax_src.dat", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(s, buf, 4096);
  fsync(s);
  close(s);
  src = open("/root/dax_src.dat", O_RDONLY | O_DIRECT);

  int fd = open("/mnt/pmem/victim", O_CREAT | O_RDWR | O_TRUNC, 0644);
  memset(buf, 'v', 4096);
  write(fd, buf, 4096);
  map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  pthread_t t;
  pthread_create(&t, NULL, device, NULL);
  usleep(10); /* the device thread submits its I/O: the DAX page is pinned */
  munmap(map, 4096);
  long t0 = now_us();
  int r = ftruncate(fd, 0);
  long waited = now_us() - t0;
  printf("ftruncate: %d (%s)\n", r, waited >= 50 ? "waited for the I/O" : "did not wait");

  int other = open("/mnt/pmem/other", O_CREAT | O_RDWR | O_TRUNC, 0644);
  memset(buf, 'o', 4096);
  write(other, buf, 4096);
  pthread_join(t, NULL);
  char c[4];
  pread(other, c, 4, 0);
  printf("other file after the I/O: %.4s (%s)\n", c, c[0] == 'o' ? "intact" : "device data leaked into it");
  return 0;
}
