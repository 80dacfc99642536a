import type { KernelLogLine, MemInfo, ProcessInfo, RdmaInfo, SystemInfo } from '../shell/os'
import { ib_uverbs_cdev } from '../../kernel/drivers/infiniband/core/uverbs'
import { rdma_peer_of } from './rdma-peer'
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
    uptime: () => m.now / 1e9,
    rdma: () => machineRdmaInfo(m),
    rdmaPeer: (argv) => (machineRdmaInfo(m) ? rdma_peer_of(m.kernel)?.command(argv) ?? null : null)
  }
}

/**
 * The HCA as ibv_query_device / ibv_query_port and RDMA netlink (nldev) describe it, or null when
 * the machine has no RDMA (no /sys/class/infiniband_verbs).
 */
function machineRdmaInfo(m: Machine): RdmaInfo | null {
  if (typeof m.vfs.stat(m.init.pid, '/sys/class/infiniband_verbs', { uid: 0, gid: 0 }) === 'number') return null
  const cdev = ib_uverbs_cdev(m.kernel)
  const d = cdev.dev
  const mrs = cdev.contexts().flatMap((c) => [...c.mrs.values()]).sort((a, b) => a.mrn - b.mrn)
  return {
    devices: [{
      name: d.name,
      transport: d.transportType,
      fwVer: d.attr.fwVer,
      nodeGuid: d.attr.nodeGuid,
      sysImageGuid: d.attr.sysImageGuid,
      vendorId: d.attr.vendorId,
      vendorPartId: d.attr.vendorPartId,
      hwVer: d.attr.hwVer,
      boardId: 'MT_0000000223',
      ports: [{
        num: 1, state: d.port.state, maxMtu: d.port.maxMtu, activeMtu: d.port.activeMtu, smLid: d.port.smLid, lid: d.port.lid,
        lmc: d.port.lmc, linkLayer: d.port.linkLayer, physState: d.port.physState, subnetPrefix: d.port.subnetPrefix
      }],
      mrs: mrs.map((mr) => ({ mrn: mr.mrn, rkey: mr.rkey, lkey: mr.lkey, mrlen: mr.length, pdn: mr.pd.resId, pid: mr.pid, comm: mr.comm }))
    }],
    sys: {
      netnsShared: m.kernel.has('rdmaNetnsModeAttr') ? true : null,
      privilegedQkey: m.kernel.has('rdmaPrivilegedQkeyAttr') ? false : null,
      // The kernel sends copy-on-fork = 1 where it exists (70e806e4e645 + 4eae4efa2c29 are older).
      copyOnFork: m.kernel.has('rdmaCopyOnForkAttr') ? true : null
    }
  }
}

