/**
 * fs-DAX (fs/dax.ts, /mnt/pmem): file pages are the storage blocks; long-term pins refused from
 * 4.15; truncate/punch of a busy page waits from 4.19 (break layouts) and, before, frees the
 * block under the pin so the next file reuses it (reference §2.9, scenario 4e fs-DAX variant).
 */
import { describe, expect, it } from 'vitest'
import { Kernel, FOLL_LONGTERM, FOLL_WRITE, MAP_SHARED, PROT_READ, PROT_WRITE, type TaskStruct } from '../../../../electron/kernel'
import { Vfs } from '../../../../electron/kernel/fs/vfs'
import type { Inode } from '../../../../electron/kernel/fs/inode'
import { O_CREAT, O_RDWR } from '../../../../electron/kernel/fs/file'
import { vfs_fallocate, sys_fsync, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE } from '../../../../electron/kernel/fs/sync'
import { ERESTARTSYS } from '../../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { EFAULT } from '../../../../electron/kernel/include/uapi/asm-generic/errno'
import type { KernelVersion } from '../../../../shared/kernel-versions'

const cred = { uid: 0, gid: 0 }

function setup(version: KernelVersion) {
  const k = new Kernel({ version, memory: { normalPages: 4096 } })
  const vfs = new Vfs()
  vfs.kernel = k
  vfs.mkdirs('/mnt/pmem', 0o1777).dax = true
  const t = k.createProcess({ comm: 'dax_app', uid: 0 })
  vfs.attach(t.pid)
  k.curPid = t.pid
  return { k, vfs, t }
}

function create(vfs: Vfs, t: TaskStruct, path: string, bytes: number, fill: number): { fd: number; inode: Inode } {
  const fd = vfs.open(t.pid, path, O_CREAT | O_RDWR, 0o644, cred)
  expect(fd).toBeGreaterThanOrEqual(0)
  expect(vfs.write(t.pid, fd, new Uint8Array(bytes).fill(fill))).toBe(bytes)
  return { fd, inode: (vfs.file(t.pid, fd) as { inode: Inode }).inode }
}

function mapAndTouch(k: Kernel, vfs: Vfs, t: TaskStruct, inode: Inode): number {
  const m = vfs.mappingOf(inode)!
  expect(m.isDax).toBe(true)
  const a = k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(m), 0)
  expect(a).toBeGreaterThan(0)
  expect(k.uaccess(t).writeU8(a + 1, 0x61)).toBe(0)
  return a
}

describe('fs-DAX on /mnt/pmem', () => {
  it('reads, writes and stores through a mapping all reach the same block; no page-cache copy, fsync has nothing to write', () => {
    const { k, vfs, t } = setup('6.18')
    const { fd, inode } = create(vfs, t, '/mnt/pmem/a', 4096, 0x41)
    const m = vfs.mappingOf(inode)!
    const block = m.i_pages.get(0) - 1
    const a = mapAndTouch(k, vfs, t, inode)
    expect(t.mm!.pgd.get(a / 4096) >= 0).toBe(true)
    expect(Array.from(vfs.pread(t.pid, fd, 2, 0) as Uint8Array)).toEqual([0x41, 0x61])
    expect(m.nrpages).toBe(1)
    expect(sys_fsync(k, vfs, t.pid, fd)).toBe(0)
    expect(m.i_pages.get(0) - 1).toBe(block)
    expect(k.vmstat.nr_written ?? 0).toBe(0)
    expect(k.checkInvariants()).toEqual([])
  })

  it('4.4: GUP of a DAX page fails (-EFAULT, no struct page before 4.5), so no device can hold a block truncate frees', () => {
    // 3565fce3a659 "mm, x86: get_user_pages() for dax mappings" (4.5): before it, DAX PTEs are
    // special and follow_pfn_pte fails FOLL_GET. Between 4.5 and 4.18 a pin could outlive a
    // truncate (no break-layouts yet) — no supported version lies there.
    const { k, vfs, t } = setup('4.4')
    const { fd, inode } = create(vfs, t, '/mnt/pmem/mr', 4096, 0x41)
    const a = mapAndTouch(k, vfs, t, inode)
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(-EFAULT)
    expect(k.get_user_pages_fast(t, a, 1, FOLL_WRITE, pages)).toBe(-EFAULT)
    expect(vfs.ftruncate(t.pid, fd, 0)).toBe(0) // nothing to wait for (and no waiting before 4.19)
    expect(k.checkInvariants()).toEqual([])
  })

  it('4.19: GUP of a DAX page works (ZONE_DEVICE pages since 4.5)', () => {
    const { k, vfs, t } = setup('4.19')
    const { inode } = create(vfs, t, '/mnt/pmem/mr', 4096, 0x41)
    const a = mapAndTouch(k, vfs, t, inode)
    const pages: number[] = []
    expect(k.get_user_pages_fast(t, a, 1, FOLL_WRITE, pages)).toBe(1)
    k.put_user_page(pages[0]!)
    expect(k.checkInvariants()).toEqual([])
  })

  it('4.19: the long-term pin is refused (EOPNOTSUPP); a short-term reference makes truncate wait until it is dropped', () => {
    const { k, vfs, t } = setup('4.19')
    const { fd, inode } = create(vfs, t, '/mnt/pmem/f', 8192, 0x41)
    const a = mapAndTouch(k, vfs, t, inode)
    const lt: number[] = []
    expect(k.get_user_pages_longterm(t, a, 1, FOLL_WRITE, lt)).toBe(-95)
    const pages: number[] = []
    expect(k.get_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1) // O_DIRECT-style, short-term
    expect(vfs.ftruncate(t.pid, fd, 0)).toBe(-ERESTARTSYS)
    expect(inode.size).toBe(8192) // nothing changed yet
    expect(k.uaccess(t).readU8(a + 1)).toBe(0x61) // (the retry unmapped it; a new fault maps it again)
    const fd2 = vfs.open(t.pid, '/mnt/pmem/f', O_RDWR, 0, cred)
    expect(vfs_fallocate(k, vfs, t.pid, fd2, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096)).toBe(-ERESTARTSYS)
    k.put_user_page(pages[0]!)
    expect(vfs_fallocate(k, vfs, t.pid, fd2, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096)).toBe(0)
    expect((vfs.pread(t.pid, fd, 1, 1) as Uint8Array)[0]).toBe(0)
    expect(vfs.ftruncate(t.pid, fd, 0)).toBe(0)
    expect(k.uaccess(t).readU8(a)).toBe(-1) // past EOF: SIGBUS
    expect(k.checkInvariants()).toEqual([])
  })

  it('6.1 and 6.18: FOLL_LONGTERM pins are refused; a short-term pin blocks truncate until unpinned', () => {
    for (const v of ['6.1', '6.18'] as const) {
      const { k, vfs, t } = setup(v)
      const { fd, inode } = create(vfs, t, '/mnt/pmem/f', 4096, 0x41)
      const a = mapAndTouch(k, vfs, t, inode)
      const lt: number[] = []
      expect(k.pin_user_pages(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, lt)).toBe(-95)
      const pages: number[] = []
      expect(k.pin_user_pages(t, a, 1, FOLL_WRITE, pages)).toBe(1)
      expect(vfs.ftruncate(t.pid, fd, 0)).toBe(-ERESTARTSYS)
      k.unpin_user_pages_dirty_lock(pages, 1, true)
      expect(vfs.ftruncate(t.pid, fd, 0)).toBe(0)
      expect(k.checkInvariants()).toEqual([])
    }
  })
})
