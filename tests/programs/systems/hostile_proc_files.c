/*
 * Hostile offsets and counts on the memory files of procfs (userspace-api §6.1; fs/proc/
 * task_mmu.c pagemap_read, fs/proc/page.c kpageflags_read/kpagecount_read, fs/proc/base.c
 * mem_rw). Each line prints the return value and the errno NAME:
 *  - pagemap: position or count not a multiple of 8 → EINVAL; count 0 → 0; a position past the
 *    user address space → 0 (end of file); a buffer at an unmapped address → EFAULT; a huge count
 *    into one mapped page followed by a hole → EFAULT (the copy of the second chunk faults);
 *    a negative pread offset → EINVAL (rw_verify_area: pagemap has no FMODE_UNSIGNED_OFFSET).
 *  - /proc/self/mem: an unmapped address, an address past TASK_SIZE → EIO; count 0 → 0; a pread
 *    offset of -1 → EINVAL (ksys_pread64 rejects a negative position before the file's
 *    FMODE_UNSIGNED_OFFSET, which only lseek honours); a transfer running off the end of a
 *    mapping is short; a user buffer in a hole → EFAULT.
 *  - /proc/kpageflags, /proc/kpagecount: misaligned position or count → EINVAL; past the last
 *    PFN → 0; a read of PFN 0 with a good buffer → 8.
 *  - lseek on all four is mem_lseek: SEEK_SET takes any position and SEEK_CUR adds, returned as
 *    a success even when negative (force_successful_syscall_return) — glibc then reads -1..-4095
 *    as an errno (lseek -1 → errno 1, -8 → errno 8) and -4096 as a position; SEEK_END → EINVAL.
 *    read() at a negative position: mem (FMODE_UNSIGNED_OFFSET) tries the address → EIO; the
 *    others → EINVAL (rw_verify_area).
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

static const char *ename(int e) {
  switch (e) {
  case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT";
  case EIO: return "EIO";
  case ENOMEM: return "ENOMEM";
  case EBADF: return "EBADF";
  case EPERM: return "EPERM";
  case EACCES: return "EACCES";
  case ESPIPE: return "ESPIPE";
  case EOVERFLOW: return "EOVERFLOW";
  case EFBIG: return "EFBIG";
  case ENOEXEC: return "ENOEXEC";
  default: return "other";
  }
}

static void show(const char *what, long r) {
  if (r < 0 && errno != 0) printf("%-44s %ld %s\n", what, r, ename(errno));
  else printf("%-44s %ld\n", what, r);
}

int main(void) {
  char buf[64];
  char *page = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(page + 4096, 4096);                     /* one page, then a hole */
  char *hole = page + 4096;
  page[0] = 1;
  off_t entry = (off_t)((uintptr_t)page / 4096 * 8);

  int pm = open("/proc/self/pagemap", O_RDONLY);
  errno = 0; show("pagemap pread pos 1", pread(pm, buf, 8, entry + 1));
  errno = 0; show("pagemap pread count 7", pread(pm, buf, 7, entry));
  errno = 0; show("pagemap pread count 12", pread(pm, buf, 12, entry));
  errno = 0; show("pagemap pread count 0", pread(pm, buf, 0, entry));
  errno = 0; show("pagemap pread count 8", pread(pm, buf, 8, entry));
  errno = 0; show("pagemap pread past TASK_SIZE", pread(pm, buf, 8, (off_t)((1ULL << 47) / 4096 * 8)));
  errno = 0; show("pagemap pread at 2^62", pread(pm, buf, 8, (off_t)1 << 62));
  errno = 0; show("pagemap pread negative offset", pread(pm, buf, 8, -8));
  errno = 0; show("pagemap pread into a hole", pread(pm, hole, 8, entry));
  errno = 0; show("pagemap read huge count, page + hole", pread(pm, page, (size_t)1 << 40, entry));
  errno = 0; show("pagemap lseek pos 3 then read", (lseek(pm, 3, SEEK_SET), read(pm, buf, 8)));
  errno = 0; show("pagemap lseek -4096", lseek(pm, -4096, SEEK_SET));
  errno = 0; show("pagemap read at -4096", read(pm, buf, 8));
  errno = 0; show("pagemap lseek 2^62", lseek(pm, (off_t)1 << 62, SEEK_SET));
  errno = 0; show("pagemap read at 2^62", read(pm, buf, 8));
  errno = 0; show("pagemap lseek SEEK_END", lseek(pm, 0, SEEK_END));
  close(pm);

  int mem = open("/proc/self/mem", O_RDWR);
  errno = 0; show("mem pread unmapped", pread(mem, buf, 8, (off_t)(uintptr_t)hole));
  errno = 0; show("mem pwrite unmapped", pwrite(mem, buf, 8, (off_t)(uintptr_t)hole));
  errno = 0; show("mem pread past TASK_SIZE", pread(mem, buf, 8, (off_t)(1ULL << 47)));
  errno = 0; show("mem pread at 2^62", pread(mem, buf, 8, (off_t)1 << 62));
  errno = 0; show("mem pread offset -1", pread(mem, buf, 1, -1));
  errno = 0; show("mem pread count 0 unmapped", pread(mem, buf, 0, (off_t)(uintptr_t)hole));
  errno = 0; show("mem pread across the end of a mapping", pread(mem, buf, 16, (off_t)(uintptr_t)(hole - 8)));
  errno = 0; show("mem pread into a hole", pread(mem, hole, 8, (off_t)(uintptr_t)page));
  errno = 0; show("mem lseek -4096 (address 2^64-4096)", lseek(mem, -4096, SEEK_SET));
  errno = 0; show("mem read there", read(mem, buf, 8));
  errno = 0; show("mem write there", write(mem, buf, 8));
  errno = 0; show("mem lseek -1 (glibc: errno 1)", lseek(mem, -1, SEEK_SET));
  errno = 0; show("mem lseek 2^62", lseek(mem, (off_t)1 << 62, SEEK_SET));
  errno = 0; show("mem lseek SEEK_CUR -2^61", lseek(mem, -((off_t)1 << 61), SEEK_CUR));
  errno = 0; show("mem lseek SEEK_END", lseek(mem, 0, SEEK_END));
  errno = 0; show("mem lseek whence 7", lseek(mem, 0, 7));
  errno = 0; show("mem lseek to page, read", (lseek(mem, (off_t)(uintptr_t)page, SEEK_SET), read(mem, buf, 8)));
  close(mem);

  const char *names[] = { "/proc/kpageflags", "/proc/kpagecount" };
  for (int i = 0; i < 2; i++) {
    int fd = open(names[i], O_RDONLY);
    char what[64];
    snprintf(what, sizeof what, "%s pos 4", names[i] + 6);
    errno = 0; show(what, pread(fd, buf, 8, 4));
    snprintf(what, sizeof what, "%s count 9", names[i] + 6);
    errno = 0; show(what, pread(fd, buf, 9, 0));
    snprintf(what, sizeof what, "%s pfn 0", names[i] + 6);
    errno = 0; show(what, pread(fd, buf, 8, 0));
    snprintf(what, sizeof what, "%s past the last pfn", names[i] + 6);
    errno = 0; show(what, pread(fd, buf, 8, (off_t)1 << 50));
    snprintf(what, sizeof what, "%s into a hole", names[i] + 6);
    errno = 0; show(what, pread(fd, hole, 8, 0));
    snprintf(what, sizeof what, "%s lseek -8 (glibc: errno 8)", names[i] + 6);
    errno = 0; show(what, lseek(fd, -8, SEEK_SET));
    snprintf(what, sizeof what, "%s lseek -4096, read", names[i] + 6);
    errno = 0; show(what, (lseek(fd, -4096, SEEK_SET), read(fd, buf, 8)));
    snprintf(what, sizeof what, "%s lseek SEEK_END", names[i] + 6);
    errno = 0; show(what, lseek(fd, 0, SEEK_END));
    close(fd);
  }
  return 0;
}
