/*
 * The cow.c selftest matrix (tools/testing/selftests/mm/cow.c, kernel-semantics.md §5.1) as a
 * PinLab program: our own code, same test names, ksft-style "ok N" / "not ok N" lines and a
 * "# Totals:" line. PinLab-only (reference folder): the R/O pin tests need
 * /sys/kernel/debug/gup_test (CONFIG_GUP_TEST), which this machine's native kernel lacks.
 * tests/programs/systems/cow_vmsplice.c runs tests 1-6 natively as well.
 *
 * Shapes: anon tests run on a base page only; swapped-out pages, THP (PMD, PTE-mapped, single
 * PTE, mremap'ed, partially shared), hugetlb, the huge zeropage and memfd hugetlb are not
 * modelled in PinLab and are not run (the program says so). Non-anon shapes: shared zeropage,
 * memfd, tmpfile() (tmpfs in PinLab).
 * Tests 7-8 (io_uring fixed buffers) are not in this build: their table entries belong between
 * the vmsplice tests and the R/O pin tests (see anon_tests[]), as in cow.c without liburing.
 *
 * Expected per version (cow_matrix.<ver>.expected), derived from §3 and §5.1's historical
 * expectations — UNVERIFIED, no kernel test logs were read:
 *  - 1, 2 (COW after fork in parent): pass everywhere.
 *  - 3, 4, 6 (vmsplice + unmap in child / in parent after fork): fail with mapcount reuse
 *    (E1-E3: 3.2, 4.4, 4.19, 5.4), pass from 5.8 (E4's forced COW break in GUP; then E5's
 *    refcount rule).
 *  - 5 (vmsplice before fork, parent unmaps, child writes): fails through 5.8 (the child reuses
 *    by mapcount; E4's forced COW happened before fork, on an exclusive page), passes from 5.9
 *    (refcount rule): 5.10+.
 *  - R/O pin tests (anon 9-14, non-anon pins): need the gup_test file (5.11+) and its
 *    PIN_LONGTERM_TEST commands (6.1 in version.ts) -> "gup_test not available" SKIP at 3.2-5.10.
 *    6.1 (E6): anon pins pass (FAULT_FLAG_UNSHARE, PageAnonExclusive); non-anon R/O pins fail
 *    (5.19-6.1 do not unshare the zero page / page cache in a COW mapping); 6.6, 6.18 (6.2+
 *    "mm/gup: reliable R/O long-term pinning in COW mappings", 84209e87c696): all pass.
 *  - memfd at 3.2: memfd_create() is ENOSYS before 3.17 -> "memfd_create() failed".
 *  - "R/O-mapped exclusive page" calls clear_refs (soft-dirty); PinLab has no
 *    /proc/self/clear_refs, so the program notes that and goes on (5.19+ mprotect then maps the
 *    exclusive page writable at once; the pin is coherent either way).
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
#include "gup_test.h"

static size_t pagesize = 4096;
static int gup_fd = -1;
static int nr_run, nr_pass, nr_fail, nr_skip;

static void result(int ok, const char *msg) {
  nr_run++;
  if (ok) nr_pass++;
  else nr_fail++;
  printf("%s %d %s\n", ok ? "ok" : "not ok", nr_run, msg);
}

static void skip(const char *msg) {
  nr_run++;
  nr_skip++;
  printf("ok %d # SKIP %s\n", nr_run, msg);
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

/* ---- R/O long-term pins through gup_test -------------------------------------------------- */

enum ro_pin_case { RO_PIN, RO_PIN_SHARED, RO_PIN_PREVIOUSLY_SHARED, RO_PIN_RO_EXCLUSIVE };

/* cow.c's clear_softdirty(): "4" to /proc/self/clear_refs. Absent in PinLab: say so once. */
static void clear_softdirty(void) {
  static int told;
  int fd = open("/proc/self/clear_refs", O_WRONLY);
  if (fd < 0) {
    if (!told) printf("# [INFO] /proc/self/clear_refs: %s (soft-dirty clearing not available)\n", strerror(errno));
    told = 1;
    return;
  }
  write(fd, "4", 1);
  close(fd);
}

static void ro_pin(char *mem, size_t size, enum ro_pin_case which, int fast) {
  struct comm c;
  int status;
  if (gup_fd < 0) {
    skip("gup_test not available");
    return;
  }
  char *tmp = malloc(size);
  if (comm_open(&c)) {
    result(0, "pipe() failed");
    return;
  }
  if (which == RO_PIN_SHARED || which == RO_PIN_PREVIOUSLY_SHARED) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
      result(0, "fork() failed");
      comm_close(&c);
      return;
    }
    if (pid == 0) {
      signal_byte(c.child_ready[1]);
      wait_byte(c.parent_ready[0]);
      exit(0);
    }
    wait_byte(c.child_ready[0]);
    if (which == RO_PIN_PREVIOUSLY_SHARED) {
      signal_byte(c.parent_ready[1]);
      wait(&status);
    }
  } else if (which == RO_PIN_RO_EXCLUSIVE) {
    int r = mprotect(mem, size, PROT_READ);
    clear_softdirty();
    r |= mprotect(mem, size, PROT_READ | PROT_WRITE);
    if (r) {
      result(0, "mprotect() failed");
      comm_close(&c);
      return;
    }
  }
  struct pin_longterm_test args = { (unsigned long)mem, size, fast ? PIN_LONGTERM_TEST_FLAG_USE_FAST : 0 };
  if (ioctl(gup_fd, PIN_LONGTERM_TEST_START, &args)) {
    if (errno == EINVAL) skip("PIN_LONGTERM_TEST_START failed (EINVAL)");
    else result(0, "PIN_LONGTERM_TEST_START failed");
  } else {
    memset(mem, 0xff, size);
    __u64 where = (unsigned long)tmp;
    if (ioctl(gup_fd, PIN_LONGTERM_TEST_READ, &where)) result(0, "PIN_LONGTERM_TEST_READ failed");
    else result(!memcmp(mem, tmp, size), "Longterm R/O pin is reliable");
    if (ioctl(gup_fd, PIN_LONGTERM_TEST_STOP)) printf("# [INFO] PIN_LONGTERM_TEST_STOP failed\n");
  }
  if (which == RO_PIN_SHARED) {
    signal_byte(c.parent_ready[1]);
    wait(&status);
  }
  comm_close(&c);
}

static void test_ro_pin_on_shared(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_SHARED, 0); }
static void test_ro_fast_pin_on_shared(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_SHARED, 1); }
static void test_ro_pin_on_ro_previously_shared(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_PREVIOUSLY_SHARED, 0); }
static void test_ro_fast_pin_on_ro_previously_shared(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_PREVIOUSLY_SHARED, 1); }
static void test_ro_pin_on_ro_exclusive(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_RO_EXCLUSIVE, 0); }
static void test_ro_fast_pin_on_ro_exclusive(char *mem, size_t size) { ro_pin(mem, size, RO_PIN_RO_EXCLUSIVE, 1); }

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
  /* 7-8, io_uring fixed buffers, go here:
   * "R/O-mapping a page registered as iouring fixed buffer", "fork() with an iouring fixed buffer" */
  { "R/O GUP pin on R/O-mapped shared page", test_ro_pin_on_shared },
  { "R/O GUP-fast pin on R/O-mapped shared page", test_ro_fast_pin_on_shared },
  { "R/O GUP pin on R/O-mapped previously-shared page", test_ro_pin_on_ro_previously_shared },
  { "R/O GUP-fast pin on R/O-mapped previously-shared page", test_ro_fast_pin_on_ro_previously_shared },
  { "R/O GUP pin on R/O-mapped exclusive page", test_ro_pin_on_ro_exclusive },
  { "R/O GUP-fast pin on R/O-mapped exclusive page", test_ro_fast_pin_on_ro_exclusive },
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

/* ---- non-anon tests: private mappings of the zero page, a memfd, a tmpfile ---------------- */

static void test_cow(char *mem, const char *smem, size_t size) {
  char *old = malloc(size);
  memcpy(old, smem, size);
  memset(mem, 0xff, size);
  result(!memcmp(smem, old, size), "Other mapping not modified");
}

static void test_ro_pin(char *mem, const char *smem, size_t size) { ro_pin(mem, size, RO_PIN, 0); }
static void test_ro_fast_pin(char *mem, const char *smem, size_t size) { ro_pin(mem, size, RO_PIN, 1); }

static void run_with_zeropage(void (*fn)(char *, const char *, size_t), const char *desc) {
  printf("# [RUN] %s ... with shared zeropage\n", desc);
  char *mem = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *smem = mmap(NULL, pagesize, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED || smem == MAP_FAILED) {
    result(0, "mmap() failed");
    return;
  }
  volatile char c = mem[0] + smem[0]; /* read faults: both map the shared zero page */
  (void)c;
  fn(mem, smem, pagesize);
  munmap(mem, pagesize);
  munmap(smem, pagesize);
}

static void run_with_fd(void (*fn)(char *, const char *, size_t), int fd) {
  if (ftruncate(fd, pagesize)) {
    result(0, "ftruncate() failed");
    return;
  }
  char *mem = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  char *smem = mmap(NULL, pagesize, PROT_READ, MAP_SHARED, fd, 0);
  if (mem == MAP_FAILED || smem == MAP_FAILED) {
    result(0, "mmap() failed");
    return;
  }
  volatile char c = mem[0] + smem[0]; /* fault the page-cache page into both */
  (void)c;
  fn(mem, smem, pagesize);
  munmap(mem, pagesize);
  munmap(smem, pagesize);
}

static void run_with_memfd(void (*fn)(char *, const char *, size_t), const char *desc) {
  printf("# [RUN] %s ... with memfd\n", desc);
  int fd = memfd_create("test", 0);
  if (fd < 0) {
    result(0, "memfd_create() failed");
    return;
  }
  run_with_fd(fn, fd);
  close(fd);
}

static void run_with_tmpfile(void (*fn)(char *, const char *, size_t), const char *desc) {
  printf("# [RUN] %s ... with tmpfile\n", desc);
  FILE *f = tmpfile();
  if (!f) {
    result(0, "tmpfile() failed");
    return;
  }
  run_with_fd(fn, fileno(f));
  fclose(f);
}

struct non_anon_test {
  const char *desc;
  void (*fn)(char *mem, const char *smem, size_t size);
};

static const struct non_anon_test non_anon_tests[] = {
  { "Basic COW", test_cow },
  { "R/O longterm GUP pin", test_ro_pin },
  { "R/O longterm GUP-fast pin", test_ro_fast_pin },
};
#define NR_NON_ANON_TESTS (sizeof(non_anon_tests) / sizeof(non_anon_tests[0]))
#define NR_NON_ANON_SHAPES 3

int main(void) {
  printf("TAP version 13\n");
  printf("1..%d\n", (int)(NR_ANON_TESTS + NR_NON_ANON_TESTS * NR_NON_ANON_SHAPES));
  printf("# [INFO] shapes not modelled in PinLab, not run: swapped-out base page, THP (PMD, PTE-mapped, "
         "single PTE, mremap'ed, partially shared), hugetlb, huge zeropage, memfd hugetlb\n");
  gup_fd = open("/sys/kernel/debug/gup_test", O_RDWR);
  for (size_t i = 0; i < NR_ANON_TESTS; i++) run_with_base_page(&anon_tests[i]);
  for (size_t i = 0; i < NR_NON_ANON_TESTS; i++) {
    run_with_zeropage(non_anon_tests[i].fn, non_anon_tests[i].desc);
    run_with_memfd(non_anon_tests[i].fn, non_anon_tests[i].desc);
    run_with_tmpfile(non_anon_tests[i].fn, non_anon_tests[i].desc);
  }
  printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", nr_pass, nr_fail, nr_skip);
  return nr_fail ? 1 : 0;
}
