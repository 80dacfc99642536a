/**
 * Scenario 4e end to end with a real C process (reference §2.8): the program maps an ext4 file
 * MAP_SHARED and stores into it; a "device" (this test, driving the kernel from trace events)
 * pins the page, the program's fsync cleans it, the program unmaps, drop_caches strips the
 * buffers (before 5.18), the device writes and unpins with make_dirty, and the program's next
 * fsync meets the ext4 BUG — the process dies like an oopsing task (status 11) — or, from 5.18,
 * the page keeps its buffers and the device's bytes reach the disk.
 */
import { describe, expect, it } from 'vitest'
import { runC } from './run-c'
import { FOLL_LONGTERM, FOLL_WRITE } from '../../../../electron/kernel'
import { drop_pagecache } from '../../../../electron/kernel/mm/vmscan'
import { sys_sync } from '../../../../electron/kernel/fs/sync'
import type { Machine } from '../../../../electron/userland/os/machine'

const PROGRAM = `
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
int main(void) {
  char buf[4096];
  memset(buf, 'A', sizeof buf);
  int fd = open("/root/mr.dat", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, buf, sizeof buf);
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  p[0] = 'B';
  printf("fsync 1: %d\\n", fsync(fd));
  munmap(p, 4096);
  printf("fsync 2: %d\\n", fsync(fd));
  printf("survived\\n");
  pread(fd, buf, 1, 0);
  printf("byte 0: %c\\n", buf[0]);
  return 0;
}
`

function device(m: Machine): void {
  const k = m.kernel
  let pages: number[] = []
  let addr = 0
  k.subscribe((ev) => {
    if (ev.type === 'file_page_map' && ev.write && addr === 0) addr = ev.addr
    if (ev.type !== 'syscall') return
    const task = k.task(ev.pid)
    if (ev.name === 'fsync' && pages.length === 0 && task && addr !== 0) {
      // ibv_reg_mr on the mapped page (6.1: FOLL_LONGTERM pin; before 5.6: GUP reference)
      pages = []
      const n = k.has('follPin') ? k.pin_user_pages(task, addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages) : k.get_user_pages(task, addr, 1, FOLL_WRITE, pages)
      expect(n).toBe(1)
    }
    if (ev.name === 'munmap' && pages.length === 1) {
      // the flusher cleans the page the pin made dirty again, then memory pressure / drop_caches
      sys_sync(k, 0)
      drop_pagecache(k)
      expect(k.dma_write(pages[0]!, 0, new Uint8Array([0x44]), 1)).toBe(0)
      k.unpin_user_pages_dirty_lock(pages, 1, true)
      pages = [0, 0]
    }
  })
}

describe('scenario 4e with a C process', () => {
  it('5.10: the second fsync hits the ext4 BUG; the process is killed (status 11) and dmesg has the oops', async () => {
    const r = await runC(PROGRAM, { kernel: '5.10', setup: device })
    expect(r.compileErrors).toBe('')
    expect(r.out).toContain('fsync 1: 0\n')
    expect(r.out).not.toContain('survived')
    expect(r.status).toBe(11)
    const log = r.machine.kernel.log.lines.map((l) => l.text)
    expect(log.some((l) => /^kernel BUG at fs\/ext4\/inode\.c:\d+!$/.test(l))).toBe(true)
    expect(log.some((l) => /Comm: t /.test(l) || /Comm: t$/.test(l) || /Comm: \S+ Not tainted 5\.10/.test(l))).toBe(true)
  })

  it('6.1: drop_caches leaves the pinned page its buffers; the device byte is written back', async () => {
    const r = await runC(PROGRAM, { kernel: '6.1', setup: device })
    expect(r.compileErrors).toBe('')
    expect(r.out).toContain('fsync 2: 0\nsurvived\nbyte 0: D\n')
    expect(r.status).toBe(0)
    expect(r.machine.kernel.log.lines.some((l) => /kernel BUG/.test(l.text))).toBe(false)
  })
})
