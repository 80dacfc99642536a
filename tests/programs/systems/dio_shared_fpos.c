/* Two threads read() the same O_DIRECT descriptor at the same time, 1 MiB each, from a file
 * whose first MiB is 'a' and second 'b'. Since 3.14 (9c225f2655e3 "vfs: atomic f_pos accesses as
 * per POSIX") read() holds the open file's f_pos_lock for the whole call, so the second read
 * waits for the first one's I/O and continues where it ended: one thread gets the a's, the other
 * the b's, and the position ends at 2 MiB whatever the timing. Before (dio_shared_fpos.3.2.expected)
 * both sampled f_pos = 0 at entry: both get the a's and the position ends at 1 MiB. Direct I/O is
 * what makes the window wide: the caller sleeps for the device time (kernel-semantics.md 4d). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>

#define MIB (1 << 20)
static int fd;
static char got[2];
static long ret[2];

static void *reader(void *arg) {
  long i = (long)arg;
  char *buf;
  posix_memalign((void **)&buf, 4096, MIB);
  ret[i] = read(fd, buf, MIB);
  got[i] = buf[0] == buf[MIB - 1] ? buf[0] : '?';
  return NULL;
}

int main(void) {
  int b = open("dio.fpos", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char *init = malloc(2 * MIB);
  memset(init, 'a', MIB);
  memset(init + MIB, 'b', MIB);
  write(b, init, 2 * MIB);
  close(b);
  fd = open("dio.fpos", O_RDONLY | O_DIRECT);
  pthread_t t[2];
  for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, reader, (void *)i);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  char lo = got[0] < got[1] ? got[0] : got[1], hi = got[0] < got[1] ? got[1] : got[0];
  printf("reads returned %ld and %ld\n", ret[0], ret[1]);
  printf("the threads got: %c and %c\n", lo, hi);
  printf("file position after both: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  unlink("dio.fpos");
  return 0;
}
