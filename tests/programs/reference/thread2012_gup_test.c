/*
 * The snippet from the 2012 linux-mm thread (Roland Dreier, 2012-02-09): malloc 16 pages,
 * register them read-only, then `buf[0] = 2012` — with the gup_test interface standing in for
 * the NIC: PIN_LONGTERM_TEST_START without USE_WRITE is the read-only long-term pin a
 * REMOTE_READ-only registration asks of a modern kernel (kernel-semantics §4a, §5.3).
 *
 * What the pin holder sees (PIN_LONGTERM_TEST_READ), for pages malloc never wrote (the pin
 * starts at the first whole page after malloc's chunk header, as ib_umem_get's page rounding
 * would): such pages are still the shared zero page when the pin is taken.
 *  - 6.1 pins the zero page; `buf[…] = 2012` then COWs the process away from it: the pin holder
 *    keeps reading zeroes (stale), the bug the 2012 thread argued about;
 *  - 6.2+ unshares at pin time ("mm/gup: reliable R/O long-term pinning in COW mappings",
 *    84209e87c696): the pin holds a private page the process keeps writing (fresh);
 *  - before 5.11 there is no /sys/kernel/debug/gup_test (it was gup_benchmark then).
 * Expected outputs per version are in thread2012_gup_test.<version>.expected (this machine's
 * native kernel has no CONFIG_GUP_TEST, so there is no native run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "gup_test.h"

#define PAGES 16
#define PAGE 4096

int main(void) {
  char *buf = malloc(PAGES * PAGE);
  int fd = open("/sys/kernel/debug/gup_test", O_RDWR);
  if (fd < 0) {
    printf("open gup_test: %s\n", strerror(errno));
    return 0;
  }
  /* The pin covers the page-aligned part of the buffer, as ib_umem_get rounds the range. */
  unsigned long start = ((unsigned long)buf + PAGE - 1) & ~(unsigned long)(PAGE - 1);
  struct pin_longterm_test args = { .addr = start, .size = (PAGES - 1) * PAGE, .flags = 0 };
  if (ioctl(fd, PIN_LONGTERM_TEST_START, &args)) {
    printf("PIN_LONGTERM_TEST_START: %s\n", strerror(errno));
    return 0;
  }
  char *first = (char *)start;           /* the first whole page: malloc never wrote it */
  *(int *)first = 2012;
  *(int *)(first + 5 * PAGE) = 2012;

  char *seen = malloc((PAGES - 1) * PAGE);
  unsigned long dst = (unsigned long)seen;
  if (ioctl(fd, PIN_LONGTERM_TEST_READ, &dst)) {
    printf("PIN_LONGTERM_TEST_READ: %s\n", strerror(errno));
    return 0;
  }
  printf("process sees:  %d %d\n", *(int *)first, *(int *)(first + 5 * PAGE));
  printf("pin holder sees: %d %d\n", *(int *)seen, *(int *)(seen + 5 * PAGE));
  ioctl(fd, PIN_LONGTERM_TEST_STOP);
  close(fd);
  return 0;
}
