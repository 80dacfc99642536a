/* glibc's ctype tables as its macros use them: (*__ctype_b_loc())[c] & mask and the
   toupper/tolower tables, indexable from -128. */
#include <stdio.h>

extern const unsigned short **__ctype_b_loc(void);
extern const int **__ctype_toupper_loc(void);
extern const int **__ctype_tolower_loc(void);

int main(void) {
  const unsigned short *b = *__ctype_b_loc();
  const int *up = *__ctype_toupper_loc();
  const int *lo = *__ctype_tolower_loc();
  unsigned long h = 0;
  for (int c = -128; c < 256; c++) {
    h = h * 31 + b[c];
    h = h * 31 + (unsigned)up[c];
    h = h * 31 + (unsigned)lo[c];
    if (c % 16 == 0) printf("%d: %u %d %d\n", c, b[c], up[c], lo[c]);
  }
  printf("'a': %u 'Z': %u '5': %u ' ': %u '!': %u\n", b['a'], b['Z'], b['5'], b[' '], b['!']);
  printf("same: %d %d\n", __ctype_b_loc() == __ctype_b_loc(), *__ctype_b_loc() == b);
  printf("hash %lx\n", h);
  return 0;
}
