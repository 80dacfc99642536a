/*
 * gup_longterm.c's "R/W longterm GUP pin in MAP_SHARED file mapping" (kernel-semantics §5.2): a
 * writable long-term pin of a shared mapping of a file that needs dirty tracking (ext4, the root
 * file system here) is refused with EFAULT from 6.5 ("mm/gup: disallow FOLL_LONGTERM GUP-nonfast
 * writing to file-backed mappings", 8ac268436e6d); tmpfs files (/tmp) have no writeback and stay
 * pinnable; a read-only pin and a MAP_PRIVATE mapping are allowed everywhere. Before 6.5 all
 * succeed. (gup_test needs CONFIG_GUP_TEST, which this machine's native kernel lacks.)
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "gup_test.h"

static void try_pin(int gup, const char *path, int shared, int write) {
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
  ftruncate(fd, 4096);
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
  memset(p, 1, 4096);
  struct pin_longterm_test args = { .addr = (unsigned long)p, .size = 4096,
                                    .flags = write ? PIN_LONGTERM_TEST_FLAG_USE_WRITE : 0 };
  int r = ioctl(gup, PIN_LONGTERM_TEST_START, &args);
  printf("%-5s %-7s %-3s pin: %s\n", strncmp(path, "/tmp", 4) == 0 ? "tmpfs" : "ext4", shared ? "shared" : "private",
         write ? "R/W" : "R/O", r == 0 ? "ok" : strerror(errno));
  if (r == 0) ioctl(gup, PIN_LONGTERM_TEST_STOP);
  munmap(p, 4096);
  close(fd);
  unlink(path);
}

int main(void) {
  int gup = open("/sys/kernel/debug/gup_test", O_RDWR);
  if (gup < 0) { printf("open gup_test: %s\n", strerror(errno)); return 0; }
  try_pin(gup, "/root/pinned.dat", 1, 1);
  try_pin(gup, "/root/pinned.dat", 1, 0);
  try_pin(gup, "/root/pinned.dat", 0, 1);
  try_pin(gup, "/tmp/pinned.dat", 1, 1);
  return 0;
}
