/**
 * Property: after any sequence of memory operations (mmap, writes, reads, fork, munmap,
 * MADV_DONTNEED, mprotect, long-term pins and unpins, exit) the memory view is complete and
 * consistent with the page tables, and `diffMemoryViews` reports exactly the pages whose
 * translation changed, at 4.4, 5.10 and 6.18. Fixed seed: PINLAB_PROPERTY_SEED ?? 20120209.
 */
import { describe, expect, it } from 'vitest'
import type { KernelVersion } from '../../../shared/kernel-versions'
import { diffMemoryViews, frameAt, runPages, runPfn, type MemoryView } from '../../../shared/view'
import { buildMemoryView } from '../../../electron/host/memory-view'
import { Machine } from '../../../electron/userland/os/machine'
import {
  FOLL_LONGTERM, FOLL_WRITE, MADV_DONTNEED, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, pte_pfn, pte_present,
  type TaskStruct
} from '../../../electron/kernel'
import { PROPERTY_SEED } from '../../setup/property'
import { dump_page } from '../../../electron/kernel/mm/debug_page'

const PAGE = 4096

/** vpn → pfn of every present PTE of every VMA of `pid`, straight from the page table. */
function truth(m: Machine, pid: number): Map<number, number> {
  const out = new Map<number, number>()
  const mm = m.kernel.tasks.get(pid)?.mm
  if (!mm) return out
  for (const v of mm.vmas) mm.pgd.forEach(v.start / PAGE, v.end / PAGE, (vpn, pte) => {
    if (pte_present(pte)) out.set(vpn, pte_pfn(pte))
  })
  return out
}

function checkView(m: Machine, v: MemoryView): void {
  for (const p of v.processes) {
    const t = truth(m, p.pid)
    let present = 0
    for (const vma of p.vmas) {
      expect(runPages(vma.ptes)).toBe((vma.end - vma.start) / PAGE)
      let at = vma.start / PAGE
      for (const r of vma.ptes) {
        expect(r.first).toBe(at)
        at += r.count
        for (let i = 0; i < r.count; i++) {
          const pfn = runPfn(r, i)
          expect(r.present ? pfn : -1).toBe(t.get(r.first + i) ?? -1)
          if (r.present) {
            present++
            expect(frameAt(v, pfn)).not.toBeNull()
          }
        }
      }
    }
    expect(present).toBe(t.size)
  }
  // Every frame agrees with mm/debug.c's dump_page (the producer reads the same state faster).
  for (const r of v.frames) {
    for (let i = 0; i < r.count; i++) {
      const pfn = r.first + i
      const d = dump_page(m.kernel, pfn)
      const f = frameAt(v, pfn)!
      expect([f.refcount, f.mapcount, f.pincount, f.gets, f.maybeDmaPinned, f.zone, f.migratetype, f.anon, f.zero, f.allocated])
        .toEqual([d.refcount, d.mapcount, d.gupPins, d.gupGets, d.allocated && d.maybeDmaPinned, d.zone, d.migratetype, d.kind === 'anon', d.kind === 'zero', d.allocated])
      expect([f.anonExclusive, f.dirty]).toEqual([d.flags.includes('anon_exclusive'), d.flags.includes('dirty')])
    }
  }
}

function changedVpns(prev: MemoryView, next: MemoryView, pid: number): Set<number> {
  const map = (v: MemoryView) => {
    const out = new Map<number, number>()
    for (const vma of v.processes.find((p) => p.pid === pid)?.vmas ?? []) {
      for (const r of vma.ptes) if (r.present) for (let i = 0; i < r.count; i++) out.set(r.first + i, runPfn(r, i))
    }
    return out
  }
  const a = map(prev)
  const b = map(next)
  const out = new Set<number>()
  for (const [vpn, pfn] of a) if (b.get(vpn) !== pfn) out.add(vpn)
  for (const [vpn, pfn] of b) if (a.get(vpn) !== pfn) out.add(vpn)
  return out
}

describe('memory view: property', () => {
  for (const version of ['4.4', '5.10', '6.18'] as const satisfies readonly KernelVersion[]) {
    it(`${version}: views match the page tables and diffs name every changed page`, () => {
      let s = (PROPERTY_SEED + Number(version.replace('.', ''))) >>> 0 || 1
      const rnd = (n: number) => {
        s ^= s << 13
        s >>>= 0
        s ^= s >>> 17
        s ^= s << 5
        s >>>= 0
        return s % n
      }
      const m = new Machine({ kernel: version, memoryPages: 1 << 14 })
      const k = m.kernel
      const root = k.createProcess({ comm: 'prop', uid: 0 })
      const tasks: TaskStruct[] = [root]
      const regions: Array<{ addr: number; pages: number }> = []
      const pins: number[] = []
      let prev = buildMemoryView(m)
      const seen = new Set<string>()
      const observe = (): void => {
        const next = buildMemoryView(m)
        checkView(m, next)
        const changes = diffMemoryViews(prev, next)
        for (const c of changes) seen.add(c.kind)
        for (const p of new Set([...prev.processes, ...next.processes].map((q) => q.pid))) {
          const reported = new Set<number>()
          for (const c of changes) {
            if (c.pid !== p || c.vpn === undefined || !['map', 'unmap', 'cow', 'unshare', 'remap'].includes(c.kind)) continue
            for (let i = 0; i < c.count; i++) reported.add(c.vpn + i)
          }
          expect([...reported].sort((x, y) => x - y)).toEqual([...changedVpns(prev, next, p)].sort((x, y) => x - y))
        }
        prev = next
      }
      // A scripted start so every seed sees a COW: write, fork, write again in the parent.
      const first = k.mmap(root, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
      regions.push({ addr: first, pages: 2 })
      k.uaccess(root).writeU8(first, 1)
      observe()
      const forked = k.fork(root)
      if (typeof forked !== 'number') tasks.push(forked)
      observe()
      k.uaccess(root).writeU8(first, 2)
      observe()
      for (let step = 0; step < 250; step++) {
        const t = tasks[rnd(tasks.length)]!
        const region = regions.length ? regions[rnd(regions.length)]! : null
        const page = region ? region.addr + rnd(region.pages) * PAGE : 0
        switch (rnd(10)) {
          case 0: {
            const pages = 1 + rnd(6)
            const a = k.mmap(root, 0, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
            if (a > 0) regions.push({ addr: a, pages })
            break
          }
          case 1:
          case 2:
            if (region) k.uaccess(t).writeU8(page, rnd(256))
            break
          case 3:
            if (region) k.uaccess(t).readU8(page)
            break
          case 4:
            if (tasks.length < 4) {
              const c = k.fork(t)
              if (typeof c !== 'number') tasks.push(c)
            }
            break
          case 5:
            if (region) k.madvise(t, page, PAGE, MADV_DONTNEED)
            break
          case 6:
            if (region) k.mprotect(t, region.addr, region.pages * PAGE, rnd(2) ? PROT_READ : PROT_READ | PROT_WRITE)
            break
          case 7:
            if (region && version !== '4.4') {
              const got: number[] = []
              if (k.pin_user_pages(t, page, 1, FOLL_LONGTERM | (rnd(2) ? FOLL_WRITE : 0), got) === 1) pins.push(got[0]!)
            }
            break
          case 8:
            if (pins.length) k.unpin_user_page(pins.splice(rnd(pins.length), 1)[0]!)
            break
          case 9:
            if (t !== root && rnd(3) === 0) {
              k.exit(t, 0)
              tasks.splice(tasks.indexOf(t), 1)
            } else if (region && rnd(4) === 0) k.munmap(t, page, PAGE)
            break
        }
        observe()
      }
      expect(k.checkInvariants()).toEqual([])
      // The sequence exercised the interesting cases, so the checks above had something to check.
      expect([...seen]).toEqual(expect.arrayContaining(['map', 'unmap', 'cow']))
    })
  }
})
