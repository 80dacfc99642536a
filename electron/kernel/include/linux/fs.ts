/**
 * include/linux/fs.h — the minimal address_space / file interface the memory manager needs.
 * The files layer (ext4, tmpfs, fs-DAX) plugs in through `AddressSpaceOps`; tests use the plain
 * in-memory behaviour (no ops) of mm/filemap.ts.
 *
 * A `KFile` is an open file description as mmap sees it (immutable; vm_file). It names its
 * address_space by id so that snapshots can restore the address_space state separately.
 */
import { CowArray, type CowArraySnapshot } from '../../lib/cow_array'
import type { Kernel } from '../../kernel'
import type { MmStruct, VmArea } from './mm_types'

export interface AddressSpaceOps {
  /**
   * file->f_op->mmap: called once the VMA exists. A driver (NIC doorbells, io_uring rings) may
   * set VM_IO|VM_PFNMAP and call remap_pfn_range (mm/memory_remap.ts). Negative errno aborts.
   */
  mmap?(k: Kernel, mm: MmStruct, vma: VmArea): number
  /** ->page_mkwrite for a write fault on a shared mapping: 0 or VM_FAULT_* bits. */
  page_mkwrite?(k: Kernel, mapping: AddressSpace, pfn: number, index: number): number
  /** ->read_folio: fill a freshly allocated page-cache frame. Default: zero-filled. */
  read_folio?(k: Kernel, mapping: AddressSpace, pfn: number, index: number): void
  /**
   * ->writepage: persist a folio that writeback (msync MS_SYNC) just cleaned. May return
   * WRITEPAGE_BUG (fs/ext4/inode.ts) when the filesystem BUG()s: the writing task dies.
   */
  writepage?(k: Kernel, mapping: AddressSpace, pfn: number, index: number): void | number
  /**
   * ->release_folio (try_to_release_page): drop private state (buffer heads) of a clean folio
   * before it leaves the cache. False if it cannot (dirty or under writeback).
   */
  release_folio?(k: Kernel, mapping: AddressSpace, pfn: number): boolean
  /**
   * ->writepages: write back the dirty folios with index in [first, end) (do_writepages).
   * Without it the generic loop (folio_clear_dirty_for_io + ->writepage) runs.
   */
  writepages?(k: Kernel, mapping: AddressSpace, first: number, end: number): { written: number; bug: boolean }
  /** ->dirty_folio, called when a clean folio becomes dirty (buffer heads etc.). */
  dirty_folio?(k: Kernel, mapping: AddressSpace, pfn: number): void
}

/** Filesystem flavour, for vma_needs_dirty_tracking and the GUP-fast file checks. */
export type MappingKind = 'shmem' | 'hugetlbfs' | 'ext4' | 'xfs' | 'btrfs' | 'other'

export interface AddressSpaceSnapshot {
  id: number
  kind: MappingKind
  name: string
  size: number
  canWriteback: boolean
  isDax: boolean
  nrDirty: number
  nrpages: number
  dirtiedWhen?: number
  i_pages: CowArraySnapshot<Int32Array>
  ops: AddressSpaceOps
}

export class AddressSpace {
  /** Page cache: index → pfn + 1 (0 = not cached). */
  i_pages: CowArray<Int32Array>
  nrpages = 0
  nrDirty = 0
  /**
   * inode->dirtied_when: virtual ns at which the mapping went from clean to dirty (-1 = clean);
   * the flusher writes back mappings dirty for longer than dirty_expire_centisecs.
   */
  dirtiedWhen = -1

  constructor(
    public readonly id: number,
    public kind: MappingKind,
    public name: string,
    /** i_size in bytes: faults at or beyond EOF raise SIGBUS. */
    public size: number,
    /** mapping_can_writeback(): ext4-like true, shmem-like false. */
    public canWriteback: boolean,
    /** fs-DAX: long-term pins refused with -EOPNOTSUPP (4.15+). */
    public isDax: boolean,
    public ops: AddressSpaceOps,
    pages?: CowArraySnapshot<Int32Array>
  ) {
    this.i_pages = pages ? CowArray.restore(Int32Array, pages) : new CowArray(Int32Array)
  }

  get isShmem(): boolean {
    return this.kind === 'shmem'
  }

  snapshot(): AddressSpaceSnapshot {
    return {
      id: this.id, kind: this.kind, name: this.name, size: this.size, canWriteback: this.canWriteback,
      isDax: this.isDax, nrDirty: this.nrDirty, nrpages: this.nrpages, dirtiedWhen: this.dirtiedWhen, i_pages: this.i_pages.snapshot(), ops: this.ops
    }
  }

  static restore(s: AddressSpaceSnapshot): AddressSpace {
    const m = new AddressSpace(s.id, s.kind, s.name, s.size, s.canWriteback, s.isDax, s.ops, s.i_pages)
    m.nrDirty = s.nrDirty
    m.nrpages = s.nrpages
    m.dirtiedWhen = s.dirtiedWhen ?? -1
    return m
  }
}

/** An open file as mmap sees it. FMODE_READ / FMODE_WRITE are `readable` / `writable`. */
export interface KFile {
  readonly mappingId: number
  readonly readable: boolean
  readonly writable: boolean
  /** /proc/PID/maps name. */
  readonly path: string
}
