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
