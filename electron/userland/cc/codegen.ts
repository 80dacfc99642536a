/**
 * Code generation: typed AST → closure-threaded instructions (see vm.ts).
 *
 * Expressions without calls compile to nested closures `(frame) => value`. Calls (and
 * statement expressions) are "lifted": the call becomes its own instruction writing a
 * temporary register, and the rest of the expression reads that register. Consecutive
 * call-free statements are fused into one instruction; a loop whose condition has no call
 * fuses the loop-back test into the last body instruction.
 */
import type { Expr, FuncDef, InitEntry, Loc, Stmt, Sym, Value } from './ast'
import { type CType, type Member, T, isScalar, sizeOf, typeName } from './types'
import { type Kind, binFn, convFn, kindOf, negFn, notFn, ptrAdd, wrapS64, wrapU64, MAXS, canonS, canonU } from './ops'
import { type Memory, MemoryFault } from './memory'
import { type CondSpec, type Opnd, fusedBranch, fastAssignRegBin, fastCmp, fastF32, fastF64, fastI32, fastIncDecReg, fastOpAssignReg, fastU32, fast64 } from './fastops'
import { type CompiledFunction, Frame, type Instr, type ParamSlot, SYSCALL_ENTRY_NATIVES, enterFrame, finishNative, retConverter, raiseSignal } from './vm'

export class Sorry extends Error {
  constructor(
    readonly loc: Loc,
    msg: string
  ) {
    super(msg)
  }
}

type Ev = (f: Frame) => Value
type Bv = (f: Frame) => boolean
type Fx = (f: Frame) => void

interface Label {
  pc: number
  refs: number
}
type Op = (res: (l: Label) => number, pc: number) => Instr

type Loader = (m: Memory, a: number) => Value
type Storer = (m: Memory, a: number, v: Value) => void

const TWO32 = 4294967296

function badPtr(p: Value): never {
  throw new MemoryFault(p, 'read', 'SIGSEGV', 'SEGV_MAPERR')
}

export function loaderFor(t: CType): Loader {
  switch (kindOf(t)) {
    case 'i8':
      return (m, a) => (m.load8(a) << 24) >> 24
    case 'u8':
    case 'bool':
      return (m, a) => m.load8(a)
    case 'i16':
      return (m, a) => (m.load16(a) << 16) >> 16
    case 'u16':
      return (m, a) => m.load16(a)
    case 'i32':
      return (m, a) => m.load32(a) | 0
    case 'u32':
      return (m, a) => m.load32(a)
    case 'i64':
      return (m, a) => {
        const lo = m.load32(a)
        const hi = m.load32(a + 4) | 0
        if (hi >= -0x200000 && hi < 0x200000) return hi * TWO32 + lo
        return canonS((BigInt(hi) << 32n) | BigInt(lo))
      }
    case 'u64':
      return (m, a) => {
        const lo = m.load32(a)
        const hi = m.load32(a + 4)
        if (hi < 0x200000) return hi * TWO32 + lo
        return canonU((BigInt(hi) << 32n) | BigInt(lo))
      }
    case 'f32':
      return (m, a) => m.loadF32(a)
    case 'f64':
      return (m, a) => m.loadF64(a)
    default:
      return (_m, a) => a
  }
}

export function storerFor(t: CType): Storer {
  switch (kindOf(t)) {
    case 'i8':
    case 'u8':
    case 'bool':
      return (m, a, v) => m.store8(a, (v as number) & 255)
    case 'i16':
    case 'u16':
      return (m, a, v) => m.store16(a, (v as number) & 0xffff)
    case 'i32':
    case 'u32':
      return (m, a, v) => m.store32(a, (v as number) >>> 0)
    case 'i64':
    case 'u64':
      return (m, a, v) => m.store64(a, v)
    case 'f32':
      return (m, a, v) => m.storeF32(a, v as number)
    case 'f64':
      return (m, a, v) => m.storeF64(a, v as number)
    default:
      return (m, a, v) => {
        void m
        void a
        void v
      }
  }
}

const isAgg = (t: CType) => t.k === 'struct' || t.k === 'array'

type LV =
  | { k: 'reg'; i: number }
  | { k: 'mem'; a: Ev }
  | { k: 'bit'; a: Ev; m: Member }

export function compileFunction(fd: FuncDef): CompiledFunction {
  const g = new FnGen(fd)
  return g.run()
}

class FnGen {
  nregs = 0
  frameSize = 0
  ops: Op[] = []
  pending: Fx[] = []
  breakL: Label[] = []
  contL: Label[] = []
  caseLabels = new Map<number, Label>()
  userLabels = new Map<string, Label>()
  lines: number[] = []
  curLine = 0
  hasCallCache = new WeakMap<Expr, boolean>()

  constructor(private fd: FuncDef) {}

  newReg(): number {
    return this.nregs++
  }
  newLabel(): Label {
    return { pc: -1, refs: 0 }
  }

  run(): CompiledFunction {
    const fd = this.fd
    // storage for locals
    for (const s of fd.locals) {
      if ((s.ty.k === 'array' && s.ty.vla) || s.dyn) {
        s.reg = this.newReg()
        continue
      }
      if (s.addrTaken || isAgg(s.ty)) {
        const al = Math.max(1, Math.min(16, Math.max(alignOfT(s.ty), s.align ?? 0)))
        this.frameSize = Math.ceil(this.frameSize / al) * al
        s.slot = this.frameSize
        this.frameSize += Math.max(1, sizeOf(s.ty))
        s.reg = undefined
      } else s.reg = this.newReg()
    }
    this.frameSize = Math.ceil(this.frameSize / 16) * 16
    const params: ParamSlot[] = fd.params.map((p) => {
      if (p.reg !== undefined) return { reg: p.reg, slot: 0, store: null, size: 8, struct: false }
      return { reg: -1, slot: p.slot!, store: storerFor(p.ty), size: sizeOf(p.ty), struct: p.ty.k === 'struct' }
    })
    // unnamed parameters still occupy argument positions
    const ft = fd.ty
    if (ft.params && ft.params.length > params.length) {
      while (params.length < ft.params.length) params.push({ reg: this.newReg(), slot: 0, store: null, size: 8, struct: false })
    }
    for (const u of this.fd.labels) this.userLabels.set(u, this.newLabel())
    this.stmt(fd.body)
    // falling off the end
    this.emitReturn(null, fd.sym.loc)
    const labelPc = (l: Label) => l.pc
    const code: Instr[] = this.ops.map((op, pc) => op(labelPc, pc))
    return {
      name: fd.sym.name,
      addr: fd.sym.addr!,
      type: fd.ty,
      code,
      nregs: this.nregs,
      frameSize: this.frameSize,
      params,
      variadic: fd.ty.variadic,
      lines: this.lines
    }
  }

  // ---------- emission ----------
  private pushOp(op: Op): void {
    this.ops.push(op)
    this.lines.push(this.curLine)
  }

  flush(): void {
    const p = this.pending
    if (p.length === 0) return
    this.pending = []
    const fx = combine(p)
    this.pushOp((_r, pc) => {
      const next = pc + 1
      return (f) => {
        fx(f)
        return next
      }
    })
  }

  effect(fx: Fx): void {
    this.pending.push(fx)
  }

  emit(op: Op): void {
    this.flush()
    this.pushOp(op)
  }

  private takePending(): Fx | null {
    const p = this.pending
    this.pending = []
    return p.length ? combine(p) : null
  }

  jump(l: Label): void {
    l.refs++
    const fx = this.takePending()
    this.pushOp((res) => {
      const t = res(l)
      return fx ? (f) => (fx(f), t) : () => t
    })
  }

  /** if (c) goto lt else goto lf; a null label means "fall through". */
  branch(c: Bv, lt: Label | null, lf: Label | null, ce?: Expr): void {
    if (lt) lt.refs++
    if (lf) lf.refs++
    const pend = this.pending
    this.pending = []
    const fx = pend.length ? combine(pend) : null
    let spec: CondSpec = { k: 'bv', bv: c }
    if (ce && ce.k === 'bin' && ['==', '!=', '<', '>', '<=', '>='].includes(ce.op)) {
      const l = this.opnd(ce.l)
      const r = this.opnd(ce.r)
      if (l.k === 'r' && r.k === 'c' && typeof r.v === 'number') spec = { k: 'rc', op: ce.op, i: l.i, c: r.v }
      else if (l.k === 'r' && r.k === 'r') spec = { k: 'rr', op: ce.op, i: l.i, j: r.i }
    }
    this.pushOp((res, pc) => {
      const a = lt ? res(lt) : pc + 1
      const b = lf ? res(lf) : pc + 1
      const fused = fusedBranch(pend, spec, a, b)
      if (fused) return fused
      if (fx) return (f) => (fx(f), c(f) ? a : b)
      return (f) => (c(f) ? a : b)
    })
  }

  label(l: Label, backward = false): void {
    if (backward || l.refs > 0) this.flush()
    l.pc = this.ops.length
  }

  // ---------- statements ----------
  stmt(s: Stmt): void {
    this.curLine = s.loc.line
    switch (s.k) {
      case 'empty':
        return
      case 'expr': {
        const e = this.lift(s.e)
        if (this.splitRmw(e)) return
        const fx = this.effectOf(e)
        if (fx) this.effect(fx)
        return
      }
      case 'block':
        for (const c of s.body) this.stmt(c)
        return
      case 'decl':
        return this.decl(s.sym, s.init, s.zero)
      case 'vla': {
        const len = this.cx(this.lift(s.len))
        const reg = s.sym.reg!
        const sizeReg = s.sym.vlaSize?.reg ?? -1
        const elem = s.elem
        const align = Math.max(16, s.align ?? 0)
        this.effect((f) => {
          const n = Number(len(f))
          const t = f.t
          const bytes = Math.max(0, n * elem)
          const sp = Math.floor((t.sp - Math.max(1, bytes)) / align) * align
          if (!(sp >= t.stackLimit)) throw new MemoryFault(sp, 'write')
          t.sp = sp
          f.r[reg] = sp
          if (sizeReg >= 0) f.r[sizeReg] = bytes
        })
        return
      }
      case 'if': {
        const ce = this.lift(s.c)
        const c = this.cb(ce)
        const lelse = this.newLabel()
        const lend = this.newLabel()
        this.branch(c, null, lelse, ce)
        this.stmt(s.t)
        if (s.e) {
          this.jump(lend)
          this.label(lelse)
          this.stmt(s.e)
          this.label(lend)
        } else this.label(lelse)
        return
      }
      case 'while':
        return this.loop(null, s.c, null, s.body, false)
      case 'for':
        if (s.init) this.stmt(s.init)
        return this.loop(null, s.c, s.inc, s.body, false)
      case 'do':
        return this.loop(null, s.c, null, s.body, true)
      case 'switch': {
        const v = this.cx(this.lift(s.e))
        const lend = this.newLabel()
        const table: { v: Value; l: Label }[] = []
        for (const c of s.cases) {
          let l = this.caseLabels.get(c.id)
          if (!l) this.caseLabels.set(c.id, (l = this.newLabel()))
          l.refs++
          table.push({ v: c.v, l })
        }
        let ldef = lend
        if (s.def !== null) {
          let l = this.caseLabels.get(s.def)
          if (!l) this.caseLabels.set(s.def, (l = this.newLabel()))
          ldef = l
        }
        ldef.refs++
        const fx = this.takePending()
        this.pushOp((res) => {
          const map = new Map<Value, number>()
          for (const c of table) if (!map.has(c.v)) map.set(c.v, res(c.l))
          const d = res(ldef)
          return (f) => {
            if (fx) fx(f)
            const r = map.get(v(f))
            return r === undefined ? d : r
          }
        })
        this.breakL.push(lend)
        this.stmt(s.body)
        this.breakL.pop()
        this.label(lend)
        return
      }
      case 'case': {
        let l = this.caseLabels.get(s.id)
        if (!l) this.caseLabels.set(s.id, (l = this.newLabel()))
        this.label(l, true)
        return
      }
      case 'break':
        return this.jump(this.breakL[this.breakL.length - 1])
      case 'continue':
        return this.jump(this.contL[this.contL.length - 1])
      case 'return':
        return this.emitReturn(s.e ? this.lift(s.e) : null, s.loc)
      case 'goto':
        return this.jump(this.userLabels.get(s.label)!)
      case 'label':
        return this.label(this.userLabels.get(s.label)!, true)
    }
  }

  /**
   * A statement `x++`, `x += e` … on an object in memory becomes two instructions, load then
   * store, like the load/modify/store x86 executes: another thread scheduled in between sees
   * the old value, so race labs can lose updates as on real hardware.
   */
  private splitRmw(e: Expr): boolean {
    if (e.k !== 'incdec' && e.k !== 'opassign') return false
    const target = e.k === 'incdec' ? e.e : e.l
    const l = this.lv(target)
    if (l.k !== 'mem' || isAgg(target.ty)) return false
    if (target.k === 'var' && target.sym.kind === 'local') return false
    const ra = this.newReg()
    const rold = this.newReg()
    const a = l.a
    const ld = loaderFor(target.ty)
    const st = storerFor(target.ty)
    const compute: (old: Value, f: Frame) => Value = e.k === 'incdec' ? this.incdecStep(e) : this.opassignCompute(e)
    this.effect((f) => {
      const addr = a(f) as number
      f.r[ra] = addr
      f.r[rold] = ld(f.m, addr)
    })
    this.flush()
    this.effect((f) => st(f.m, f.r[ra] as number, compute(f.r[rold], f)))
    return true
  }

  private incdecStep(e: Expr & { k: 'incdec' }): (old: Value, f: Frame) => Value {
    const ty = e.e.ty
    const d = e.delta
    if (ty.k === 'ptr') return (v) => ptrAdd(v, d)
    const k = kindOf(ty)
    if (k === 'f64') return (v) => (v as number) + d
    if (k === 'f32') return (v) => Math.fround((v as number) + d)
    if (k === 'bool') return d > 0 ? () => 1 : (v) => (v === 0 ? 1 : 0)
    if (k === 'i64' || k === 'u64') {
      const add = binFn('+', k)
      const dv = k === 'u64' && d < 0 ? wrapU64(BigInt(d)) : d
      return (v) => add(v, dv)
    }
    const c = convFn('i64', k)
    return (v) => c((v as number) + d)
  }

  private opassignCompute(e: Expr & { k: 'opassign' }): (old: Value, f: Frame) => Value {
    const ty = e.l.ty
    const r = this.cx(e.r)
    if (ty.k === 'ptr') {
      const scale = e.scale
      const sub = e.op === '-'
      return (old, f) => {
        const rv = r(f)
        const off = typeof rv === 'number' && Math.abs(rv * scale) <= MAXS ? (sub ? -rv * scale : rv * scale) : BigInt.asIntN(64, BigInt(rv) * BigInt(scale) * (sub ? -1n : 1n))
        return ptrAdd(old, off)
      }
    }
    const k = kindOf(e.opTy)
    const lk = kindOf(ty)
    const to = convFn(lk, k)
    const back = convFn(k, lk)
    const fn = binFn(e.op, k)
    return (old, f) => back(fn(to(old), r(f)))
  }

  private loop(_unused: null, c: Expr | null, inc: Expr | null, body: Stmt, isDo: boolean): void {
    const top = this.newLabel()
    const lbody = this.newLabel()
    const lcont = this.newLabel()
    const lend = this.newLabel()
    const condPure = !c || !this.hasCall(c)
    if (!isDo) {
      this.label(top, true)
      if (c) {
        const lc = this.lift(c)
        this.branch(this.cb(lc), null, lend, lc)
      }
    }
    this.label(lbody, true)
    this.breakL.push(lend)
    this.contL.push(lcont)
    this.stmt(body)
    this.breakL.pop()
    this.contL.pop()
    this.label(lcont)
    if (inc) {
      const e = this.lift(inc)
      const fx = this.effectOf(e)
      if (fx) this.effect(fx)
    }
    if (!c) this.jump(lbody)
    else if (condPure) this.branch(this.cb(c), lbody, lend, c)
    else if (isDo) {
      const cb = this.cb(this.lift(c))
      this.branch(cb, lbody, lend)
    } else this.jump(top)
    this.label(lend)
  }

  private emitReturn(e: Expr | null, _loc: Loc): void {
    const ev = e ? this.cx(e) : null
    const ret = this.fd.ty.ret
    const structSize = ret.k === 'struct' ? sizeOf(ret) : -1
    const fx = this.takePending()
    this.pushOp(() => (f) => {
      if (fx) fx(f)
      let v: Value = ev ? ev(f) : 0
      if (structSize >= 0 && ev) {
        if (f.sret) f.m.write(f.sret, f.m.read(v as number, structSize))
        v = f.sret
      }
      const t = f.t
      t.sp = f.spSave
      const c = f.caller
      t.frame = c
      if (c === null) endThread(t, v)
      else if (f.dest >= 0) c.r[f.dest] = v
      if (f.onReturn) f.onReturn(v)
      return -1
    })
  }

  private decl(sym: Sym, init: InitEntry[] | null, zero: boolean): void {
    if (sym.dyn) {
      if (!init) return
      const r = sym.reg!
      const size = sizeOf(sym.ty)
      if (zero) this.effect((f) => f.m.fill(f.r[r] as number, 0, size))
      this.storeInits(init, (f) => f.r[r])
      return
    }
    if (sym.reg !== undefined && !(sym.ty.k === 'array' && sym.ty.vla)) {
      if (!init || init.length === 0) {
        if (zero) {
          const r = sym.reg
          this.effect((f) => {
            f.r[r] = 0
          })
        }
        return
      }
      const e = this.cx(this.lift(init[0].e))
      const r = sym.reg
      this.effect((f) => {
        f.r[r] = e(f)
      })
      return
    }
    if (!init) return
    const slot = sym.slot!
    const size = sizeOf(sym.ty)
    if (zero) this.effect((f) => f.m.fill(f.bp + slot, 0, size))
    this.storeInits(init, (f) => f.bp + slot)
  }

  private storeInits(init: InitEntry[], base: Ev): void {
    for (const it of init) {
      const e = this.lift(it.e)
      const off = it.off
      if (it.ty.k === 'array' && e.k === 'str') {
        const len = Math.min(it.ty.len ?? e.bytes.length, e.bytes.length)
        const bytes = e.bytes.subarray(0, len)
        this.effect((f) => f.m.write((base(f) as number) + off, bytes))
        continue
      }
      const v = this.cx(e)
      if (it.ty.k === 'struct') {
        const sz = sizeOf(it.ty)
        this.effect((f) => {
          const d = (base(f) as number) + off
          f.m.write(d, f.m.read(v(f) as number, sz))
        })
        continue
      }
      if (it.bitWidth !== undefined) {
        const st = bitStorer(it as unknown as Member)
        this.effect((f) => {
          st(f.m, (base(f) as number) + off, v(f))
        })
        continue
      }
      const st = storerFor(it.ty)
      this.effect((f) => st(f.m, (base(f) as number) + off, v(f)))
    }
  }

  // ---------- lifting of calls ----------
  hasCall(e: Expr): boolean {
    const c = this.hasCallCache.get(e)
    if (c !== undefined) return c
    let r = false
    switch (e.k) {
      case 'call':
      case 'stmtexpr':
        r = true
        break
      case 'compound':
        r = e.init.some((i) => this.hasCall(i.e))
        break
      default:
        for (const ch of children(e)) if (this.hasCall(ch)) r = true
    }
    this.hasCallCache.set(e, r)
    return r
  }

  lift(e: Expr): Expr {
    if (!this.hasCall(e)) return e
    switch (e.k) {
      case 'call':
        return this.liftCall(e)
      case 'stmtexpr': {
        for (const s of e.body) this.stmt(s)
        if (!e.last) return { k: 'num', v: 0, ty: T.int, loc: e.loc }
        const l = this.lift(e.last)
        if (e.ty.k === 'void') {
          const fx = this.effectOf(l)
          if (fx) this.effect(fx)
          return { k: 'num', v: 0, ty: T.int, loc: e.loc }
        }
        const r = this.newReg()
        const v = this.cx(l)
        this.effect((f) => {
          f.r[r] = v(f)
        })
        return { k: 'temp', reg: r, ty: e.ty, loc: e.loc }
      }
      case 'comma': {
        const l = this.lift(e.l)
        const fx = this.effectOf(l)
        if (fx) this.effect(fx)
        return this.lift(e.r)
      }
      case 'logand':
      case 'logor': {
        const r = this.newReg()
        const lend = this.newLabel()
        const lc = this.cb(this.lift(e.l))
        const isAnd = e.k === 'logand'
        this.effect((f) => {
          f.r[r] = isAnd ? 0 : 1
        })
        if (isAnd) this.branch(lc, null, lend)
        else this.branch(lc, lend, null)
        const rc = this.cb(this.lift(e.r))
        this.effect((f) => {
          f.r[r] = rc(f) ? 1 : 0
        })
        this.label(lend)
        return { k: 'temp', reg: r, ty: T.int, loc: e.loc }
      }
      case 'cond': {
        const r = this.newReg()
        const lelse = this.newLabel()
        const lend = this.newLabel()
        const c = this.cb(this.lift(e.c))
        this.branch(c, null, lelse)
        const a = this.cx(this.lift(e.a))
        this.effect((f) => {
          f.r[r] = a(f)
        })
        this.jump(lend)
        this.label(lelse)
        const b = this.cx(this.lift(e.b))
        this.effect((f) => {
          f.r[r] = b(f)
        })
        this.label(lend)
        return { k: 'temp', reg: r, ty: e.ty, loc: e.loc }
      }
      case 'compound': {
        const sym = e.sym
        const slot = sym.slot!
        const size = sizeOf(sym.ty)
        this.effect((f) => f.m.fill(f.bp + slot, 0, size))
        this.storeInits(e.init, (f) => f.bp + slot)
        return { k: 'var', sym, ty: e.ty, loc: e.loc, lv: true }
      }
      default: {
        // rebuild with lifted children (left to right)
        const c: Record<string, unknown> = { ...e }
        for (const key of ['fn', 'e', 'l', 'r', 'p', 'i', 'c', 'a', 'b', 'ap', 'd', 's', 'size'] as const) {
          const v = (e as Record<string, unknown>)[key]
          if (v && typeof v === 'object' && 'k' in (v as object) && 'ty' in (v as object)) c[key] = this.lift(v as Expr)
        }
        return c as unknown as Expr
      }
    }
  }

  private liftCall(e: Expr & { k: 'call' }): Expr {
    const fnE = this.lift(e.fn)
    // gcc on x86-64 evaluates arguments right to left (C leaves the order unspecified); learners'
    // programs like printf("%d %s", f(), strerror(errno)) print what gcc's order gives.
    const args: Expr[] = new Array<Expr>(e.args.length)
    for (let i = e.args.length - 1; i >= 0; i--) args[i] = this.lift(e.args[i]!)
    const dest = this.newReg()
    const argEv = args.map((a) => this.cx(a))
    const n = args.length
    const types = args.map((a) => a.ty)
    const fnEv = this.cx(fnE)
    const retConv = retConverter(e.ty)
    const sretSlot = e.sretSym ? e.sretSym.slot! : -1
    const directConst = fnE.k === 'addr' && fnE.e.k === 'var' && fnE.e.sym.kind === 'func'
    this.emit((_r, pc) => {
      let cached: CompiledFunction | null = null
      return (f) => {
        const t = f.t
        let args = t.pendingArgs
        if (args !== null) t.pendingArgs = null
        else {
          // A generic (not double-unboxed) array, so a NaN argument keeps its sign and payload:
          // V8 canonicalises NaNs stored into double arrays, and printf shows the sign (-nan).
          args = new Array<Value>(n).fill(null as unknown as Value)
          for (let i = n - 1; i >= 0; i--) args[i] = argEv[i](f)
        }
        let cf = cached
        if (cf === null) {
          const target = fnEv(f)
          cf = t.proc.funcAt(target)
          if (cf === null) throw new MemoryFault(typeof target === 'number' || typeof target === 'bigint' ? target : 0, 'exec', 'SIGSEGV', 'SEGV_MAPERR')
          if (directConst) cached = cf
        }
        if (cf.native) {
          if (directConst && t.syscallEntry !== 2 && SYSCALL_ENTRY_NATIVES.has(cf.native)) {
            // let run() account the slice at syscall entry; the call re-executes with these args
            t.syscallEntry = 1
            t.pendingArgs = args
            f.pc = pc
            return -1
          }
          t.syscallEntry = 0
          t.callDest = dest
          t.callNext = pc + 1
          f.pc = pc
          const r = cf.native({ thread: t, proc: t.proc, mem: f.m, argTypes: types, name: cf.name, sret: sretSlot >= 0 ? f.bp + sretSlot : 0 }, args)
          return finishNative(t, f, r, dest, pc, retConv, args, types)
        }
        if (!cf.variadic && sretSlot < 0) {
          // fast path: build the callee frame directly
          const sp0 = t.sp
          const bp = Math.floor((sp0 - cf.frameSize - 8) / 16) * 16
          if (bp < t.stackLimit) {
            raiseSignal(t, 'SIGSEGV', 'SEGV_MAPERR', bp, true)
            f.pc = pc
            return -1
          }
          const nf = new Frame(cf, t)
          t.sp = bp
          nf.bp = bp
          nf.spSave = sp0
          nf.caller = f
          nf.dest = dest
          const ps = cf.params
          const np = ps.length
          for (let i = 0; i < np; i++) {
            const p = ps[i]
            const v = i < n ? args[i] : 0
            if (p.reg >= 0) nf.r[p.reg] = v
            else if (p.struct) f.m.write(bp + p.slot, f.m.read(v as number, p.size))
            else p.store!(f.m, bp + p.slot, v)
          }
          f.pc = pc + 1
          t.frame = nf
          return -1
        }
        f.pc = pc + 1
        const nf = enterFrame(t, cf, args, f, dest, sretSlot >= 0 ? f.bp + sretSlot : 0, types)
        if (nf === null) {
          f.pc = pc
          return -1
        }
        t.frame = nf
        return -1
      }
    })
    return { k: 'temp', reg: dest, ty: e.ty, loc: e.loc }
  }

  /** The side effects of evaluating e (null if it has none worth running). */
  private effectOf(e: Expr): Fx | null {
    if (e.k === 'num' || e.k === 'fnum' || e.k === 'temp' || e.k === 'var' || e.k === 'str') return null
    if (e.k === 'cast' && e.ty.k === 'void') return this.effectOf(e.e)
    if (e.k === 'incdec') return this.incdec(e, true) as Fx
    const ev = this.cx(e)
    return ev
  }

  // ---------- lvalues ----------
  lv(e: Expr): LV {
    switch (e.k) {
      case 'var': {
        const s = e.sym
        if (s.kind === 'local') {
          if ((s.ty.k === 'array' && s.ty.vla) || s.dyn) {
            const r = s.reg!
            return { k: 'mem', a: (f) => f.r[r] }
          }
          if (s.reg !== undefined) return { k: 'reg', i: s.reg }
          const slot = s.slot!
          return { k: 'mem', a: (f) => f.bp + slot }
        }
        const addr = s.addr!
        return { k: 'mem', a: () => addr }
      }
      case 'temp':
        return { k: 'reg', i: e.reg }
      case 'deref': {
        const p = this.cx(e.e)
        return { k: 'mem', a: ptrChecked(p) }
      }
      case 'member': {
        const base = this.cx(e.e)
        const off = e.off
        const a: Ev = off === 0 ? base : (f) => (base(f) as number) + off
        if (e.m.bitWidth !== undefined) return { k: 'bit', a, m: e.m }
        return { k: 'mem', a }
      }
      case 'str': {
        const lit = e.lit
        return { k: 'mem', a: () => lit.addr }
      }
      case 'compound': {
        const c = this.cx(e)
        return { k: 'mem', a: c }
      }
      case 'cast':
        return this.lv(e.e)
      case 'call': {
        return { k: 'mem', a: this.cx(e) }
      }
      default:
        throw new Sorry(e.loc, `sorry, unimplemented: lvalue of kind ${e.k}`)
    }
  }

  private addrOf(e: Expr): Ev {
    if (e.k === 'var' && e.sym.kind === 'func') {
      const s = e.sym
      return () => s.addr!
    }
    if (e.k === 'deref' && e.ty.k === 'func') return this.cx(e.e)
    const l = this.lv(e)
    if (l.k === 'reg') throw new Sorry(e.loc, 'sorry, unimplemented: address of a register variable')
    return l.a
  }

  private readLV(l: LV, ty: CType): Ev {
    if (l.k === 'reg') {
      const i = l.i
      return (f) => f.r[i]
    }
    if (l.k === 'bit') {
      const ld = bitLoader(l.m)
      const a = l.a
      return (f) => ld(f.m, a(f) as number)
    }
    const a = l.a
    if (isAgg(ty) || ty.k === 'func') return a
    const ld = loaderFor(ty)
    return (f) => ld(f.m, a(f) as number)
  }

  /** Describes an operand for the specialised closures of fastops.ts. */
  private opnd(e: Expr): Opnd {
    if ((e.k === 'num' || e.k === 'fnum') && typeof e.v === 'number') return { k: 'c', v: e.v }
    if (e.k === 'temp') return { k: 'r', i: e.reg }
    if (e.k === 'var' && e.sym.kind === 'local' && e.sym.reg !== undefined && !e.sym.dyn && !(e.sym.ty.k === 'array')) return { k: 'r', i: e.sym.reg }
    if (e.k === 'cast' && e.ty.k !== 'void' && isScalar(e.e.ty) && isScalar(e.ty) && (kindOf(e.e.ty) === kindOf(e.ty) || isWidening(kindOf(e.e.ty), kindOf(e.ty)))) return this.opnd(e.e)
    return { k: 'e', ev: this.cx(e) }
  }

  // ---------- booleans ----------
  cb(e: Expr): Bv {
    switch (e.k) {
      case 'bin':
        if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) {
          const fast = fastCmp(e.op, this.opnd(e.l), this.opnd(e.r))
          if (fast) return fast
          const l = this.cx(e.l)
          const k = kindOf(e.opTy)
          if (e.r.k === 'num' || e.r.k === 'fnum') {
            const c = e.r.v
            switch (e.op) {
              case '<':
                return (f) => l(f) < c
              case '<=':
                return (f) => l(f) <= c
              case '>':
                return (f) => l(f) > c
              case '>=':
                return (f) => l(f) >= c
              case '==':
                return (f) => l(f) === c
              case '!=':
                return (f) => l(f) !== c
            }
          }
          const r = this.cx(e.r)
          void k
          switch (e.op) {
            case '<':
              return (f) => l(f) < r(f)
            case '<=':
              return (f) => l(f) <= r(f)
            case '>':
              return (f) => l(f) > r(f)
            case '>=':
              return (f) => l(f) >= r(f)
            case '==':
              return (f) => l(f) === r(f)
            case '!=':
              return (f) => l(f) !== r(f)
          }
        }
        break
      case 'logand': {
        const a = this.cb(e.l)
        const b = this.cb(e.r)
        return (f) => a(f) && b(f)
      }
      case 'logor': {
        const a = this.cb(e.l)
        const b = this.cb(e.r)
        return (f) => a(f) || b(f)
      }
      case 'unary':
        if (e.op === '!') {
          const a = this.cb(e.e)
          return (f) => !a(f)
        }
        break
      case 'num':
        return e.v !== 0 ? () => true : () => false
    }
    const v = this.cx(e)
    if (e.ty.k === 'struct') throw new Sorry(e.loc, 'used struct type value where scalar is required')
    return (f) => v(f) !== 0
  }

  // ---------- rvalues ----------
  cx(e: Expr): Ev {
    switch (e.k) {
      case 'num':
      case 'fnum': {
        const v = e.v
        return () => v
      }
      case 'temp': {
        const r = e.reg
        return (f) => f.r[r]
      }
      case 'str': {
        const lit = e.lit
        return () => lit.addr
      }
      case 'var': {
        const s = e.sym
        if (s.kind === 'func') return () => s.addr!
        return this.readLV(this.lv(e), e.ty)
      }
      case 'addr':
        return this.addrOf(e.e)
      case 'deref': {
        const p = this.cx(e.e)
        if (isAgg(e.ty) || e.ty.k === 'func') return ptrChecked(p)
        if (e.ty.k === 'void') return (f) => (p(f), 0)
        const fastLd = this.indexedLoad(e.e, e.ty, p)
        if (fastLd) return fastLd
        const ld = loaderFor(e.ty)
        return (f) => {
          const a = p(f)
          if (typeof a !== 'number') badPtr(a)
          return ld(f.m, a)
        }
      }
      case 'member':
        return this.readLV(this.lv(e), e.ty)
      case 'unary': {
        const a = this.cx(e.e)
        if (e.op === '!') {
          const b = this.cb(e.e)
          return (f) => (b(f) ? 0 : 1)
        }
        const fn = e.op === '-' ? negFn(kindOf(e.ty)) : notFn(kindOf(e.ty))
        return (f) => fn(a(f))
      }
      case 'bin': {
        if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) {
          const b = this.cb(e)
          return (f) => (b(f) ? 1 : 0)
        }
        const k = kindOf(e.opTy)
        const a = this.opnd(e.l)
        const b = this.opnd(e.r)
        const fast = k === 'i32' ? fastI32(e.op, a, b) : k === 'u32' ? fastU32(e.op, a, b) : k === 'f64' ? fastF64(e.op, a, b) : k === 'f32' ? fastF32(e.op, a, b) : k === 'i64' || k === 'u64' ? fast64(e.op, k, a, b) : null
        if (fast) return fast
        return this.arith(e.op, k, a.k === 'e' ? a.ev : this.cx(e.l), e.r)
      }
      case 'ptradd': {
        const p = this.cx(e.p)
        const i = this.cx(e.i)
        const scale = e.scale
        const sub = e.sub
        if (e.i.k === 'num' && typeof e.i.v === 'number') {
          const off = (sub ? -e.i.v : e.i.v) * scale
          if (Math.abs(off) <= MAXS) return (f) => ptrAdd(p(f), off)
        }
        const sc = sub ? -scale : scale
        const baseAddr = constAddr(e.p)
        if (baseAddr !== null) {
          // a global or static array indexed by a variable: the common hot path
          return (f) => {
            const iv = i(f)
            if (typeof iv === 'number') {
              const r = baseAddr + iv * sc
              if (r >= 0 && r <= MAXS) return r
            }
            return ptrAdd(baseAddr, BigInt.asIntN(64, BigInt(iv) * BigInt(sc)))
          }
        }
        if (e.p.k === 'addr' && e.p.e.k === 'var' && e.p.e.sym.kind === 'local' && e.p.e.sym.slot !== undefined && !e.p.e.sym.dyn && !(e.p.e.ty.k === 'array' && e.p.e.ty.vla)) {
          const slot = e.p.e.sym.slot
          return (f) => {
            const iv = i(f)
            if (typeof iv === 'number') {
              const r = f.bp + slot + iv * sc
              if (r >= 0 && r <= MAXS) return r
            }
            return ptrAdd(f.bp + slot, BigInt.asIntN(64, BigInt(iv) * BigInt(sc)))
          }
        }
        return (f) => {
          const pv = p(f)
          const iv = i(f)
          if (typeof pv === 'number' && typeof iv === 'number') {
            const r = pv + iv * sc
            if (r >= 0 && r <= MAXS) return r
          }
          return ptrAdd(pv, BigInt.asIntN(64, BigInt(iv) * BigInt(sc)))
        }
        return (f) => {
          const iv = i(f)
          let off: Value
          if (typeof iv === 'number' && Math.abs(iv * scale) <= MAXS) off = sub ? -iv * scale : iv * scale
          else off = BigInt.asIntN(64, BigInt(iv) * BigInt(scale) * (sub ? -1n : 1n))
          return ptrAdd(p(f), off)
        }
      }
      case 'ptrdiff': {
        const l = this.cx(e.l)
        const r = this.cx(e.r)
        const scale = e.scale
        return (f) => {
          const a = l(f)
          const b = r(f)
          if (typeof a === 'number' && typeof b === 'number') return Math.trunc((a - b) / scale) + 0
          return wrapS64(BigInt.asIntN(64, BigInt(a) - BigInt(b)) / BigInt(scale))
        }
      }
      case 'logand':
      case 'logor': {
        const b = this.cb(e)
        return (f) => (b(f) ? 1 : 0)
      }
      case 'cond': {
        const c = this.cb(e.c)
        const a = this.cx(e.a)
        const b = this.cx(e.b)
        return (f) => (c(f) ? a(f) : b(f))
      }
      case 'comma': {
        const l = this.cx(e.l)
        const r = this.cx(e.r)
        return (f) => (l(f), r(f))
      }
      case 'cast': {
        const a = this.cx(e.e)
        const from = e.e.ty
        if (e.ty.k === 'void') return (f) => (a(f), 0)
        if (from.k === 'struct' || from.k === 'array' || from.k === 'func') return a
        const conv = convFn(kindOf(from), kindOf(e.ty))
        if (kindOf(from) === kindOf(e.ty) && kindOf(e.ty) !== 'bool') return a
        if (isWidening(kindOf(from), kindOf(e.ty))) return a
        const ko = kindOf(e.ty)
        const op = this.opnd(e.e)
        if (op.k === 'r') {
          const i = op.i
          if (ko === 'u32' && kindOf(from) === 'i32') return (f) => (f.r[i] as number) >>> 0
          if (ko === 'i32' && kindOf(from) === 'u32') return (f) => (f.r[i] as number) | 0
          if (ko === 'f64' && ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'bool'].includes(kindOf(from))) return (f) => f.r[i]
        }
        if (ko === 'f64' && ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'bool', 'f32'].includes(kindOf(from))) return a
        if (ko === 'u32' && kindOf(from) === 'i32') return (f) => (a(f) as number) >>> 0
        if (ko === 'i32' && kindOf(from) === 'u32') return (f) => (a(f) as number) | 0
        return (f) => conv(a(f))
      }
      case 'assign':
        return this.assign(e.l, this.cx(e.r), e.r)
      case 'opassign':
        return this.opassign(e)
      case 'incdec':
        return this.incdec(e, false)
      case 'vastart': {
        const l = this.lv(e.ap)
        const set = this.writer(l, e.ap.ty)
        return (f) => (set(f, f.va), 0)
      }
      case 'vacopy': {
        const l = this.lv(e.d)
        const set = this.writer(l, e.d.ty)
        const s = this.cx(e.s)
        return (f) => (set(f, s(f)), 0)
      }
      case 'vaarg': {
        const l = this.lv(e.ap)
        const get = this.readLV(l, e.ap.ty)
        const set = this.writer(l, e.ap.ty)
        const ty = e.ty
        const sz = ty.k === 'struct' ? Math.ceil(sizeOf(ty) / 8) * 8 : 8
        const ld: Loader = ty.k === 'struct' ? (_m, a) => a : ty.k === 'float' ? (m, a) => (ty.size === 4 ? Math.fround(m.loadF64(a)) : m.loadF64(a)) : loaderFor(ty)
        return (f) => {
          const p = get(f)
          if (typeof p !== 'number') badPtr(p)
          const v = ld(f.m, p)
          set(f, p + sz)
          return v
        }
      }
      case 'compound': {
        const slot = e.sym.slot!
        const size = sizeOf(e.sym.ty)
        const fxs: Fx[] = [(f) => f.m.fill(f.bp + slot, 0, size)]
        const saved = this.pending
        this.pending = []
        this.storeInits(e.init, (f) => f.bp + slot)
        fxs.push(...this.pending)
        this.pending = saved
        const fx = combine(fxs)
        if (isAgg(e.ty)) return (f) => (fx(f), f.bp + slot)
        const ld = loaderFor(e.ty)
        return (f) => (fx(f), ld(f.m, f.bp + slot))
      }
      case 'alloca': {
        const sz = this.cx(e.size)
        return (f) => {
          const t = f.t
          const sp = Math.floor((t.sp - Number(sz(f))) / 16) * 16
          if (!(sp >= t.stackLimit)) throw new MemoryFault(sp, 'write')
          t.sp = sp
          return sp
        }
      }
      case 'call':
      case 'stmtexpr':
        throw new Sorry(e.loc, 'sorry, unimplemented: call in this context')
    }
  }

  /**
   * `base[i]` loads with the index in a register and the base a global array or a pointer in a
   * register: one closure, the load inline (the common inner-loop access).
   */
  private indexedLoad(pe: Expr, ty: CType, generic: Ev): Ev | null {
    if (pe.k !== 'ptradd' || pe.sub) return null
    const idx = this.opnd(pe.i)
    if (idx.k !== 'r') return null
    const ii = idx.i
    const sc = pe.scale
    const k = kindOf(ty)
    const ca = constAddr(pe.p)
    const bo = ca === null ? this.opnd(pe.p) : null
    if (ca === null && (!bo || bo.k !== 'r')) return null
    const pi = bo && bo.k === 'r' ? bo.i : -1
    const base = ca ?? 0
    const slow = generic
    switch (k) {
      case 'i32':
        return (f) => {
          const iv = f.r[ii]
          const b = pi >= 0 ? f.r[pi] : base
          if (typeof iv === 'number' && typeof b === 'number') {
            const a = b + iv * sc
            if (a >= 0 && a <= MAXS) return f.m.load32(a) | 0
          }
          return slow(f)
        }
      case 'u32':
        return (f) => {
          const iv = f.r[ii]
          const b = pi >= 0 ? f.r[pi] : base
          if (typeof iv === 'number' && typeof b === 'number') {
            const a = b + iv * sc
            if (a >= 0 && a <= MAXS) return f.m.load32(a)
          }
          return slow(f)
        }
      case 'i8':
        return (f) => {
          const iv = f.r[ii]
          const b = pi >= 0 ? f.r[pi] : base
          if (typeof iv === 'number' && typeof b === 'number') {
            const a = b + iv * sc
            if (a >= 0 && a <= MAXS) return (f.m.load8(a) << 24) >> 24
          }
          return slow(f)
        }
      case 'u8':
        return (f) => {
          const iv = f.r[ii]
          const b = pi >= 0 ? f.r[pi] : base
          if (typeof iv === 'number' && typeof b === 'number') {
            const a = b + iv * sc
            if (a >= 0 && a <= MAXS) return f.m.load8(a)
          }
          return slow(f)
        }
      case 'f64':
        return (f) => {
          const iv = f.r[ii]
          const b = pi >= 0 ? f.r[pi] : base
          if (typeof iv === 'number' && typeof b === 'number') {
            const a = b + iv * sc
            if (a >= 0 && a <= MAXS) return f.m.loadF64(a)
          }
          return slow(f)
        }
    }
    return null
  }

  private arith(op: string, k: Kind, l: Ev, re: Expr): Ev {
    const fn = binFn(op, k)
    if ((re.k === 'num' || re.k === 'fnum') && typeof re.v === 'number') {
      const c = re.v
      if (k === 'i32') {
        switch (op) {
          case '+':
            return (f) => ((l(f) as number) + c) | 0
          case '-':
            return (f) => ((l(f) as number) - c) | 0
          case '*':
            return (f) => Math.imul(l(f) as number, c)
          case '&':
            return (f) => (l(f) as number) & c
          case '<<':
            return (f) => (l(f) as number) << c
          case '>>':
            return (f) => (l(f) as number) >> c
        }
      }
      return (f) => fn(l(f), c)
    }
    const r = this.cx(re)
    if (k === 'i32') {
      switch (op) {
        case '+':
          return (f) => ((l(f) as number) + (r(f) as number)) | 0
        case '-':
          return (f) => ((l(f) as number) - (r(f) as number)) | 0
        case '*':
          return (f) => Math.imul(l(f) as number, r(f) as number)
        case '^':
          return (f) => (l(f) as number) ^ (r(f) as number)
      }
    }
    if (k === 'f64') {
      switch (op) {
        case '+':
          return (f) => (l(f) as number) + (r(f) as number)
        case '-':
          return (f) => (l(f) as number) - (r(f) as number)
        case '*':
          return (f) => (l(f) as number) * (r(f) as number)
        case '/':
          return (f) => (l(f) as number) / (r(f) as number)
      }
    }
    return (f) => fn(l(f), r(f))
  }

  private writer(l: LV, ty: CType): (f: Frame, v: Value) => void {
    if (l.k === 'reg') {
      const i = l.i
      return (f, v) => {
        f.r[i] = v
      }
    }
    if (l.k === 'bit') {
      const st = bitStorer(l.m)
      const a = l.a
      return (f, v) => st(f.m, a(f) as number, v)
    }
    const a = l.a
    if (ty.k === 'struct') {
      const sz = sizeOf(ty)
      return (f, v) => f.m.write(a(f) as number, f.m.read(v as number, sz))
    }
    const st = storerFor(ty)
    return (f, v) => st(f.m, a(f) as number, v)
  }

  private assign(le: Expr, r: Ev, re?: Expr): Ev {
    const l = this.lv(le)
    const ty = le.ty
    if (l.k === 'reg') {
      const i = l.i
      if (re && re.k === 'bin' && !['==', '!=', '<', '>', '<=', '>='].includes(re.op)) {
        const k = kindOf(re.opTy)
        if (k === kindOf(ty) && (k === 'i32' || k === 'u32' || k === 'f64')) {
          const fast = fastAssignRegBin(k, re.op, i, this.opnd(re.l), this.opnd(re.r))
          if (fast) return fast
        }
      }
      return (f) => (f.r[i] = r(f))
    }
    const a = l.a
    if (l.k === 'bit') {
      const st = bitStorer(l.m)
      const w = l.m.bitWidth!
      const signed = l.m.ty.k === 'int' && l.m.ty.signed
      return (f) => {
        const addr = a(f) as number
        const v = r(f)
        st(f.m, addr, v)
        return truncBits(v, w, signed)
      }
    }
    if (ty.k === 'struct') {
      const sz = sizeOf(ty)
      return (f) => {
        const d = a(f) as number
        const s = r(f) as number
        f.m.write(d, f.m.read(s, sz))
        return d
      }
    }
    const st = storerFor(ty)
    return (f) => {
      const addr = a(f) as number
      const v = r(f)
      st(f.m, addr, v)
      return v
    }
  }

  private opassign(e: Expr & { k: 'opassign' }): Ev {
    const l = this.lv(e.l)
    const ty = e.l.ty
    const r = this.cx(e.r)
    let compute: (old: Value, rv: Value) => Value
    if (ty.k === 'ptr') {
      const scale = e.scale
      const sub = e.op === '-'
      compute = (old, rv) => {
        const off = typeof rv === 'number' && Math.abs(rv * scale) <= MAXS ? (sub ? -rv * scale : rv * scale) : BigInt.asIntN(64, BigInt(rv) * BigInt(scale) * (sub ? -1n : 1n))
        return ptrAdd(old, off)
      }
    } else {
      const k = kindOf(e.opTy)
      const lk = kindOf(ty)
      const to = convFn(lk, k)
      const back = convFn(k, lk)
      const fn = binFn(e.op, k)
      if (k === lk && k === 'i32' && e.op === '+') compute = (old, rv) => ((old as number) + (rv as number)) | 0
      else if (k === lk) compute = (old, rv) => fn(old, rv)
      else compute = (old, rv) => back(fn(to(old), rv))
    }
    if (l.k === 'reg') {
      const i = l.i
      if (ty.k !== 'ptr' && kindOf(e.opTy) === kindOf(ty)) {
        const fast = fastOpAssignReg(e.op, kindOf(ty), i, this.opnd(e.r))
        if (fast) return fast
      }
      return (f) => (f.r[i] = compute(f.r[i], r(f)))
    }
    const a = l.a
    if (l.k === 'bit') {
      const ld = bitLoader(l.m)
      const st = bitStorer(l.m)
      const w = l.m.bitWidth!
      const signed = l.m.ty.k === 'int' && l.m.ty.signed
      return (f) => {
        const addr = a(f) as number
        const v = compute(ld(f.m, addr), r(f))
        st(f.m, addr, v)
        return truncBits(v, w, signed)
      }
    }
    const ld = loaderFor(ty)
    const st = storerFor(ty)
    return (f) => {
      const addr = a(f) as number
      const m = f.m
      const v = compute(ld(m, addr), r(f))
      st(m, addr, v)
      return v
    }
  }

  private incdec(e: Expr & { k: 'incdec' }, discard: boolean): Ev {
    const l = this.lv(e.e)
    const ty = e.e.ty
    const d = e.delta
    let step: (v: Value) => Value
    if (ty.k === 'ptr') step = (v) => ptrAdd(v, d)
    else {
      const k = kindOf(ty)
      switch (k) {
        case 'i32':
          step = (v) => ((v as number) + d) | 0
          break
        case 'u32':
          step = (v) => ((v as number) + d) >>> 0
          break
        case 'f64':
          step = (v) => (v as number) + d
          break
        case 'f32':
          step = (v) => Math.fround((v as number) + d)
          break
        case 'bool':
          step = d > 0 ? () => 1 : (v) => (v === 0 ? 1 : 0)
          break
        case 'i64':
        case 'u64': {
          const add = binFn('+', k)
          const dv = k === 'u64' && d < 0 ? wrapU64(BigInt(d)) : d
          step = (v) => add(v, dv)
          break
        }
        default: {
          const c = convFn('i32', k)
          step = (v) => c((v as number) + d)
        }
      }
    }
    if (ty.k === 'int' && l.k === 'bit') {
      const w = l.m.bitWidth!
      const signed = l.m.ty.k === 'int' && l.m.ty.signed
      const s0 = step
      step = (v) => truncBits(s0(v), w, signed)
    }
    const pre = e.pre || discard
    if (l.k === 'reg' && ty.k !== 'ptr') {
      const fast = fastIncDecReg(kindOf(ty), l.i, d, !pre)
      if (fast) return fast
    }
    if (l.k === 'reg') {
      const i = l.i
      if (pre) return (f) => (f.r[i] = step(f.r[i]))
      return (f) => {
        const old = f.r[i]
        f.r[i] = step(old)
        return old
      }
    }
    const a = l.a
    const ld = l.k === 'bit' ? bitLoader(l.m) : loaderFor(ty)
    const st = l.k === 'bit' ? bitStorer(l.m) : storerFor(ty)
    return (f) => {
      const addr = a(f) as number
      const m = f.m
      const old = ld(m, addr)
      const nv = step(old)
      st(m, addr, nv)
      return pre ? nv : old
    }
  }
}

/** Conversions that do not change the JS value (e.g. int → long, unsigned char → int). */
function isWidening(from: Kind, to: Kind): boolean {
  const signedRank: Record<string, number> = { i8: 1, i16: 2, i32: 3, i64: 4 }
  const unsignedRank: Record<string, number> = { bool: 0, u8: 1, u16: 2, u32: 3, u64: 4 }
  if (from in unsignedRank) return (to in unsignedRank && unsignedRank[to] >= unsignedRank[from]) || (to in signedRank && signedRank[to] > unsignedRank[from])
  if (from in signedRank) return to in signedRank && signedRank[to] >= signedRank[from]
  return false
}

/** The address of a global/static array or object when an expression denotes it. */
function constAddr(e: Expr): number | null {
  if (e.k === 'addr' && e.e.k === 'var' && e.e.sym.kind === 'global' && e.e.sym.addr !== undefined) return e.e.sym.addr
  if (e.k === 'str') return null
  return null
}

function ptrChecked(p: Ev): Ev {
  return (f) => {
    const a = p(f)
    if (typeof a !== 'number') badPtr(a)
    return a
  }
}

function combine(p: Fx[]): Fx {
  if (p.length === 1) return p[0]
  if (p.length === 2) {
    const [a, b] = p
    return (f) => {
      a(f)
      b(f)
    }
  }
  if (p.length === 3) {
    const [a, b, c] = p
    return (f) => {
      a(f)
      b(f)
      c(f)
    }
  }
  const arr = p.slice()
  const n = arr.length
  return (f) => {
    for (let i = 0; i < n; i++) arr[i](f)
  }
}

function alignOfT(t: CType): number {
  switch (t.k) {
    case 'int':
    case 'float':
      return Math.min(16, t.size)
    case 'ptr':
      return 8
    case 'array':
      return Math.max(alignOfT(t.of), sizeOf(t) >= 16 ? 16 : 1)
    case 'struct':
      return t.def.align
    default:
      return 1
  }
}

function children(e: Expr): Expr[] {
  const out: Expr[] = []
  for (const key of ['fn', 'e', 'l', 'r', 'p', 'i', 'c', 'a', 'b', 'ap', 'd', 's', 'size'] as const) {
    const v = (e as Record<string, unknown>)[key]
    if (v && typeof v === 'object' && 'k' in (v as object) && 'ty' in (v as object)) out.push(v as Expr)
  }
  if (e.k === 'call') out.push(...e.args)
  return out
}

function truncBits(v: Value, w: number, signed: boolean): Value {
  const b = BigInt.asUintN(w, BigInt(v))
  const r = signed ? BigInt.asIntN(w, b) : b
  return w > 52 ? (signed ? canonS(r) : canonU(r)) : Number(r)
}

function bitLoader(m: Member): Loader {
  const size = sizeOf(m.ty)
  const off = m.bitOff!
  const w = m.bitWidth!
  const signed = m.ty.k === 'int' && m.ty.signed && !m.ty.isBool
  if (size <= 4 && off + w <= 32) {
    const ldu: Loader = size === 1 ? (mm, a) => mm.load8(a) : size === 2 ? (mm, a) => mm.load16(a) : (mm, a) => mm.load32(a)
    const mask = w === 32 ? 0xffffffff : (1 << w) - 1
    return (mm, a) => {
      const u = ((ldu(mm, a) as number) >>> off) & mask
      if (signed && w < 32 && u >= 2 ** (w - 1)) return u - 2 ** w
      return w === 32 && !signed ? u >>> 0 : signed && w === 32 ? u | 0 : u
    }
  }
  return (mm, a) => {
    let u = 0n
    for (let i = size - 1; i >= 0; i--) u = (u << 8n) | BigInt(mm.load8(a + i))
    const x = (u >> BigInt(off)) & ((1n << BigInt(w)) - 1n)
    return signed ? canonS(BigInt.asIntN(w, x)) : canonU(x)
  }
}

function bitStorer(m: Member): Storer {
  const size = sizeOf(m.ty)
  const off = m.bitOff!
  const w = m.bitWidth!
  if (size <= 4 && off + w <= 32) {
    const ldu = size === 1 ? (mm: Memory, a: number) => mm.load8(a) : size === 2 ? (mm: Memory, a: number) => mm.load16(a) : (mm: Memory, a: number) => mm.load32(a)
    const stu = size === 1 ? (mm: Memory, a: number, v: number) => mm.store8(a, v & 255) : size === 2 ? (mm: Memory, a: number, v: number) => mm.store16(a, v & 0xffff) : (mm: Memory, a: number, v: number) => mm.store32(a, v >>> 0)
    const mask = (w === 32 ? 0xffffffff : (1 << w) - 1) >>> 0
    return (mm, a, v) => {
      const nv = typeof v === 'number' ? v : Number(BigInt.asUintN(32, v))
      const u = ldu(mm, a)
      const cleared = (u & ~((mask << off) >>> 0)) >>> 0
      stu(mm, a, (cleared | (((nv & mask) << off) >>> 0)) >>> 0)
    }
  }
  return (mm, a, v) => {
    let u = 0n
    for (let i = size - 1; i >= 0; i--) u = (u << 8n) | BigInt(mm.load8(a + i))
    const mask = ((1n << BigInt(w)) - 1n) << BigInt(off)
    u = (u & ~mask) | ((BigInt.asUintN(w, BigInt(v)) << BigInt(off)) & mask)
    for (let i = 0; i < size; i++) {
      mm.store8(a + i, Number(u & 255n))
      u >>= 8n
    }
  }
}

/** A thread whose bottom frame returned: main's return value goes through exit(). */
function endThread(t: import('./vm').Thread, v: Value): void {
  t.returnValue = v
  const exitFn = t.proc.prog.symbols.get('exit')
  const cf = exitFn !== undefined ? t.proc.funcAt(exitFn) : null
  if (t.frame === null && cf && cf.native && t.isMain) {
    cf.native({ thread: t, proc: t.proc, mem: t.proc.mem, argTypes: [T.int], name: 'exit' }, [Number(BigInt.asIntN(32, BigInt(v)))])
    if (t.state === 'ready') {
      t.state = 'exited'
      t.exitStatus = Number(BigInt.asIntN(32, BigInt(v))) & 255
    }
    return
  }
  t.state = 'exited'
  t.exitStatus = Number(BigInt.asUintN(8, BigInt(typeof v === 'number' ? Math.trunc(v) : v)))
  void raiseSignal
  void typeName
}
