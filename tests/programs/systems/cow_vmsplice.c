/*
 * Tests 1-6 of the cow.c selftest (tools/testing/selftests/mm/cow.c, kernel-semantics.md §5.1):
 * COW after fork() and the vmsplice() variants of CVE-2020-29374, on a base page, ksft-style
 * output. Natively differential: this machine's 6.18 passes all six. The full matrix (R/O pins
 * via gup_test, non-anon shapes) is tests/programs/reference/cow_matrix.c.
 * Per-version outcomes (derived from §3 / §5.1's historical expectations, UNVERIFIED):
 *  - 1, 2 pass everywhere.
 *  - 3, 4, 6 fail with mapcount-based COW reuse (E1-E3: 3.2, 4.4, 4.19, 5.4) and pass from 5.8
 *    (17839856fd58 forces a COW break in GUP; 5.9's 09854ba94c6a reuses by refcount).
 *  - 5 (vmsplice before fork, the child writes after the parent unmapped) still fails at 5.8
 *    (the child reuses the page by mapcount) and passes from 5.9 (refcount): 5.10+.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t pagesize = 4096;
static int gup_fd = -1;
static int nr_run, nr_pass, nr_fail, nr_skip;

static void result(int ok, const char *msg) {
  nr_run++;
  if (ok) nr_pass++;
  else nr_fail++;
  printf("%s %d %s\n", ok ? "ok" : "not ok", nr_run, msg);
}

/* Two one-byte channels: the child says it is ready, the parent says it is done. */
struct comm {
  int child_ready[2];
  int parent_ready[2];
};

static int comm_open(struct comm *c) {
  if (pipe(c->child_ready) < 0) return -1;
  if (pipe(c->parent_ready) < 0) {
    close(c->child_ready[0]);
    close(c->child_ready[1]);
    return -1;
  }
  return 0;
}

static void comm_close(struct comm *c) {
  close(c->child_ready[0]);
  close(c->child_ready[1]);
  close(c->parent_ready[0]);
  close(c->parent_ready[1]);
}

static void signal_byte(int fd) { write(fd, "0", 1); }

static int wait_byte(int fd) {
  char b;
  return read(fd, &b, 1) == 1 ? 0 : -1;
}

/* Reads exactly n bytes from a pipe (or fewer at end of file). */
static ssize_t read_all(int fd, char *buf, size_t n) {
  size_t total = 0;
  while (total < n) {
    ssize_t cur = read(fd, buf + total, n - total);
    if (cur < 0) return -1;
    if (cur == 0) break;
    total += cur;
  }
  return total;
}

/* ---- children -------------------------------------------------------------------------- */

/* The child keeps a private copy of what it sees, waits for the parent's write, compares. */
static int child_memcmp(char *mem, size_t size, struct comm *c) {
  char *old = malloc(size);
  memcpy(old, mem, size);
  signal_byte(c->child_ready[1]);
  wait_byte(c->parent_ready[0]);
  return memcmp(old, mem, size) ? 1 : 0;
}

/* The child vmsplices the page into a pipe (an R/O GUP reference), unmaps it, then reads the
 * pipe after the parent wrote: old contents = no leak. Exit 2: the set-up itself failed. */
static int child_vmsplice_memcmp(char *mem, size_t size, struct comm *c) {
  struct iovec iov = { mem, size };
  char *old = malloc(size), *now = malloc(size);
  int fds[2];
  memcpy(old, mem, size);
  if (pipe(fds) < 0) return 2;
  ssize_t moved = vmsplice(fds[1], &iov, 1, 0);
  if (moved <= 0) return 2;
  if (munmap(mem, size) < 0) return 2;
  signal_byte(c->child_ready[1]);
  wait_byte(c->parent_ready[0]);
  if (read_all(fds[0], now, moved) != moved) return 2;
  return memcmp(old, now, moved) ? 1 : 0;
}

/* ---- anon tests 1-6: fork and vmsplice -------------------------------------------------- */

static void cow_in_parent(char *mem, size_t size, int (*child)(char *, size_t, struct comm *), int do_mprotect) {
  struct comm c;
  int status;
  if (comm_open(&c)) {
    result(0, "pipe() failed");
    return;
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    result(0, "fork() failed");
    comm_close(&c);
    return;
  }
  if (pid == 0) exit(child(mem, size, &c));
  wait_byte(c.child_ready[0]);
  if (do_mprotect) {
    int r = mprotect(mem, size, PROT_READ);
    r |= mprotect(mem, size, PROT_READ | PROT_WRITE);
    if (r) {
      result(0, "mprotect() failed");
      signal_byte(c.parent_ready[1]);
      wait(&status);
      comm_close(&c);
      return;
    }
  }
  memset(mem, 0xff, size);
  signal_byte(c.parent_ready[1]);
  wait(&status);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 2) result(0, "set-up in the child failed");
  else result(WIFEXITED(status) && WEXITSTATUS(status) == 0, WIFEXITED(status) && WEXITSTATUS(status) == 0
              ? "No leak from parent into child" : "Leak from parent into child");
  comm_close(&c);
}

static void test_cow_in_parent(char *mem, size_t size) { cow_in_parent(mem, size, child_memcmp, 0); }
static void test_cow_in_parent_mprotect(char *mem, size_t size) { cow_in_parent(mem, size, child_memcmp, 1); }
static void test_vmsplice_in_child(char *mem, size_t size) { cow_in_parent(mem, size, child_vmsplice_memcmp, 0); }
static void test_vmsplice_in_child_mprotect(char *mem, size_t size) { cow_in_parent(mem, size, child_vmsplice_memcmp, 1); }

/* The parent vmsplices (before or after fork), unmaps after fork, the child writes; the pipe
 * must still hold the old contents. */
static void vmsplice_in_parent(char *mem, size_t size, int before_fork) {
  struct iovec iov = { mem, size };
  char *old = malloc(size), *now = malloc(size);
  struct comm c;
  int fds[2], status;
  ssize_t moved = 0;
  memcpy(old, mem, size);
  if (comm_open(&c)) {
    result(0, "pipe() failed");
    return;
  }
  if (pipe(fds) < 0) {
    result(0, "pipe() failed");
    comm_close(&c);
    return;
  }
  if (before_fork) {
    moved = vmsplice(fds[1], &iov, 1, 0);
    if (moved <= 0) {
      result(0, "vmsplice() failed");
      goto out;
    }
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    result(0, "fork() failed");
    goto out;
  }
  if (pid == 0) {
    signal_byte(c.child_ready[1]);
    wait_byte(c.parent_ready[0]);
    memset(mem, 0xff, size);
    exit(0);
  }
  if (!before_fork) {
    moved = vmsplice(fds[1], &iov, 1, 0);
    if (moved <= 0) {
      result(0, "vmsplice() failed");
      signal_byte(c.parent_ready[1]);
      wait(&status);
      goto out;
    }
  }
  wait_byte(c.child_ready[0]);
  if (munmap(mem, size) < 0) {
    result(0, "munmap() failed");
    signal_byte(c.parent_ready[1]);
    wait(&status);
    goto out;
  }
  signal_byte(c.parent_ready[1]);
  wait(&status);
  if (!WIFEXITED(status)) {
    result(0, "wait() failed");
    goto out;
  }
  if (read_all(fds[0], now, moved) != moved) {
    result(0, "read() failed");
    goto out;
  }
  result(!memcmp(old, now, moved), !memcmp(old, now, moved) ? "No leak from child into parent" : "Leak from child into parent");
out:
  close(fds[0]);
  close(fds[1]);
  comm_close(&c);
}

static void test_vmsplice_before_fork(char *mem, size_t size) { vmsplice_in_parent(mem, size, 1); }
static void test_vmsplice_after_fork(char *mem, size_t size) { vmsplice_in_parent(mem, size, 0); }

struct anon_test {
  const char *desc;
  void (*fn)(char *mem, size_t size);
};

static const struct anon_test anon_tests[] = {
  { "Basic COW after fork()", test_cow_in_parent },
  { "Basic COW after fork() with mprotect() optimization", test_cow_in_parent_mprotect },
  { "vmsplice() + unmap in child", test_vmsplice_in_child },
  { "vmsplice() + unmap in child with mprotect() optimization", test_vmsplice_in_child_mprotect },
  { "vmsplice() before fork(), unmap in parent after fork()", test_vmsplice_before_fork },
  { "vmsplice() + unmap in parent after fork()", test_vmsplice_after_fork },
};
#define NR_ANON_TESTS (sizeof(anon_tests) / sizeof(anon_tests[0]))

static void run_with_base_page(const struct anon_test *t) {
  printf("# [RUN] %s ... with base page\n", t->desc);
  char *mem = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    result(0, "mmap() failed");
    return;
  }
  madvise(mem, pagesize, MADV_NOHUGEPAGE);
  for (size_t i = 0; i < pagesize; i++) mem[i] = (char)(i * 7 + 1);
  t->fn(mem, pagesize);
  munmap(mem, pagesize);
}

int main(void) {
  printf("TAP version 13\n");
  printf("1..%d\n", (int)NR_ANON_TESTS);
  printf("# [INFO] tests 1-6 of cow.c on a base page only (no THP, swap or hugetlb shapes here)\n");
  for (size_t i = 0; i < NR_ANON_TESTS; i++) run_with_base_page(&anon_tests[i]);
  printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", nr_pass, nr_fail, nr_skip);
  return nr_fail ? 1 : 0;
}
