/**
 * fs/proc/proc_sysctl.c — /proc/sys/vm with the writeback and reclaim knobs (kernel/sysctl.c,
 * mm/page-writeback.c, fs/drop_caches.c):
 *
 * | file | mode | what |
 * |---|---|---|
 * | drop_caches | 0200 | write 1 (page cache) / 2 (slab: nothing to drop here) / 3 / 4 (bit: no log line); proc_dointvec_minmax from 1; the upper bound 63 is what 6.18 accepts natively (per-version bound UNVERIFIED); else EINVAL |
 * | dirty_expire_centisecs | 0644 | `3000\n` — age after which the flusher writes a dirty inode |
 * | dirty_writeback_centisecs | 0644 | `500\n` — the flusher's period |
 *
 * Non-root writers get EACCES from the open (the file mode). Deviation: the two dirty_* values
 * are fixed (DIRTY_EXPIRE_CENTISECS / DIRTY_WRITEBACK_CENTISECS); writing them is EPERM, and
 * root may read drop_caches (Linux's sysctl_perm refuses even root: EACCES).
 */
import type { Kernel } from '../../kernel'
import type { Vfs } from '../vfs'
import type { Inode } from '../inode'
import { S_IFDIR, S_IFREG } from '../inode'
import { ERRNO } from '../../include/uapi/asm-generic/errno-base'
import { DIRTY_EXPIRE_CENTISECS, DIRTY_WRITEBACK_CENTISECS } from '../../mm/page-writeback'
import { drop_pagecache } from '../../mm/vmscan'
import { bytes } from './internal'

/** Parse a sysctl integer write as proc_dointvec does (leading blanks, digits, optional newline). */
function parseIntWrite(data: Uint8Array): number | null {
  const text = new TextDecoder().decode(data)
  const m = /^\s*(-?\d+)\s*$/.exec(text)
  return m ? Number(m[1]) : null
}

/** Builds /proc/sys (with vm/ inside); procfs lists it among its global entries. */
export function proc_sys_init(vfs: Vfs, k: Kernel, proc: Inode): Inode {
  const sys = vfs.createInode(S_IFDIR | 0o555, 0, 0)
  sys.parent = proc
  const vm = vfs.createInode(S_IFDIR | 0o555, 0, 0)
  vm.parent = sys
  sys.children!.set('vm', vm)
  const file = (name: string, mode: number): Inode => {
    const inode = vfs.createInode(S_IFREG | mode, 0, 0)
    inode.parent = vm
    vm.children!.set(name, inode)
    return inode
  }
  const value = (v: number) => ({
    read: () => -ERRNO.EINVAL,
    write: () => -ERRNO.EINVAL,
    readAt: (_caller: number, pos: number, count: number) => bytes(`${v}\n`).slice(pos, pos + count),
    writeAt: () => -ERRNO.EPERM
  })
  file('dirty_expire_centisecs', 0o644).dev = value(DIRTY_EXPIRE_CENTISECS)
  file('dirty_writeback_centisecs', 0o644).dev = value(DIRTY_WRITEBACK_CENTISECS)
  file('drop_caches', 0o200).dev = {
    read: () => -ERRNO.EINVAL,
    write: () => -ERRNO.EINVAL,
    readAt: () => new Uint8Array(0),
    writeAt: (_caller, _pos, data) => {
      const v = parseIntWrite(data)
      if (v === null || v < 1 || v > 63) return -ERRNO.EINVAL
      if (v & 1) drop_pagecache(k)
      return data.length
    }
  }
  return sys
}
