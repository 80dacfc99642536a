/* A writer vmsplice()s 40 pages through a pipe that holds 16 (PIPE_DEF_BUFFERS): without
 * SPLICE_F_NONBLOCK it blocks while the pipe is full and goes on as the reader drains it
 * (fs/splice.c wait_for_space; before 4.10 splice_to_pipe waited inside the call). Each page is
 * tagged, and the reader checks it gets every page's tag in order: the pipe hands out the
 * referenced frames' contents (userspace-api.md §3.4). Same output at every version. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 40
#define PAGE 4096

int main(void) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    char *buf = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < PAGES; i++) snprintf(buf + i * PAGE, PAGE, "page %02d", i);
    size_t done = 0;
    int calls = 0;
    while (done < PAGES * PAGE) {
      struct iovec iov = { buf + done, PAGES * PAGE - done };
      ssize_t n = vmsplice(p[1], &iov, 1, 0);
      if (n <= 0) { printf("writer: vmsplice failed\n"); _exit(1); }
      done += n;
      calls++;
    }
    /* the pipe still references the last pages: keep them unchanged until the reader is done */
    close(p[1]);
    _exit(calls >= 3 ? 0 : 2); /* 40 pages cannot go through a 16-slot pipe in fewer than 3 calls */
  }
  close(p[1]);
  char page[PAGE];
  int ok = 0, total = 0;
  for (int i = 0; i < PAGES; i++) {
    size_t got = 0;
    while (got < PAGE) {
      ssize_t n = read(p[0], page + got, PAGE - got);
      if (n <= 0) break;
      got += n;
    }
    total += got;
    char want[16];
    snprintf(want, sizeof want, "page %02d", i);
    if (got == PAGE && strcmp(page, want) == 0) ok++;
  }
  int st;
  waitpid(pid, &st, 0);
  printf("reader: %d bytes, %d of %d pages tagged in order\n", total, ok, PAGES);
  printf("writer: exit %d (it needed several blocking calls)\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return 0;
}
