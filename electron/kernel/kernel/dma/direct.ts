/**
 * kernel/dma/direct.c — the device side: physical reads and writes by pfn. The NIC's translation
 * table stores pfns and DMAs through here, never through page tables, so a device keeps seeing
 * the page it pinned even after the process's PTE moved on (the whole point of PinLab).
 *
 * Contract: returns 0, or -EFAULT for an out-of-range access or a pfn that is not allocated
 * (a use-after-free by the device: also a `warn` trace event, like an IOMMU fault report).
 */
import type { Kernel } from '../../kernel'
import { EFAULT } from '../../include/uapi/asm-generic/errno'

function check(k: Kernel, pfn: number, offset: number, len: number): number {
  if (!Number.isInteger(pfn) || pfn < 0 || pfn >= k.phys.maxPfn || offset < 0 || len < 0 || offset + len > 4096) return -EFAULT
  if (!k.phys.isAllocated(pfn)) {
    k.warn(`DMA to free pfn ${pfn}`)
    return -EFAULT
  }
  return 0
}

export function dma_read(k: Kernel, pfn: number, offset: number, dst: Uint8Array, len: number): number {
  const r = check(k, pfn, offset, len)
  if (r < 0) return r
  k.phys.contents.readBytes(pfn, offset, dst, 0, len)
  k.tick(10 + len / 8)
  if (k.tracing) k.emit({ type: 'dma_read', pfn, offset, len })
  return 0
}

export function dma_write(k: Kernel, pfn: number, offset: number, src: Uint8Array, len: number): number {
  const r = check(k, pfn, offset, len)
  if (r < 0) return r
  k.phys.contents.writeBytes(pfn, offset, src, 0, len)
  k.tick(10 + len / 8)
  if (k.tracing) k.emit({ type: 'dma_write', pfn, offset, len })
  return 0
}
