/**
 * vmstat [-s] (procps-ng 4.0): the one-line summary since boot, or -s the counters table.
 * Figures come from the kernel's meminfo, vmstat counters and process list; CPU ticks the
 * simulation does not keep are 0 (and idle 100%).
 */
import type { NativeProgram, SystemInfo } from '../shell/os'
import { parseArgs, usageError } from './lib'

export const VMSTAT_HEADER =
  'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n' +
  ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n'

function pad(v: number, w: number): string {
  return String(Math.max(0, Math.trunc(v))).padStart(w)
}

export function vmstatLine(sys: SystemInfo): string {
  const m = sys.meminfo()
  const c = sys.vmstat()
  const procs = sys.processes()
  const up = Math.max(1, sys.uptime())
  const r = procs.filter((p) => p.state === 'R').length
  const b = procs.filter((p) => p.state === 'D').length
  const rate = (name: string): number => (c[name] ?? 0) / up
  const cols = [
    pad(r, 2), pad(b, 2),
    pad(m.SwapTotal - m.SwapFree, 6), pad(m.MemFree, 6), pad(m.Buffers, 6), pad(m.Cached + m.SReclaimable, 6),
    pad(rate('pswpin') * 4, 4), pad(rate('pswpout') * 4, 4),
    pad(rate('pgpgin'), 5), pad(rate('pgpgout'), 5),
    pad(rate('intr'), 4), pad(rate('ctxt'), 4),
    pad(0, 2), pad(0, 2), pad(100, 2), pad(0, 2), pad(0, 2)
  ]
  return cols.join(' ') + '\n'
}

export function vmstatCounters(sys: SystemInfo, bootTime: number): string {
  const m = sys.meminfo()
  const c = sys.vmstat()
  const rows: Array<[number, string]> = [
    [m.MemTotal, 'K total memory'],
    [m.MemTotal - m.MemAvailable, 'K used memory'],
    [m.Active ?? 0, 'K active memory'],
    [m.Inactive ?? 0, 'K inactive memory'],
    [m.MemFree, 'K free memory'],
    [m.Buffers, 'K buffer memory'],
    [m.Cached + m.SReclaimable, 'K swap cache'],
    [m.SwapTotal, 'K total swap'],
    [m.SwapTotal - m.SwapFree, 'K used swap'],
    [m.SwapFree, 'K free swap'],
    [0, 'non-nice user cpu ticks'],
    [0, 'nice user cpu ticks'],
    [0, 'system cpu ticks'],
    [Math.trunc(sys.uptime() * 100), 'idle cpu ticks'],
    [0, 'IO-wait cpu ticks'],
    [0, 'IRQ cpu ticks'],
    [0, 'softirq cpu ticks'],
    [0, 'stolen cpu ticks'],
    [0, 'non-nice guest cpu ticks'],
    [0, 'nice guest cpu ticks'],
    [c.pgpgin ?? 0, 'K paged in'],
    [c.pgpgout ?? 0, 'K paged out'],
    [c.pswpin ?? 0, 'pages swapped in'],
    [c.pswpout ?? 0, 'pages swapped out'],
    [c.intr ?? 0, 'interrupts'],
    [c.ctxt ?? 0, 'CPU context switches'],
    [bootTime, 'boot time'],
    [c.processes ?? sys.processes().length, 'forks']
  ]
  return rows.map(([v, label]) => `${String(Math.trunc(v)).padStart(13)} ${label}\n`).join('')
}

export const vmstat: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: 's', long: { stats: 's' } })
  if (args.error !== undefined) return usageError(ctx, 'vmstat', args.error)
  const sys = ctx.system
  if (sys === undefined) {
    await ctx.write(2, 'vmstat: Unable to create system stat structure\n')
    return 1
  }
  if (args.flags.has('s')) {
    await ctx.write(1, vmstatCounters(sys, Math.trunc(ctx.now() / 1000 - sys.uptime())))
    return 0
  }
  await ctx.write(1, VMSTAT_HEADER + vmstatLine(sys))
  return 0
}
