/**
 * fs/proc/internal.h — what the procfs files share: the machine-side source of process facts
 * (`ProcSource`), the mount context, and small formatting helpers (seq_file's `%8lu kB`).
 *
 * The kernel knows tasks, mms, VMAs and pages; it does not know argv, the process state the
 * scheduler sees, or which VMA is the program's stack (the loader maps the image and the stack as
 * plain anonymous mappings). `ProcSource` is how the machine tells procfs those facts.
 */
import type { Kernel } from '../../kernel'
import type { Vfs } from '../vfs'
import type { VmArea } from '../../include/linux/mm_types'

/** Facts about processes that only the machine (userland) knows. */
export interface ProcSource {
  /** Live processes (thread-group leaders, zombies included until reaped), any order. */
  pids(): number[]
  /** /proc/PID/cmdline: the argv strings, each NUL-terminated; empty for a kernel-like process. */
  cmdline(pid: number): Uint8Array
  /** /proc/PID/environ: the environment strings, each NUL-terminated (optional). */
  environ?(pid: number): Uint8Array
  /** task->comm (at most 15 bytes). */
  comm(pid: number): string
  /** The state letter of /proc/PID/status and stat: R, S, D, T, Z. */
  state(pid: number): string
  /** The parent's pid (0 for init). */
  ppid(pid: number): number
  /** Process group and session (status NSpgid / NSsid), when the machine tracks them. */
  pgid?(pid: number): number
  sid?(pid: number): number
  /** Number of threads (status `Threads:`). */
  threads(pid: number): number
  /**
   * mm->start_stack: an address inside the main thread's stack VMA (0 if unknown). maps names
   * the VMA that contains it `[stack]` (fs/proc/task_mmu.c is_stack()).
   */
  startStack(pid: number): number
  /**
   * mm->start_code / end_code (the program text, for VmExe), or null when unknown. The machine's
   * program image is mapped by its loader as anonymous memory; procfs still counts its text.
   */
  codeRange?(pid: number): { start: number; end: number } | null
  /** A name for a VMA the kernel cannot name itself (e.g. `[vdso]`), or null. */
  vmaName?(pid: number, vma: VmArea): string | null
}

export interface ProcContext {
  vfs: Vfs
  k: Kernel
  source: ProcSource
}

const enc = new TextEncoder()

export function bytes(s: string): Uint8Array {
  return enc.encode(s)
}

/** seq_put_decimal_ull_width(m, label, v, 8) + " kB\n": the label, the value right-aligned in 8. */
export function kB(label: string, v: number): string {
  return `${label}${String(v).padStart(8)} kB\n`
}

export const PAGE_KB = 4
