import type { KernelLogLine, MemInfo, ProcessInfo, RdmaInfo, SystemInfo } from '../shell/os'
import { ib_uverbs_cdev } from '../../kernel/drivers/infiniband/core/uverbs'
import { nldev_res_get } from '../../kernel/drivers/infiniband/core/nldev'
import { mlx5_ib_query_device_ex, mlx5_ib_query_gid } from '../../kernel/drivers/infiniband/hw/mlx5/mlx5_ib'
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
    rdma: (opts) => machineRdmaInfo(m, opts?.pid),
    rdmaPeer: (argv) => (machineRdmaInfo(m) ? rdma_peer_of(m.kernel)?.command(argv) ?? null : null)
  }
}

/**
 * The HCA as ibv_query_device / ibv_query_port and RDMA netlink (nldev) describe it, or null when
 * the machine has no RDMA (no /sys/class/infiniband_verbs).
 */
function machineRdmaInfo(m: Machine, pid?: number): RdmaInfo | null {
  if (typeof m.vfs.stat(m.init.pid, '/sys/class/infiniband_verbs', { uid: 0, gid: 0 }) === 'number') return null
  const cdev = ib_uverbs_cdev(m.kernel)
  const d = cdev.dev
  // netlink_capable(CAP_NET_ADMIN): PinLab's creds list only the capabilities it checks elsewhere;
  // root (euid 0) has the full set in Linux, an unprivileged user none. No pid: the machine's view.
  const task = pid === undefined ? undefined : m.kernel.tasks.get(pid)
  const capNetAdmin = pid === undefined ? true : task !== undefined && task.cred.euid === 0
  const ex = mlx5_ib_query_device_ex(d)
  const a = d.attr
  const p = d.port
  const gids: Uint8Array[] = []
  for (let i = 0; i < p.gidTblLen; i++) gids.push(mlx5_ib_query_gid(d, i)!)
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
        lmc: d.port.lmc, linkLayer: d.port.linkLayer, physState: d.port.physState, subnetPrefix: d.port.subnetPrefix,
        maxMsgSz: p.maxMsgSz, portCapFlags: p.portCapFlags, portCapFlags2: p.portCapFlags2, maxVlNum: p.maxVlNum,
        badPkeyCntr: p.badPkeyCntr, qkeyViolCntr: p.qkeyViolCntr, smSl: p.smSl, pkeyTblLen: p.pkeyTblLen, gidTblLen: p.gidTblLen,
        subnetTimeout: p.subnetTimeout, initTypeReply: p.initTypeReply, activeWidth: p.activeWidth, activeSpeed: p.activeSpeed, gids
      }],
      attr: {
        maxMrSize: a.maxMrSize, pageSizeCap: a.pageSizeCap, maxQp: a.maxQp, maxQpWr: a.maxQpWr, deviceCapFlags: a.deviceCapFlags,
        maxSge: a.maxSge, maxSgeRd: a.maxSgeRd, maxCq: a.maxCq, maxCqe: a.maxCqe, maxMr: a.maxMr, maxPd: a.maxPd,
        maxQpRdAtom: a.maxQpRdAtom, maxEeRdAtom: a.maxEeRdAtom, maxResRdAtom: a.maxResRdAtom, maxQpInitRdAtom: a.maxQpInitRdAtom,
        maxEeInitRdAtom: a.maxEeInitRdAtom, atomicCap: a.atomicCap, maxEe: a.maxEe, maxRdd: a.maxRdd, maxMw: a.maxMw,
        maxRawIpv6Qp: a.maxRawIpv6Qp, maxRawEthyQp: a.maxRawEthyQp, maxMcastGrp: a.maxMcastGrp, maxMcastQpAttach: a.maxMcastQpAttach,
        maxTotalMcastQpAttach: a.maxTotalMcastQpAttach, maxAh: a.maxAh, maxFmr: a.maxFmr, maxMapPerFmr: a.maxMapPerFmr,
        maxSrq: a.maxSrq, maxSrqWr: a.maxSrqWr, maxSrqSge: a.maxSrqSge, maxPkeys: a.maxPkeys, localCaAckDelay: a.localCaAckDelay,
        numCompVectors: a.numCompVectors,
        odpGeneralCaps: ex.odpGeneralCaps, rcOdpCaps: ex.rcOdpCaps, ucOdpCaps: ex.ucOdpCaps, udOdpCaps: ex.udOdpCaps,
        xrcOdpCaps: ex.xrcOdpCaps, completionTimestampMask: ex.completionTimestampMask, hcaCoreClock: ex.hcaCoreClock,
        deviceCapFlagsEx: ex.deviceCapFlagsEx
      },
      res: nldev_res_get(m.kernel, capNetAdmin)
    }],
    sys: {
      netnsShared: m.kernel.has('rdmaNetnsModeAttr') ? true : null,
      privilegedQkey: m.kernel.has('rdmaPrivilegedQkeyAttr') ? false : null,
      // The kernel sends copy-on-fork = 1 where it exists (70e806e4e645 + 4eae4efa2c29 are older).
      copyOnFork: m.kernel.has('rdmaCopyOnForkAttr') ? true : null
    }
  }
}

