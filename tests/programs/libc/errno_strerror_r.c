/* strerror_r, GNU (char *) and POSIX (__xpg_strerror_r, what <string.h> maps strerror_r to
   without _GNU_SOURCE): truncation, return values, untouched buffers. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

int __xpg_strerror_r(int e, char *buf, size_t n);

int main(void) {
  char buf[64];
  int sizes[] = {0, 1, 5, 14, 15, 16, 64};
  for (int k = 0; k < 7; k++) {
    int n = sizes[k];
    memset(buf, '#', sizeof buf);
    buf[63] = 0;
    char *r = strerror_r(2, buf, n);
    printf("gnu e=2 n=%d: ret=%s buf_untouched=%d\n", n, r, buf[0] == '#');
    memset(buf, '#', sizeof buf);
    buf[63] = 0;
    r = strerror_r(1234, buf, n);
    printf("gnu e=1234 n=%d: ret_is_buf=%d buf=[%s]\n", n, r == buf, n ? buf : "-");
    memset(buf, '#', sizeof buf);
    buf[63] = 0;
    int x = __xpg_strerror_r(2, buf, n);
    printf("xpg e=2 n=%d: %d [%s]\n", n, x, buf);
    memset(buf, '#', sizeof buf);
    buf[63] = 0;
    x = __xpg_strerror_r(-7, buf, n);
    printf("xpg e=-7 n=%d: %d [%s]\n", n, x, buf);
  }
  return 0;
}
