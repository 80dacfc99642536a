/**
 * The C virtual machine: explicit frames and threads, closure-threaded code.
 *
 * A compiled function is an array of instructions; an instruction is a closure
 * `(frame) => nextPc`. Expression trees without calls are nested closures inside one
 * instruction; every call (C function, function pointer, native) is its own instruction, so
 * a thread can be suspended, cloned for fork() or switched at any instruction boundary.
 * A negative return value means "the frame stack or the thread state changed": the run loop
 * re-reads `thread.frame` and `thread.state`.
 *
 * Virtual time: one executed instruction is one step; {@link NS_PER_STEP} ns of virtual time.
 */
import type { Value } from './ast'
import type { CType, FuncType } from './types'
import { type Memory, MemoryFault } from './memory'
import { SignalFault, convFn, kindOf } from './ops'

export const NS_PER_STEP = 1

export type Instr = (f: Frame) => number

/** Where a parameter lives in the callee frame. */
export interface ParamSlot {
  reg: number // -1 if in memory
  slot: number // offset from bp when in memory
  store: ((m: Memory, a: number, v: Value) => void) | null
  size: number
  struct: boolean
}

export interface CompiledFunction {
  name: string
  addr: number
  type: FuncType
  code: Instr[]
  nregs: number
  frameSize: number
  params: ParamSlot[]
  variadic: boolean
  /** source line of each instruction (for backtraces) */
  lines?: number[]
  /** a native (TypeScript) implementation registered by name */
  native?: NativeFn
  /** zero-filled register file copied into each new frame */
  regInit?: Value[]
}

/** A call frame. Plain data: fork clones it, the scheduler suspends it. */
export class Frame {
  r: Value[]
  pc = 0
  bp = 0
  spSave = 0
  /** address of the spilled variadic arguments (variadic callee) */
  va = 0
  /** address the callee writes a struct return value to */
  sret = 0
  /** register of the caller receiving the return value, -1 for none */
  dest = -1
  caller: Frame | null = null
  /** called with the return value after this frame is popped (native callbacks, signal handlers) */
  onReturn: ((v: Value) => void) | null = null
  m: Memory
  constructor(
    public fn: CompiledFunction,
    public t: Thread
  ) {
    this.m = t.proc.mem
    let init = fn.regInit
    if (!init) {
      // always PACKED_ELEMENTS: register files of all programs then share one elements kind,
      // which keeps V8's keyed loads in the shared closures monomorphic
      const a: unknown[] = [null]
      a.length = 0
      for (let i = 0; i < fn.nregs; i++) a.push(0)
      init = a as Value[]
      fn.regInit = init
    }
    this.r = init.slice()
  }
}

export type ThreadState = 'ready' | 'blocked' | 'exited' | 'signaled'

export interface SignalInfo {
  signo: string
  code: string
  addr?: number | bigint
  /** the fault was raised by an instruction (sync) and re-executes if a handler returns */
  sync: boolean
}

/** Result of {@link run}. */
export type RunStatus = 'budget' | 'blocked' | 'exited' | 'signaled'

export const BLOCK: unique symbol = Symbol('BLOCK')
/** Returned by a native that changed the thread state itself (exit, raise, fork bookkeeping). */
export const DONE: unique symbol = Symbol('DONE')

/** A native asking the VM to call a C function and hand the result to `then` (qsort, atexit …). */
export interface NativeCall {
  call: number
  args: Value[]
  then: (ret: Value) => NativeResult
}
export type NativeResult = Value | void | typeof BLOCK | typeof DONE | NativeCall

export interface NativeContext {
  thread: Thread
  proc: CProcess
  mem: Memory
  /** types of the actual arguments after default promotions (varargs included) */
  argTypes: CType[]
  /** the name the native was registered under */
  name: string
  /** for a native returning a struct by value: where to write it (return this address) */
  sret?: number
}

/** Stores errno (a 32-bit int at the thread's TLS block, see Thread.tls). */
export function setErrno(t: Thread, e: number): void {
  if (t.tls) t.proc.mem.store32(t.tls, e >>> 0)
}

/** Reads errno of a thread. */
export function getErrno(t: Thread): number {
  return t.tls ? t.proc.mem.load32(t.tls) | 0 : 0
}
export type NativeFn = (ctx: NativeContext, args: Value[]) => NativeResult

/**
 * Natives that are system calls whose kernel side may reschedule at a cond_resched() point (e.g.
 * write() to /proc/PID/mem, whose GUP loop calls cond_resched). Before such a call the VM records
 * how much of the thread's time slice its instructions have used (`Thread.sliceUsed`), as the
 * kernel accounts user time at syscall entry, so the scheduler can answer need_resched() from
 * inside the syscall. Only direct calls are accounted (a call through a pointer is not delayed).
 */
export const SYSCALL_ENTRY_NATIVES = new WeakSet<NativeFn>()

export interface NativeLibrary {
  functions: Record<string, NativeFn>
  /** C objects the library provides (e.g. `stdout`, `errno` storage): allocated in .data */
  data?: Record<string, { size: number; align?: number; init?: Uint8Array }>
}

/** Minimal view of the linked program the VM needs. */
export interface ProgramCode {
  textBase: number
  functions: CompiledFunction[]
  symbols: Map<string, number>
}

/** A process as the VM sees it: an address space, the program and its natives. */
export class CProcess {
  /** free slot for the kernel integration (its task/mm objects) */
  host: unknown = null
  exitStatus: number | null = null
  brk = 0
  /** process-wide data the natives keep (stdio buffers, atexit list …) */
  libc: Record<string, unknown> = {}
  constructor(
    public mem: Memory,
    public prog: ProgramCode
  ) {}

  funcAt(addr: Value): CompiledFunction | null {
    if (typeof addr !== 'number') return null
    const d = addr - this.prog.textBase
    if (d < 0 || d % 16 !== 0) return null
    return this.prog.functions[d / 16] ?? null
  }
}

let nextTid = 1

export class Thread {
  frame: Frame | null = null
  state: ThreadState = 'ready'
  /** stack pointer of the simulated C stack */
  sp = 0
  /** lowest usable stack address; going below is a stack overflow (SIGSEGV) */
  stackLimit = 0
  steps = 0
  exitStatus: number | null = null
  signal: SignalInfo | null = null
  /** set by the host (Ctrl-C → 'SIGINT'); run() stops at the next instruction boundary */
  pendingSignal: string | null = null
  /** arguments of a native call that blocked (re-used when the call is retried) */
  pendingArgs: Value[] | null = null
  pendingTypes: CType[] | null = null
  /** where the result of the native call in progress goes */
  callDest = -1
  callNext = 0
  tid = nextTid++
  /** the process's initial thread: returning from its bottom frame (main) means exit() */
  isMain = false
  /** address of this thread's TLS block in simulated memory (errno lives at offset 0) */
  tls = 0
  /** value returned by the thread's bottom frame (pthread start routine / main) */
  returnValue: Value = 0
  /** free slot for the integration (errno address, TLS, scheduler data) */
  host: unknown = null
  /** steps of the current run() used when the thread last entered a SYSCALL_ENTRY_NATIVES call */
  sliceUsed = 0
  /** 1: a syscall native asked run() to account the slice; 2: accounted, call it now */
  syscallEntry = 0
  constructor(public proc: CProcess) {}
}

export function raiseSignal(t: Thread, signo: string, code: string, addr?: number | bigint, sync = false): void {
  t.state = 'signaled'
  t.signal = { signo, code, addr, sync }
}

/**
 * Runs a thread for at most `budget` steps.
 * - 'budget': the budget ran out; call run() again later.
 * - 'blocked': a native returned BLOCK; call run() again to retry it, or completeCall().
 * - 'exited': the thread called exit()/returned from main (thread.exitStatus).
 * - 'signaled': a signal is pending in thread.signal (fault, abort, SIGINT from pendingSignal);
 *   the host kills the process or calls deliverSignal() and runs again.
 */
export function run(t: Thread, budget: number): RunStatus {
  if (t.state === 'exited') return 'exited'
  if (t.state === 'signaled') return 'signaled'
  if (t.pendingSignal) {
    raiseSignal(t, t.pendingSignal, 'SI_KERNEL')
    t.pendingSignal = null
    return 'signaled'
  }
  t.state = 'ready'
  t.sliceUsed = 0
  let left = budget
  while (left > 0) {
    const f = t.frame
    if (!f) {
      t.state = 'exited'
      break
    }
    const code = f.fn.code
    let pc = f.pc
    let n = left
    try {
      while (n > 0) {
        n--
        pc = code[pc](f)
        if (pc < 0) break
      }
      if (pc >= 0) f.pc = pc
    } catch (e) {
      f.pc = pc
      handleThrow(t, e)
    }
    left = n
    if (t.syscallEntry === 1) {
      // syscall entry (see SYSCALL_ENTRY_NATIVES): the call instruction did not run yet
      left += 1
      t.sliceUsed = budget - left
      t.syscallEntry = 2
      continue
    }
    if (t.state !== 'ready') break
    if (t.pendingSignal) {
      raiseSignal(t, t.pendingSignal, 'SI_KERNEL')
      t.pendingSignal = null
      break
    }
  }
  t.steps += budget - left
  if (t.state === 'ready') return 'budget'
  return t.state
}

function handleThrow(t: Thread, e: unknown): void {
  if (e instanceof MemoryFault) raiseSignal(t, e.signal, e.code, e.addr, true)
  else if (e instanceof SignalFault) raiseSignal(t, e.signal, e.code, undefined, true)
  else if (e instanceof RangeError) raiseSignal(t, 'SIGSEGV', 'SEGV_MAPERR', undefined, true)
  else {
    // an internal error must not escape: report it as a kernel-style oops signal
    raiseSignal(t, 'SIGILL', 'ILL_ILLOPC', undefined, true)
    t.host = t.host ?? null
    ;(t as { internalError?: unknown }).internalError = e
  }
}

/** Completes a blocked (or forked) native call with a value and makes the thread runnable. */
export function completeCall(t: Thread, v: Value): void {
  const f = t.frame
  if (!f) return
  const k = kindOf(f.fn.type.ret)
  void k
  if (t.callDest >= 0) f.r[t.callDest] = v
  f.pc = t.callNext
  t.pendingArgs = null
  t.pendingTypes = null
  if (t.state === 'blocked') t.state = 'ready'
}

/** fork(): clones the calling thread into `childProc`; the child resumes after the native call. */
export function cloneThreadForFork(t: Thread, childProc: CProcess): Thread {
  const c = new Thread(childProc)
  c.sp = t.sp
  c.stackLimit = t.stackLimit
  c.steps = t.steps
  c.callDest = t.callDest
  c.callNext = t.callNext
  c.isMain = t.isMain
  c.tls = t.tls
  c.host = null
  const map = new Map<Frame, Frame>()
  const cloneFrame = (f: Frame | null): Frame | null => {
    if (!f) return null
    const ex = map.get(f)
    if (ex) return ex
    const nf = new Frame(f.fn, c)
    map.set(f, nf)
    nf.r = f.r.slice()
    nf.pc = f.pc
    nf.bp = f.bp
    nf.spSave = f.spSave
    nf.va = f.va
    nf.sret = f.sret
    nf.dest = f.dest
    nf.onReturn = f.onReturn
    nf.caller = cloneFrame(f.caller)
    return nf
  }
  c.frame = cloneFrame(t.frame)
  c.state = 'ready'
  return c
}

/** Clones process-level VM state for fork (the kernel supplies the child's memory). */
export function cloneProcessForFork(p: CProcess, childMem: Memory): CProcess {
  const c = new CProcess(childMem, p.prog)
  c.brk = p.brk
  c.libc = structuredCloneSafe(p.libc)
  return c
}

function structuredCloneSafe(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) out[k] = v.slice()
    else if (v instanceof Uint8Array) out[k] = v.slice()
    else if (v && typeof v === 'object' && (v as { clone?: () => unknown }).clone) out[k] = (v as { clone: () => unknown }).clone()
    else out[k] = v
  }
  return out
}

/**
 * Pushes a call of the C function at `addr` on top of the thread (signal handlers, thread
 * start routines, native callbacks). When it returns, `onReturn` runs and the interrupted
 * frame continues where it was (a synchronous fault re-executes its instruction).
 */
export function pushCall(t: Thread, addr: Value, args: Value[], onReturn: ((v: Value) => void) | null = null): boolean {
  const fn = t.proc.funcAt(addr)
  if (!fn || fn.native) return false
  const f = enterFrame(t, fn, args, t.frame, -1, 0)
  if (!f) return false
  f.onReturn = onReturn
  t.frame = f
  if (t.state === 'signaled') {
    t.state = 'ready'
    t.signal = null
  }
  return true
}

/** Starts `main(argc, argv, envp)` on a fresh thread whose stack pointer is `sp`. */
export function startThread(proc: CProcess, addr: number, args: Value[], sp: number, stackLimit: number): Thread {
  const t = new Thread(proc)
  t.sp = sp
  t.stackLimit = stackLimit
  const fn = proc.funcAt(addr)
  if (!fn) {
    raiseSignal(t, 'SIGSEGV', 'SEGV_MAPERR', addr)
    return t
  }
  const f = enterFrame(t, fn, args, null, -1, 0)
  if (f) t.frame = f
  return t
}

/** Delivers a signal by running a C handler `handler(signo)`; the thread resumes afterwards. */
export function deliverSignal(t: Thread, handler: number, signo: number): boolean {
  t.state = 'ready'
  t.signal = null
  return pushCall(t, handler, [signo])
}

/**
 * Creates the callee frame: allocates its stack area (16-byte aligned, below t.sp), stores
 * parameters, spills variadic arguments. Returns null (and raises SIGSEGV) on stack overflow.
 */
export function enterFrame(t: Thread, fn: CompiledFunction, args: Value[], caller: Frame | null, dest: number, sret: number, argTypes?: CType[]): Frame | null {
  const f = new Frame(fn, t)
  const nfixed = fn.params.length
  const extra = fn.variadic ? Math.max(0, args.length - nfixed) : 0
  let vaSize = 0
  if (extra > 0 && argTypes) for (let i = nfixed; i < args.length; i++) vaSize += argTypes[i].k === 'struct' ? Math.ceil(sizeOfStruct(argTypes[i]) / 8) * 8 : 8
  else vaSize = extra * 8
  const sp0 = t.sp
  const bp = Math.floor((sp0 - fn.frameSize - vaSize - 8) / 16) * 16
  if (bp < t.stackLimit) {
    raiseSignal(t, 'SIGSEGV', 'SEGV_MAPERR', bp, true)
    return null
  }
  t.sp = bp
  f.bp = bp
  f.spSave = sp0
  f.caller = caller
  f.dest = dest
  f.sret = sret
  const m = f.m
  for (let i = 0; i < nfixed; i++) {
    const p = fn.params[i]
    const v = i < args.length ? args[i] : 0
    if (p.reg >= 0) f.r[p.reg] = v
    else if (p.struct) m.write(bp + p.slot, m.read(v as number, p.size))
    else p.store!(m, bp + p.slot, v)
  }
  if (fn.variadic) {
    let va = bp + fn.frameSize
    va = Math.ceil(va / 8) * 8
    f.va = va
    let off = va
    for (let i = nfixed; i < args.length; i++) {
      const ty = argTypes ? argTypes[i] : null
      const v = args[i]
      if (ty && ty.k === 'float') m.storeF64(off, v as number)
      else if (ty && ty.k === 'struct') {
        const sz = sizeOfStruct(ty)
        m.write(off, m.read(v as number, sz))
        off += Math.ceil(sz / 8) * 8
        continue
      } else if (typeof v === 'number' && !Number.isInteger(v)) m.storeF64(off, v)
      else m.store64(off, v)
      off += 8
    }
  }
  return f
}

function sizeOfStruct(t: CType): number {
  return t.k === 'struct' ? t.def.size : 8
}

/** Applies a native's result to the calling frame. Returns the next pc or -1. */
export function finishNative(t: Thread, f: Frame, r: NativeResult, dest: number, pc: number, retConv: (v: Value) => Value, args: Value[], types: CType[] | null): number {
  if (r === BLOCK) {
    t.pendingArgs = args
    t.pendingTypes = types
    t.callDest = dest
    t.callNext = pc + 1
    f.pc = pc
    t.state = 'blocked'
    return -1
  }
  if (t.state !== 'ready' || r === DONE) {
    if (t.state === 'ready') {
      // the native changed frames itself (e.g. pushed a call)
      return -1
    }
    f.pc = pc
    return -1
  }
  if (r !== undefined && typeof r === 'object') {
    const nc = r as NativeCall
    const fn = t.proc.funcAt(nc.call)
    if (!fn) {
      raiseSignal(t, 'SIGSEGV', 'SEGV_MAPERR', typeof nc.call === 'number' ? nc.call : 0, true)
      f.pc = pc
      return -1
    }
    if (fn.native) {
      const r2 = fn.native({ thread: t, proc: t.proc, mem: f.m, argTypes: [], name: fn.name }, nc.args)
      return finishNative(t, f, nc.then(r2 as Value), dest, pc, retConv, args, types)
    }
    f.pc = pc
    const cf = enterFrame(t, fn, nc.args, f, -1, 0)
    if (!cf) return -1
    cf.onReturn = (v) => {
      const r3 = nc.then(v)
      const next = finishNative(t, f, r3, dest, pc, retConv, args, types)
      if (next >= 0) f.pc = next
    }
    t.frame = cf
    return -1
  }
  if (dest >= 0) f.r[dest] = retConv(r === undefined ? 0 : r)
  return pc + 1
}

export function retConverter(ret: CType): (v: Value) => Value {
  const k = kindOf(ret)
  if (k === 'f32' || k === 'f64' || k === 'void' || k === 'struct') return k === 'f32' ? (v) => Math.fround(Number(v)) : (v) => v
  const c = convFn('i64', k)
  return (v) => (typeof v === 'number' && !Number.isInteger(v) ? c(Math.trunc(v)) : c(v))
}

/** Where a thread is: the innermost C function and source line (for messages and the visualizer). */
export function currentLocation(t: Thread): { func: string; line: number }[] {
  const out: { func: string; line: number }[] = []
  for (let f = t.frame; f; f = f.caller) {
    // callers have already advanced past their call instruction
    const pc = f === t.frame ? f.pc : f.pc - 1
    out.push({ func: f.fn.name, line: f.fn.lines?.[pc] ?? 0 })
  }
  return out
}
