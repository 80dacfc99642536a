/**
 * fs/proc/array.c — /proc/PID/status (proc_pid_status) and /proc/PID/stat's state letters.
 * The memory lines come from task_mmu.c task_mem(); the layout follows Linux 6.18 (observed on
 * the native machine): `Label:\tvalue`, memory values `%8lu kB`.
 */
import { task_mem } from './task_mmu'
import type { ProcContext } from './internal'

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', t: 't (tracing stop)', X: 'X (dead)',
  Z: 'Z (zombie)', P: 'P (parked)', I: 'I (idle)'
}

const hex16 = (v: bigint) => v.toString(16).padStart(16, '0')

/** proc_pid_status(). */
export function proc_pid_status(ctx: ProcContext, pid: number): string {
  const k = ctx.k
  const task = k.task(pid)
  const src = ctx.source
  const uid = task?.cred.uid ?? 0
  const euid = task?.cred.euid ?? uid
  const state = src.state(pid)
  let s = ''
  s += `Name:\t${src.comm(pid)}\n`
  s += 'Umask:\t0022\n'
  s += `State:\t${STATE_NAMES[state] ?? state}\n`
  s += `Tgid:\t${task?.tgid ?? pid}\n`
  s += 'Ngid:\t0\n'
  s += `Pid:\t${pid}\n`
  s += `PPid:\t${src.ppid(pid)}\n`
  s += 'TracerPid:\t0\n'
  s += `Uid:\t${uid}\t${euid}\t${euid}\t${euid}\n`
  s += `Gid:\t${uid}\t${euid}\t${euid}\t${euid}\n`
  s += 'FDSize:\t256\n'
  s += 'Groups:\t \n'
  s += `NStgid:\t${pid}\nNSpid:\t${pid}\n`
  const pgid = src.pgid?.(pid)
  if (pgid !== undefined) s += `NSpgid:\t${pgid}\nNSsid:\t${src.sid?.(pid) ?? pgid}\n`
  s += 'Kthread:\t0\n'
  const mm = task && !task.exited ? task.mm : null
  if (mm) {
    s += task_mem(ctx, pid, mm)
    s += 'CoreDumping:\t0\n'
    s += 'THP_enabled:\t1\n'
    s += 'untag_mask:\t0xffffffffffffffff\n'
  }
  s += `Threads:\t${src.threads(pid)}\n`
  const pending = task ? task.signal_pending.reduce((m, sig) => m | (1n << BigInt(sig - 1)), 0n) : 0n
  s += `SigQ:\t${task?.signal_pending.length ?? 0}/63704\nSigPnd:\t${hex16(pending)}\nShdPnd:\t${hex16(0n)}\n`
  s += `SigBlk:\t${hex16(0n)}\nSigIgn:\t${hex16(0n)}\nSigCgt:\t${hex16(0n)}\n`
  const caps = task ? task.cred.caps.reduce((m, c) => m | (1n << BigInt(c)), 0n) : 0n
  const full = uid === 0 ? 0x1fffeffffffn : caps
  s += `CapInh:\t${hex16(0n)}\nCapPrm:\t${hex16(full)}\nCapEff:\t${hex16(full)}\nCapBnd:\t${hex16(0x1fffeffffffn)}\nCapAmb:\t${hex16(0n)}\n`
  s += 'NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n'
  s += 'Speculation_Store_Bypass:\tvulnerable\nSpeculationIndirectBranch:\talways enabled\n'
  s += 'Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n'
  s += 'voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n'
  return s
}
