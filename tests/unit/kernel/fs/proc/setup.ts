import { Kernel, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../../../electron/kernel'
import type { KFile, TaskStruct } from '../../../../../electron/kernel'
import { Vfs } from '../../../../../electron/kernel/fs/vfs'
import { O_RDONLY } from '../../../../../electron/kernel/fs/file'
import { mountProcfs, type ProcSource } from '../../../../../electron/kernel/fs/proc'
import type { KernelVersion } from '../../../../../shared/kernel-versions'
import { expect } from 'vitest'

export const text = (b: Uint8Array | number): string => (typeof b === 'number' ? `errno ${b}` : new TextDecoder().decode(b))
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

/** A kernel, a VFS with procfs, and processes described by a fake ProcSource. */
export function procMachine(version: KernelVersion = '6.18') {
  const k = new Kernel({ version, memory: { normalPages: 4096 } })
  const vfs = new Vfs()
  const procs = new Map<number, { task: TaskStruct; argv: string[]; state: string; startStack: number }>()
  const source: ProcSource = {
    pids: () => [...procs.keys()],
    cmdline: (pid) => bytes(procs.get(pid)!.argv.map((a) => a + '\0').join('')),
    environ: () => bytes('HOME=/root\0PATH=/bin\0'),
    comm: (pid) => procs.get(pid)?.task.comm ?? '',
    state: (pid) => procs.get(pid)?.state ?? 'X',
    ppid: (pid) => procs.get(pid)?.task.parent ?? 0,
    threads: () => 1,
    startStack: (pid) => procs.get(pid)?.startStack ?? 0
  }
  mountProcfs(vfs, k, source)
  const spawn = (uid: number, argv = ['./a.out']) => {
    const task = k.createProcess({ comm: argv[0]!.replace(/^.*\//, ''), uid })
    procs.set(task.pid, { task, argv, state: 'S', startStack: 0 })
    vfs.attach(task.pid, '/')
    return task
  }
  const cred = (t: TaskStruct) => ({ uid: t.cred.uid, gid: t.cred.uid })
  /** open + read everything (a fresh snapshot), or the open's errno. */
  const cat = (t: TaskStruct, path: string): string | number => {
    const fd = vfs.open(t.pid, path, O_RDONLY, 0, cred(t))
    if (fd < 0) return fd
    let out = ''
    for (;;) {
      const r = vfs.read(t.pid, fd, 65536)
      if (typeof r === 'number') return r
      if (r.length === 0) break
      out += new TextDecoder().decode(r)
    }
    vfs.close(t.pid, fd)
    return out
  }
  const anon = (t: TaskStruct, pages: number, prot = PROT_READ | PROT_WRITE, shared = false) => {
    const a = k.mmap(t, 0, pages * 4096, prot, (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS)
    expect(a).toBeGreaterThan(0)
    return a
  }
  const file = (opts: { pages?: number; fill?: number; write?: boolean; path?: string } = {}): { f: KFile; m: ReturnType<Kernel['createMapping']> } => {
    const fill = opts.fill ?? 0x41
    const m = k.createMapping({ kind: 'ext4', size: (opts.pages ?? 1) * 4096, ops: { read_folio: (kk, _m, pfn) => kk.phys.contents.fill(pfn, 0, 4096, fill) } })
    return { m, f: k.openFile(m, { read: true, write: opts.write ?? true, path: opts.path ?? '/etc/data.bin' }) }
  }
  return { k, vfs, procs, spawn, cred, cat, anon, file }
}
