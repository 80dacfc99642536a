import { Kernel, type KernelOptions } from '../../../electron/kernel'
import type { TaskStruct } from '../../../electron/kernel'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, pte_pfn, pte_present, pte_write } from '../../../electron/kernel'
import { expect } from 'vitest'

export function boot(opts: KernelOptions = {}): { k: Kernel; t: TaskStruct } {
  const k = new Kernel({ memory: { normalPages: 4096 }, ...opts })
  const t = k.createProcess({ comm: 'test' })
  return { k, t }
}

export function mmapAnon(k: Kernel, t: TaskStruct, pages: number, prot = PROT_READ | PROT_WRITE): number {
  const a = k.mmap(t, 0, pages * 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS)
  expect(a).toBeGreaterThan(0)
  return a
}

export function pteOf(k: Kernel, t: TaskStruct, addr: number): number {
  return t.mm!.pgd.get(Math.floor(addr / 4096))
}

export function pfnAt(k: Kernel, t: TaskStruct, addr: number): number {
  const pte = pteOf(k, t, addr)
  return pte_present(pte) ? pte_pfn(pte) : -1
}

export function writableAt(k: Kernel, t: TaskStruct, addr: number): boolean {
  return pte_write(pteOf(k, t, addr))
}

/** What the device sees at byte `off` of a pinned pfn (a DMA read). */
export function dmaByte(k: Kernel, pfn: number, off = 0): number {
  const b = new Uint8Array(1)
  expect(k.dma_read(pfn, off, b, 1)).toBe(0)
  return b[0]!
}

export function dmaU32(k: Kernel, pfn: number, off = 0): number {
  const b = new Uint8Array(4)
  expect(k.dma_read(pfn, off, b, 4)).toBe(0)
  return new DataView(b.buffer).getUint32(0, true)
}

export function expectConsistent(k: Kernel): void {
  expect(k.checkInvariants()).toEqual([])
}

import { MAP_SHARED, type AddressSpace, type KFile, type MappingKind } from '../../../electron/kernel'
import {
  IB_ACCESS_LOCAL_WRITE, IB_ACCESS_REMOTE_READ, ib_umem_get, ib_umem_release, type IbUmem
} from '../../../electron/kernel/drivers/infiniband/core/umem'

/**
 * ib_umem_get as the RDMA driver does it (electron/kernel/drivers/infiniband/core/umem.ts: the
 * era's GUP call and flags, kernel-semantics.md §1.6), returning the pfns it holds. `writable` =
 * the MR has a write access flag (LOCAL_WRITE), else it is registered REMOTE_READ only.
 */
export function umemGet(k: Kernel, t: TaskStruct, addr: number, npages: number, writable: boolean): { ret: number; pages: number[]; pinned: boolean; flags: number; umem: IbUmem | null } {
  const u = ib_umem_get(k, t, addr, npages * 4096, writable ? IB_ACCESS_LOCAL_WRITE : IB_ACCESS_REMOTE_READ)
  if (typeof u === 'number') return { ret: u, pages: [], pinned: false, flags: 0, umem: null }
  return { ret: u.npages, pages: u.pfns, pinned: u.pinned, flags: u.gupFlags, umem: u }
}

/** ib_umem_release: pages dirtied if the umem is writable and `dirty`, references dropped. */
export function umemRelease(k: Kernel, u: { umem: IbUmem | null }, dirty: boolean): void {
  if (u.umem) ib_umem_release(k, u.umem, dirty)
}

/** A file whose page-cache pages read as `fill` bytes. */
export function makeFile(k: Kernel, opts: { kind?: MappingKind; pages?: number; fill?: number; dax?: boolean; read?: boolean; write?: boolean } = {}): { m: AddressSpace; f: KFile } {
  const fill = opts.fill ?? 0x41
  const m = k.createMapping({
    kind: opts.kind ?? 'ext4', size: (opts.pages ?? 4) * 4096, dax: opts.dax,
    ops: { read_folio: (kk, _m, pfn) => kk.phys.contents.fill(pfn, 0, 4096, fill) }
  })
  return { m, f: k.openFile(m, { read: opts.read ?? true, write: opts.write ?? true }) }
}

export function mmapFile(k: Kernel, t: TaskStruct, f: KFile, pages: number, prot: number, shared: boolean): number {
  const a = k.mmap(t, 0, pages * 4096, prot, shared ? MAP_SHARED : MAP_PRIVATE, f, 0)
  expect(a).toBeGreaterThan(0)
  return a
}
