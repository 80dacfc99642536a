/**
 * The small global files: fs/proc/uptime.c, version.c, cpuinfo.c (x86 show_cpuinfo, minimal) and
 * loadavg.c. Times come from the kernel's virtual clock.
 */
import type { Kernel } from '../../kernel'
import type { ProcSource } from './internal'

/** "%lu.%02lu %lu.%02lu\n": uptime and idle time in seconds (idle = uptime on this one-CPU view). */
export function proc_uptime(k: Kernel): string {
  const cs = Math.floor(k.clock / 1e7)
  const t = `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`
  return `${t} ${t}\n`
}

export function proc_version(k: Kernel): string {
  return `Linux version ${k.version}.0-pinlab (pinlab@pinlab) (PinLab simulated kernel) #1 SMP PREEMPT_DYNAMIC\n`
}

export function proc_cpuinfo(_k: Kernel): string {
  return [
    'processor\t: 0',
    'vendor_id\t: PinLab',
    'cpu family\t: 6',
    'model\t\t: 0',
    'model name\t: PinLab virtual CPU',
    'cpu MHz\t\t: 1000.000',
    'cache size\t: 0 KB',
    'physical id\t: 0',
    'siblings\t: 1',
    'core id\t\t: 0',
    'cpu cores\t: 1',
    'flags\t\t: fpu pse pae cx8 pge cmov lm',
    'clflush size\t: 64',
    'cache_alignment\t: 64',
    'address sizes\t: 39 bits physical, 48 bits virtual',
    '',
    ''
  ].join('\n')
}

/** "0.00 0.00 0.00 running/total last_pid". */
export function proc_loadavg(k: Kernel, source: ProcSource): string {
  const pids = source.pids()
  const running = pids.filter((p) => source.state(p) === 'R').length
  return `0.00 0.00 0.00 ${running}/${pids.length} ${k.ids.pid}\n`
}
