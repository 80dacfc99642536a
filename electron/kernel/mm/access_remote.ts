/**
 * mm/memory.c __access_remote_vm / access_process_vm — how ptrace and /proc/PID/mem read and
 * write another process's memory: page by page through get_user_pages_remote, then a kernel copy
 * (kmap) into or out of the page, set_page_dirty_lock on write, put_page.
 *
 * Contract: returns the number of bytes transferred (stops at the first page that cannot be
 * grabbed; 0 if the first one fails — /proc/PID/mem turns that into -EIO). `gupFlags` is what
 * the caller adds: /proc/PID/mem uses FOLL_FORCE (mem_rw), ptrace PTRACE_POKE* too; FOLL_WRITE is
 * added for writes. With FOLL_FORCE a write to a read-only private mapping COWs an anon page
 * (never the page cache: §6.14) — and before 4.9 the Dirty COW race could break that (see
 * k.hooks.gupAfterFault, and access_remote_vm_preemptible for the race between real threads).
 */
import type { Kernel } from '../kernel'
import type { PreemptedSyscall, TaskStruct } from '../include/linux/sched'
import { FOLL_WRITE } from '../include/linux/mm'
import { get_user_pages_remote, get_user_pages_remote_preemptible, put_user_page, set_page_dirty_lock, type GupPreemptible } from './gup'

/** access_remote_vm_preemptible() yielded; the task continues the call when it runs again. */
export const ACCESS_REMOTE_PREEMPTED = 'preempted'

/** One page of __access_remote_vm: grab, copy, dirty, put. False when the page cannot be grabbed. */
function access_one_page(k: Kernel, target: TaskStruct, st: PreemptedSyscall, resume: GupPreemptible | null): boolean | typeof ACCESS_REMOTE_PREEMPTED {
  const a = st.addr + st.done
  const off = a % 4096
  const chunk = Math.min(st.len - st.done, 4096 - off)
  const pages: number[] = []
  const flags = st.gupFlags | (st.write ? FOLL_WRITE : 0)
  const got = resume
    ? get_user_pages_remote_preemptible(k, target, a - off, 1, flags, pages, resume)
    : get_user_pages_remote(k, target, a - off, 1, flags, pages)
  if (resume?.saved && got === 0) return ACCESS_REMOTE_PREEMPTED
  if (got !== 1) return false
  const pfn = pages[0]!
  if (st.write) {
    k.phys.contents.writeBytes(pfn, off, st.buf, st.done, chunk)
    set_page_dirty_lock(k, pfn)
  } else {
    k.phys.contents.readBytes(pfn, off, st.buf, st.done, chunk)
  }
  put_user_page(k, pfn)
  st.done += chunk
  return true
}

export function access_remote_vm(k: Kernel, target: TaskStruct, addr: number, buf: Uint8Array, len: number, write: boolean, gupFlags: number): number {
  const st: PreemptedSyscall = { kind: 'access_remote_vm', target: target.pid, addr, len, write, gupFlags, done: 0, buf, gup: null }
  while (st.done < len) if (access_one_page(k, target, st, null) !== true) break
  return st.done
}

/**
 * access_remote_vm() as a task's syscall that may be preempted at the cond_resched() of the GUP
 * loop (`k.hooks.need_resched()`, set by the scheduler). If it yields, the continuation (the page,
 * the gup flags as the fault left them — FOLL_WRITE dropped before 4.9, FOLL_COW set 4.9–5.19 —
 * and the bytes done) is kept in `current.preempted` and ACCESS_REMOTE_PREEMPTED is returned; the
 * same call made again by `current` (same target, addr, len, direction) continues from there and
 * copies the bytes into `buf`. Another call drops a stale continuation (it holds no page
 * reference). Without a need_resched hook it never yields: the same as access_remote_vm.
 */
export function access_remote_vm_preemptible(
  k: Kernel, current: TaskStruct, target: TaskStruct, addr: number, buf: Uint8Array, len: number, write: boolean, gupFlags: number
): number | typeof ACCESS_REMOTE_PREEMPTED {
  let st = current.preempted
  if (!st || st.kind !== 'access_remote_vm' || st.target !== target.pid || st.addr !== addr || st.len !== len || st.write !== write || st.gupFlags !== gupFlags) {
    st = { kind: 'access_remote_vm', target: target.pid, addr, len, write, gupFlags, done: 0, buf: write ? buf.slice(0, len) : new Uint8Array(len), gup: null }
  }
  current.preempted = null
  const resume: GupPreemptible = { saved: st.gup }
  while (st.done < len) {
    const r = access_one_page(k, target, st, resume)
    if (r === ACCESS_REMOTE_PREEMPTED) {
      st.gup = resume.saved
      current.preempted = st
      return ACCESS_REMOTE_PREEMPTED
    }
    if (!r) break
  }
  if (!write) buf.set(st.buf.subarray(0, st.done))
  return st.done
}
