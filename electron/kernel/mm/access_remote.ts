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
 * k.hooks.gupAfterFault).
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { FOLL_WRITE } from '../include/linux/mm'
import { get_user_pages_remote, put_user_page, set_page_dirty_lock } from './gup'

export function access_remote_vm(k: Kernel, target: TaskStruct, addr: number, buf: Uint8Array, len: number, write: boolean, gupFlags: number): number {
  let done = 0
  while (done < len) {
    const a = addr + done
    const off = a % 4096
    const chunk = Math.min(len - done, 4096 - off)
    const pages: number[] = []
    if (get_user_pages_remote(k, target, a - off, 1, gupFlags | (write ? FOLL_WRITE : 0), pages) !== 1) break
    const pfn = pages[0]!
    if (write) {
      k.phys.contents.writeBytes(pfn, off, buf, done, chunk)
      set_page_dirty_lock(k, pfn)
    } else {
      k.phys.contents.readBytes(pfn, off, buf, done, chunk)
    }
    put_user_page(k, pfn)
    done += chunk
  }
  return done
}
