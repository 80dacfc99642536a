/**
 * lib/bug.c + arch/x86/kernel/dumpstack.c — a BUG() the *real* kernel hits (not a simulator
 * inconsistency: those go to `k.oops`, which also records a simulator bug).
 *
 * What happens on x86-64: the ud2 instruction traps (do_trap "invalid opcode"), report_bug
 * prints `kernel BUG at FILE:LINE!`, __die prints the oops banner, the registers (RIP = the
 * function and offset) and the call trace, oops_end prints `---[ end trace … ]---` and the
 * task that hit it is killed (make_task_dead(SIGSEGV); do_exit before 5.16): its exit status is
 * signal 11 without a core dump. The machine keeps running (panic_on_oops = 0); if a kworker
 * hits it, the worker dies and the log names it.
 *
 * Contract: die_bug prints the oops and queues the task's death; the caller (a syscall's libc
 * side, or the machine) takes it with take_task_death and ends the process. Nothing throws.
 */
import type { Kernel } from '../kernel'

const KERN_ALERT = 1
const KERN_WARNING = 4

/** Pids whose task died in a BUG() during the current call, per kernel (transient, not snapshotted). */
const deaths = new WeakMap<Kernel, Set<number>>()
const oopsCount = new WeakMap<Kernel, number>()

export interface BugSite {
  file: string
  line: number
  /** Function and offset/size shown as RIP, e.g. `ext4_writepage+0x2a5/0x2b0`. */
  rip: string
  /** Caller frames, innermost first (`__writepage+0x13/0x30`). */
  trace: readonly string[]
}

/**
 * BUG() at `site`, hit by task `pid` (comm `comm`), or by a kworker when `pid` is 0.
 * Prints the oops into dmesg, emits an `oops` trace event and queues the task's death.
 */
export function die_bug(k: Kernel, site: BugSite, pid: number, comm: string): void {
  const n = (oopsCount.get(k) ?? 0) + 1
  oopsCount.set(k, n)
  const who = pid > 0 ? { pid, comm } : { pid: 0, comm: 'kworker/u8:1' }
  k.printk(KERN_WARNING, '------------[ cut here ]------------')
  k.printk(KERN_ALERT, `kernel BUG at ${site.file}:${site.line}!`)
  k.printk(KERN_WARNING, `invalid opcode: 0000 [#${n}] SMP`)
  k.printk(KERN_WARNING, `CPU: 0 PID: ${who.pid} Comm: ${who.comm} Not tainted ${k.version}.0-pinlab #1`)
  k.printk(KERN_WARNING, `RIP: 0010:${site.rip}`)
  k.printk(KERN_WARNING, 'Call Trace:')
  for (const f of site.trace) k.printk(KERN_WARNING, ` ${f}`)
  const id = ((k.clock / 1000) >>> 0).toString(16).padStart(8, '0') + ((n * 0x9e3779b9) >>> 0).toString(16).padStart(8, '0')
  k.printk(KERN_WARNING, `---[ end trace ${id} ]---`)
  if (k.tracing) k.emit({ type: 'oops', msg: `kernel BUG at ${site.file}:${site.line}! (${site.rip})` }, who.pid)
  if (pid > 0) {
    let s = deaths.get(k)
    if (!s) deaths.set(k, (s = new Set()))
    s.add(pid)
  }
}

/** Did `pid` die in a BUG() since the last call? Consumes the record. */
export function take_task_death(k: Kernel, pid: number): boolean {
  const s = deaths.get(k)
  if (!s || !s.has(pid)) return false
  s.delete(pid)
  return true
}

/** For tests: forget the oops counter (a fresh kernel starts at #1 anyway). */
export function reset_oops_count(k: Kernel): void {
  oopsCount.delete(k)
}

/** WARN_ON_ONCE sites that already fired, per kernel (the static "__warned" flag; not snapshotted). */
const warnedOnce = new WeakMap<Kernel, Set<string>>()

/**
 * WARN_ON_ONCE() at `site` hit by task `pid`: the first time only, `WARNING: CPU: 0 PID: N at
 * FILE:LINE FUNC+off/size` with the cut-here / end-trace frame in dmesg and a `warn` trace event.
 * The task carries on. Returns true if it printed.
 */
export function warn_on_once(k: Kernel, site: BugSite, pid: number, comm: string): boolean {
  let s = warnedOnce.get(k)
  if (!s) warnedOnce.set(k, (s = new Set()))
  const key = `${site.file}:${site.line}`
  if (s.has(key)) return false
  s.add(key)
  k.printk(KERN_WARNING, '------------[ cut here ]------------')
  k.printk(KERN_WARNING, `WARNING: CPU: 0 PID: ${pid} at ${site.file}:${site.line} ${site.rip}`)
  k.printk(KERN_WARNING, `CPU: 0 PID: ${pid} Comm: ${comm} Not tainted ${k.version}.0-pinlab #1`)
  k.printk(KERN_WARNING, `RIP: 0010:${site.rip}`)
  k.printk(KERN_WARNING, 'Call Trace:')
  for (const f of site.trace) k.printk(KERN_WARNING, ` ${f}`)
  k.printk(KERN_WARNING, `---[ end trace ${((k.clock / 1000) >>> 0).toString(16).padStart(16, '0')} ]---`)
  if (k.tracing) k.emit({ type: 'warn', msg: `WARNING at ${site.file}:${site.line} ${site.rip}` }, pid)
  return true
}
