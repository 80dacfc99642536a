/**
 * fs/proc/root.c + generic.c — mounting procfs: /proc is a directory computed per caller
 * (/proc/self names the calling process, /proc/PID exists for every live process) next to the
 * global files (meminfo, vmstat, kpageflags, kpagecount, uptime, version, cpuinfo, loadavg).
 */
import type { Kernel } from '../../kernel'
import type { Vfs } from '../vfs'
import { ERRNO } from '../../include/uapi/asm-generic/errno-base'
import { S_IFREG, type Inode } from '../inode'
import { PidDir, mem_lseek } from './base'
import { bytes, type ProcContext, type ProcSource } from './internal'
import { proc_meminfo } from './meminfo'
import { kpage_read } from './page'
import { proc_vmstat } from './vmstat'
import { proc_sys_init } from './proc_sysctl'
import { proc_cpuinfo, proc_loadavg, proc_uptime, proc_version } from './misc'

export interface Procfs {
  readonly root: Inode
  /** The /proc/PID directory of a live process, or null. */
  pidDir(pid: number): Inode | null
}

/** Mounts procfs at /proc of `vfs`. The machine calls it once, after building the root file system. */
export function mountProcfs(vfs: Vfs, kernel: Kernel, source: ProcSource): Procfs {
  const ctx: ProcContext = { vfs, k: kernel, source }
  const root = vfs.mkdirs('/proc', 0o555)
  const globals = new Map<string, Inode>()
  const file = (name: string, mode: number, fill: (inode: Inode) => void) => {
    const inode = vfs.createInode(S_IFREG | mode, 0, 0)
    inode.parent = root
    fill(inode)
    globals.set(name, inode)
  }
  const gen = (fn: () => string) => (inode: Inode) => void (inode.generate = () => bytes(fn()))
  const kpage = (which: 'flags' | 'count') => (inode: Inode) => {
    inode.dev = {
      read: () => -ERRNO.EINVAL,
      write: () => -ERRNO.EINVAL,
      readAt: (_caller, pos, count) => kpage_read(kernel, which, pos, count),
      writeAt: () => -ERRNO.EINVAL,
      llseek: mem_lseek
    }
  }
  file('cpuinfo', 0o444, gen(() => proc_cpuinfo(kernel)))
  file('kpagecount', 0o400, kpage('count'))
  file('kpageflags', 0o400, kpage('flags'))
  file('loadavg', 0o444, gen(() => proc_loadavg(kernel, source)))
  file('meminfo', 0o444, gen(() => proc_meminfo(kernel)))
  file('uptime', 0o444, gen(() => proc_uptime(kernel)))
  file('version', 0o444, gen(() => proc_version(kernel)))
  file('vmstat', 0o444, gen(() => proc_vmstat(kernel)))
  globals.set('sys', proc_sys_init(vfs, kernel, root))

  const dirs = new Map<number, PidDir>()
  const live = (pid: number) => source.pids().includes(pid) && kernel.task(pid) !== undefined
  const pidDir = (pid: number): PidDir | null => {
    if (!live(pid)) {
      dirs.delete(pid)
      return null
    }
    let d = dirs.get(pid)
    if (!d) {
      d = new PidDir(ctx, pid)
      d.dir.parent = root
      dirs.set(pid, d)
    }
    d.dir.uid = d.dir.gid = kernel.task(pid)?.cred.uid ?? 0
    return d
  }
  root.dynamic = {
    list: () => {
      const pids = source.pids().filter((p) => kernel.task(p) !== undefined).sort((a, b) => a - b)
      for (const pid of [...dirs.keys()]) if (!pids.includes(pid)) dirs.delete(pid)
      return [...globals.keys(), 'self', ...pids.map(String)]
    },
    lookup: (name, caller) => {
      const g = globals.get(name)
      if (g) return g
      if (name === 'self') return caller > 0 ? (pidDir(caller)?.dir ?? null) : null
      if (!/^[1-9][0-9]{0,9}$/.test(name)) return null
      return pidDir(Number(name))?.dir ?? null
    }
  }
  return { root, pidDir: (pid) => pidDir(pid)?.dir ?? null }
}
