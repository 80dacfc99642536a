/* Resource limits: RLIMIT_MEMLOCK defaults to 8 MiB since 5.16 ("mm: increase default MLOCK_LIMIT to 8 MiB"), 64 KiB
 * before (rlimit_defaults.5.10.expected); setrlimit refuses a soft limit above the hard one. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit r;
  getrlimit(RLIMIT_MEMLOCK, &r);
  printf("memlock soft=%llu hard=%llu\n", (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
  r.rlim_cur = r.rlim_max + 1;
  printf("soft above hard: %d %s\n", setrlimit(RLIMIT_MEMLOCK, &r), strerror(errno));
  r.rlim_cur = 4096;
  printf("lower soft: %d\n", setrlimit(RLIMIT_MEMLOCK, &r));
  getrlimit(RLIMIT_MEMLOCK, &r);
  printf("memlock soft=%llu\n", (unsigned long long)r.rlim_cur);
  printf("bad resource: %d %s\n", getrlimit(1000, &r), strerror(errno));
  return 0;
}
