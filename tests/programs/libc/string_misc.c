/* strxfrm in the C locale and ffs/ffsl/ffsll. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <strings.h>

int main(void) {
  char buf[16];
  for (int n = 0; n <= 8; n++) {
    memset(buf, '#', sizeof buf);
    buf[15] = 0;
    size_t r = strxfrm(buf, "hello", n);
    printf("strxfrm n=%d: %zu [%s]\n", n, r, buf);
  }
  printf("strxfrm NULL dest: %zu\n", strxfrm(NULL, "abc", 0));
  int vs[] = {0, 1, 2, 3, 8, 0x80000000, -1, 0x100};
  for (int i = 0; i < 8; i++) printf("ffs(%d) = %d\n", vs[i], ffs(vs[i]));
  printf("ffsl: %d %d %d\n", ffsl(0L), ffsl(1L << 40), ffsl(-1L));
  printf("ffsll: %d %d\n", ffsll(1LL << 63), ffsll(0x30LL));
  return 0;
}
