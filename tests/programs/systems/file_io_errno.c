/* open/read/write/lseek/pread/ftruncate/stat on regular files, and the errno of misuse. */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define SHOW(expr) do { long r_ = (long)(expr); if (r_ < 0) printf("%-40s -1 %s\n", #expr, strerror(errno)); else printf("%-40s %ld\n", #expr, r_); } while (0)

int main(void) {
  char buf[32];
  struct stat st;
  unlink("pinlab_file_io.txt");
  int fd = open("pinlab_file_io.txt", O_CREAT | O_RDWR | O_EXCL, 0644);
  printf("opened: %d\n", fd >= 0);
  SHOW(write(fd, "hello, world", 12));
  SHOW(lseek(fd, 7, SEEK_SET));
  SHOW(read(fd, buf, sizeof buf));
  SHOW(pread(fd, buf, 5, 0));
  buf[5] = 0;
  printf("pread got: %s\n", buf);
  SHOW(ftruncate(fd, 100));
  SHOW(fstat(fd, &st));
  printf("size=%ld regular=%d\n", (long)st.st_size, S_ISREG(st.st_mode));
  SHOW(lseek(fd, -1, SEEK_SET));
  SHOW(open("pinlab_file_io.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW(open("no/such/file", O_RDONLY));
  SHOW(open(".", O_WRONLY));
  SHOW(read(-1, buf, 1));
  SHOW(write(999, buf, 1));
  SHOW(close(fd));
  SHOW(close(fd));
  SHOW(unlink("pinlab_file_io.txt"));
  SHOW(unlink("pinlab_file_io.txt"));
  SHOW(stat("pinlab_file_io.txt", &st));
  return 0;
}
