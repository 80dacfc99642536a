/*
 * Forced writes through /proc/self/mem into FILE mappings (userspace-api §6.1; kernel-semantics
 * §1 FOLL_FORCE / FOLL_COW, §1.5 check_vma_flags, §4g):
 *  - MAP_PRIVATE, PROT_READ, untouched: the write COWs a private anon copy; the file is unchanged
 *    (every version);
 *  - MAP_PRIVATE, written while PROT_READ|PROT_WRITE (COW already broken: an exclusive anon page)
 *    then mprotect(PROT_READ): the forced write goes into that anon page at every version (4.9–5.19
 *    by FOLL_COW + pte_dirty after a re-fault, 6.0+ because the page is an exclusive anon page);
 *  - MAP_SHARED, PROT_READ of a file opened O_RDWR (VM_MAYWRITE, no VM_WRITE): refused since 3.15
 *    (cda540ace6a1 "mm: get_user_pages(write, force) refuse to COW in shared areas"), a zero-byte
 *    transfer = EIO; 3.2 COWs an anon page into the shared mapping instead
 *    (proc_mem_force_file.3.2.expected): the process sees the bytes, the file does not;
 *  - MAP_SHARED, PROT_READ of a file opened O_RDONLY (no VM_MAYWRITE): EIO at every version.
 * The file is read back with pread() after each case.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

static int mem;
static const char *name = "force_file.dat";

static void reset(void) {
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
  char page[4096];
  memset(page, 'f', sizeof page);
  memcpy(page, "filedata", 8);
  write(fd, page, sizeof page);
  close(fd);
}

static void report(const char *what, char *map, const char *text) {
  errno = 0;
  long r = pwrite(mem, text, strlen(text), (off_t)(uintptr_t)map);
  char file[9] = { 0 };
  int fd = open(name, O_RDONLY);
  pread(fd, file, 8, 0);
  close(fd);
  printf("%-38s pwrite=%ld errno=%-22s process=%.8s file=%s\n", what, r, r < 0 ? strerror(errno) : "-", map, file);
}

int main(void) {
  mem = open("/proc/self/mem", O_RDWR);

  reset();
  int fd = open(name, O_RDONLY);
  char *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  report("private PROT_READ, untouched", p, "PRIVATE1");
  munmap(p, 4096);
  close(fd);

  reset();
  fd = open(name, O_RDONLY);
  p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  p[0] = 'c';                       /* COW broken: an exclusive anon page */
  mprotect(p, 4096, PROT_READ);
  report("private, COW broken, then PROT_READ", p, "PRIVATE2");
  munmap(p, 4096);
  close(fd);

  reset();
  fd = open(name, O_RDWR);
  p = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
  report("shared PROT_READ, O_RDWR file", p, "SHARED01");
  munmap(p, 4096);
  close(fd);

  reset();
  fd = open(name, O_RDONLY);
  p = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
  report("shared PROT_READ, O_RDONLY file", p, "SHARED02");
  munmap(p, 4096);
  close(fd);

  unlink(name);
  return 0;
}
