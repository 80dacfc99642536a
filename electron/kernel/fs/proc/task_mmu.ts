/**
 * fs/proc/task_mmu.c — /proc/PID/maps, smaps, smaps_rollup, pagemap and the memory lines of
 * /proc/PID/status (task_mem).
 *
 * Formats are Linux 6.18's (userspace-api.md §2.4–2.7, checked against fs/proc/task_mmu.c
 * show_vma_header_prefix / seq_pad and against the native machine). RSS is computed by walking
 * the present PTEs of each VMA (PinLab keeps no per-mm RSS counters): O(VMAs + present pages).
 */
import type { Kernel } from '../../kernel'
import type { MmStruct, VmArea } from '../../include/linux/mm_types'
import {
  TASK_SIZE, VM_ACCOUNT, VM_DONTCOPY, VM_DONTDUMP, VM_DONTEXPAND, VM_EXEC, VM_GROWSDOWN, VM_HUGEPAGE, VM_HUGETLB,
  VM_IO, VM_LOCKED, VM_LOCKONFAULT, VM_MAYEXEC, VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_MERGEABLE, VM_MIXEDMAP,
  VM_NOHUGEPAGE, VM_NORESERVE, VM_PFNMAP, VM_RAND_READ, VM_READ, VM_SEQ_READ, VM_SHARED, VM_SOFTDIRTY, VM_SYNC,
  VM_UFFD_WP, VM_WIPEONFORK, VM_WRITE
} from '../../include/linux/mm'
import { pte_dirty, pte_pfn, pte_present, pte_special, pte_young } from '../../include/asm/pgtable'
import { PG_anon, PG_dirty, PG_ksm, PG_referenced, PG_swapbacked } from '../../include/linux/page-flags'
import { ZERO_PFN } from '../../mm/page_alloc'
import { CAP_SYS_ADMIN } from '../../include/linux/capability'
import { capable } from '../../include/linux/sched'
import { ERRNO } from '../../include/uapi/asm-generic/errno-base'
import { PTRS_PER_PTE } from '../../include/linux/mm_types'
import { kB, type ProcContext } from './internal'

const PAGE = 4096

/* ------------------------------------------------------------------ page classification */

export type PageClass = 'anon' | 'file' | 'shmem'

/**
 * vm_normal_page() + the MM_*PAGES counter a mapped page is charged to: null for special PTEs
 * (the shared zero page, PFN maps), which are not counted in RSS.
 */
export function vm_normal_page(k: Kernel, vma: VmArea, pte: number): number | null {
  if (!pte_present(pte) || pte_special(pte)) return null
  if (vma.flags & VM_PFNMAP) return null
  const pfn = pte_pfn(pte)
  if (pfn === ZERO_PFN) return null
  return pfn
}

export function pageClass(k: Kernel, pfn: number): PageClass {
  const f = k.phys.flags.get(pfn)
  if (f & PG_anon) return 'anon'
  const m = k.mappings.get(k.phys.mapping.get(pfn))
  if ((m && m.isShmem) || f & PG_swapbacked) return 'shmem'
  return 'file'
}

export interface Rss {
  anon: number
  file: number
  shmem: number
}

/** get_mm_counter(MM_ANONPAGES / MM_FILEPAGES / MM_SHMEMPAGES), in pages, from the page tables. */
export function mm_rss(k: Kernel, mm: MmStruct): Rss {
  const rss: Rss = { anon: 0, file: 0, shmem: 0 }
  for (const vma of mm.vmas) {
    mm.pgd.forEach(vma.start / PAGE, vma.end / PAGE, (_vpn, pte) => {
      const pfn = vm_normal_page(k, vma, pte)
      if (pfn !== null) rss[pageClass(k, pfn)]++
    })
  }
  return rss
}

/** mm_pgtables_bytes(): PTE tables plus the PMD and PUD tables above them (the PGD is not counted). */
export function mm_pgtables_bytes(mm: MmStruct): number {
  const pmds = new Set<number>()
  const puds = new Set<number>()
  for (const key of mm.pgd.leaves.keys()) {
    pmds.add(Math.floor(key / PTRS_PER_PTE))
    puds.add(Math.floor(key / PTRS_PER_PTE / PTRS_PER_PTE))
  }
  return (mm.pgd.leaves.size + pmds.size + puds.size) * PAGE
}

/* ------------------------------------------------------------------ naming a VMA */

/** VM_STACK on x86-64 is VM_GROWSDOWN; the machine's stack VMA is recognised by start_stack. */
function is_stack(ctx: ProcContext, pid: number, vma: VmArea): boolean {
  const s = ctx.source.startStack(pid)
  return s !== 0 && vma.start <= s && vma.end >= s
}

export function isStackVma(ctx: ProcContext, pid: number, vma: VmArea): boolean {
  return (vma.flags & VM_GROWSDOWN) !== 0 || is_stack(ctx, pid, vma)
}

interface VmaHeader {
  pgoff: number
  major: number
  minor: number
  ino: number
  name: string | null
}

/** The device and inode of a file VMA: shmem objects live on the internal tmpfs (00:01). */
function vma_header(ctx: ProcContext, pid: number, mm: MmStruct, vma: VmArea): VmaHeader {
  if (vma.file) {
    const m = ctx.k.mappings.get(vma.file.mappingId)
    const shmem = m?.isShmem ?? false
    return { pgoff: vma.pgoff * PAGE, major: shmem ? 0 : 8, minor: shmem ? 1 : 3, ino: vma.file.mappingId, name: vma.file.path }
  }
  let name = ctx.source.vmaName?.(pid, vma) ?? null
  // show_map_vma(): [heap] is the VMA between start_brk and brk. Linux tests vm_start <= brk &&
  // vm_end >= start_brk; PinLab's brk is not randomised (start_brk is the end of .bss), so the
  // strict form keeps .bss from being called [heap] while the heap is still empty.
  if (name === null && vma.start < mm.brk && vma.end > mm.start_brk) name = '[heap]'
  if (name === null && is_stack(ctx, pid, vma)) name = '[stack]'
  return { pgoff: 0, major: 0, minor: 0, ino: 0, name }
}

/** The name column of /proc/PID/maps for one VMA (a path, [heap], [stack], …), or null. */
export function vma_name(ctx: ProcContext, pid: number, mm: MmStruct, vma: VmArea): string | null {
  return vma_header(ctx, pid, mm, vma).name
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0')

/**
 * show_vma_header_prefix(): `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ` with seq_setwidth(72);
 * a name is preceded by seq_pad(' '): spaces up to column 72, then one more space.
 */
export function vma_header_line(start: number, end: number, flags: number, h: VmaHeader): string {
  const perms = `${flags & VM_READ ? 'r' : '-'}${flags & VM_WRITE ? 'w' : '-'}${flags & VM_EXEC ? 'x' : '-'}${flags & VM_MAYSHARE ? 's' : 'p'}`
  const prefix = `${hex(start, 8)}-${hex(end, 8)} ${perms} ${hex(h.pgoff, 8)} ${hex(h.major, 2)}:${hex(h.minor, 2)} ${h.ino} `
  return h.name === null ? prefix : `${prefix.padEnd(25 + 8 * 6 - 1)} ${h.name}`
}

export function show_map_vma(ctx: ProcContext, pid: number, mm: MmStruct, vma: VmArea): string {
  return vma_header_line(vma.start, vma.end, vma.flags, vma_header(ctx, pid, mm, vma)) + '\n'
}

/** /proc/PID/maps */
export function proc_pid_maps(ctx: ProcContext, pid: number): string {
  const mm = ctx.k.task(pid)?.mm
  if (!mm) return ''
  return mm.vmas.map((v) => show_map_vma(ctx, pid, mm, v)).join('')
}

/* ------------------------------------------------------------------ smaps */

const PSS_SHIFT = 12
const PSS_ONE = PAGE * 2 ** PSS_SHIFT

interface MemSizeStats {
  resident: number
  shared_clean: number
  shared_dirty: number
  private_clean: number
  private_dirty: number
  referenced: number
  anonymous: number
  ksm: number
  lazyfree: number
  pss: number
  pss_anon: number
  pss_file: number
  pss_shmem: number
  pss_dirty: number
  pss_locked: number
}

function newMss(): MemSizeStats {
  return {
    resident: 0, shared_clean: 0, shared_dirty: 0, private_clean: 0, private_dirty: 0, referenced: 0, anonymous: 0,
    ksm: 0, lazyfree: 0, pss: 0, pss_anon: 0, pss_file: 0, pss_shmem: 0, pss_dirty: 0, pss_locked: 0
  }
}

/** smaps_pte_entry → smaps_account → smaps_page_accumulate (6.x), per 4 KiB page. */
function smap_gather_stats(k: Kernel, mm: MmStruct, vma: VmArea, mss: MemSizeStats): void {
  const locked = (vma.flags & (VM_LOCKED | VM_LOCKONFAULT)) !== 0
  mm.pgd.forEach(vma.start / PAGE, vma.end / PAGE, (_vpn, pte) => {
    const pfn = vm_normal_page(k, vma, pte)
    if (pfn === null) return
    const f = k.phys.flags.get(pfn)
    const dirty = pte_dirty(pte) || (f & PG_dirty) !== 0
    if (f & PG_anon) {
      mss.anonymous += PAGE
      if (!(f & PG_swapbacked) && !dirty) mss.lazyfree += PAGE
    }
    if (f & PG_ksm) mss.ksm += PAGE
    mss.resident += PAGE
    if (pte_young(pte) || f & PG_referenced) mss.referenced += PAGE
    const mapcount = k.phys.mapcount.get(pfn)
    const pss = mapcount >= 2 ? Math.floor(PSS_ONE / mapcount) : PSS_ONE
    mss.pss += pss
    const cls = pageClass(k, pfn)
    if (cls === 'anon') mss.pss_anon += pss
    else if (cls === 'shmem') mss.pss_shmem += pss
    else mss.pss_file += pss
    if (locked) mss.pss_locked += pss
    const priv = mapcount < 2
    if (dirty) {
      mss.pss_dirty += pss
      if (priv) mss.private_dirty += PAGE
      else mss.shared_dirty += PAGE
    } else if (priv) mss.private_clean += PAGE
    else mss.shared_clean += PAGE
  })
}

const pssKb = (v: number) => Math.floor(v / 2 ** PSS_SHIFT / 1024)

/** __show_smap(): the lines shared by smaps and smaps_rollup (6.18 order). */
function show_smap(mss: MemSizeStats, rollup: boolean): string {
  let s = ''
  s += kB('Rss:            ', mss.resident / 1024)
  s += kB('Pss:            ', pssKb(mss.pss))
  s += kB('Pss_Dirty:      ', pssKb(mss.pss_dirty))
  if (rollup) {
    s += kB('Pss_Anon:       ', pssKb(mss.pss_anon))
    s += kB('Pss_File:       ', pssKb(mss.pss_file))
    s += kB('Pss_Shmem:      ', pssKb(mss.pss_shmem))
  }
  s += kB('Shared_Clean:   ', mss.shared_clean / 1024)
  s += kB('Shared_Dirty:   ', mss.shared_dirty / 1024)
  s += kB('Private_Clean:  ', mss.private_clean / 1024)
  s += kB('Private_Dirty:  ', mss.private_dirty / 1024)
  s += kB('Referenced:     ', mss.referenced / 1024)
  s += kB('Anonymous:      ', mss.anonymous / 1024)
  s += kB('KSM:            ', mss.ksm / 1024)
  s += kB('LazyFree:       ', mss.lazyfree / 1024)
  s += kB('AnonHugePages:  ', 0)
  s += kB('ShmemPmdMapped: ', 0)
  s += kB('FilePmdMapped:  ', 0)
  s += kB('Shared_Hugetlb: ', 0)
  s += kB('Private_Hugetlb:', 0)
  s += kB('Swap:           ', 0)
  s += kB('SwapPss:        ', 0)
  s += kB('Locked:         ', pssKb(mss.pss_locked))
  return s
}

/** show_smap_vma_flags(): two letters per set bit, in bit order, each followed by a space. */
const MNEMONICS: ReadonlyArray<readonly [number, string]> = [
  [VM_READ, 'rd'], [VM_WRITE, 'wr'], [VM_EXEC, 'ex'], [VM_SHARED, 'sh'], [VM_MAYREAD, 'mr'], [VM_MAYWRITE, 'mw'],
  [VM_MAYEXEC, 'me'], [VM_MAYSHARE, 'ms'], [VM_GROWSDOWN, 'gd'], [VM_PFNMAP, 'pf'], [VM_UFFD_WP, 'uw'],
  [VM_LOCKED, 'lo'], [VM_IO, 'io'], [VM_SEQ_READ, 'sr'], [VM_RAND_READ, 'rr'], [VM_DONTCOPY, 'dc'],
  [VM_DONTEXPAND, 'de'], [VM_LOCKONFAULT, 'lf'], [VM_ACCOUNT, 'ac'], [VM_NORESERVE, 'nr'], [VM_HUGETLB, 'ht'],
  [VM_SYNC, 'sf'], [VM_WIPEONFORK, 'wf'], [VM_DONTDUMP, 'dd'], [VM_SOFTDIRTY, 'sd'], [VM_MIXEDMAP, 'mm'],
  [VM_HUGEPAGE, 'hg'], [VM_NOHUGEPAGE, 'nh'], [VM_MERGEABLE, 'mg']
]

export function vma_flags_line(flags: number): string {
  const f = flags >>> 0
  let s = 'VmFlags: '
  for (const [bit, name] of MNEMONICS) if ((f & (bit >>> 0)) >>> 0) s += `${name} `
  return s + '\n'
}

/** THPeligible: an anonymous VMA with MADV_HUGEPAGE that holds an aligned 2 MiB range (THP "madvise" mode). */
function thp_eligible(vma: VmArea): number {
  if (vma.file || !(vma.flags & VM_HUGEPAGE) || vma.flags & VM_NOHUGEPAGE) return 0
  const HPAGE = 2 * 1024 * 1024
  return Math.ceil(vma.start / HPAGE) * HPAGE + HPAGE <= vma.end ? 1 : 0
}

/** /proc/PID/smaps */
export function proc_pid_smaps(ctx: ProcContext, pid: number): string {
  const mm = ctx.k.task(pid)?.mm
  if (!mm) return ''
  let out = ''
  for (const vma of mm.vmas) {
    const mss = newMss()
    smap_gather_stats(ctx.k, mm, vma, mss)
    out += show_map_vma(ctx, pid, mm, vma)
    out += kB('Size:           ', (vma.end - vma.start) / 1024)
    out += kB('KernelPageSize: ', 4)
    out += kB('MMUPageSize:    ', 4)
    out += show_smap(mss, false)
    out += `THPeligible:    ${String(thp_eligible(vma)).padStart(8)}\n`
    out += vma_flags_line(vma.flags)
  }
  return out
}

/** /proc/PID/smaps_rollup */
export function proc_pid_smaps_rollup(ctx: ProcContext, pid: number): string {
  const mm = ctx.k.task(pid)?.mm
  if (!mm) return ''
  const mss = newMss()
  for (const vma of mm.vmas) smap_gather_stats(ctx.k, mm, vma, mss)
  const first = mm.vmas[0]?.start ?? 0
  const last = mm.vmas[mm.vmas.length - 1]?.end ?? 0
  const header = vma_header_line(first, last, 0, { pgoff: 0, major: 0, minor: 0, ino: 0, name: '[rollup]' })
  return `${header}\n${show_smap(mss, true)}`
}

/* ------------------------------------------------------------------ status memory lines */

/** hiwater_vm / hiwater_rss: PinLab keeps no counters, so the peak is the largest value seen. */
const hiwater = new WeakMap<MmStruct, { vm: number; rss: number }>()

/** task_mem(): the Vm* / Rss* lines of /proc/PID/status. */
export function task_mem(ctx: ProcContext, pid: number, mm: MmStruct): string {
  const k = ctx.k
  const rss = mm_rss(k, mm)
  const total_rss = rss.anon + rss.file + rss.shmem
  const hw = hiwater.get(mm) ?? { vm: 0, rss: 0 }
  hw.vm = Math.max(hw.vm, mm.total_vm)
  hw.rss = Math.max(hw.rss, total_rss)
  hiwater.set(mm, hw)
  let data = 0
  let stack = 0
  let exec = 0
  for (const vma of mm.vmas) {
    const pages = (vma.end - vma.start) / PAGE
    const isStack = isStackVma(ctx, pid, vma)
    if (isStack) stack += pages
    else if ((vma.flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) data += pages
    else if ((vma.flags & (VM_EXEC | VM_WRITE)) === VM_EXEC) exec += pages
  }
  const code = ctx.source.codeRange?.(pid) ?? null
  const text = code ? (Math.ceil(code.end / PAGE) * PAGE - Math.floor(code.start / PAGE) * PAGE) / 1024 : 0
  const lib = Math.max(0, exec * 4 - text)
  const line = (label: string, v: number) => `${label}:\t${String(v).padStart(8)} kB\n`
  let s = ''
  s += line('VmPeak', hw.vm * 4)
  s += line('VmSize', mm.total_vm * 4)
  s += line('VmLck', mm.locked_vm * 4)
  s += line('VmPin', mm.pinned_vm * 4)
  s += line('VmHWM', hw.rss * 4)
  s += line('VmRSS', total_rss * 4)
  if (k.has('procStatusRssBreakdown')) {
    s += line('RssAnon', rss.anon * 4)
    s += line('RssFile', rss.file * 4)
    s += line('RssShmem', rss.shmem * 4)
  }
  s += line('VmData', data * 4)
  s += line('VmStk', stack * 4)
  s += line('VmExe', text)
  s += line('VmLib', lib)
  const pt = mm_pgtables_bytes(mm)
  if (k.has('procStatusVmPmd')) {
    const pmdTables = pt / PAGE - mm.pgd.leaves.size
    s += line('VmPTE', (mm.pgd.leaves.size * PAGE) / 1024)
    s += line('VmPMD', (pmdTables * PAGE) / 1024)
  } else {
    s += line('VmPTE', pt / 1024)
  }
  s += line('VmSwap', 0)
  if (k.has('procStatusHugetlbPages')) s += line('HugetlbPages', 0)
  return s
}

/** proc_pid_statm: size resident shared text lib data dt, in pages. */
export function proc_pid_statm(ctx: ProcContext, pid: number): string {
  const mm = ctx.k.task(pid)?.mm
  if (!mm) return '0 0 0 0 0 0 0\n'
  const rss = mm_rss(ctx.k, mm)
  let data = 0
  for (const vma of mm.vmas) {
    if (isStackVma(ctx, pid, vma) || (vma.flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) data += (vma.end - vma.start) / PAGE
  }
  const code = ctx.source.codeRange?.(pid) ?? null
  const text = code ? (Math.ceil(code.end / PAGE) * PAGE - Math.floor(code.start / PAGE) * PAGE) / PAGE : 0
  return `${mm.total_vm} ${rss.anon + rss.file + rss.shmem} ${rss.file + rss.shmem} ${text} 0 ${data} 0\n`
}

/* ------------------------------------------------------------------ pagemap */

/** High 32 bits of a pagemap entry (the PFN fits the low word: PinLab pfns are < 2^25). */
const PM_PRESENT_HI = 0x80000000 // bit 63
const PM_SWAP_HI = 0x40000000 // bit 62 (never set: no swap)
const PM_FILE_HI = 0x20000000 // bit 61
const PM_MMAP_EXCLUSIVE_HI = 0x01000000 // bit 56
const PM_SOFT_DIRTY_HI = 0x00800000 // bit 55
/** Before 4.2: bits 55–60 hold the page shift (12) in every entry, present or not. */
const PM_PSHIFT_PAGE_HI = (12 << (55 - 32)) >>> 0
void PM_SWAP_HI

/**
 * CONFIG_MEM_SOFT_DIRTY: not set on the reference machine (userspace-api §0), so bit 55 stays 0
 * — the native machine the differential programs run on agrees.
 */
export const CONFIG_MEM_SOFT_DIRTY = false

/** Cap on one read (Linux walks in PAGEMAP_WALK chunks and fills the whole buffer; a short read is legal). */
const PAGEMAP_MAX_READ = 1 << 22

/**
 * pagemap_read(): one 64-bit entry per page at offset vpn·8. Position and count must be
 * multiples of 8 (-EINVAL); offsets past TASK_SIZE read as end of file. The PFN is shown only to
 * a reader with CAP_SYS_ADMIN from 4.2 ("pagemap: hide physical addresses from non-privileged
 * users"); before 4.2 the entry format is the old one (page shift in bits 55–60, no exclusive bit).
 */
export function pagemap_read(ctx: ProcContext, pid: number, caller: number, pos: number, count: number): Uint8Array | number {
  const k = ctx.k
  const task = k.task(pid)
  const mm = task?.mm
  if (!mm || task.exited) return new Uint8Array(0)
  if (pos % 8 !== 0 || count % 8 !== 0) return -ERRNO.EINVAL
  if (count === 0) return new Uint8Array(0)
  const reader = k.task(caller)
  const v2 = k.has('pagemapFormatV2')
  const show_pfn = !k.has('pagemapHidePfn') || (reader !== undefined && capable(reader, CAP_SYS_ADMIN))
  const lastVpn = TASK_SIZE / PAGE
  const svpn = pos / 8
  if (!Number.isSafeInteger(svpn) || svpn >= lastVpn) return new Uint8Array(0)
  const n = Math.min(Math.min(count, PAGEMAP_MAX_READ) / 8, lastVpn - svpn)
  const out = new Uint8Array(n * 8)
  const dv = new DataView(out.buffer)
  const holeHi = v2 ? 0 : PM_PSHIFT_PAGE_HI
  // Walk the VMAs that intersect [svpn, svpn + n).
  let vi = 0
  const vmas = mm.vmas
  for (let i = 0; i < n; i++) {
    const addr = (svpn + i) * PAGE
    while (vi < vmas.length && vmas[vi]!.end <= addr) vi++
    const vma = vmas[vi]
    let lo = 0
    let hi = holeHi
    if (vma && vma.start <= addr) {
      const pte = mm.pgd.get(svpn + i)
      if (pte_present(pte)) {
        if (show_pfn) lo = pte_pfn(pte)
        hi |= PM_PRESENT_HI
        const pfn = vm_normal_page(k, vma, pte)
        if (pfn !== null) {
          if (k.has('pagemapFileBit') && !(k.phys.flags.get(pfn) & PG_anon)) hi |= PM_FILE_HI
          if (v2 && k.phys.mapcount.get(pfn) === 1) hi |= PM_MMAP_EXCLUSIVE_HI
        }
        if (v2 && CONFIG_MEM_SOFT_DIRTY && pte & 0x20) hi |= PM_SOFT_DIRTY_HI
      }
    }
    dv.setUint32(i * 8, lo >>> 0, true)
    dv.setUint32(i * 8 + 4, hi >>> 0, true)
  }
  return out
}
