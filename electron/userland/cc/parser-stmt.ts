/** Initializers (designators, brace elision) and statements (blocks, control flow, switch, goto). */
import { CompileAbort } from './diag'
import type { InitEntry, Stmt, Sym, Value } from './ast'
import {
  type CType, T, arrayOf, findMember, isInt, promote, sizeOf, typeName
} from './types'
import { evalConst } from './consteval'
import { type DeclSpec, type RawInit, type Desig, ParseError, KEYWORDS } from './parser-base'
import { ExprParser, isCharLike } from './parser-expr'

export abstract class StmtParser extends ExprParser {
  // ---------- initializers ----------
  protected initializer(): RawInit {
    const loc = this.loc()
    if (this.accept('{')) {
      const items: { des: Desig[]; v: RawInit }[] = []
      while (!this.is('}')) {
        const des: Desig[] = []
        while (true) {
          if (this.is('[')) {
            this.i++
            const lo = this.constInt(this.condExpr())
            let hi: number | undefined
            if (this.accept('...')) hi = this.constInt(this.condExpr())
            this.expect(']', "']'")
            des.push({ k: 'idx', v: lo, hi })
          } else if (this.is('.') && this.peekTok().k === 'id') {
            this.i++
            des.push({ k: 'mem', name: this.t.v, tok: this.t })
            this.i++
          } else break
        }
        if (des.length) {
          if (!this.accept('=') && des.length) this.expectedBefore("'='")
        } else if (this.t.k === 'id' && this.peekTok().v === ':' && !this.isTypeStart()) {
          // GNU old-style designator  name: value
          des.push({ k: 'mem', name: this.t.v, tok: this.t })
          this.i += 2
        }
        items.push({ des, v: this.initializer() })
        if (!this.accept(',')) break
      }
      this.expect('}', "'}'")
      return { k: 'list', items, loc }
    }
    return { k: 'expr', e: this.assignExpr(), loc }
  }

  protected flattenInit(sym: Sym, raw: RawInit): InitEntry[] {
    const out: InitEntry[] = []
    let ty = sym.ty
    if (ty.k === 'array' && ty.len === null) {
      let n = 0
      if (raw.k === 'expr' && raw.e.k === 'str') n = raw.e.bytes.length
      else if (raw.k === 'list' && raw.items.length === 1 && raw.items[0].v.k === 'expr' && raw.items[0].v.e.k === 'str' && isCharLike(ty.of))
        n = raw.items[0].v.e.bytes.length
      else if (raw.k === 'list') {
        const probe: InitEntry[] = []
        const max = { n: 0 }
        this.fillList(ty, 0, raw.items, { i: 0 }, probe, true, max)
        n = max.n
      }
      ty = arrayOf(ty.of, n)
      sym.ty = { ...ty, const: sym.ty.const }
    }
    this.initAt(sym.ty, 0, raw, out)
    return out
  }

  protected initAt(ty: CType, off: number, raw: RawInit, out: InitEntry[], member?: { bitOff?: number; bitWidth?: number }): void {
    if (raw.k === 'expr') {
      const e = raw.e
      if (ty.k === 'array' && isCharLike(ty.of) && e.k === 'str') {
        if (ty.len !== null && e.bytes.length - 1 > ty.len) this.warn(raw.loc, 'initializer-string for array of \'char\' is too long')
        out.push({ off, ty, e })
        return
      }
      if (ty.k === 'struct' && e.ty.k === 'struct' && e.ty.def === ty.def) {
        out.push({ off, ty, e })
        return
      }
      if (ty.k === 'array' || ty.k === 'struct') {
        if (ty.k === 'array' && e.k === 'str') this.error(raw.loc, 'array of inappropriate type initialized from string constant')
        else this.error(raw.loc, 'invalid initializer')
        return
      }
      out.push({ off, ty, e: this.assignConv(e, ty, 'initialization', raw.loc), ...member })
      return
    }
    if (ty.k !== 'array' && ty.k !== 'struct') {
      if (raw.items.length === 0) {
        out.push({ off, ty, e: this.num(0, T.int, raw.loc), ...member })
        return
      }
      if (raw.items.length > 1) this.warn(raw.loc, 'excess elements in scalar initializer')
      this.initAt(ty, off, raw.items[0].v, out, member)
      return
    }
    if (ty.k === 'array' && isCharLike(ty.of) && raw.items.length >= 1 && raw.items[0].v.k === 'expr' && raw.items[0].v.e.k === 'str' && raw.items[0].des.length === 0) {
      this.initAt(ty, off, raw.items[0].v, out)
      return
    }
    this.fillList(ty, off, raw.items, { i: 0 }, out, true)
  }

  protected fillList(ty: CType, off: number, items: { des: Desig[]; v: RawInit }[], cur: { i: number }, out: InitEntry[], braced: boolean, max?: { n: number }): void {
    if (ty.k === 'array') {
      const es = sizeOf(ty.of)
      let idx = 0
      while (cur.i < items.length) {
        const it = items[cur.i]
        if (it.des.length) {
          if (!braced) return
          const d = it.des[0]
          if (d.k !== 'idx') {
            this.error(this.loc(d.tok), `field name not in record or union initializer`)
            cur.i++
            continue
          }
          idx = d.v
          if (ty.len !== null && idx >= ty.len) {
            this.error(it.v.loc, 'array index in initializer exceeds array bounds')
            cur.i++
            continue
          }
          const hi = d.hi ?? d.v
          for (let k = idx; k <= hi; k++) {
            if (it.des.length > 1) this.initDesig(ty.of, off + k * es, it.des.slice(1), it.v, out)
            else this.initAt(ty.of, off + k * es, it.v, out)
          }
          idx = hi + 1
          if (max) max.n = Math.max(max.n, idx)
          cur.i++
          continue
        }
        if (ty.len !== null && idx >= ty.len) {
          if (!braced) return
          this.warn(it.v.loc, 'excess elements in array initializer')
          cur.i++
          continue
        }
        this.elemInit(ty.of, off + idx * es, items, cur, out)
        idx++
        if (max) max.n = Math.max(max.n, idx)
      }
      return
    }
    if (ty.k !== 'struct') return
    const mems = ty.def.members.filter((m) => m.name !== null || m.ty.k === 'struct')
    let mi = 0
    let first = true
    while (cur.i < items.length) {
      const it = items[cur.i]
      if (it.des.length) {
        if (!braced) return
        const d = it.des[0]
        if (d.k !== 'mem') {
          this.error(it.v.loc, 'array index in non-array initializer')
          cur.i++
          continue
        }
        const idx = mems.findIndex((m) => m.name === d.name)
        if (idx < 0) {
          // anonymous member containing it
          const fm = findMember(ty.def, d.name)
          if (!fm) {
            this.error(this.loc(d.tok), `'${typeName(ty)}' has no member named '${d.name}'`, d.name.length)
            cur.i++
            continue
          }
          const ai = mems.findIndex((m) => m.name === null && m.ty.k === 'struct' && findMember(m.ty.def, d.name))
          this.initDesig(mems[ai].ty, off + mems[ai].offset, it.des, it.v, out)
          mi = ai + 1
          cur.i++
          continue
        }
        const m = mems[idx]
        if (it.des.length > 1) this.initDesig(m.ty, off + m.offset, it.des.slice(1), it.v, out)
        else this.initAt(m.ty, off + m.offset, it.v, out, m)
        mi = idx + 1
        cur.i++
        first = false
        if (ty.def.union) mi = mems.length
        continue
      }
      if (mi >= mems.length || (ty.def.union && !first)) {
        if (!braced) return
        this.warn(it.v.loc, `excess elements in ${ty.def.union ? 'union' : 'struct'} initializer`)
        cur.i++
        continue
      }
      const m = mems[mi]
      this.elemInit(m.ty, off + m.offset, items, cur, out, m)
      mi++
      first = false
    }
  }

  protected elemInit(ty: CType, off: number, items: { des: Desig[]; v: RawInit }[], cur: { i: number }, out: InitEntry[], member?: { bitOff?: number; bitWidth?: number }): void {
    const it = items[cur.i]
    if (it.v.k === 'expr' && (ty.k === 'array' || ty.k === 'struct')) {
      const e = it.v.e
      const direct = (ty.k === 'struct' && e.ty.k === 'struct' && e.ty.def === ty.def) || (ty.k === 'array' && e.k === 'str' && isCharLike(ty.of))
      if (!direct) {
        this.fillList(ty, off, items, cur, out, false)
        return
      }
    }
    this.initAt(ty, off, it.v, out, member)
    cur.i++
  }

  protected initDesig(ty: CType, off: number, des: Desig[], v: RawInit, out: InitEntry[]): void {
    const d = des[0]
    if (!d) {
      this.initAt(ty, off, v, out)
      return
    }
    if (d.k === 'idx' && ty.k === 'array') {
      for (let k = d.v; k <= (d.hi ?? d.v); k++) this.initDesig(ty.of, off + k * sizeOf(ty.of), des.slice(1), v, out)
      return
    }
    if (d.k === 'mem' && ty.k === 'struct') {
      const fm = findMember(ty.def, d.name)
      if (!fm) {
        this.error(this.loc(d.tok), `'${typeName(ty)}' has no member named '${d.name}'`, d.name.length)
        return
      }
      if (des.length === 1) this.initAt(fm.m.ty, off + fm.offset, v, out, fm.m)
      else this.initDesig(fm.m.ty, off + fm.offset, des.slice(1), v, out)
      return
    }
    this.error(v.loc, 'invalid designator')
  }

  // ---------- statements ----------
  protected compound(newScope = true): Stmt {
    const loc = this.loc()
    this.expect('{')
    if (newScope) this.push()
    const body: Stmt[] = []
    try {
      while (!this.is('}')) {
        if (this.t.k === 'eof') {
          this.error(this.loc(), "expected declaration or statement at end of input")
          throw new CompileAbort('eof')
        }
        const start = this.i
        try {
          this.blockItem(body)
        } catch (e) {
          if (!(e instanceof ParseError)) throw e
          this.recoverStmt(start)
        }
      }
      this.i++
    } finally {
      if (newScope) this.pop()
    }
    return { k: 'block', body, loc }
  }

  protected recoverStmt(start: number): void {
    if (this.i === start) this.i++
    let depth = 0
    while (this.t.k !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}')) {
        if (depth === 0) return
        depth--
        if (depth === 0) {
          this.i++
          return
        }
      } else if (this.is(';') && depth === 0) {
        this.i++
        return
      }
      this.i++
    }
  }

  protected blockItem(out: Stmt[]): void {
    if (this.is('_Static_assert')) return this.staticAssert()
    if (this.isTypeStart() && !(this.peekTok().v === ':' && this.isTypedefName(this.t))) {
      this.localDecl(out)
      return
    }
    if (this.t.k === 'id' && !KEYWORDS.has(this.t.v) && !this.lookup(this.t.v) && (this.peekTok().k === 'id' || (this.peekTok().v === '*' && this.peekTok(2).k === 'id' && this.peekTok(3).v !== ';' && this.peekTok(3).v !== ')' && /^[=;,[]$/.test(this.peekTok(3).v)))) {
      this.error(this.loc(), `unknown type name '${this.t.v}'`, this.t.v.length)
      this.i++
      this.declLocalRest({ ty: T.int, storage: null, inline: false, noTypeGiven: false }, out)
      return
    }
    out.push(this.stmt())
  }

  protected localDecl(out: Stmt[]): void {
    const ds = this.declSpec()
    if (this.accept(';')) return
    this.declLocalRest(ds, out)
  }

  protected declLocalRest(ds: DeclSpec, out: Stmt[]): void {
    while (true) {
      this.pendingAlign = 0
      const d = this.declarator(ds.ty)
      this.skipAttributes()
      const align = Math.max(ds.align ?? 0, this.takeAlign())
      if (!d.name) {
        this.error(this.loc(), `expected identifier or '(' before ${this.tokDesc(this.t)}`)
        throw new ParseError()
      }
      if (this.is('{') && d.ty.k === 'func') this.sorry(this.loc(), 'nested functions')
      this.declareName(ds, d.name, d.nameTok!, d.ty, false, out, align)
      if (!this.accept(',')) break
    }
    if (!this.is(';')) this.expectedBefore("',' or ';'")
    this.i++
  }

  protected stmt(): Stmt {
    const t = this.t
    const loc = this.loc()
    if (t.k === 'id') {
      switch (t.v) {
        case 'if': {
          this.i++
          this.expect('(', "'('")
          const c = this.cond(this.expr())
          this.expect(')', "')'")
          const th = this.stmtScoped()
          const el = this.accept('else') ? this.stmtScoped() : null
          return { k: 'if', c, t: th, e: el, loc }
        }
        case 'while': {
          this.i++
          this.expect('(', "'('")
          const c = this.cond(this.expr())
          this.expect(')', "')'")
          this.loops++
          const body = this.stmtScoped()
          this.loops--
          return { k: 'while', c, body, loc }
        }
        case 'do': {
          this.i++
          this.loops++
          const body = this.stmtScoped()
          this.loops--
          this.expect('while', "'while'")
          this.expect('(', "'('")
          const c = this.cond(this.expr())
          this.expect(')', "')'")
          this.expect(';', "';'")
          return { k: 'do', body, c, loc }
        }
        case 'for': {
          this.i++
          this.expect('(', "'('")
          this.push()
          try {
            let init: Stmt | null = null
            if (this.isTypeStart()) {
              const ds: Stmt[] = []
              this.localDecl(ds)
              init = { k: 'block', body: ds, loc }
            } else if (!this.accept(';')) {
              init = { k: 'expr', e: this.expr(), loc }
              this.expect(';', "';'")
            }
            const c = this.is(';') ? null : this.cond(this.expr())
            this.expect(';', "';'")
            const inc = this.is(')') ? null : this.expr()
            this.expect(')', "')'")
            this.loops++
            const body = this.stmtScoped()
            this.loops--
            return { k: 'for', init, c, inc, body, loc }
          } finally {
            this.pop()
          }
        }
        case 'switch': {
          this.i++
          this.expect('(', "'('")
          let e = this.rv(this.expr())
          if (!isInt(e.ty)) this.error(loc, 'switch quantity not an integer')
          else e = this.cast(e, promote(e.ty))
          this.expect(')', "')'")
          const sw = { cases: [] as { v: Value; id: number }[], def: null as number | null, ty: e.ty }
          this.switches.push(sw)
          this.loops += 0
          let body: Stmt
          try {
            body = this.stmtScoped()
          } finally {
            this.switches.pop()
          }
          return { k: 'switch', e, body, cases: sw.cases, def: sw.def, loc }
        }
        case 'case':
        case 'default': {
          this.i++
          const sw = this.switches[this.switches.length - 1]
          const id = ++this.caseId
          if (t.v === 'case') {
            const e = this.condExpr()
            let v = evalConst(e)
            if (v === null) this.error(this.loc(t), 'case label does not reduce to an integer constant')
            let hi: Value | null = null
            if (this.accept('...')) hi = evalConst(this.condExpr())
            this.expect(':', "':'")
            if (!sw) this.error(this.loc(t), "case label not within a switch statement", 4)
            else if (v !== null) {
              v = evalConst(this.cast(this.num(v, e.ty, loc), sw.ty))!
              const hiV = hi === null ? v : evalConst(this.cast(this.num(hi, e.ty, loc), sw.ty))!
              for (let x = BigInt(v); x <= BigInt(hiV); x++) {
                const xv = Number.isSafeInteger(Number(x)) ? Number(x) : x
                if (sw.cases.some((c) => c.v === xv)) this.error(this.loc(t), 'duplicate case value', 4)
                sw.cases.push({ v: xv, id })
                if (x - BigInt(v) > 100000n) break
              }
            }
          } else {
            this.expect(':', "':'")
            if (!sw) this.error(this.loc(t), "'default' label not within a switch statement", 7)
            else {
              if (sw.def !== null) this.error(this.loc(t), "multiple default labels in one switch", 7)
              sw.def = id
            }
          }
          if (this.is('}')) return { k: 'case', id, loc }
          const next = this.stmt()
          return { k: 'block', body: [{ k: 'case', id, loc }, next], loc }
        }
        case 'break':
          this.i++
          this.expect(';', "';'")
          if (this.loops === 0 && this.switches.length === 0) this.error(loc, 'break statement not within loop or switch', 5)
          return { k: 'break', loc }
        case 'continue':
          this.i++
          this.expect(';', "';'")
          if (this.loops === 0) this.error(loc, 'continue statement not within a loop', 8)
          return { k: 'continue', loc }
        case 'return': {
          this.i++
          const fnTy = this.fn!.ty
          if (this.accept(';')) {
            if (fnTy.ret.k !== 'void') this.warn(loc, "'return' with no value, in function returning non-void", 6)
            return { k: 'return', e: null, loc }
          }
          let e = this.expr()
          if (fnTy.ret.k === 'void') {
            if (e.ty.k !== 'void') this.warn(loc, "'return' with a value, in function returning void", 6)
          } else {
            const re = this.rv(e)
            if (re.k === 'addr' && re.e.k === 'var' && re.e.sym.kind === 'local')
              this.warn(re.loc, 'function returns address of local variable [-Wreturn-local-addr]', re.e.ty.k === 'array' ? re.e.sym.name.length : re.e.sym.name.length + 1)
            e = this.assignConv(e, fnTy.ret, 'return', e.loc)
          }
          this.expect(';', "';'")
          return { k: 'return', e, loc }
        }
        case 'goto': {
          this.i++
          if (this.is('*')) this.sorry(loc, 'computed goto')
          const lt = this.t
          if (lt.k !== 'id') this.expectedBefore('identifier')
          this.i++
          this.expect(';', "';'")
          this.gotos.push({ label: lt.v, tok: lt })
          return { k: 'goto', label: lt.v, tok: lt, loc }
        }
        case 'asm':
          this.skipAttributes()
          this.expect(';', "';'")
          return { k: 'empty', loc }
      }
      if (this.peekTok().v === ':' && !KEYWORDS.has(t.v)) {
        this.i += 2
        if (this.fn!.labels.has(t.v)) this.error(loc, `duplicate label '${t.v}'`, t.v.length)
        this.fn!.labels.add(t.v)
        this.skipAttributes()
        if (this.is('}')) return { k: 'label', label: t.v, loc }
        const body: Stmt[] = [{ k: 'label', label: t.v, loc }]
        if (this.isTypeStart()) this.localDecl(body)
        else body.push(this.stmt())
        return { k: 'block', body, loc }
      }
    }
    if (this.is('{')) return this.compound()
    if (this.accept(';')) return { k: 'empty', loc }
    const e = this.expr()
    if (!this.is(';')) this.expectedBefore("';'")
    this.i++
    return { k: 'expr', e, loc }
  }

  protected stmtScoped(): Stmt {
    this.push()
    try {
      const out: Stmt[] = []
      if (this.isTypeStart()) {
        this.localDecl(out)
        return { k: 'block', body: out, loc: out[0]?.loc ?? this.loc() }
      }
      return this.stmt()
    } finally {
      this.pop()
    }
  }

}
