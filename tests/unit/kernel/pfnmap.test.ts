/**
 * Driver memory mapped into user space with remap_pfn_range (io_uring's SQ/CQ rings, a NIC's
 * doorbell page): kernel pages, MAP_SHARED, no COW and no GUP (reference §4c: "real io_uring rings
 * are kernel pages mmap'ed MAP_SHARED from the io_uring fd → no COW issue at all").
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaU32, expectConsistent } from './helpers'
import {
  EFAULT, FOLL_LONGTERM, FOLL_WRITE, MAP_SHARED, PROT_READ, PROT_WRITE, VM_PFNMAP, alloc_kernel_page, free_kernel_page,
  remap_pfn_range
} from '../../../electron/kernel'

describe('remap_pfn_range', () => {
  for (const version of ['3.2', '5.10', '6.18'] as const) {
    it(`${version}: a ring of kernel pages mapped MAP_SHARED stays coherent across fork; GUP refuses it`, () => {
      const { k, t } = boot({ version })
      const ring = [alloc_kernel_page(k), alloc_kernel_page(k)]
      const dev = k.createMapping({
        kind: 'other', name: 'io_uring', size: 8192,
        ops: { mmap: (kk, mm, vma) => remap_pfn_range(kk, mm, vma, vma.start, ring[0]!, 4096) || remap_pfn_range(kk, mm, vma, vma.start + 4096, ring[1]!, 4096) }
      })
      const a = k.mmap(t, 0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(dev), 0)
      expect(a).toBeGreaterThan(0)
      expect(t.mm!.vmas.find((v) => v.start === a)!.flags & VM_PFNMAP).toBeTruthy()
      const ua = k.uaccess(t)
      ua.writeU32(a + 4096, 77)
      expect(dmaU32(k, ring[1]!)).toBe(77)
      const c = k.fork(t)
      if (typeof c === 'number') throw new Error('fork')
      ua.writeU32(a + 4096, 78)
      expect(k.uaccess(c).readU32(a + 4096)).toBe(78)
      expect(dmaU32(k, ring[1]!)).toBe(78)
      expect(k.get_user_pages(t, a, 1, FOLL_WRITE, [])).toBe(-EFAULT)
      if (k.has('follPin')) expect(k.pin_user_pages_fast(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, [])).toBe(-EFAULT)
      expectConsistent(k)
      k.exit(c)
      expect(k.munmap(t, a, 8192)).toBe(0)
      for (const p of ring) free_kernel_page(k, p)
      expect(k.phys.isAllocated(ring[0]!)).toBe(false)
      expectConsistent(k)
    })
  }
  it('a PFN map without a PTE at the touched address raises SIGBUS; a failing ->mmap aborts mmap', () => {
    const { k, t } = boot()
    const pfn = alloc_kernel_page(k)
    const dev = k.createMapping({ kind: 'other', size: 8192, ops: { mmap: (kk, mm, vma) => remap_pfn_range(kk, mm, vma, vma.start, pfn, 4096) } })
    const a = k.mmap(t, 0, 8192, PROT_READ, MAP_SHARED, k.openFile(dev), 0)
    const ua = k.uaccess(t)
    expect(ua.readU8(a)).toBe(0)
    expect(ua.readU8(a + 4096)).toBe(-1)
    expect(ua.lastFault?.signo).toBe(7)
    const bad = k.createMapping({ kind: 'other', size: 4096, ops: { mmap: () => -22 } })
    expect(k.mmap(t, 0, 4096, PROT_READ, MAP_SHARED, k.openFile(bad), 0)).toBe(-22)
    expectConsistent(k)
  })
})
