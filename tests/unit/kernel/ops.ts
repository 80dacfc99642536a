/**
 * Random operation sequences over a small machine, shared by the property test and the
 * snapshot/replay test. Every op is plain data with a code-like toString so that fast-check
 * prints a shrunk counterexample as a replayable op list.
 */
import fc from 'fast-check'
import {
  EACCES, EAGAIN, EBADF, EBUSY, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, EOPNOTSUPP, EOVERFLOW, EPERM, FOLL_ANON,
  FOLL_DUMP, FOLL_FORCE, FOLL_GET, FOLL_LONGTERM, FOLL_NOFAULT, FOLL_PIN, FOLL_TOUCH, FOLL_WRITE, Kernel, MADV_COLD,
  MADV_DOFORK, MADV_DONTFORK, MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE, MADV_KEEPONFORK, MADV_NORMAL, MADV_POPULATE_READ,
  MADV_POPULATE_WRITE, MADV_REMOVE, MADV_WIPEONFORK, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_LOCKED,
  MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MREMAP_FIXED, MREMAP_MAYMOVE, PROT_READ, PROT_WRITE, RLIMIT_MEMLOCK,
  gup_fast_finish, gup_fast_start, ksm_try_merge, truncate_setsize, alloc_kernel_page, remap_pfn_range, MADV_MERGEABLE, type GupFastState, type KFile, type TaskStruct
} from '../../../electron/kernel'
import { drop_pagecache, filemap_write_and_wait_range, shrink_page_cache } from '../../../electron/kernel'
import type { KernelVersion } from '../../../shared/kernel-versions'

export const BASE = 0x40000000
export const SLOT_PAGES = 4
export const NSLOTS = 6
const slotAddr = (slot: number, off: number): number => BASE + (slot * SLOT_PAGES + off) * 4096

export type Op =
  | { op: 'mmap'; task: number; slot: number; pages: number; prot: number; kind: 'anon' | 'shanon' | 'ext4' | 'shmem' | 'ext4ro' | 'dev'; fixed: 'fixed' | 'noreplace' | 'hint'; extra: number }
  | { op: 'munmap'; task: number; slot: number; off: number; pages: number; skew: number }
  | { op: 'mprotect'; task: number; slot: number; off: number; pages: number; prot: number; skew: number }
  | { op: 'madvise'; task: number; slot: number; off: number; pages: number; advice: number; skew: number }
  | { op: 'mlock'; task: number; slot: number; off: number; pages: number; lock: boolean }
  | { op: 'mremap'; task: number; slot: number; pages: number; newPages: number; flags: number; toSlot: number }
  | { op: 'write'; task: number; slot: number; byte: number; value: number; width: 1 | 4 | 4096 }
  | { op: 'read'; task: number; slot: number; byte: number }
  | { op: 'fork'; task: number; race: boolean }
  | { op: 'exit'; task: number }
  | { op: 'gup'; api: GupName; task: number; target: number; slot: number; off: number; nr: number; flags: number }
  | { op: 'release'; which: number; dirty: boolean }
  | { op: 'dma'; which: number; value: number }
  | { op: 'setrlimit'; task: number; bytes: number }
  | { op: 'brk'; task: number; pages: number }
  | { op: 'bad'; task: number; kind: number }
  | { op: 'ksm'; task: number; slot: number; off: number; other: number; slot2: number; off2: number }
  | { op: 'truncate'; file: 'ext4' | 'shmem'; pages: number }
  | { op: 'mlockall'; task: number; flags: number }
  /** Writeback and reclaim of the ext4 file: fsync-like writeback, drop_caches, reclaim (unmapping). */
  | { op: 'wb'; kind: 0 | 1 | 2 }

export type GupName =
  | 'get_user_pages' | 'get_user_pages_fast' | 'get_user_pages_remote' | 'get_user_pages_longterm'
  | 'pin_user_pages' | 'pin_user_pages_fast' | 'pin_user_pages_remote'

interface Held {
  pin: boolean
  pfns: number[]
}

export interface World {
  k: Kernel
  tasks: TaskStruct[]
  held: Held[]
  files: Record<'ext4' | 'shmem' | 'ext4ro' | 'dev', KFile>
}

export const MEMORY = { normalPages: 96, movablePages: 24, cmaPages: 16 }

export function newWorld(version: KernelVersion, seed = 1): World {
  const k = new Kernel({ version, seed, memory: { ...MEMORY, movableOrder: ['movable', 'cma', 'normal'] } })
  const t = k.createProcess({ comm: 'prop' })
  const ext4 = k.createMapping({ kind: 'ext4', size: 4 * 4096 })
  const shmem = k.createMapping({ kind: 'shmem', size: 4 * 4096 })
  // A device whose mmap maps two kernel pages (like io_uring rings) with remap_pfn_range.
  const ring = [alloc_kernel_page(k), alloc_kernel_page(k)]
  const dev = k.createMapping({
    kind: 'other', name: 'dev', size: 8 * 4096,
    ops: { mmap: (kk, mm, vma) => remap_pfn_range(kk, mm, vma, vma.start, ring[0]!, 4096) || (vma.end - vma.start > 4096 ? remap_pfn_range(kk, mm, vma, vma.start + 4096, ring[1]!, 4096) : 0) }
  })
  const w: World = {
    k, tasks: [t], held: [],
    files: { ext4: k.openFile(ext4), shmem: k.openFile(shmem), ext4ro: k.openFile(ext4, { write: false }), dev: k.openFile(dev) }
  }
  // A starting layout so that short sequences meet populated memory: anon RW (slots 0-2),
  // a private ext4 mapping (3), shared shmem (4), shared ext4 (5).
  const rw = PROT_READ | PROT_WRITE
  k.mmap(t, slotAddr(0, 0), 3 * SLOT_PAGES * 4096, rw, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
  k.mmap(t, slotAddr(3, 0), SLOT_PAGES * 4096, rw, MAP_PRIVATE | MAP_FIXED, w.files.ext4, 0)
  k.mmap(t, slotAddr(4, 0), SLOT_PAGES * 4096, rw, MAP_SHARED | MAP_FIXED, w.files.shmem, 0)
  k.mmap(t, slotAddr(5, 0), SLOT_PAGES * 4096, rw, MAP_SHARED | MAP_FIXED, w.files.ext4, 0)
  const ua = k.uaccess(t)
  // Slot 2: four identical pages that KSM may merge.
  k.madvise(t, slotAddr(2, 0), SLOT_PAGES * 4096, MADV_MERGEABLE)
  ua.fill_user(slotAddr(2, 0), 0x5a, SLOT_PAGES * 4096)
  ua.writeU8(slotAddr(0, 0), 1)
  ua.readU8(slotAddr(1, 0))
  ua.readU8(slotAddr(3, 0))
  return w
}

/** The errno values a syscall or GUP call may legitimately return. */
export const KNOWN_ERRNO = new Set([EPERM, EBADF, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV, EINVAL, EOVERFLOW, EOPNOTSUPP])

const liveTasks = (w: World): TaskStruct[] => w.tasks.filter((t) => !t.exited)
const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined)

/**
 * Apply one op. Returns the syscall/GUP result (or 0) and, for argument errors whose errno is
 * known independently of state, the errno Linux must return.
 */
export function applyOp(w: World, o: Op): { ret: number; expect?: number } {
  const k = w.k
  const live = liveTasks(w)
  const t = 'task' in o ? pick(live, o.task) : undefined
  switch (o.op) {
    case 'mmap': {
      if (!t) return { ret: 0 }
      const addr = slotAddr(o.slot, 0)
      const fixed = o.fixed === 'fixed' ? MAP_FIXED : o.fixed === 'noreplace' ? MAP_FIXED_NOREPLACE : 0
      const flags = fixed | o.extra | (o.kind === 'anon' ? MAP_PRIVATE | MAP_ANONYMOUS : o.kind === 'shanon' || o.kind === 'dev' ? MAP_SHARED | (o.kind === 'shanon' ? MAP_ANONYMOUS : 0) : (o.slot & 1) ? MAP_SHARED : MAP_PRIVATE)
      const file = o.kind === 'anon' || o.kind === 'shanon' ? null : w.files[o.kind]
      return { ret: k.mmap(t, addr, o.pages * 4096, o.prot, flags, file, 0) }
    }
    case 'munmap':
      if (!t) return { ret: 0 }
      return { ret: k.munmap(t, slotAddr(o.slot, o.off) + o.skew, o.pages * 4096), expect: o.skew ? -EINVAL : o.pages === 0 ? -EINVAL : undefined }
    case 'mprotect':
      if (!t) return { ret: 0 }
      return { ret: k.mprotect(t, slotAddr(o.slot, o.off) + o.skew, o.pages * 4096, o.prot), expect: o.skew ? -EINVAL : (o.prot & 0x100) && o.pages > 0 ? -EINVAL : undefined }
    case 'madvise':
      if (!t) return { ret: 0 }
      return { ret: k.madvise(t, slotAddr(o.slot, o.off) + o.skew, o.pages * 4096, o.advice), expect: o.advice === 999 || o.skew ? -EINVAL : undefined }
    case 'mlock':
      if (!t) return { ret: 0 }
      return { ret: o.lock ? k.mlock(t, slotAddr(o.slot, o.off), o.pages * 4096) : k.munlock(t, slotAddr(o.slot, o.off), o.pages * 4096) }
    case 'mremap':
      if (!t) return { ret: 0 }
      return { ret: k.mremap(t, slotAddr(o.slot, 0), o.pages * 4096, o.newPages * 4096, o.flags, slotAddr(o.toSlot, 0)) }
    case 'write': {
      if (!t) return { ret: 0 }
      const ua = k.uaccess(t)
      const a = slotAddr(o.slot, 0) + o.byte
      const r = o.width === 1 ? ua.writeU8(a, o.value) : o.width === 4 ? ua.writeU32(a, o.value) : ua.fill_user(a - (a % 4096), o.value, 4096) === 0 ? 0 : -1
      return { ret: r === -1 ? 0 : r }
    }
    case 'read': {
      if (!t) return { ret: 0 }
      const v = k.uaccess(t).readU32(slotAddr(o.slot, 0) + o.byte)
      return { ret: v < 0 ? 0 : 0 }
    }
    case 'fork': {
      if (!t) return { ret: 0 }
      let st: GupFastState | number | undefined
      const pages: number[] = []
      const c = k.fork(t, o.race ? {
        afterPinCheck: (ctx) => {
          if (st === undefined) st = gup_fast_start(k, k.has('follPin') ? 'pin_user_pages_fast' : 'get_user_pages_fast', t, ctx.addr, 1, FOLL_WRITE, pages)
        }
      } : undefined)
      if (st !== undefined && typeof st !== 'number') {
        const n = gup_fast_finish(k, st)
        if (n > 0) w.held.push({ pin: k.has('follPin'), pfns: pages.slice(0, n) })
      }
      if (typeof c === 'number') return { ret: c }
      w.tasks.push(c)
      return { ret: 0 }
    }
    case 'exit':
      if (!t || live.length <= 1) return { ret: 0 }
      k.exit(t, 0)
      return { ret: 0 }
    case 'gup': {
      if (!t) return { ret: 0 }
      const target = pick(live, o.target) ?? t
      const pages: number[] = []
      const s = slotAddr(o.slot, o.off)
      let r: number
      switch (o.api) {
        case 'get_user_pages': r = k.get_user_pages(t, s, o.nr, o.flags, pages); break
        case 'get_user_pages_fast': r = k.get_user_pages_fast(t, s, o.nr, o.flags, pages); break
        case 'get_user_pages_remote': r = k.get_user_pages_remote(target, s, o.nr, o.flags, pages); break
        case 'get_user_pages_longterm': r = k.get_user_pages_longterm(t, s, o.nr, o.flags, pages); break
        case 'pin_user_pages': r = k.pin_user_pages(t, s, o.nr, o.flags, pages); break
        case 'pin_user_pages_fast': r = k.pin_user_pages_fast(t, s, o.nr, o.flags, pages); break
        case 'pin_user_pages_remote': r = k.pin_user_pages_remote(target, s, o.nr, o.flags, pages); break
      }
      if (r > 0) w.held.push({ pin: o.api.startsWith('pin'), pfns: pages.slice(0, r) })
      const fast = o.api.endsWith('_fast')
      return { ret: r, expect: fast && (o.flags & (1 << 30)) ? -EINVAL : undefined }
    }
    case 'release': {
      if (w.held.length === 0) return { ret: 0 }
      const i = o.which % w.held.length
      const h = w.held[i]!
      w.held.splice(i, 1)
      if (h.pin) k.unpin_user_pages_dirty_lock(h.pfns, h.pfns.length, o.dirty)
      else for (const p of h.pfns) k.put_user_page(p)
      return { ret: 0 }
    }
    case 'dma': {
      if (w.held.length === 0) return { ret: 0 }
      const h = w.held[o.which % w.held.length]!
      return { ret: k.dma_write(h.pfns[0]!, 8, new Uint8Array([o.value]), 1) }
    }
    case 'setrlimit':
      if (!t) return { ret: 0 }
      return { ret: k.setrlimit(t, RLIMIT_MEMLOCK, o.bytes, t.rlim[RLIMIT_MEMLOCK]![1]) }
    case 'brk':
      if (!t) return { ret: 0 }
      k.brk(t, t.mm!.start_brk + o.pages * 4096)
      return { ret: 0 }
    case 'ksm': {
      const t2 = pick(live, o.other)
      if (!t || !t2) return { ret: 0 }
      const r = ksm_try_merge(k, t, slotAddr(o.slot, o.off), t2, slotAddr(o.slot2, o.off2))
      return { ret: r === -EINVAL || r === -EFAULT || r === -EBUSY ? 0 : r }
    }
    case 'mlockall':
      if (!t) return { ret: 0 }
      return { ret: o.flags < 0 ? k.munlockall(t) : k.mlockall(t, o.flags), expect: o.flags === 0 || o.flags === 4 ? -EINVAL : undefined }
    case 'truncate': {
      const m = k.mappings.get(w.files[o.file].mappingId)!
      truncate_setsize(k, m, o.pages * 4096)
      m.size = 4 * 4096 // extend again (like ftruncate back up): later faults get fresh pages
      return { ret: 0 }
    }
    case 'wb': {
      const m = k.mappings.get(w.files.ext4.mappingId)!
      if (o.kind === 0) return { ret: filemap_write_and_wait_range(k, m, 0, Infinity) }
      if (o.kind === 1) drop_pagecache(k)
      else shrink_page_cache(k, 8)
      return { ret: 0 }
    }
    case 'bad': {
      if (!t) return { ret: 0 }
      switch (o.kind) {
        case 0: return { ret: k.mmap(t, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS), expect: -EINVAL }
        case 1: return { ret: k.mmap(t, BASE + 123, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), expect: -EINVAL }
        case 2: return { ret: k.mmap(t, 0, 4096, PROT_READ, MAP_ANONYMOUS), expect: -EINVAL }
        case 3: return { ret: k.mmap(t, 0, 4096, PROT_READ, MAP_PRIVATE, w.files.ext4, 100), expect: -EINVAL }
        // do_mmap checks mlock_future_ok (after mlockall(MCL_FUTURE): -EAGAIN) before the file mode.
        case 4: return { ret: k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, w.files.ext4ro, 0), expect: t.mm!.def_flags ? undefined : -EACCES }
        case 5: return { ret: k.get_user_pages(t, 0x1000, 1, 0, []), expect: -EFAULT }
        case 6: return { ret: k.get_user_pages_fast(t, 2 ** 64 - 4096, 16, 0, []), expect: -EOVERFLOW }
        case 7: return { ret: k.mprotect(t, 0x1000, 4096, PROT_READ), expect: -ENOMEM }
        case 8: return { ret: k.mlock(t, 0x1000, 4096), expect: t.rlim[RLIMIT_MEMLOCK]![0] === 0 ? -EPERM : -ENOMEM }
        case 9: return { ret: k.madvise(t, 0x1000, 4096, MADV_DONTNEED), expect: -ENOMEM }
        case 10: return { ret: k.mmap(t, 0, 2 ** 50, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS), expect: -ENOMEM }
        case 11: return { ret: k.get_user_pages_fast(t, BASE, 1, 0, []) === -EINVAL ? 0 : k.get_user_pages_fast(t, 0, 1, FOLL_PIN, []), expect: -EINVAL }
        default: return { ret: k.munmap(t, BASE, 0), expect: -EINVAL }
      }
    }
  }
}

const FLAG_NAMES: [number, string][] = [
  [FOLL_WRITE, 'FOLL_WRITE'], [FOLL_FORCE, 'FOLL_FORCE'], [FOLL_LONGTERM, 'FOLL_LONGTERM'], [FOLL_GET, 'FOLL_GET'],
  [FOLL_ANON, 'FOLL_ANON'], [FOLL_DUMP, 'FOLL_DUMP'], [FOLL_NOFAULT, 'FOLL_NOFAULT'], [FOLL_PIN, 'FOLL_PIN'],
  [FOLL_TOUCH, 'FOLL_TOUCH'], [1 << 30, '(1 << 30)']
]
const flagsStr = (f: number): string => FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n).join(' | ') || '0'

/** A code-like rendering of one op (what a failing property run prints). */
export function formatOp(o: Op): string {
  const { op, ...rest } = o
  if (o.op === 'gup') return `gup.${o.api}(task[${o.task}]${o.api.endsWith('remote') ? `, target[${o.target}]` : ''}, slot(${o.slot},${o.off}), ${o.nr}, ${flagsStr(o.flags)})`
  return `${op}(${Object.entries(rest).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')})`
}

function withToString(o: Op): Op {
  Object.defineProperty(o, fc.toStringMethod, { value: () => formatOp(o), enumerable: false })
  return o
}

const task = fc.nat({ max: 3 })
const slot = fc.nat({ max: NSLOTS - 1 })
const off = fc.nat({ max: SLOT_PAGES - 1 })
const pagesArb = fc.integer({ min: 0, max: 6 })
const prot = fc.constantFrom(PROT_READ, PROT_READ | PROT_WRITE, 0, PROT_WRITE, PROT_READ | 0x100)
const skew = fc.constantFrom(0, 0, 0, 0, 0, 7)
const advice = fc.constantFrom(
  MADV_DONTNEED, MADV_DONTFORK, MADV_DOFORK, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_HUGEPAGE, MADV_NORMAL,
  MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_FREE, MADV_REMOVE, MADV_COLD, MADV_MERGEABLE, MADV_MERGEABLE, 999
)
const gupFlags = fc.array(fc.constantFrom(FOLL_WRITE, FOLL_WRITE, FOLL_FORCE, FOLL_LONGTERM, FOLL_LONGTERM, FOLL_GET, FOLL_ANON, FOLL_DUMP, FOLL_NOFAULT, FOLL_PIN, FOLL_TOUCH, 1 << 30), { maxLength: 3 })
  .map((fs) => fs.reduce((a, b) => a | b, 0))
const gupApi = fc.constantFrom<GupName>('get_user_pages', 'get_user_pages_fast', 'get_user_pages_remote', 'get_user_pages_longterm', 'pin_user_pages', 'pin_user_pages', 'pin_user_pages_fast', 'pin_user_pages_fast', 'pin_user_pages_remote')

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('mmap' as const), task, slot, pages: fc.integer({ min: 1, max: 8 }), prot, kind: fc.constantFrom('anon' as const, 'anon' as const, 'shanon' as const, 'ext4' as const, 'shmem' as const, 'ext4ro' as const, 'dev' as const), fixed: fc.constantFrom('fixed' as const, 'fixed' as const, 'noreplace' as const, 'hint' as const), extra: fc.constantFrom(0, 0, 0, MAP_POPULATE, MAP_LOCKED) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('munmap' as const), task, slot, off, pages: pagesArb, skew }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('mprotect' as const), task, slot, off, pages: pagesArb, prot, skew }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('madvise' as const), task, slot, off, pages: pagesArb, advice, skew }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('mlock' as const), task, slot, off, pages: pagesArb, lock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('mremap' as const), task, slot, pages: fc.integer({ min: 1, max: 4 }), newPages: fc.integer({ min: 0, max: 6 }), flags: fc.constantFrom(0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_FIXED, 8), toSlot: slot }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('write' as const), task, slot, byte: fc.nat({ max: SLOT_PAGES * 4096 - 5 }), value: fc.nat({ max: 255 }), width: fc.constantFrom(1 as const, 4 as const, 4096 as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), task, slot, byte: fc.nat({ max: SLOT_PAGES * 4096 - 5 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('fork' as const), task, race: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), task }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('gup' as const), api: gupApi, task, target: task, slot, off, nr: fc.integer({ min: 0, max: 4 }), flags: gupFlags }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('release' as const), which: fc.nat({ max: 7 }), dirty: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dma' as const), which: fc.nat({ max: 7 }), value: fc.nat({ max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('setrlimit' as const), task, bytes: fc.constantFrom(0, 4096, 65536) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('brk' as const), task, pages: fc.nat({ max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bad' as const), task, kind: fc.nat({ max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('mlockall' as const), task, flags: fc.constantFrom(-1, -1, 0, 1, 2, 3, 4, 5, 7) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wb' as const), kind: fc.constantFrom(0 as const, 1 as const, 2 as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), file: fc.constantFrom('ext4' as const, 'shmem' as const), pages: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('ksm' as const), task, slot: fc.constantFrom(2, 2, 2, 0), off, other: task, slot2: fc.constantFrom(2, 2, 2, 1), off2: off }) }
).map(withToString)

/** Turn a failing sequence into a replay snippet. */
export function replayScript(version: string, ops: Op[]): string {
  return [`// kernel ${version}`, `const w = newWorld('${version}')`, ...ops.map((o) => `applyOp(w, ${JSON.stringify(o)}) // ${formatOp(o)}`)].join('\n')
}
