import type { NativeProgram, ProcessContext } from '../shell/os'
import { dump_page } from '../../kernel/mm/debug_page'
import { pte_dirty, pte_pfn, pte_present, pte_special, pte_write } from '../../kernel/include/asm/pgtable'
import { VM_EXEC, VM_READ, VM_SHARED, VM_WRITE } from '../../kernel/include/linux/mm'
import type { MachineProcessContext } from './process-context'

const USAGE = `Usage: pagemap [-a] [PID] [START[-END]]
Shows a process's pages as the kernel sees them: for each mapped page its virtual address,
the physical frame (PFN), the frame's refcount, mapcount and pins, and its flags. Runs of
neighbouring pages that look the same are shown as one row with a count.
  PID        the process (default: the shell that runs pagemap)
  START-END  only this range of virtual addresses (hex, e.g. 7f0000000000-7f0000010000)
  -a         one row per page, no runs
`

interface Row {
  vaddr: number
  pfn: number
  count: number
  ref: number
  map: number
  pins: number
  flags: string
  vma: string
}

/**
 * `pagemap`: a page-types-like view of one process's pages (PinLab's own tool; page-types and
 * /proc/PID/pagemap give the raw numbers). Root only, as reading PFNs needs CAP_SYS_ADMIN.
 */
export const pagemapTool: NativeProgram = async (ctx: ProcessContext) => {
  const machine = (ctx as MachineProcessContext).machine
  let all = false
  let pidArg: string | null = null
  let rangeArg: string | null = null
  for (const a of ctx.argv.slice(1)) {
    if (a === '-a') all = true
    else if (a === '-h' || a === '--help') {
      await ctx.write(1, USAGE)
      return 0
    } else if (/^\d+$/.test(a) && pidArg === null) pidArg = a
    else if (/^(0x)?[0-9a-f]+(-(0x)?[0-9a-f]+)?$/i.test(a) && rangeArg === null) rangeArg = a
    else {
      await ctx.write(2, `pagemap: invalid argument '${a}'\n${USAGE}`)
      return 2
    }
  }
  if (ctx.getuid() !== 0) {
    await ctx.write(2, 'pagemap: physical frame numbers need root (CAP_SYS_ADMIN); try: su root\n')
    return 1
  }
  const pid = pidArg === null ? (machine.procs.get(ctx.pid)?.ppid ?? ctx.pid) : Number(pidArg)
  const proc = machine.procs.get(pid)
  const mm = proc?.task.mm
  if (!proc || proc.zombie || !mm) {
    await ctx.write(2, `pagemap: no process ${pid}\n`)
    return 1
  }
  let lo = 0
  let hi = Number.MAX_SAFE_INTEGER
  if (rangeArg) {
    const [a, b] = rangeArg.split('-')
    lo = Number.parseInt(a!.replace(/^0x/i, ''), 16)
    hi = b === undefined ? lo + 4096 : Number.parseInt(b.replace(/^0x/i, ''), 16)
  }
  const rows: Row[] = []
  for (const vma of mm.vmas) {
    const perms = `${vma.flags & VM_READ ? 'r' : '-'}${vma.flags & VM_WRITE ? 'w' : '-'}${vma.flags & VM_EXEC ? 'x' : '-'}${vma.flags & VM_SHARED ? 's' : 'p'}`
    const start = Math.max(vma.start, lo - (lo % 4096))
    const end = Math.min(vma.end, hi)
    for (let addr = start; addr < end; addr += 4096) {
      const pte = mm.pgd.get(addr / 4096)
      if (!pte_present(pte)) continue
      const pfn = pte_pfn(pte)
      const page = dump_page(machine.kernel, pfn)
      const flags = [
        ...(pte_special(pte) && page.kind === 'zero' ? ['zero_page'] : []),
        ...page.flags.filter((f) => f !== 'lru' && f !== 'referenced' && f !== 'uptodate'),
        pte_write(pte) ? 'pte:rw' : 'pte:ro',
        ...(pte_dirty(pte) ? ['pte:dirty'] : []),
        ...(page.maybeDmaPinned ? ['maybe_dma_pinned'] : [])
      ].join(',')
      const row: Row = { vaddr: addr, pfn, count: 1, ref: page.refcount, map: page.mapcount, pins: page.gupPins, flags, vma: perms }
      const last = rows[rows.length - 1]
      if (
        !all && last && last.vaddr + last.count * 4096 === addr && last.flags === flags && last.ref === row.ref &&
        last.map === row.map && last.pins === row.pins && last.vma === perms &&
        (last.pfn + last.count === pfn || (pfn === last.pfn && page.kind === 'zero'))
      ) {
        last.count++
        continue
      }
      rows.push(row)
    }
  }
  const out: string[] = [`pagemap of pid ${pid} (${proc.comm}), kernel ${machine.version}`]
  out.push(`${'vaddr'.padEnd(16)} ${'pfn'.padStart(9)} ${'pages'.padStart(7)} ${'ref'.padStart(6)} ${'map'.padStart(4)} ${'pins'.padStart(4)}  vma   flags`)
  for (const r of rows) {
    out.push(
      `${r.vaddr.toString(16).padStart(16, '0')} ${('0x' + r.pfn.toString(16)).padStart(9)} ${String(r.count).padStart(7)} ${String(r.ref).padStart(6)} ${String(r.map).padStart(4)} ${String(r.pins).padStart(4)}  ${r.vma}  ${r.flags}`
    )
  }
  out.push(`${rows.reduce((n, r) => n + r.count, 0)} pages mapped`)
  await ctx.write(1, out.join('\n') + '\n')
  return 0
}
