import type { ProcSource } from '../../kernel/fs/proc/internal'
import { STACK_TOP } from '../cc/loader'
import { IMAGE_BASE } from '../cc/link'
import { VM_EXEC, VM_WRITE } from '../../kernel/include/linux/mm'
import type { UProcess } from './process'
import type { Machine } from './machine'

/**
 * What procfs needs from the machine (electron/kernel/fs/proc): the live processes over
 * `machine.procs`, their argv (cmdline), comm, state, parent and threads, and the loader's layout
 * (the stack under STACK_TOP, the program text above IMAGE_BASE) which the kernel cannot know
 * because the loader maps the image and the stack as plain anonymous memory.
 */
export function machineProcSource(m: Machine): ProcSource {
  const proc = (pid: number): UProcess | undefined => m.procs.get(pid)
  const enc = new TextEncoder()
  const nulTerminated = (strings: readonly string[]): Uint8Array => {
    const parts = strings.map((a) => enc.encode(a))
    const out = new Uint8Array(parts.reduce((n, b) => n + b.length + 1, 0))
    let o = 0
    for (const b of parts) {
      out.set(b, o)
      o += b.length + 1
    }
    return out
  }
  return {
    pids: () => [...m.procs.keys()],
    cmdline: (pid) => {
      const p = proc(pid)
      if (!p || p.zombie) return new Uint8Array(0)
      return nulTerminated(p.argv.length > 0 ? p.argv : p.isC ? [] : [p.comm])
    },
    environ: (pid) => {
      const p = proc(pid)
      return !p || p.zombie ? new Uint8Array(0) : nulTerminated(p.env)
    },
    // task->comm is the last component of the executed path (__set_task_comm in begin_new_exec).
    comm: (pid) => {
      const c = proc(pid)?.comm ?? ''
      return c.slice(c.lastIndexOf('/') + 1).slice(0, 15)
    },
    state: (pid) => {
      const p = proc(pid)
      if (!p) return 'X'
      if (p.zombie) return 'Z'
      // The caller of a /proc read is running; a thread that is not blocked is runnable.
      return p.pid === m.kernel.curPid || p.threads.some((t) => t.state === 'ready') ? 'R' : 'S'
    },
    ppid: (pid) => proc(pid)?.ppid ?? 0,
    pgid: (pid) => proc(pid)?.pgid ?? 0,
    threads: (pid) => {
      const p = proc(pid)
      if (!p) return 0
      return Math.max(1, p.threads.filter((t) => t.state !== 'exited').length)
    },
    // The loader puts argv/envp just under STACK_TOP (electron/userland/cc/loader.ts).
    startStack: (pid) => (proc(pid)?.isC ? STACK_TOP - 16 : 0),
    codeRange: (pid) => {
      const p = proc(pid)
      const mm = p?.isC ? p.task.mm : null
      if (!mm) return null
      // start_code/end_code: the executable, non-writable VMAs of the image (below the heap).
      let start = 0
      let end = 0
      for (const v of mm.vmas) {
        if (v.start < IMAGE_BASE || v.end > mm.start_brk || v.file) continue
        if ((v.flags & (VM_EXEC | VM_WRITE)) !== VM_EXEC) continue
        if (start === 0) start = v.start
        end = v.end
      }
      return start === 0 ? null : { start, end }
    }
  }
}
