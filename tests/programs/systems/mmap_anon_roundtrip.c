/* Anonymous private memory: zero-filled, writable, gone after munmap. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  size_t len = 16 * 4096;
  unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 1; }
  unsigned long sum = 0;
  for (size_t i = 0; i < len; i += 512) sum += p[i];
  printf("fresh sum=%lu page aligned=%d\n", sum, ((unsigned long)p & 4095) == 0);
  for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i * 7);
  sum = 0;
  for (size_t i = 0; i < len; i++) sum += p[i];
  printf("written sum=%lu\n", sum);
  printf("munmap=%d\n", munmap(p, len));
  pid_t pid = fork();
  if (pid == 0) { volatile unsigned char c = p[0]; (void)c; return 0; }
  int st;
  waitpid(pid, &st, 0);
  printf("touching unmapped memory: signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  return 0;
}
