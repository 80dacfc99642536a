/* dirname and POSIX basename (<libgen.h>) on the classic table of paths, GNU basename
   (<string.h>), swab and memfrob. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libgen.h>

static const char *paths[] = {"/usr/lib", "/usr/", "usr", "/", ".", "..", "", "//", "///", "//a", "a//", "a//b//", "/a/b/", "a/b", "///x///", 0};

int main(void) {
  char b1[64], b2[64];
  for (int i = 0; paths[i]; i++) {
    strcpy(b1, paths[i]);
    strcpy(b2, paths[i]);
    char *d = dirname(b1);
    char *b = basename(b2);
    printf("[%s] dirname=[%s] basename=[%s]\n", paths[i], d, b);
  }
  printf("dirname(NULL)=[%s] basename(NULL)=[%s]\n", dirname(NULL), basename(NULL));
#undef basename
  printf("GNU basename: [%s] [%s] [%s]\n", basename("/usr/lib"), basename("/usr/"), basename("plain"));
  char s[] = "abcdefg", t[8] = "-------";
  swab(s, t, 7);
  printf("swab: %s\n", t);
  swab(s, t, -4);
  printf("swab negative: %s\n", t);
  char f[] = "secret";
  memfrob(f, 6);
  printf("frob: %d %d\n", f[0], f[5]);
  memfrob(f, 6);
  printf("unfrob: %s\n", f);
  return 0;
}
