/*
 * ftruncate of a MAP_SHARED ext4 file (the working directory) while it is mapped: a store past
 * the new EOF raises SIGBUS (seen from a child's wait status), the bytes before it survive,
 * re-extending gives zero-filled pages (also in the partial page's tail), and msync/fsync of the
 * mapping write back what the process stored. Reference: kernel-semantics.md §2.9 (truncate
 * zaps all PTEs, unmap_mapping_range even_cows), userspace-api.md msync/SIGBUS.
 */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void child_touch(volatile char *p, const char *what) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    p[0] = 'Z';
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
  else printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  char buf[8192], c;
  struct stat st;
  unlink("pinlab_trunc.dat");
  int fd = open("pinlab_trunc.dat", O_CREAT | O_RDWR | O_EXCL, 0644);
  memset(buf, 'A', sizeof buf);
  printf("write: %ld\n", (long)write(fd, buf, sizeof buf));
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  printf("mapped: %d\n", p != MAP_FAILED);
  p[10] = 'm';
  p[5000] = 'n';
  printf("msync: %d\n", msync(p, 8192, MS_SYNC));
  pread(fd, &c, 1, 5000);
  printf("read after store: %c\n", c);
  printf("ftruncate 100: %d\n", ftruncate(fd, 100));
  child_touch(p + 4096, "store past EOF");
  child_touch(p + 50, "store inside EOF");
  printf("byte 10: %c, byte 99: %c, byte 100: %d\n", p[10], p[99], p[100]);
  printf("ftruncate 8192: %d\n", ftruncate(fd, 8192));
  printf("bytes 100/4095/5000 after re-extend: %d %d %d\n", p[100], p[4095], p[5000]);
  p[6000] = 'q';
  printf("fsync: %d\n", fsync(fd));
  pread(fd, &c, 1, 6000);
  printf("read 6000: %c\n", c);
  fstat(fd, &st);
  printf("size %ld\n", (long)st.st_size);
  int u = munmap(p, 8192);
  int r = msync(p, 4096, MS_SYNC);
  int e = errno;
  printf("munmap: %d\n", u);
  printf("msync unmapped: %d %s\n", r, strerror(e));
  close(fd);
  unlink("pinlab_trunc.dat");
  return 0;
}
