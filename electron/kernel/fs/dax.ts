/**
 * fs/dax.c + ext4's DAX paths — a filesystem mounted with -o dax on a persistent-memory device
 * (PinLab's /mnt/pmem): a file's pages ARE its storage blocks. There is no page-cache copy and
 * no writeback; read(), write() and mmap() reach the block frames directly (dax_iomap_rw,
 * dax_iomap_fault). Reference §2.9 and scenario 4e (fs-DAX variant):
 *
 * - long-term pins are refused with -EOPNOTSUPP from 4.15 (check_vma_flags, mm/gup.ts);
 * - truncate / hole punch: from 4.19 (feature daxBreakLayouts, ext4_break_layouts →
 *   dax_layout_busy_page_range) the range is unmapped and, while any of its pages has a
 *   reference beyond the filesystem's own (a pin, a GUP reference), the syscall waits
 *   (-ERESTARTSYS: the scheduler parks the caller and retries). Before, the blocks are freed
 *   under the reference and the next allocation reuses them: the device then writes into
 *   another file — the corruption that motivated the 4.15 long-term ban. That needs a GUP
 *   reference, which exists only from 4.5 (daxGup: before, DAX PTEs have no struct page and
 *   GUP fails with -EFAULT), so among the supported versions nothing reaches it.
 *
 * Blocks: a file's block for page `index` is the frame in its mapping's i_pages (the DAX entry);
 * the filesystem's reference is the page-cache reference. Freed blocks go to the pmem device's
 * free list (their reference is held as a kernel reference, k.kernelRefs) and are handed out
 * again last-freed-first. Blocks are allocated when the file grows (write, ftruncate, fallocate),
 * so a fault always finds one. Deviation: the free list is not part of kernel snapshots (a
 * restored kernel keeps those frames as kernel pages and allocates fresh ones).
 */
import type { Kernel } from '../kernel'
import type { AddressSpace, AddressSpaceOps } from '../include/linux/fs'
import type { Inode } from './inode'
import { filemap_add_folio, filemap_get_folio } from '../mm/filemap'
import { unmap_mapping_range } from '../mm/truncate'
import { folio_clear_dirty_for_io } from '../mm/page-writeback'
import { ERRNO, ERESTARTSYS } from '../include/uapi/asm-generic/errno-base'
import { PG_dirty, PG_lru, PG_uptodate } from '../include/linux/page-flags'

const PAGE_SIZE = 4096

/** The pmem device's free blocks per kernel (frames held by a kernel reference). */
const pmemFree = new WeakMap<Kernel, number[]>()

/** Allocate a zeroed pmem block: the most recently freed one first, else a fresh frame. */
function dax_alloc_block(k: Kernel): number {
  const free = pmemFree.get(k)
  while (free && free.length > 0) {
    const pfn = free.pop()!
    const n = k.kernelRefs.get(pfn) ?? 0
    if (n <= 0 || !k.phys.isAllocated(pfn)) continue
    // The reference moves from the device's free list to the file (the page-cache reference).
    if (n === 1) k.kernelRefs.delete(pfn)
    else k.kernelRefs.set(pfn, n - 1)
    k.phys.contents.clear(pfn)
    return pfn
  }
  return k.phys.alloc('kernel')
}

/** Give a block back to the pmem device, whoever still references the frame. */
function dax_free_block(k: Kernel, mapping: AddressSpace, index: number, pfn: number): void {
  mapping.i_pages.set(index, 0)
  mapping.nrpages--
  const p = k.phys
  const f = p.flags.get(pfn)
  if (f & PG_dirty) mapping.nrDirty--
  p.flags.set(pfn, f & ~(PG_dirty | PG_lru | PG_uptodate))
  p.mapping.set(pfn, 0)
  p.index.set(pfn, 0)
  k.kernelRefs.set(pfn, (k.kernelRefs.get(pfn) ?? 0) + 1)
  let free = pmemFree.get(k)
  if (!free) pmemFree.set(k, (free = []))
  free.push(pfn)
  if (k.tracing) k.emit({ type: 'pagecache', action: 'evict', mapping: mapping.id, index, pfn })
}

/** Make sure pages [0, ceil(size / 4096)) have blocks. -ENOSPC when the device is full. */
export function dax_allocate(k: Kernel, mapping: AddressSpace, first: number, end: number): number {
  for (let index = first; index < end; index++) {
    if (filemap_get_folio(mapping, index) >= 0) continue
    const pfn = dax_alloc_block(k)
    if (pfn < 0) return -ERRNO.ENOSPC
    filemap_add_folio(k, mapping, pfn, index)
    if (k.tracing) k.emit({ type: 'pagecache', action: 'add', mapping: mapping.id, index, pfn })
  }
  return 0
}

/** dax_iomap_rw (write): copy into the blocks; the file must already cover [offset, end). */
export function dax_write(k: Kernel, mapping: AddressSpace, offset: number, data: Uint8Array): number {
  const r = dax_allocate(k, mapping, Math.floor(offset / PAGE_SIZE), Math.ceil((offset + data.length) / PAGE_SIZE))
  if (r < 0) return r
  for (let done = 0; done < data.length; ) {
    const pos = offset + done
    const n = Math.min(PAGE_SIZE - (pos % PAGE_SIZE), data.length - done)
    k.phys.contents.writeBytes(filemap_get_folio(mapping, Math.floor(pos / PAGE_SIZE)), pos % PAGE_SIZE, data, done, n)
    done += n
  }
  k.tick(100 + 10 * Math.ceil(data.length / PAGE_SIZE))
  return data.length
}

/** dax_iomap_rw (read): copy out of the blocks (a page without a block reads as zeros). */
export function dax_read(k: Kernel, inode: Inode, mapping: AddressSpace, offset: number, count: number): Uint8Array {
  const end = Math.min(inode.size, offset + count)
  const out = new Uint8Array(Math.max(0, end - offset))
  for (let done = 0; done < out.length; ) {
    const pos = offset + done
    const n = Math.min(PAGE_SIZE - (pos % PAGE_SIZE), out.length - done)
    const pfn = filemap_get_folio(mapping, Math.floor(pos / PAGE_SIZE))
    if (pfn >= 0) k.phys.contents.readBytes(pfn, pos % PAGE_SIZE, out, done, n)
    done += n
  }
  k.tick(100 + 10 * Math.ceil(out.length / PAGE_SIZE))
  return out
}

/**
 * dax_layout_busy_page_range(): unmap [first, end) from every process, then report whether some
 * page of the range is still referenced by anyone but the filesystem (refcount > 1).
 */
export function dax_layout_busy_page_range(k: Kernel, mapping: AddressSpace, first: number, end: number): number {
  unmap_mapping_range(k, mapping, first, end, true)
  const last = Math.min(end, Math.ceil(mapping.size / PAGE_SIZE) + 1)
  for (let index = first; index < last; index++) {
    const pfn = filemap_get_folio(mapping, index)
    if (pfn >= 0 && k.phys.refcount.get(pfn) > 1) return pfn
  }
  return -1
}

/**
 * Remove the blocks of pages [first, end) (truncate down, punch hole). From 4.19 it first breaks
 * layouts: busy ⇒ -ERESTARTSYS, nothing changed yet (the caller retries when woken). Returns 0.
 */
export function dax_remove_blocks(k: Kernel, mapping: AddressSpace, first: number, end: number): number {
  if (k.has('daxBreakLayouts')) {
    const busy = dax_layout_busy_page_range(k, mapping, first, end)
    if (busy >= 0) {
      if (k.tracing) k.emit({ type: 'warn', msg: `dax: truncate waits for busy page pfn ${busy} (break layouts)` })
      return -ERESTARTSYS
    }
  } else unmap_mapping_range(k, mapping, first, end, true)
  const last = Math.min(end, Math.ceil(mapping.size / PAGE_SIZE) + 1)
  for (let index = first; index < last; index++) {
    const pfn = filemap_get_folio(mapping, index)
    if (pfn >= 0) dax_free_block(k, mapping, index, pfn)
  }
  return 0
}

/** Zero bytes [start, end) of the file in its blocks (partial pages of a punch / truncate). */
export function dax_zero_range(k: Kernel, mapping: AddressSpace, start: number, end: number): void {
  for (let pos = start; pos < end; ) {
    const n = Math.min(PAGE_SIZE - (pos % PAGE_SIZE), end - pos)
    const pfn = filemap_get_folio(mapping, Math.floor(pos / PAGE_SIZE))
    if (pfn >= 0) k.phys.contents.writeBytes(pfn, pos % PAGE_SIZE, new Uint8Array(n), 0, n)
    pos += n
  }
}

/**
 * ftruncate of a DAX file: shrinking removes the blocks past the new end (possibly waiting,
 * see dax_remove_blocks) and zeroes the tail of the last page; growing allocates blocks.
 */
export function dax_setsize(k: Kernel, inode: Inode, mapping: AddressSpace, size: number): number {
  if (size < inode.size) {
    const r = dax_remove_blocks(k, mapping, Math.ceil(size / PAGE_SIZE), Infinity)
    if (r < 0) return r
    dax_zero_range(k, mapping, size, Math.min(inode.size, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE))
    inode.size = size
    mapping.size = size
    return 0
  }
  inode.size = size
  mapping.size = size
  return dax_allocate(k, mapping, 0, Math.ceil(size / PAGE_SIZE))
}

/** The DAX address_space operations: nothing to read in, nothing to write back. */
export function dax_aops(): AddressSpaceOps {
  return {
    // dax_writeback_mapping_range: flush CPU caches and clear the dirty tags — no data moves.
    writepages: (k, mapping, first, end) => {
      const last = Math.min(end, Math.ceil(mapping.size / PAGE_SIZE) + 1)
      for (let index = first; index < last; index++) {
        const pfn = filemap_get_folio(mapping, index)
        if (pfn >= 0 && k.phys.flags.get(pfn) & PG_dirty) {
          folio_clear_dirty_for_io(k, pfn)
          if (k.tracing) k.emit({ type: 'pagecache', action: 'clean', mapping: mapping.id, index, pfn })
        }
      }
      return { written: 0, bug: false }
    }
  }
}
