/**
 * Process termination as glibc does it: exit(status) — and returning from main — runs the
 * atexit handlers in reverse order of registration, flushes every stdio stream, then ends the
 * process; _exit skips both; abort and fatal signals skip both (unflushed output is lost).
 */
import { DONE, pushCall, type NativeContext, type NativeFn, type Thread } from '../cc/vm'
import type { CProcess } from '../cc/vm'
import { flushAll } from './stdio'
import { int, machineOf, num, procOf } from './runtime'

interface ExitState {
  code: number
  /** Handlers not yet run, in the order they will run. */
  pending: number[]
}

function contextFor(t: Thread, proc: CProcess): NativeContext {
  return { thread: t, proc, mem: proc.mem, argTypes: [], name: 'exit' }
}

/**
 * Continues the exit of a process whose main thread has stopped (exit() or main's return):
 * runs the next atexit handler (returns 'running'), waits for a blocked flush ('blocked') or
 * reports that the process may now end ('done').
 */
export function continueExit(t: Thread, code: number): 'running' | 'blocked' | 'done' {
  const proc = t.proc
  let st = proc.libc.exiting as ExitState | undefined
  if (!st) {
    const handlers = ((proc.libc.atexit as number[] | undefined) ?? []).slice().reverse()
    proc.libc.exiting = st = { code, pending: handlers }
  }
  while (st.pending.length > 0) {
    const handler = st.pending.shift()!
    t.state = 'ready'
    t.signal = null
    if (pushCall(t, handler, [])) return 'running'
  }
  const ctx = contextFor(t, proc)
  return flushAll(ctx) === 'blocked' ? 'blocked' : 'done'
}

/** The exit code a process is ending with (after continueExit started). */
export function exitCodeOf(t: Thread): number {
  return (t.proc.libc.exiting as ExitState | undefined)?.code ?? t.exitStatus ?? 0
}

export const exitFunctions: Record<string, NativeFn> = {
  exit: (ctx, a) => {
    const code = int(a[0]) & 0xff
    if (!ctx.proc.libc.exiting) ctx.proc.libc.exiting = { code, pending: ((ctx.proc.libc.atexit as number[] | undefined) ?? []).slice().reverse() }
    // Unwind every frame: the scheduler sees the main thread stop and finishes the exit.
    ctx.thread.frame = null
    ctx.thread.exitStatus = code
    ctx.thread.state = 'exited'
    return DONE
  },
  _exit: (ctx, a) => {
    const code = int(a[0]) & 0xff
    machineOf(ctx).exitC(procOf(ctx), (code & 0xff) << 8)
    ctx.thread.state = 'exited'
    ctx.thread.exitStatus = code
    return DONE
  },
  atexit: (ctx, a) => {
    const list = ((ctx.proc.libc.atexit as number[] | undefined) ?? []).slice()
    if (list.length >= 32) return -1
    list.push(num(a[0]))
    ctx.proc.libc.atexit = list
    return 0
  }
}
exitFunctions._Exit = exitFunctions._exit!
