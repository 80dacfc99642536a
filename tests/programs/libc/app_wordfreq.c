/* A small realistic program: word frequencies of a text with strtok_r, tolower, strdup, qsort
   (by count, then alphabetically with strcmp), bsearch on the sorted words, strtol on numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

struct word { char *w; int n; };

static int by_count(const void *a, const void *b) {
  const struct word *x = a, *y = b;
  if (x->n != y->n) return y->n - x->n;
  return strcmp(x->w, y->w);
}
static int by_name(const void *a, const void *b) {
  return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

static const char *text =
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
  "of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season "
  "of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair; "
  "1775 2 12 0x10 -3 we had everything before us, we had nothing before us.";

int main(void) {
  char *buf = strdup(text);
  struct word *ws = malloc(200 * sizeof *ws);
  int nw = 0;
  long numsum = 0;
  char *save;
  for (char *t = strtok_r(buf, " ,.;", &save); t; t = strtok_r(NULL, " ,.;", &save)) {
    char *end;
    long v = strtol(t, &end, 0);
    if (*end == 0 && end != t) { numsum += v; continue; }
    for (char *p = t; *p; p++) *p = (char)tolower((unsigned char)*p);
    int i;
    for (i = 0; i < nw; i++) if (strcmp(ws[i].w, t) == 0) break;
    if (i == nw) { ws[nw].w = strdup(t); ws[nw].n = 0; nw++; }
    ws[i].n++;
  }
  qsort(ws, nw, sizeof *ws, by_count);
  for (int i = 0; i < nw && i < 12; i++) printf("%-12s %d\n", ws[i].w, ws[i].n);
  printf("distinct %d, numbers sum %ld\n", nw, numsum);
  qsort(ws, nw, sizeof *ws, by_name);
  struct word key = { "season", 0 };
  struct word *f = bsearch(&key, ws, nw, sizeof *ws, by_name);
  printf("season: %d\n", f ? f->n : -1);
  key.w = "summer";
  printf("summer: %s\n", bsearch(&key, ws, nw, sizeof *ws, by_name) ? "found" : "absent");
  char up[64];
  strcpy(up, ws[0].w);
  for (char *p = up; *p; p++) *p = (char)toupper((unsigned char)*p);
  printf("first: %s last: %s\n", up, ws[nw - 1].w);
  return 0;
}
