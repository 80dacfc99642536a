/* dup2 makes a file the process's stdout; the shared file offset moves for both descriptors. */
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

int main(void) {
  int saved = dup(1);
  int fd = open("pinlab_dup2.txt", O_CREAT | O_TRUNC | O_RDWR, 0644);
  dup2(fd, 1);
  printf("this goes to the file\n");
  fflush(stdout);
  write(fd, "and this too\n", 13);
  dup2(saved, 1);
  close(saved);
  char buf[128] = {0};
  printf("offset=%ld\n", (long)lseek(fd, 0, SEEK_CUR));
  pread(fd, buf, sizeof buf - 1, 0);
  printf("file holds:\n%s", buf);
  close(fd);
  unlink("pinlab_dup2.txt");
  return 0;
}
