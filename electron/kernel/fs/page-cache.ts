/**
 * The page cache of a VFS regular file: the glue between an inode's bytes and the kernel's
 * address_space for it. Frames are filled from the file's bytes (->read_folio) and written back
 * to them (->writepage: msync and writeback). read() prefers a cached frame and write() updates
 * it, so read(), write() and a MAP_SHARED mapping always agree.
 */
import type { Kernel } from '../kernel'
import type { AddressSpace, AddressSpaceOps } from '../include/linux/fs'
import { ext4_aops } from './ext4/inode'
import { dax_allocate, dax_aops, dax_write } from './dax'
import { filemap_get_folio } from '../mm/filemap'
import { truncate_setsize } from '../mm/truncate'
import type { Inode } from './inode'

const PAGE_SIZE = 4096

/** The inode's address_space, created on first use and named `name` (its path, or memfd:NAME). */
export function inode_mapping(k: Kernel, inode: Inode, name: string): AddressSpace {
  const existing = inode.mappingId ? k.mappings.get(inode.mappingId) : undefined
  if (existing) return existing
  // ext4 (and the other disk filesystems): real page cache with buffers and writeback
  // (fs/ext4/inode.ts). tmpfs: the bytes live in memory, its pages are never written back.
  if (inode.dax) {
    // fs-DAX (fs/dax.ts): the i_pages entries are the file's pmem blocks.
    const dm = k.createMapping({ kind: inode.fsKind, name: name.replace(/^\//, ''), size: inode.size, dax: true, ops: dax_aops() })
    inode.mappingId = dm.id
    dax_allocate(k, dm, 0, Math.ceil(inode.size / PAGE_SIZE))
    if (inode.data.length > 0) dax_write(k, dm, 0, inode.data.subarray(0, inode.size))
    return dm
  }
  const ops: AddressSpaceOps = inode.fsKind !== 'shmem'
    ? ext4_aops(inode, () => ({ pid: k.curPid, comm: k.task(k.curPid)?.comm ?? 'a.out' }))
    : {
        read_folio: (kk, _mapping, pfn, index) => {
          const start = index * PAGE_SIZE
          if (start < inode.size) kk.phys.contents.writeBytes(pfn, 0, inode.data, start, Math.min(PAGE_SIZE, inode.size - start))
        },
        writepage: (kk, _mapping, pfn, index) => {
          const start = index * PAGE_SIZE
          if (start >= inode.size) return
          const n = Math.min(PAGE_SIZE, inode.size - start)
          const page = new Uint8Array(PAGE_SIZE)
          kk.phys.contents.readBytes(pfn, 0, page, 0, PAGE_SIZE)
          inode.data.set(page.subarray(0, n), start)
        }
      }
  const m = k.createMapping({ kind: inode.fsKind, name: name.replace(/^\//, ''), size: inode.size, ops })
  inode.mappingId = m.id
  return m
}

/**
 * Keeps file bytes and cached frames in step for `buf` at `offset`: a read takes the bytes of
 * cached pages from the frames (a MAP_SHARED store may be newer than the file), a write puts
 * its bytes into cached frames too. Pages not in the cache are left alone.
 */
export function page_cache_overlay(k: Kernel, inode: Inode, offset: number, buf: Uint8Array, dir: 'read' | 'write'): void {
  const m = inode.mappingId ? k.mappings.get(inode.mappingId) : undefined
  if (!m) return
  let done = 0
  while (done < buf.length) {
    const pos = offset + done
    const index = Math.floor(pos / PAGE_SIZE)
    const off = pos % PAGE_SIZE
    const n = Math.min(PAGE_SIZE - off, buf.length - done)
    const pfn = filemap_get_folio(m, index)
    if (pfn >= 0) {
      if (dir === 'read') k.phys.contents.readBytes(pfn, off, buf, done, n)
      else k.phys.contents.writeBytes(pfn, off, buf, done, n)
    }
    done += n
  }
}

/** i_size changes: the page cache learns the new size; shrinking unmaps and drops pages past it. */
export function inode_set_size(k: Kernel, inode: Inode, size: number): void {
  const shrinking = size < inode.size
  inode.truncate(size)
  const m = inode.mappingId ? k.mappings.get(inode.mappingId) : undefined
  if (!m) return
  if (shrinking) {
    truncate_setsize(k, m, size)
    // truncate_inode_pages_range zeroes the tail of a partial last page, so re-extending the
    // file reads zeros there (and so does the disk: Inode.truncate zero-fills on growth).
    const tail = size % PAGE_SIZE
    const pfn = tail ? filemap_get_folio(m, Math.floor(size / PAGE_SIZE)) : -1
    if (pfn >= 0) k.phys.contents.writeBytes(pfn, tail, new Uint8Array(PAGE_SIZE - tail), 0, PAGE_SIZE - tail)
  } else m.size = size
}
