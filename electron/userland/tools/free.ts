/**
 * free [-b|-k|-m|-g|-h] [-w] (procps-ng 4.0): memory from the kernel's meminfo. used is
 * MemTotal - MemAvailable and buff/cache is Buffers + Cached + SReclaimable, as procps 4 computes
 * them; -h scales like procps (`23Gi`, `8.6Mi`, `0B`).
 */
import type { MemInfo, NativeProgram } from '../shell/os'
import { parseArgs, usageError } from './lib'

/** procps' scale_size in human mode: the shortest of `NB`, `N.NXi`, `NXi` that fits. */
export function humanKiB(kib: number): string {
  const bytes = kib * 1024
  if (`${bytes}B`.length <= 4) return `${bytes}B`
  const units = ['K', 'M', 'G', 'T', 'P']
  for (let i = 0; i < units.length; i++) {
    const v = bytes / 1024 ** (i + 1)
    const one = `${v.toFixed(1)}${units[i]}i`
    if (one.length <= 5) return one
    const whole = `${Math.trunc(v)}${units[i]}i`
    if (whole.length <= 5) return whole
  }
  return `${bytes}B`
}

export function freeTable(m: MemInfo, unit: 'b' | 'k' | 'm' | 'g' | 'h', wide: boolean): string {
  const fmt = (kib: number): string => {
    switch (unit) {
      case 'b': return String(kib * 1024)
      case 'k': return String(kib)
      case 'm': return String(Math.trunc(kib / 1024))
      case 'g': return String(Math.trunc(kib / 1024 / 1024))
      case 'h': return humanKiB(kib)
    }
  }
  const row = (label: string, values: number[]): string => label.padEnd(8) + values.map((v) => ' ' + fmt(v).padStart(11)).join('') + '\n'
  const used = m.MemTotal - m.MemAvailable
  const cache = m.Cached + m.SReclaimable
  const header = wide
    ? '               total        used        free      shared     buffers       cache   available\n'
    : '               total        used        free      shared  buff/cache   available\n'
  const mem = wide
    ? row('Mem:', [m.MemTotal, used, m.MemFree, m.Shmem, m.Buffers, cache, m.MemAvailable])
    : row('Mem:', [m.MemTotal, used, m.MemFree, m.Shmem, m.Buffers + cache, m.MemAvailable])
  const swap = row('Swap:', [m.SwapTotal, m.SwapTotal - m.SwapFree, m.SwapFree])
  return header + mem + swap
}

export const free: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: 'bkmghw', long: { bytes: 'b', kibi: 'k', mebi: 'm', gibi: 'g', human: 'h', wide: 'w' } })
  if (args.error !== undefined) return usageError(ctx, 'free', args.error)
  const sys = ctx.system
  if (sys === undefined) {
    await ctx.write(2, 'free: failed to read /proc/meminfo\n')
    return 1
  }
  let unit: 'b' | 'k' | 'm' | 'g' | 'h' = 'k'
  for (const u of ['b', 'k', 'm', 'g', 'h'] as const) if (args.flags.has(u)) unit = u
  await ctx.write(1, freeTable(sys.meminfo(), unit, args.flags.has('w')))
  return 0
}
