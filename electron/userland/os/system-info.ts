import type { KernelLogLine, MemInfo, ProcessInfo, SystemInfo } from '../shell/os'
import type { Machine } from './machine'
import { mem_counters } from '../../kernel/fs/proc/meminfo'
import { mm_rss } from '../../kernel/fs/proc/task_mmu'
import { sys_sync } from '../../kernel/fs/sync'
import { take_task_death } from '../../kernel/kernel/bug'

/**
 * What ps, free, vmstat and dmesg read: the machine's processes, the kernel's page allocator and
 * vmstat counters, and the kernel log, in the units /proc reports them.
 */
export function machineSystemInfo(m: Machine): SystemInfo {
  return {
    dmesg: (): readonly KernelLogLine[] => [...m.kernelLog, ...m.kernel.log.lines],
    sync: (pid: number): void => {
      m.kernel.curPid = pid
      sys_sync(m.kernel, pid)
      // An ext4 BUG() during the writeback kills the caller (kernel/bug.ts).
      if (take_task_death(m.kernel, pid)) m.kill(pid, 11)
    },
    processes: (): readonly ProcessInfo[] =>
      [...m.procs.values()]
        .filter((p) => !p.zombie || p.pid !== 0)
        .sort((a, b) => a.pid - b.pid)
        .map((p) => {
          const mm = p.task.mm
          return {
            pid: p.pid,
            ppid: p.ppid,
            pgid: p.pgid,
            uid: p.uid,
            state: p.zombie ? 'Z' : p.threads.some((t) => t.state === 'ready') ? 'R' : 'S',
            comm: p.comm.slice(0, 15),
            args: p.argv.length > 0 ? p.argv : [p.comm],
            tty: p.pid === m.init.pid ? null : 'pts/0',
            vszKiB: mm ? (mm.total_vm * 4096) / 1024 : 0,
            rssKiB: mm ? (() => {
              const r = mm_rss(m.kernel, mm)
              return (r.anon + r.file + r.shmem) * 4
            })() : 0,
            cpuSeconds: Math.floor(p.threads.reduce((n, t) => n + t.steps, 0) / 1e9),
            startSeconds: 0
          }
        }),
    meminfo: (): MemInfo => {
      // The same counters /proc/meminfo prints (fs/proc/meminfo.ts), in KiB.
      const c = mem_counters(m.kernel)
      return {
        MemTotal: c.total * 4,
        MemFree: c.free * 4,
        MemAvailable: (c.free + Math.max(0, c.fileCache - c.shmem)) * 4,
        Buffers: 0,
        Cached: c.fileCache * 4,
        SwapTotal: 0,
        SwapFree: 0,
        Shmem: c.shmem * 4,
        SReclaimable: 0
      }
    },
    vmstat: () => ({ ...m.kernel.vmstat }),
    uptime: () => m.now / 1e9
  }
}

