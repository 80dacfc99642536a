/* File mappings through the page cache: MAP_SHARED stores are what read() sees, MAP_PRIVATE stores stay\n * private, pwrite updates the mapping, a child writes through a shared mapping, PROT_WRITE|MAP_SHARED\n * of an O_RDONLY descriptor is EACCES, and a page past EOF after ftruncate is SIGBUS. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
int main(void) {
  int fd = open("mapped.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "hello file world", 16);
  char *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  printf("shared sees: %.16s\n", sh);
  memcpy(sh, "HELLO", 5);
  char buf[17] = {0};
  pread(fd, buf, 16, 0);
  printf("read() after shared store: %s\n", buf);
  printf("private sees: %.16s\n", pr);
  memcpy(pr + 6, "FILE", 4);
  pread(fd, buf, 16, 0);
  printf("read() after private store: %s\n", buf);
  printf("private now: %.16s\n", pr);
  pwrite(fd, "w", 1, 11);
  printf("shared after pwrite: %.16s\n", sh);
  printf("msync=%d\n", msync(sh, 4096, MS_SYNC));
  pid_t pid = fork();
  if (pid == 0) { sh[0] = 'J'; return 0; }
  wait(NULL);
  pread(fd, buf, 16, 0);
  printf("after child wrote shared: %s\n", buf);
  int ro = open("mapped.txt", O_RDONLY);
  void *bad = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
  printf("shared writable mapping of O_RDONLY fd: %s\n", bad == MAP_FAILED ? strerror(errno) : "ok");
  void *okp = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
  printf("private writable mapping of O_RDONLY fd: %s\n", okp == MAP_FAILED ? strerror(errno) : "ok");
  ftruncate(fd, 0);
  pid = fork();
  if (pid == 0) { volatile char c = sh[0]; (void)c; return 0; }
  int st; waitpid(pid, &st, 0);
  printf("touching a page past EOF: signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  unlink("mapped.txt");
  return 0;
}
