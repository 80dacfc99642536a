/* Registering fixed buffers that live in file mappings (kernel-semantics.md §3 "io_uring fixed
 * buffer on such a file", §4c; userspace-api.md §3.2 item 4):
 * - 6.5+ ("io_uring: rsrc: delegate VMA file-backed check to GUP"): GUP refuses a writable
 *   long-term pin of a MAP_SHARED file that needs dirty tracking (ext4 here) with EFAULT; a
 *   MAP_PRIVATE file mapping registers (its pages are COWed to anon); shmem always works.
 * - Before 6.5 io_uring checked the VMAs itself: any vm_file but hugetlbfs is EOPNOTSUPP,
 *   MAP_PRIVATE included; from 5.14 (40dad765c045 "io_uring: enable shmem/memfd memory
 *   registration") shmem — /dev/shm, memfd, MAP_SHARED|MAP_ANONYMOUS — is allowed
 *   (io_uring_register_file_backed.6.1.expected), before that it is EOPNOTSUPP as well
 *   (.5.10.expected). Private anonymous memory works everywhere io_uring exists (4.19: ENOSYS).
 * The local file is in the working directory: ext4 natively and in PinLab (/tmp would be
 * tmpfs in PinLab but ext4 natively, so it is not used). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <liburing.h>

static struct io_uring ring;

static void try(const char *what, char *p) {
  if (p == MAP_FAILED) { printf("%-36s mmap failed: %s\n", what, strerror(errno)); return; }
  memset(p, 'x', 4096);
  struct iovec iov = { p, 4096 };
  int ret = io_uring_register_buffers(&ring, &iov, 1);
  printf("%-36s %d%s%s\n", what, ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
  if (ret == 0) io_uring_unregister_buffers(&ring);
  munmap(p, 4096);
}

static int file_fd(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ftruncate(fd, 4096);
  unlink(path);
  return fd;
}

int main(void) {
  int ret = io_uring_queue_init(4, &ring, 0);
  printf("io_uring_queue_init %d%s%s\n", ret, ret < 0 ? " " : "", ret < 0 ? strerror(-ret) : "");
  if (ret < 0) return 0;
  int ext4 = file_fd("uring_local_file");
  int shm = file_fd("/dev/shm/uring_shm_file");
  int mfd = memfd_create("uring", 0);
  ftruncate(mfd, 4096);
  try("private anon", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  try("shared anon", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  try("local file MAP_SHARED", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ext4, 0));
  try("local file MAP_PRIVATE", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ext4, 0));
  try("/dev/shm file MAP_SHARED", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, shm, 0));
  try("/dev/shm file MAP_PRIVATE", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, shm, 0));
  try("memfd MAP_SHARED", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0));
  io_uring_queue_exit(&ring);
  return 0;
}
