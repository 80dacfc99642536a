/* strtok state across calls, strtok_r, strsep, strdup/strndup (through malloc). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char s[] = ",,alpha,,beta;gamma,;";
  char *t = strtok(s, ",;");
  while (t) {
    printf("tok [%s] at %ld\n", t, (long)(t - s));
    t = strtok(NULL, ",;");
  }
  printf("after end: %d\n", strtok(NULL, ",") == NULL);
  char e[] = ";;;";
  printf("only delims: %d\n", strtok(e, ";") == NULL);
  char u[] = "one two  three";
  printf("first: %s\n", strtok(u, " "));
  printf("change delim: %s\n", strtok(NULL, "e"));
  printf("rest: %s\n", strtok(NULL, ""));
  printf("end: %d\n", strtok(NULL, "") == NULL);

  char r1[] = "a=1&b=2&c", r2[] = "x y";
  char *p1, *p2;
  char *a = strtok_r(r1, "&", &p1);
  char *b = strtok_r(r2, " ", &p2);
  while (a || b) {
    printf("r: %s | %s\n", a ? a : "-", b ? b : "-");
    a = a ? strtok_r(NULL, "&", &p1) : NULL;
    b = b ? strtok_r(NULL, " ", &p2) : NULL;
  }

  char sp[] = "a,,b,";
  char *cur = sp, *f;
  while ((f = strsep(&cur, ",")) != NULL) printf("sep [%s] %s\n", f, cur ? "more" : "null");

  char *d = strdup("duplicate me");
  printf("strdup: %s %zu\n", d, strlen(d));
  d[0] = 'D';
  printf("independent: %s\n", d);
  char *nd = strndup("abcdef", 3);
  printf("strndup: %s %zu\n", nd, strlen(nd));
  char *nd2 = strndup("ab", 10);
  printf("strndup short: %s %zu\n", nd2, strlen(nd2));
  char *nd0 = strndup("ab", 0);
  printf("strndup 0: [%s]\n", nd0);
  char *e2 = strdup("");
  printf("strdup empty: [%s] %d\n", e2, e2 != NULL);
  free(d); free(nd); free(nd2); free(nd0); free(e2);
  return 0;
}
