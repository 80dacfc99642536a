/* stdio on regular files: fopen modes, fprintf/fgets/fread/fwrite, fseek/ftell/rewind, feof/ferror. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

int main(void) {
  FILE *f = fopen("pinlab_stdio.txt", "w+");
  if (!f) { perror("fopen"); return 1; }
  for (int i = 1; i <= 3; i++) fprintf(f, "line %d of %d\n", i, 3);
  fwrite("tail", 1, 4, f);
  printf("ftell after writing: %ld\n", ftell(f));
  rewind(f);
  char buf[64];
  while (fgets(buf, sizeof buf, f)) printf("read: [%s]\n", strtok(buf, "\n"));
  printf("feof=%d ferror=%d\n", feof(f), ferror(f));
  fseek(f, 5, SEEK_SET);
  size_t n = fread(buf, 1, 6, f);
  buf[n] = 0;
  printf("fread %zu: %s\n", n, buf);
  fseek(f, -4, SEEK_END);
  int c = fgetc(f);
  printf("fgetc at end-4: %c, ftell %ld\n", c, ftell(f));
  fclose(f);
  f = fopen("pinlab_stdio.txt", "a");
  fputs("!\n", f);
  fclose(f);
  f = fopen("pinlab_stdio.txt", "r");
  fseek(f, -6, SEEK_END);
  fgets(buf, sizeof buf, f);
  printf("after append: %s", buf);
  printf("write to read-only stream: %d\n", fputs("x", f));
  fclose(f);
  FILE *missing = fopen("no/such/file", "r");
  printf("fopen missing: %p %s\n", (void *)missing, strerror(errno));
  FILE *bad = fopen("pinlab_stdio.txt", "z");
  printf("bad mode: %p %s\n", (void *)bad, strerror(errno));
  remove("pinlab_stdio.txt");
  return 0;
}
