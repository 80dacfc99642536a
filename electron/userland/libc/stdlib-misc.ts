/**
 * The computing part of <stdlib.h>/<inttypes.h>: abs labs llabs imaxabs, div ldiv lldiv imaxdiv,
 * qsort qsort_r bsearch, rand srand rand_r random srandom, drand48 lrand48 mrand48 erand48
 * nrand48 jrand48 srand48 — with glibc 2.36's behaviour.
 *
 * abs/div: two's complement wrap (abs(INT_MIN) == INT_MIN); div by 0 and INT_MIN / -1 raise
 * SIGFPE, as the idiv in glibc's div() does.
 *
 * div_t and friends are returned the way the VM returns a struct from a native: the native's
 * value is the ADDRESS of the struct, which the caller copies (assignment, argument, member
 * access). The VM does not tell a native where the caller's return slot is, so the result is
 * written into a ring of 8 scratch slots 144…256 bytes below the thread's stack pointer (free
 * stack that no frame uses at that moment). It stays valid until the caller copies it —
 * the next instruction — which covers every C use (`d = div(a, b)`, `div(a, b).quot`,
 * `f(div(a, b), div(c, d))`); only a signal handler running between the call and the copy
 * could overwrite it.
 *
 * qsort is glibc's msort.c: a top-down merge sort (stable), elements larger than 32 bytes
 * sorted indirectly through an array of pointers and permuted at the end. The comparator sees
 * exactly the pointer pairs glibc passes, in the same order (each merge compares b1, b2 in the
 * array being sorted, whose halves are already sorted; indirect mode compares the original
 * positions), so counting or printing comparators behave the same. glibc falls back to an
 * in-place quicksort only when the temporary array would exceed a quarter of physical memory
 * or malloc fails; PinLab always merges (and does not call malloc for the temporary array).
 * bsearch is glibc's binary search (same probe sequence).
 * Comparators are C function pointers, called through NativeCall (one VM call per comparison,
 * so long sorts yield and can be interrupted like any C code); a native comparator is called
 * directly.
 *
 * random/rand: glibc's TYPE_3 additive feedback generator (degree 31, separation 3, seeding by
 * the Park–Miller recurrence, 310 discarded outputs), per process, initially as srandom(1);
 * rand() is random(); rand_r is glibc's three-step LCG. initstate/setstate (all five types,
 * state in the program's buffer with glibc's header word) and random_r/srandom_r/initstate_r/
 * setstate_r over a C `struct random_data` come from {@link makeRandomStateFunctions}; the
 * first initstate/setstate moves the default state into a malloc'ed 128-byte block, glibc's
 * randtbl, whose address is the "old state" they return.
 */
import type { Value } from '../cc/ast'
import { type Memory, MemoryFault } from '../cc/memory'
import { SignalFault } from '../cc/ops'
import { BLOCK, DONE, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import { callMalloc } from './malloc-call'
import { int, MAX_OBJECT, ptr, readBounded, size } from './user-memory'
import { setErrno } from './errno'

const MAXS = BigInt(Number.MAX_SAFE_INTEGER)
function toValue(v: bigint): Value {
  return v >= -MAXS && v <= MAXS ? Number(v) : v
}
function i64(v: Value): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v)
  const n = Math.trunc(Number(v ?? 0))
  return BigInt.asIntN(64, BigInt(Number.isFinite(n) ? n : 0))
}

// ---------------------------------------------------------------------------------------------
// abs / div

/** Writes a two-member struct {quot, rem} of `bytes`-sized members below sp; returns its address. */
function structResult(ctx: NativeContext, quot: bigint, rem: bigint, bytes: 4 | 8): number {
  const t = ctx.thread
  const lib = ctx.proc.libc
  const k = ((lib.divSlot as number | undefined) ?? 0) & 7
  lib.divSlot = k + 1
  const addr = Math.floor((t.sp - 128 - 16 * (k + 1)) / 16) * 16
  if (bytes === 4) {
    ctx.mem.store32(addr, Number(BigInt.asUintN(32, quot)))
    ctx.mem.store32(addr + 4, Number(BigInt.asUintN(32, rem)))
  } else {
    ctx.mem.store64(addr, BigInt.asUintN(64, quot))
    ctx.mem.store64(addr + 8, BigInt.asUintN(64, rem))
  }
  return addr
}

function divide(a: bigint, b: bigint, bits: 32 | 64): [bigint, bigint] {
  const min = -(1n << BigInt(bits - 1))
  if (b === 0n || (a === min && b === -1n)) throw new SignalFault('SIGFPE', 'FPE_INTDIV')
  return [a / b, a % b] // BigInt division truncates toward zero, as C
}

const absInt: NativeFn = (_c, a) => {
  const v = int(a[0])
  return v === -2147483648 ? v : Math.abs(v)
}
const absLong: NativeFn = (_c, a) => toValue(BigInt.asIntN(64, i64(a[0]) < 0n ? -i64(a[0]) : i64(a[0])))

const divInt: NativeFn = (ctx, a) => {
  const [q, r] = divide(BigInt(int(a[0])), BigInt(int(a[1])), 32)
  return structResult(ctx, q, r, 4)
}
const divLong: NativeFn = (ctx, a) => {
  const [q, r] = divide(i64(a[0]), i64(a[1]), 64)
  return structResult(ctx, q, r, 8)
}

// ---------------------------------------------------------------------------------------------
// comparator-driven algorithms

/** A comparison request [a, b] → the comparator's int result; the return value is the native's. */
type CmpGen = Generator<[number, number], Value | void, number>

/**
 * Runs `gen`, calling the comparator at `cmp` for every pair it yields (with `extra` appended,
 * qsort_r's arg), and returns the generator's final value as the native's result.
 */
function drive(ctx: NativeContext, cmp: Value, extra: Value[], gen: CmpGen): NativeResult {
  let r = gen.next(0)
  if (r.done) return r.value === undefined ? 0 : r.value
  const fn = ctx.proc.funcAt(cmp)
  if (!fn) throw new MemoryFault(typeof cmp === 'bigint' ? BigInt.asUintN(64, cmp) : Number.isFinite(cmp) ? Number(cmp) : 0, 'exec')
  if (fn.native) {
    const nctx: NativeContext = { ...ctx, argTypes: [], name: fn.name }
    while (!r.done) {
      const v = fn.native(nctx, [r.value[0], r.value[1], ...extra])
      if (v === BLOCK || v === DONE || (typeof v === 'object' && v !== null)) throw new SignalFault('SIGSEGV', 'SEGV_MAPERR')
      r = gen.next(cmpResult(v as Value))
    }
    return r.value === undefined ? 0 : r.value
  }
  const addr = cmp as number
  const step = (res: IteratorResult<[number, number], Value | void>): NativeResult => {
    if (res.done) return res.value === undefined ? 0 : res.value
    return { call: addr, args: [res.value[0], res.value[1], ...extra], then: (v) => step(gen.next(cmpResult(v))) }
  }
  return step(r)
}

/** The comparator's int result (its low 32 bits, signed). */
function cmpResult(v: Value | undefined): number {
  if (v === undefined || v === null) return 0
  return typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : Math.trunc(v) | 0
}

/** glibc's msort_with_tmp over elements of `s` bytes at `base` (direct mode, s <= 32). */
function* msortDirect(ctx: NativeContext, base: number, n: number, s: number): CmpGen {
  const m = ctx.mem
  const rec = function* (lo: number, cnt: number): Generator<[number, number], void, number> {
    if (cnt <= 1) return
    const n1 = cnt >>> 1
    const n2 = cnt - n1
    yield* rec(lo, n1)
    yield* rec(lo + n1, n2)
    const a = base + lo * s
    const snap = m.read(a, cnt * s) // the two sorted halves, as they are in memory
    const out = new Uint8Array(cnt * s)
    let i = 0
    let j = n1
    let o = 0
    while (i < n1 && j < cnt) {
      const c = yield [a + i * s, a + j * s]
      const from = c <= 0 ? i++ : j++
      out.set(snap.subarray(from * s, from * s + s), o)
      o += s
    }
    // glibc copies the rest of the first run to tmp, then tmp back over b[0 .. n - n2]
    if (i < n1) {
      out.set(snap.subarray(i * s, n1 * s), o)
      o += (n1 - i) * s
    }
    m.write(a, out.subarray(0, o))
  }
  yield* rec(0, n)
}

/** glibc's indirect mode (s > 32): sort pointers, comparing elements at their original places. */
function* msortIndirect(ctx: NativeContext, base: number, n: number, s: number): CmpGen {
  // a million-element index costs host memory: make sure the array exists first
  if (n > 1 << 20) ctx.mem.read(base + (n - 1) * s, 1)
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i
  const tmp = new Int32Array(n)
  const rec = function* (lo: number, cnt: number): Generator<[number, number], void, number> {
    if (cnt <= 1) return
    const n1 = cnt >>> 1
    yield* rec(lo, n1)
    yield* rec(lo + n1, cnt - n1)
    let i = lo
    let j = lo + n1
    const e1 = lo + n1
    const e2 = lo + cnt
    let o = lo
    while (i < e1 && j < e2) {
      const c = yield [base + idx[i] * s, base + idx[j] * s]
      tmp[o++] = c <= 0 ? idx[i++] : idx[j++]
    }
    while (i < e1) tmp[o++] = idx[i++]
    for (let k = lo; k < o; k++) idx[k] = tmp[k]
  }
  yield* rec(0, n)
  // permute: read everything once, write in sorted order (in chunks)
  const m = ctx.mem
  const all = n * s <= 1 << 24 ? m.read(base, n * s) : null
  if (all) {
    const out = new Uint8Array(n * s)
    for (let k = 0; k < n; k++) out.set(all.subarray(idx[k] * s, idx[k] * s + s), k * s)
    m.write(base, out)
  } else {
    const copies = new Array<Uint8Array>(n)
    for (let k = 0; k < n; k++) copies[k] = m.read(base + idx[k] * s, s)
    for (let k = 0; k < n; k++) m.write(base + k * s, copies[k])
  }
}

function* bsearchGen(key: number, base: number, n: number, s: number): CmpGen {
  let l = 0
  let u = n
  while (l < u) {
    const i = Math.floor((l + u) / 2)
    const p = base + i * s
    const c = yield [key, p]
    if (c < 0) u = i
    else if (c > 0) l = i + 1
    else return p
  }
  return 0
}

function qsortImpl(ctx: NativeContext, a: Value[], extra: Value[]): NativeResult {
  const n = size(a[1])
  const s = size(a[2])
  if (n <= 1 || s === 0) return 0
  const base = ptr(a[0], 'write')
  if (n * s > MAX_OBJECT) {
    // larger than any PinLab mapping (glibc would quicksort it in place and fault on it)
    readBounded(ctx.mem, base, n * s)
  }
  const gen = s > 32 ? msortIndirect(ctx, base, n, s) : msortDirect(ctx, base, n, s)
  return drive(ctx, a[3], extra, gen)
}

// ---------------------------------------------------------------------------------------------
// random

const DEG = 31
const SEP = 3

/** glibc's TYPE_3 random state (per process; cloned on fork). */
export class RandomState {
  state: Int32Array
  f: number
  r: number
  constructor(src?: RandomState) {
    this.state = src ? src.state.slice() : new Int32Array(DEG)
    this.f = src ? src.f : SEP
    this.r = src ? src.r : 0
    if (!src) this.seed(1)
  }
  clone(): RandomState {
    return new RandomState(this)
  }
  /** srandom_r */
  seed(seedIn: number): void {
    let seed = seedIn >>> 0
    if (seed === 0) seed = 1
    const st = this.state
    st[0] = seed | 0
    // glibc keeps `word` in an int32_t: a seed >= 2^31 starts negative
    let word = seed | 0
    for (let i = 1; i < DEG; i++) {
      const hi = Math.trunc(word / 127773)
      const lo = word % 127773
      word = (16807 * lo - 2836 * hi) | 0
      if (word < 0) word = (word + 2147483647) | 0
      st[i] = word
    }
    this.f = SEP
    this.r = 0
    for (let k = 0; k < DEG * 10; k++) this.next()
  }
  /** random_r: the next value in [0, 2^31). */
  next(): number {
    const st = this.state
    const val = (st[this.f] + st[this.r]) | 0
    st[this.f] = val
    const out = (val >>> 0) >>> 1
    this.f++
    this.r++
    if (this.f >= DEG) this.f = 0
    else if (this.r >= DEG) this.r = 0
    return out
  }
}

function rstate(ctx: NativeContext): RandomState | MemRandom {
  const s = ctx.proc.libc.random
  if (s instanceof RandomState || s instanceof MemRandom) return s
  const n = new RandomState()
  ctx.proc.libc.random = n
  return n
}

// ---- initstate/setstate and the _r variants: glibc's random.c/random_r.c over C memory ----

const MAX_TYPES = 5
const DEGREES = [0, 7, 15, 31, 63]
const SEPS = [0, 3, 1, 3, 1]
const EINVAL = 22

/** glibc's struct random_data (pointers are addresses of int32 words in C memory). */
export interface RandomData {
  fptr: number
  rptr: number
  state: number
  type: number
  deg: number
  sep: number
  end: number
}

/** The global generator once a program has called initstate/setstate (state in its memory). */
export class MemRandom implements RandomData {
  constructor(
    public fptr = 0,
    public rptr = 0,
    public state = 0,
    public type = 3,
    public deg = 31,
    public sep = 3,
    public end = 0
  ) {}
  clone(): MemRandom {
    return new MemRandom(this.fptr, this.rptr, this.state, this.type, this.deg, this.sep, this.end)
  }
  next(ctx: NativeContext): number {
    return randomR(ctx.mem, this)
  }
  seed(ctx: NativeContext, seed: number): void {
    srandomR(ctx.mem, this, seed)
  }
}

/** random_r */
function randomR(m: Memory, b: RandomData): number {
  const st = b.state
  if (b.type === 0) {
    const val = (Math.imul(m.load32(st), 1103515245) + 12345) & 0x7fffffff
    m.store32(st, val)
    return val
  }
  const val = (m.load32(b.fptr) + m.load32(b.rptr)) >>> 0
  m.store32(b.fptr, val)
  let f = b.fptr + 4
  let r = b.rptr + 4
  if (f >= b.end) f = st
  else if (r >= b.end) r = st
  b.fptr = f
  b.rptr = r
  return val >>> 1
}

/** srandom_r; false when the type is invalid. */
function srandomR(m: Memory, b: RandomData, seedIn: number): boolean {
  if (b.type >>> 0 >= MAX_TYPES) return false
  let seed = seedIn >>> 0
  if (seed === 0) seed = 1
  const st = b.state
  m.store32(st, seed)
  if (b.type === 0) return true
  let word = seed | 0
  for (let i = 1; i < b.deg; i++) {
    const hi = Math.trunc(word / 127773)
    const lo = word % 127773
    word = (16807 * lo - 2836 * hi) | 0
    if (word < 0) word = (word + 2147483647) | 0
    m.store32(st + 4 * i, word >>> 0)
  }
  b.fptr = st + 4 * b.sep
  b.rptr = st
  for (let k = b.deg * 10; k > 0; k--) randomR(m, b)
  return true
}

/** Saves the position of the current generator in its state[-1] word, as glibc does on a switch. */
function saveHeader(m: Memory, b: RandomData): void {
  if (b.state === 0) return
  const h = b.type === 0 ? 0 : MAX_TYPES * ((b.rptr - b.state) / 4) + b.type
  m.store32(b.state - 4, h >>> 0)
}

/** initstate_r; false (EINVAL) when n < 8. */
function initstateR(m: Memory, b: RandomData, seed: number, arg: number, n: number): boolean {
  saveHeader(m, b)
  let type: number
  if (n >= 128) type = n < 256 ? 3 : 4
  else if (n < 32) {
    if (n < 8) return false
    type = 0
  } else type = n < 64 ? 1 : 2
  b.type = type
  b.sep = SEPS[type]
  b.deg = DEGREES[type]
  const st = arg + 4
  b.end = st + 4 * b.deg
  b.state = st
  srandomR(m, b, seed)
  m.store32(st - 4, type === 0 ? 0 : ((b.rptr - st) / 4) * MAX_TYPES + type)
  return true
}

/** setstate_r; false (EINVAL) for a bad header. */
function setstateR(m: Memory, b: RandomData, arg: number): boolean {
  if (arg === 0) return false
  saveHeader(m, b)
  const st = arg + 4
  const h = m.load32(arg) | 0
  const type = h % MAX_TYPES // C's % truncates like JS's
  if (type < 0 || type > 4) return false
  b.deg = DEGREES[type]
  b.sep = SEPS[type]
  b.type = type
  if (type !== 0) {
    const rear = Math.trunc(h / MAX_TYPES)
    b.rptr = st + 4 * rear
    b.fptr = st + 4 * ((rear + b.sep) % b.deg)
  }
  b.state = st
  b.end = st + 4 * b.deg
  return true
}

function loadRandomData(m: Memory, p: number): RandomData {
  return {
    fptr: ptr(m.load64(p)),
    rptr: ptr(m.load64(p + 8)),
    state: ptr(m.load64(p + 16)),
    type: m.load32(p + 24) | 0,
    deg: m.load32(p + 28) | 0,
    sep: m.load32(p + 32) | 0,
    end: ptr(m.load64(p + 40))
  }
}

function storeRandomData(m: Memory, p: number, b: RandomData): void {
  m.store64(p, b.fptr)
  m.store64(p + 8, b.rptr)
  m.store64(p + 16, b.state)
  m.store32(p + 24, b.type >>> 0)
  m.store32(p + 28, b.deg >>> 0)
  m.store32(p + 32, b.sep >>> 0)
  m.store64(p + 40, b.end)
}

/**
 * The global generator in C memory, for initstate/setstate: the default JS state is first
 * copied into a 128-byte block from malloc (glibc's randtbl: header word + 31 words), whose
 * header address is what initstate/setstate return as the "old state".
 */
function withMemRandom(ctx: NativeContext, malloc: NativeFn | undefined, then: (g: MemRandom) => NativeResult): NativeResult {
  const cur = rstate(ctx)
  if (cur instanceof MemRandom) return then(cur)
  return callMalloc(ctx, 128, malloc, (p) => {
    const st = p + 4
    const b = new Uint8Array(128)
    const dv = new DataView(b.buffer)
    dv.setInt32(0, MAX_TYPES * cur.r + 3, true)
    for (let i = 0; i < DEG; i++) dv.setInt32(4 + 4 * i, cur.state[i], true)
    ctx.mem.write(p, b)
    const g = new MemRandom(st + 4 * cur.f, st + 4 * cur.r, st, 3, DEG, SEP, st + 4 * DEG)
    ctx.proc.libc.random = g
    return then(g)
  }, true)
}

export interface RandomOptions {
  /** native malloc for initstate/setstate's copy of the default table (no `malloc` symbol) */
  malloc?: NativeFn
}

/** initstate setstate random_r srandom_r initstate_r setstate_r. */
export function makeRandomStateFunctions(opts: RandomOptions = {}): Record<string, NativeFn> {
  return {
    initstate: (ctx, a) => {
      const seed = int(a[0])
      const arg = ptr(a[1], 'write')
      const n = size(a[2])
      return withMemRandom(ctx, opts.malloc, (g) => {
        const old = g.state - 4
        if (!initstateR(ctx.mem, g, seed, arg, n)) {
          setErrno(ctx, EINVAL)
          return 0
        }
        return old
      })
    },
    setstate: (ctx, a) => {
      const arg = ptr(a[0])
      return withMemRandom(ctx, opts.malloc, (g) => {
        const old = g.state - 4
        if (!setstateR(ctx.mem, g, arg)) {
          setErrno(ctx, EINVAL)
          return 0
        }
        return old
      })
    },
    random_r: (ctx, a) => {
      const bp = ptr(a[0], 'write')
      const res = ptr(a[1], 'write')
      if (bp === 0 || res === 0) {
        setErrno(ctx, EINVAL)
        return -1
      }
      const b = loadRandomData(ctx.mem, bp)
      const v = randomR(ctx.mem, b)
      ctx.mem.store32(res, v)
      storeRandomData(ctx.mem, bp, b)
      return 0
    },
    srandom_r: (ctx, a) => {
      const bp = ptr(a[1], 'write')
      if (bp === 0) return -1
      const b = loadRandomData(ctx.mem, bp)
      if (!srandomR(ctx.mem, b, int(a[0]))) return -1
      storeRandomData(ctx.mem, bp, b)
      return 0
    },
    initstate_r: (ctx, a) => {
      const bp = ptr(a[3], 'write')
      if (bp === 0) {
        setErrno(ctx, EINVAL)
        return -1
      }
      const b = loadRandomData(ctx.mem, bp)
      const ok = initstateR(ctx.mem, b, int(a[0]), ptr(a[1], 'write'), size(a[2]))
      storeRandomData(ctx.mem, bp, b)
      if (!ok) {
        setErrno(ctx, EINVAL)
        return -1
      }
      return 0
    },
    setstate_r: (ctx, a) => {
      const bp = ptr(a[1], 'write')
      const arg = ptr(a[0])
      if (arg === 0 || bp === 0) {
        setErrno(ctx, EINVAL)
        return -1
      }
      const b = loadRandomData(ctx.mem, bp)
      const ok = setstateR(ctx.mem, b, arg)
      storeRandomData(ctx.mem, bp, b)
      if (!ok) {
        setErrno(ctx, EINVAL)
        return -1
      }
      return 0
    }
  }
}

function rnext(ctx: NativeContext): number {
  const g = rstate(ctx)
  return g instanceof MemRandom ? g.next(ctx) : g.next()
}

function rseed(ctx: NativeContext, seed: number): void {
  const g = rstate(ctx)
  if (g instanceof MemRandom) g.seed(ctx, seed)
  else g.seed(seed)
}

/** glibc's rand_r step on a 32-bit seed: returns [result, new seed]. */
export function randR(seed: number): [number, number] {
  let next = seed >>> 0
  next = (Math.imul(next, 1103515245) + 12345) >>> 0
  let result = Math.floor(next / 65536) % 2048
  next = (Math.imul(next, 1103515245) + 12345) >>> 0
  result = (result << 10) ^ Math.floor(next / 65536) % 1024
  next = (Math.imul(next, 1103515245) + 12345) >>> 0
  result = (result << 10) ^ Math.floor(next / 65536) % 1024
  return [result, next]
}

// ---------------------------------------------------------------------------------------------
// drand48 family: X(n+1) = (a X(n) + c) mod 2^48, glibc's defaults a = 0x5DEECE66D, c = 0xB and
// an all-zero X until srand48/seed48 (glibc's zero-initialised __libc_drand48_data).

const A48 = 0x5deece66dn
const C48 = 0xbn
const M48 = (1n << 48n) - 1n

/** Per-process drand48 state (cloned on fork). */
export class Rand48State {
  constructor(
    public x: bigint = 0n,
    public a: bigint = A48,
    public c: bigint = C48
  ) {}
  clone(): Rand48State {
    return new Rand48State(this.x, this.a, this.c)
  }
}

function r48(ctx: NativeContext): Rand48State {
  let s = ctx.proc.libc.rand48 as Rand48State | undefined
  if (!(s instanceof Rand48State)) ctx.proc.libc.rand48 = s = new Rand48State()
  return s
}

function iterate48(st: Rand48State, x: bigint): bigint {
  return (st.a * x + st.c) & M48
}

/** Reads / writes an unsigned short[3] state (little end first, as glibc's xsubi). */
function loadX(ctx: NativeContext, p: number): bigint {
  const m = ctx.mem
  return BigInt(m.load16(p)) | (BigInt(m.load16(p + 2)) << 16n) | (BigInt(m.load16(p + 4)) << 32n)
}
function storeX(ctx: NativeContext, p: number, x: bigint): void {
  const m = ctx.mem
  m.store16(p, Number(x & 0xffffn))
  m.store16(p + 2, Number((x >> 16n) & 0xffffn))
  m.store16(p + 4, Number((x >> 32n) & 0xffffn))
}

const asDouble = (x: bigint): number => Number(x) / 2 ** 48 // exact: 48 bits fit a double
const asLong31 = (x: bigint): number => Number(x >> 17n)
const asLong32 = (x: bigint): number => Number(BigInt.asIntN(32, x >> 16n))

/** The next value from the global state. */
function next48(ctx: NativeContext): bigint {
  const st = r48(ctx)
  st.x = iterate48(st, st.x)
  return st.x
}

/** The next value from a caller's xsubi[3] (with the global a and c, as glibc). */
function next48At(ctx: NativeContext, p: Value): bigint {
  const a = ptr(p, 'write')
  const x = iterate48(r48(ctx), loadX(ctx, a))
  storeX(ctx, a, x)
  return x
}

export const rand48Functions: Record<string, NativeFn> = {
  drand48: (ctx) => asDouble(next48(ctx)),
  lrand48: (ctx) => asLong31(next48(ctx)),
  mrand48: (ctx) => asLong32(next48(ctx)),
  erand48: (ctx, a) => asDouble(next48At(ctx, a[0])),
  nrand48: (ctx, a) => asLong31(next48At(ctx, a[0])),
  jrand48: (ctx, a) => asLong32(next48At(ctx, a[0])),
  srand48: (ctx, a) => {
    // glibc: X = (seedval & 0xffffffff) << 16 | 0x330e, and a, c back to their defaults
    const seed = BigInt.asUintN(32, i64(a[0]))
    const st = r48(ctx)
    st.x = (seed << 16n) | 0x330en
    st.a = A48
    st.c = C48
  }
}

// ---------------------------------------------------------------------------------------------

export const stdlibMiscFunctions: Record<string, NativeFn> = {
  abs: absInt,
  labs: absLong,
  llabs: absLong,
  imaxabs: absLong,
  div: divInt,
  ldiv: divLong,
  lldiv: divLong,
  imaxdiv: divLong,
  qsort: (ctx, a) => qsortImpl(ctx, a, []),
  qsort_r: (ctx, a) => qsortImpl(ctx, a, [a[4] ?? 0]),
  bsearch: (ctx, a) => {
    const n = size(a[2])
    const s = size(a[3])
    return drive(ctx, a[4], [], bsearchGen(ptr(a[0]), ptr(a[1]), n, s))
  },
  rand: (ctx) => rnext(ctx),
  random: (ctx) => rnext(ctx),
  srand: (ctx, a) => rseed(ctx, int(a[0])),
  srandom: (ctx, a) => rseed(ctx, int(a[0])),
  rand_r: (ctx, a) => {
    const p = ptr(a[0], 'write')
    const [r, next] = randR(ctx.mem.load32(p))
    ctx.mem.store32(p, next)
    return r
  },
  ...rand48Functions
}
