/* initstate/setstate with every generator type, the state buffers' header words, switching
   back to the default table, and the reentrant random_r family on a struct random_data. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static void show(const char *what, int n) {
  printf("%s:", what);
  for (int i = 0; i < n; i++) printf(" %ld", random());
  printf("\n");
}

int main(void) {
  static char s8[8], s32[32], s64[64], s128[128], s256[300], tiny[7];
  show("default", 3);
  char *def = initstate(7, s8, sizeof s8);
  printf("initstate returned old state: %d\n", def != NULL);
  show("type0", 4);
  printf("s8 header %d word %d\n", ((int *)s8)[0], ((int *)s8)[1]);
  char *o8 = initstate(7, s32, sizeof s32);
  printf("old is s8: %d\n", o8 == s8);
  show("type1", 4);
  initstate(7, s64, sizeof s64);
  show("type2", 4);
  initstate(7, s128, sizeof s128);
  show("type3 seed 7", 4);
  srandom(7);
  show("srandom(7)", 2);
  initstate(7, s256, sizeof s256);
  show("type4", 4);
  errno = 0;
  char *bad = initstate(1, tiny, sizeof tiny);
  printf("tiny: %d errno %d\n", bad == NULL, errno);
  show("still type4", 2);
  char *o = setstate(s32);
  printf("setstate old is s256: %d, s32 header %d\n", o == s256, ((int *)s32)[0]);
  show("back to type1", 3);
  setstate(def);
  show("back to default", 3);
  srandom(1);
  show("default srandom(1)", 3);
  printf("headers: %d %d %d %d\n", ((int *)s32)[0], ((int *)s64)[0], ((int *)s128)[0], ((int *)s256)[0]);
  errno = 0;
  int hdr = ((int *)s64)[0];
  ((int *)s64)[0] = 7; /* type 2 with rear 1 */
  setstate(s64);
  show("hand-made header", 2);
  ((int *)s64)[0] = hdr;

  struct random_data rd;
  memset(&rd, 0, sizeof rd);
  static char rs[64];
  int r = initstate_r(99, rs, sizeof rs, &rd);
  int out[5];
  for (int i = 0; i < 5; i++) random_r(&rd, &out[i]);
  printf("random_r: %d | %d %d %d %d %d | type %d deg %d sep %d\n", r, out[0], out[1], out[2], out[3], out[4], rd.rand_type, rd.rand_deg, rd.rand_sep);
  srandom_r(5, &rd);
  random_r(&rd, &out[0]);
  printf("srandom_r: %d\n", out[0]);
  static char rs2[16];
  r = initstate_r(3, rs2, sizeof rs2, &rd);
  random_r(&rd, &out[0]);
  printf("type0_r: %d %d header-of-rs %d\n", r, out[0], ((int *)rs)[0]);
  r = setstate_r(rs, &rd);
  random_r(&rd, &out[0]);
  printf("setstate_r: %d %d\n", r, out[0]);
  errno = 0;
  r = initstate_r(3, rs2, 4, &rd);
  printf("initstate_r tiny: %d errno %d\n", r, errno);
  return 0;
}
