/**
 * ext4 page cache, dirty accounting, buffer heads and writeback (fs/ext4/inode.ts,
 * mm/page-writeback.ts, mm/vmscan.ts, fs/sync.ts) — reference §2.7, §2.8, scenario 4e.
 */
import { describe, expect, it } from 'vitest'
import { Kernel, FOLL_LONGTERM, FOLL_WRITE, MAP_SHARED, PROT_READ, PROT_WRITE, type TaskStruct } from '../../../../electron/kernel'
import { Vfs } from '../../../../electron/kernel/fs/vfs'
import { O_CREAT, O_RDWR } from '../../../../electron/kernel/fs/file'
import { sys_fsync, sys_sync } from '../../../../electron/kernel/fs/sync'
import { drop_pagecache, shrink_page_cache } from '../../../../electron/kernel/mm/vmscan'
import { wb_timer_fn } from '../../../../electron/kernel/mm/page-writeback'
import { set_page_dirty_lock } from '../../../../electron/kernel/mm/gup'
import { page_has_buffers, page_buffer_state, BH_Delay, BH_Dirty, BH_Mapped } from '../../../../electron/kernel/fs/buffer'
import { take_task_death } from '../../../../electron/kernel/kernel/bug'
import { proc_meminfo } from '../../../../electron/kernel/fs/proc/meminfo'
import { proc_vmstat } from '../../../../electron/kernel/fs/proc/vmstat'
import { PG_dirty, PG_locked } from '../../../../electron/kernel/include/linux/page-flags'
import type { KernelVersion } from '../../../../shared/kernel-versions'

const cred = { uid: 0, gid: 0 }

function setup(version: KernelVersion) {
  const k = new Kernel({ version, memory: { normalPages: 4096 } })
  const vfs = new Vfs()
  vfs.kernel = k
  vfs.now = () => k.clock
  const t = k.createProcess({ comm: 'rdma_app', uid: 0 })
  vfs.attach(t.pid)
  k.curPid = t.pid
  const fd = vfs.open(t.pid, '/data', O_CREAT | O_RDWR, 0o644, cred)
  expect(fd).toBeGreaterThanOrEqual(0)
  const inode = (vfs.file(t.pid, fd) as { inode: import('../../../../electron/kernel/fs/inode').Inode }).inode
  return { k, vfs, t, fd, inode }
}

const bytes = (n: number, b: number) => new Uint8Array(n).fill(b)
const disk = (inode: { data: Uint8Array }, off: number) => inode.data[off]

function mapShared(k: Kernel, vfs: Vfs, t: TaskStruct, inode: import('../../../../electron/kernel/fs/inode').Inode, pages: number): number {
  const m = vfs.mappingOf(inode)!
  const a = k.mmap(t, 0, pages * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(m, { read: true, write: true }), 0)
  expect(a).toBeGreaterThan(0)
  return a
}

describe('ext4 buffered I/O and writeback', () => {
  it('write() dirties page-cache folios with delalloc buffers; the disk changes only at fsync', () => {
    const { k, vfs, t, fd, inode } = setup('6.18')
    expect(vfs.write(t.pid, fd, bytes(6000, 0x41))).toBe(6000)
    const m = vfs.mappingOf(inode)!
    expect(m.nrpages).toBe(2)
    expect(m.nrDirty).toBe(2)
    expect(disk(inode, 0)).not.toBe(0x41) // nothing on disk yet
    const pfn = m.i_pages.get(0) - 1
    expect(page_has_buffers(k, pfn)).toBe(true)
    expect(page_buffer_state(k, pfn) & (BH_Delay | BH_Dirty)).toBe(BH_Delay | BH_Dirty)
    expect(proc_meminfo(k)).toMatch(/^Dirty:\s+8 kB$/m)
    expect(proc_vmstat(k)).toMatch(/^nr_dirty 2$/m)
    expect(proc_vmstat(k)).toMatch(/^nr_dirtied 2$/m)
    // read() sees the cached bytes
    const r = vfs.pread(t.pid, fd, 3, 5998)
    expect(Array.from(r as Uint8Array)).toEqual([0x41, 0x41])
    expect(sys_fsync(k, vfs, t.pid, fd)).toBe(0)
    expect(m.nrDirty).toBe(0)
    expect(disk(inode, 0)).toBe(0x41)
    expect(disk(inode, 5999)).toBe(0x41)
    expect(page_buffer_state(k, pfn) & (BH_Delay | BH_Dirty | BH_Mapped)).toBe(BH_Mapped)
    expect(proc_vmstat(k)).toMatch(/^nr_written 2$/m)
    expect(proc_meminfo(k)).toMatch(/^Dirty:\s+0 kB$/m)
    expect(k.checkInvariants()).toEqual([])
  })

  it('a partial overwrite reads the page in first; drop_caches then frees clean pages and read() refills from disk', () => {
    const { k, vfs, t, fd, inode } = setup('6.1')
    vfs.write(t.pid, fd, bytes(4096, 0x41))
    sys_sync(k, t.pid)
    const m = vfs.mappingOf(inode)!
    expect(drop_pagecache(k)).toBe(1)
    expect(m.nrpages).toBe(0)
    expect(vfs.pwrite(t.pid, fd, bytes(10, 0x42), 100)).toBe(10)
    const got = vfs.pread(t.pid, fd, 4096, 0) as Uint8Array
    expect(got[0]).toBe(0x41)
    expect(got[100]).toBe(0x42)
    expect(got[110]).toBe(0x41)
    expect(disk(inode, 100)).toBe(0x41)
    expect(drop_pagecache(k)).toBe(0) // dirty: kept
    expect(m.nrpages).toBe(1)
    expect(k.checkInvariants()).toEqual([])
  })

  it('the flusher writes back inodes dirty for 30 s of virtual time, not younger ones', () => {
    const { k, vfs, t, fd, inode } = setup('6.18')
    vfs.write(t.pid, fd, bytes(10, 0x43))
    const m = vfs.mappingOf(inode)!
    let before = k.clock
    k.tick(10e9)
    expect(wb_timer_fn(k, before)).toBe(0)
    expect(m.nrDirty).toBe(1)
    before = k.clock
    k.tick(21e9)
    expect(wb_timer_fn(k, before)).toBe(1)
    expect(m.nrDirty).toBe(0)
    expect(disk(inode, 9)).toBe(0x43)
  })

  it('a store through MAP_SHARED runs page_mkwrite (buffers attached) and dirties; writeback write-protects the PTE', () => {
    const { k, vfs, t, fd, inode } = setup('5.10')
    vfs.write(t.pid, fd, bytes(4096, 0))
    sys_fsync(k, vfs, t.pid, fd)
    drop_pagecache(k)
    const a = mapShared(k, vfs, t, inode, 1)
    const ua = k.uaccess(t)
    expect(ua.readU8(a)).toBe(0)
    const m = vfs.mappingOf(inode)!
    const pfn = m.i_pages.get(0) - 1
    expect(page_has_buffers(k, pfn)).toBe(false) // read in without buffers
    expect(ua.writeU8(a, 0x44)).toBe(0)
    expect(page_has_buffers(k, pfn)).toBe(true)
    expect(k.phys.flags.get(pfn) & PG_dirty).toBeTruthy()
    sys_fsync(k, vfs, t.pid, fd)
    expect(disk(inode, 0)).toBe(0x44)
    expect(ua.writeU8(a, 0x45)).toBe(0) // write-protected: faults, page_mkwrite, dirty again
    expect(m.nrDirty).toBe(1)
    expect(k.checkInvariants()).toEqual([])
  })

  it('reclaim frees clean unmapped page cache when memory runs short (writing many files cannot exhaust frames)', () => {
    const { k, vfs, t } = setup('6.18')
    const total = k.phys.nrFree()
    for (let i = 0; i < 40; i++) {
      const fd = vfs.open(t.pid, `/f${i}`, O_CREAT | O_RDWR, 0o644, cred)
      expect(vfs.write(t.pid, fd, bytes(200 * 4096, i))).toBe(200 * 4096)
      sys_fsync(k, vfs, t.pid, fd)
    }
    expect(40 * 200).toBeGreaterThan(total)
    const fd0 = vfs.open(t.pid, '/f0', O_RDWR, 0, cred)
    expect((vfs.pread(t.pid, fd0, 1, 4096 * 150) as Uint8Array)[0]).toBe(0)
    const fd39 = vfs.open(t.pid, '/f39', O_RDWR, 0, cred)
    expect((vfs.pread(t.pid, fd39, 1, 4096 * 150) as Uint8Array)[0]).toBe(39)
    expect(shrink_page_cache(k, 10)).toBeGreaterThan(0)
    expect(k.checkInvariants()).toEqual([])
  })

  it('anonymous memory gets frames back from clean page cache (direct reclaim), never from dirty or mapped pages', () => {
    const { k, vfs, t } = setup('6.18')
    const fd = vfs.open(t.pid, '/big', O_CREAT | O_RDWR, 0o644, cred)
    vfs.write(t.pid, fd, bytes(3000 * 4096, 0x5a))
    sys_fsync(k, vfs, t.pid, fd)
    const dirtyFd = vfs.open(t.pid, '/dirty', O_CREAT | O_RDWR, 0o644, cred)
    vfs.write(t.pid, dirtyFd, bytes(200 * 4096, 0x44))
    const free = k.phys.nrFree()
    const n = free + 500
    const a = k.mmap(t, 0, n * 4096, PROT_READ | PROT_WRITE, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */)
    const ua = k.uaccess(t)
    for (let i = 0; i < n; i++) expect(ua.writeU8(a + i * 4096, 1)).toBe(0)
    const dm = vfs.mappingOf((vfs.file(t.pid, dirtyFd) as { inode: import('../../../../electron/kernel/fs/inode').Inode }).inode)!
    expect(dm.nrpages).toBe(200) // dirty pages are not reclaimed
    expect((vfs.pread(t.pid, fd, 1, 2999 * 4096) as Uint8Array)[0]).toBe(0x5a) // re-read from disk
    expect(k.checkInvariants()).toEqual([])
  })
})

/**
 * Scenario 4e: RDMA MR (writable long-term pin) on MAP_SHARED ext4; writeback; buffers stripped;
 * the device writes; unpin with make_dirty; the next writeback.
 */
function scenario4e(version: KernelVersion, strip: 'drop_caches' | 'reclaim') {
  const s = setup(version)
  const { k, vfs, t, fd, inode } = s
  vfs.write(t.pid, fd, bytes(4096, 0x41))
  sys_fsync(k, vfs, t.pid, fd)
  const a = mapShared(k, vfs, t, inode, 1)
  const pages: number[] = []
  const flags = FOLL_WRITE | (k.has('follLongterm') ? FOLL_LONGTERM : 0)
  const n = k.has('follPin') ? k.pin_user_pages(t, a, 1, flags, pages) : k.get_user_pages(t, a, 1, FOLL_WRITE, pages)
  return { ...s, a, pages, n, strip }
}

function finish4e(s: ReturnType<typeof scenario4e>) {
  const { k, vfs, t, fd, inode, a, pages } = s
  const m = vfs.mappingOf(inode)!
  const pfn = pages[0]!
  // 1. registration faulted the page writable via page_mkwrite: buffers attached, dirty.
  expect(page_has_buffers(k, pfn)).toBe(true)
  // 2. writeback cleans it and write-protects the process PTE.
  expect(sys_fsync(k, vfs, t.pid, fd)).toBe(0)
  expect(k.phys.flags.get(pfn) & PG_dirty).toBe(0)
  // reclaim / drop_caches strip the buffers of the clean page but cannot free it (the pin).
  if (s.strip === 'drop_caches') {
    k.munmap(t, a, 4096)
    drop_pagecache(k)
  } else shrink_page_cache(k, 100)
  expect(m.i_pages.get(0) - 1).toBe(pfn) // still the cached page
  // 3. the device writes: no fault, no page_mkwrite, no dirty bit.
  expect(k.dma_write(pfn, 0, bytes(3, 0x44), 3)).toBe(0)
  expect(k.phys.flags.get(pfn) & PG_dirty).toBe(0)
  // 4. deregistration dirties the page without asking ext4.
  if (k.has('follPin')) k.unpin_user_pages_dirty_lock(pages, 1, true)
  else {
    set_page_dirty_lock(k, pfn)
    k.put_user_page(pfn)
  }
  expect(k.phys.flags.get(pfn) & PG_dirty).toBeTruthy()
  return { m, pfn, hadBuffers: page_has_buffers(k, pfn) }
}

describe('scenario 4e: the pinned-file writeback problem', () => {
  it('5.10: drop_caches strips the buffers of the pinned (unmapped) page; the next fsync hits the ext4 BUG and kills the caller', () => {
    const s = scenario4e('5.10', 'drop_caches')
    expect(s.n).toBe(1)
    const { pfn, hadBuffers } = finish4e(s)
    expect(hadBuffers).toBe(false)
    // 4.10+: ext4_set_page_dirty already WARNs once when the unpin dirties the page (6dcc693bc57f)
    expect(s.k.log.lines.some((l) => /^WARNING: CPU: 0 PID: \d+ at fs\/ext4\/inode\.c:\d+ ext4_set_page_dirty\+/.test(l.text))).toBe(true)
    expect(sys_fsync(s.k, s.vfs, s.t.pid, s.fd)).toBe(0)
    expect(take_task_death(s.k, s.t.pid)).toBe(true)
    const log = s.k.log.lines.map((l) => l.text)
    expect(log).toContain('------------[ cut here ]------------')
    expect(log.some((l) => /^kernel BUG at fs\/ext4\/inode\.c:\d+!$/.test(l))).toBe(true)
    expect(log.some((l) => l.startsWith('invalid opcode: 0000 [#1] SMP'))).toBe(true)
    expect(log.some((l) => /^RIP: 0010:mpage_prepare_extent_to_map\+/.test(l))).toBe(true)
    expect(log).toContain('Call Trace:')
    expect(log.some((l) => /^---\[ end trace [0-9a-f]{16} \]---$/.test(l))).toBe(true)
    expect(s.k.phys.flags.get(pfn) & PG_dirty).toBeTruthy() // never written
    expect(s.k.phys.flags.get(pfn) & PG_locked).toBeTruthy() // the dead task held the folio lock
    expect(s.inode.data[0]).toBe(0x41)
    expect(s.k.bugs).toEqual([]) // a real kernel BUG, not a simulator inconsistency
    // a later sync does not oops again (the folio stays locked; Linux would hang in folio_lock)
    const oopses = s.k.log.lines.filter((l) => l.text.startsWith('kernel BUG')).length
    sys_sync(s.k, s.t.pid)
    expect(s.k.log.lines.filter((l) => l.text.startsWith('kernel BUG')).length).toBe(oopses)
  })

  it('4.4: the same BUG in ext4_writepage at the line the reference cites (fs/ext4/inode.c:1899)', () => {
    const s = scenario4e('4.4', 'drop_caches')
    finish4e(s)
    expect(s.k.log.lines.some((l) => l.text.startsWith('WARNING:'))).toBe(false) // the WARN came in 4.10
    sys_fsync(s.k, s.vfs, s.t.pid, s.fd)
    expect(take_task_death(s.k, s.t.pid)).toBe(true)
    const log = s.k.log.lines.map((l) => l.text)
    expect(log).toContain('kernel BUG at fs/ext4/inode.c:1899!')
    expect(log.some((l) => l.startsWith('RIP: 0010:ext4_writepage+'))).toBe(true)
  })

  it('4.4: if the flusher hits it, the kworker dies and the process lives on', () => {
    const s = scenario4e('4.4', 'drop_caches')
    finish4e(s)
    const before = s.k.clock
    s.k.tick(31e9)
    wb_timer_fn(s.k, before)
    expect(take_task_death(s.k, s.t.pid)).toBe(false)
    expect(s.k.log.lines.some((l) => /Comm: kworker/.test(l.text))).toBe(true)
  })

  it('3.2 (before f8bec37037ac): ext4 writeback attaches buffers itself and the device data reaches the disk', () => {
    const s = scenario4e('3.2', 'drop_caches')
    expect(s.n).toBe(1)
    finish4e(s)
    sys_fsync(s.k, s.vfs, s.t.pid, s.fd)
    expect(take_task_death(s.k, s.t.pid)).toBe(false)
    expect(s.inode.data[0]).toBe(0x44)
    expect(s.k.log.lines.some((l) => /kernel BUG/.test(l.text))).toBe(false)
  })

  it('6.1: drop_caches leaves the pinned page its buffers (5.18 refcount check): the device data is written', () => {
    const s = scenario4e('6.1', 'drop_caches')
    expect(s.n).toBe(1)
    const { hadBuffers } = finish4e(s)
    expect(hadBuffers).toBe(true)
    sys_fsync(s.k, s.vfs, s.t.pid, s.fd)
    expect(s.inode.data[0]).toBe(0x44)
  })

  it('6.1: reclaim still strips the buffers; the next writeback warns (cc5095747edf) and drops the device data', () => {
    const s = scenario4e('6.1', 'reclaim')
    const { m, pfn, hadBuffers } = finish4e(s)
    expect(hadBuffers).toBe(false)
    expect(s.k.log.lines.filter((l) => /ext4_dirty_folio\+/.test(l.text) && l.text.startsWith('WARNING:')).length).toBe(1)
    expect(sys_fsync(s.k, s.vfs, s.t.pid, s.fd)).toBe(0)
    expect(take_task_death(s.k, s.t.pid)).toBe(false)
    const warn = s.k.log.lines.map((l) => l.text).find((l) => l.includes('does not have buffers attached'))
    expect(warn).toMatch(/^EXT4-fs warning \(device sda3\): mpage_prepare_extent_to_map:\d+: inode #\d+: comm rdma_app: page 0 does not have buffers attached$/)
    expect(s.k.phys.flags.get(pfn) & PG_dirty).toBe(0)
    expect(m.nrDirty).toBe(0)
    expect(s.inode.data[0]).toBe(0x41) // the device's bytes never reach the disk
    expect(s.k.checkInvariants()).toEqual([])
  })

  it('5.10 with reclaim: the BUG too (both ways of losing buffers lead there before 5.18)', () => {
    const s = scenario4e('5.10', 'reclaim')
    finish4e(s)
    sys_fsync(s.k, s.vfs, s.t.pid, s.fd)
    expect(take_task_death(s.k, s.t.pid)).toBe(true)
  })

  it('6.6 and 6.18: step 1 already fails — GUP refuses the writable long-term pin of an ext4 MAP_SHARED page (EFAULT)', () => {
    for (const v of ['6.6', '6.18'] as const) {
      const s = scenario4e(v, 'drop_caches')
      expect(s.n).toBe(-14)
      expect(s.pages).toEqual([])
    }
    // 6.1 (before 8ac268436e6d) allowed it
    expect(scenario4e('6.1', 'drop_caches').n).toBe(1)
  })
})

describe('ftruncate of pinned ext4 pages (reference §2.9, scenario 4e)', () => {
  for (const v of ['4.4', '6.1', '6.18'] as const) {
    it(`${v}: the pinned page becomes an orphan; device writes to it are lost; re-extending reads zeros`, () => {
      const { k, vfs, t, fd, inode } = setup(v)
      vfs.write(t.pid, fd, bytes(8192, 0x41))
      sys_fsync(k, vfs, t.pid, fd)
      const a = mapShared(k, vfs, t, inode, 2)
      const pages: number[] = []
      // short-term pin / GET (O_DIRECT-like): allowed at every version
      const n = k.has('follPin') ? k.pin_user_pages(t, a + 4096, 1, FOLL_WRITE, pages) : k.get_user_pages(t, a + 4096, 1, FOLL_WRITE, pages)
      expect(n).toBe(1)
      expect(vfs.ftruncate(t.pid, fd, 4096)).toBe(0)
      const m = vfs.mappingOf(inode)!
      expect(m.i_pages.get(1)).toBe(0)
      expect(k.phys.mapping.get(pages[0]!)).toBe(0) // orphan
      const ua = k.uaccess(t)
      expect(ua.readU8(a + 4096)).toBe(-1)
      expect(ua.lastFault?.signo).toBe(7) // SIGBUS past EOF
      expect(k.dma_write(pages[0]!, 0, bytes(1, 0x44), 1)).toBe(0)
      if (k.has('follPin')) k.unpin_user_pages_dirty_lock(pages, 1, true)
      else {
        set_page_dirty_lock(k, pages[0]!)
        k.put_user_page(pages[0]!)
      }
      expect(k.phys.isAllocated(pages[0]!)).toBe(false)
      expect(vfs.ftruncate(t.pid, fd, 8192)).toBe(0)
      expect(ua.readU8(a + 4096)).toBe(0) // a new zero page-cache page
      sys_sync(k, t.pid)
      expect(inode.data[4096]).toBe(0)
      expect(k.checkInvariants()).toEqual([])
    })
  }

  it('snapshots keep page-cache dirtiness and buffer state', () => {
    const { k, vfs, t, fd, inode } = setup('6.18')
    vfs.write(t.pid, fd, bytes(100, 0x41))
    const m = vfs.mappingOf(inode)!
    const pfn = m.i_pages.get(0) - 1
    const k2 = Kernel.restore(k.snapshot())
    expect(page_buffer_state(k2, pfn)).toBe(page_buffer_state(k, pfn))
    expect(k2.mappings.get(m.id)!.nrDirty).toBe(1)
    expect(k2.mappings.get(m.id)!.dirtiedWhen).toBe(m.dirtiedWhen)
    sys_fsync(k, vfs, t.pid, fd)
    expect(page_buffer_state(k2, pfn) & BH_Delay).toBe(BH_Delay) // the copy did not change
    expect(k2.checkInvariants()).toEqual([])
  })
})

describe('trace', () => {
  it('page-cache additions, dirtying, buffer attachment, writeback and eviction are all events', () => {
    const { k, vfs, t, fd } = setup('6.18')
    const seen: string[] = []
    k.subscribe((ev) => {
      if (ev.type === 'pagecache') seen.push(`pagecache:${ev.action}`)
      else if (ev.type === 'buffers') seen.push(`buffers:${ev.action}`)
      else if (ev.type === 'writeback') seen.push(`writeback:${ev.reason}`)
    })
    vfs.write(t.pid, fd, bytes(10, 1))
    sys_fsync(k, vfs, t.pid, fd)
    drop_pagecache(k)
    expect(seen).toEqual([
      'pagecache:add', 'buffers:attach', 'pagecache:dirty', 'pagecache:writeback', 'writeback:fsync', 'buffers:release', 'pagecache:evict'
    ])
  })
})
