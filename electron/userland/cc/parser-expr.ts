/** Expressions: parsing with C precedence and typing them (conversions, lvalues, constant folding). */
import type { Token } from './lexer'
import type { Expr, Loc, RoString, Stmt, Sym, Value } from './ast'
import {
  type ArrayType, type CType, type FuncType, type IntType, T, alignOf, arrayOf, findMember, isArith, isInt, isScalar, promote, ptrTo, qualify, sameType, sizeOf, typeName, unqual, usualArith, toUnsigned
} from './types'
import { charValue, decodeEscapes, parseIntLiteral } from './preprocess'
import { evalConst } from './consteval'
import { BUILTINS } from './builtins'
import { LIBC_BUILTINS } from './libcbuiltins'
import { ParseError, KEYWORDS } from './parser-base'
import { TypeParser } from './parser-types'

export abstract class ExprParser extends TypeParser {
  // ---------- expression helpers ----------
  /** gcc's fix-it location for a missing #include: after the last #include of the file, else line 1 */
  protected includeFixitLine(file: string): number {
    return (this.includeLines.get(file) ?? 0) + 1
  }

  /** the value of an erroneous expression: an lvalue so that no follow-up error cascades */
  protected errExpr(loc: Loc): Expr {
    return { k: 'num', v: 0, ty: T.int, loc, lv: true }
  }

  num(v: Value, ty: CType, loc: Loc): Expr {
    return { k: 'num', v, ty, loc }
  }

  /** Array/function → pointer conversion; lvalue → rvalue. */
  rv(e: Expr): Expr {
    if (e.ty.k === 'array') {
      this.markAddr(e)
      return { k: 'addr', e, ty: ptrTo(e.ty.of), loc: e.loc }
    }
    if (e.ty.k === 'func') return { k: 'addr', e, ty: ptrTo(e.ty), loc: e.loc }
    return e
  }

  protected markAddr(e: Expr): void {
    if (e.k === 'var') e.sym.addrTaken = true
    else if (e.k === 'member') this.markAddr(e.e)
  }

  cast(e: Expr, ty: CType): Expr {
    if (e.ty === ty) return e
    const a = unqual(e.ty)
    const b = unqual(ty)
    if (a.k === b.k && a.k !== 'struct' && sameType(a, b) && a.k !== 'ptr') return e.ty.k === ty.k && !e.lv ? e : { k: 'cast', e, ty: b, loc: e.loc }
    if (e.k === 'num' && b.k === 'int') {
      const v = evalConst({ k: 'cast', e, ty: b, loc: e.loc })
      if (v !== null) return { k: 'num', v, ty: b, loc: e.loc }
    }
    return { k: 'cast', e, ty: b, loc: e.loc }
  }

  protected isNullConst(e: Expr): boolean {
    if (isInt(e.ty)) return evalConst(e) === 0
    if (e.ty.k === 'ptr' && e.ty.to.k === 'void' && e.k === 'cast') return this.isNullConst(e.e)
    return false
  }

  /** Assignment conversion with gcc's warnings. */
  assignConv(e0: Expr, ty: CType, ctx: 'assignment' | 'initialization' | 'return' | 'passing', loc: Loc, argInfo?: string): Expr {
    const e = this.rv(e0)
    const to = unqual(ty)
    const from = e.ty
    const what = (a: string) => {
      if (ctx === 'assignment') return `assignment to '${typeName(to)}' from ${a}`
      if (ctx === 'initialization') return `initialization of '${typeName(to)}' from ${a}`
      if (ctx === 'return') return `returning ${a} from a function with return type '${typeName(to)}'`
      return `passing argument ${argInfo} ${a}`
    }
    if (to.k === 'struct') {
      if (from.k !== 'struct' || from.def !== to.def) this.error(loc, `incompatible types when ${ctx === 'initialization' ? 'initializing' : ctx === 'return' ? 'returning' : 'assigning to'} type '${typeName(to)}' from type '${typeName(from)}'`)
      return e
    }
    if (from.k === 'void') {
      this.error(loc, 'void value not ignored as it ought to be')
      return this.num(0, to, loc)
    }
    if (to.k === 'ptr') {
      if (from.k === 'ptr') {
        const a = unqual(to.to)
        const b = unqual(from.to)
        if (a.k !== 'void' && b.k !== 'void' && !sameType(a, b)) {
          const pt = ctx === 'passing' ? `from incompatible pointer type` : `incompatible pointer type '${typeName(from)}'`
          if (ctx === 'passing') this.warn(loc, `passing argument ${argInfo} from incompatible pointer type [-Wincompatible-pointer-types]`)
          else this.warn(loc, what(`${pt}`).replace(`from incompatible pointer type '${typeName(from)}'`, `from incompatible pointer type '${typeName(from)}'`) + ' [-Wincompatible-pointer-types]')
        } else if (from.to.const && !to.to.const && ctx !== 'passing') {
          this.warn(loc, `${ctx === 'assignment' ? 'assignment' : ctx === 'initialization' ? 'initialization' : 'return'} discards 'const' qualifier from pointer target type [-Wdiscarded-qualifiers]`)
        } else if (from.to.const && !to.to.const) {
          this.warn(loc, `passing argument ${argInfo} discards 'const' qualifier from pointer target type [-Wdiscarded-qualifiers]`)
        }
        return this.cast(e, to)
      }
      if (isInt(from)) {
        if (!this.isNullConst(e)) {
          if (ctx === 'passing') this.warn(loc, `passing argument ${argInfo} makes pointer from integer without a cast [-Wint-conversion]`)
          else if (ctx === 'return') this.warn(loc, `returning '${typeName(from)}' from a function with return type '${typeName(to)}' makes pointer from integer without a cast [-Wint-conversion]`)
          else this.warn(loc, what(`'${typeName(from)}'`) + ' makes pointer from integer without a cast [-Wint-conversion]')
        }
        return this.cast(e, to)
      }
      this.error(loc, `incompatible types when ${ctx === 'initialization' ? 'initializing' : 'assigning to'} type '${typeName(to)}' from type '${typeName(from)}'`)
      return e
    }
    if (isInt(to) && from.k === 'ptr') {
      if (!to.isBool) {
        if (ctx === 'passing') this.warn(loc, `passing argument ${argInfo} makes integer from pointer without a cast [-Wint-conversion]`)
        else if (ctx === 'return') this.warn(loc, `returning '${typeName(from)}' from a function with return type '${typeName(to)}' makes integer from pointer without a cast [-Wint-conversion]`)
        else this.warn(loc, what(`'${typeName(from)}'`) + ' makes integer from pointer without a cast [-Wint-conversion]')
      }
      return this.cast(e, to)
    }
    if (!isScalar(from) || !isScalar(to)) {
      if (to.k !== 'void') this.error(loc, `incompatible types when ${ctx === 'initialization' ? 'initializing' : ctx === 'return' ? 'returning' : 'assigning to'} type '${typeName(to)}' from type '${typeName(from)}'`)
      return e
    }
    if (isInt(to) && isInt(from) && !to.isBool && to.size < 8) {
      const v = evalConst(e)
      if (v !== null) {
        const bits = BigInt(to.size * 8)
        const bv = BigInt(v)
        if (bv < -(1n << (bits - 1n)) || bv > (1n << bits) - 1n) {
          const nv = evalConst(this.cast(e, to))
          const len = e.k === 'num' ? String(v).length : 1
          this.warn(e.loc, `${to.signed ? 'overflow in conversion' : 'unsigned conversion'} from '${typeName(unqual(from))}' to '${typeName(unqual(to))}' changes value from '${v}' to '${nv}' [-Woverflow]`, len)
        }
      }
    }
    return this.cast(e, to)
  }

  /** A scalar condition. */
  protected cond(e: Expr): Expr {
    const r = this.rv(e)
    if (!isScalar(r.ty)) this.error(e.loc, `used ${r.ty.k === 'struct' ? 'struct' : 'void'} type value where scalar is required`)
    return r
  }

  protected internString(s: string): RoString {
    const bytes = new Uint8Array(s.length + 1)
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i)
    const lit = { bytes, addr: 0 }
    this.strings.push(lit)
    return lit
  }

  constInt(e: Expr): number {
    const v = evalConst(e)
    if (v === null) {
      this.error(e.loc, 'expression is not an integer constant')
      return 0
    }
    return Number(v)
  }

  // ---------- expressions ----------
  expr(): Expr {
    let e = this.assignExpr()
    while (this.is(',')) {
      const loc = this.loc()
      this.i++
      const r = this.rv(this.assignExpr())
      e = { k: 'comma', l: e, r, ty: r.ty, loc }
    }
    return e
  }

  assignExpr(): Expr {
    const l = this.condExpr()
    const t = this.t
    if (t.k !== 'p') return l
    const op = t.v
    if (op === '=' || (op.length >= 2 && op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op))) {
      this.i++
      const r = this.assignExpr()
      const loc = this.loc(t)
      if (!l.lv) {
        this.error(loc, 'lvalue required as left operand of assignment')
        return r
      }
      if (l.ty.k === 'array') {
        this.error(loc, `assignment to expression with array type`)
        return r
      }
      this.checkModifiable(l, loc)
      if (op === '=') return { k: 'assign', l, r: this.assignConv(r, l.ty, 'assignment', loc), ty: unqual(l.ty), loc }
      const bop = op.slice(0, -1)
      const rr = this.rv(r)
      if (l.ty.k === 'ptr' && (bop === '+' || bop === '-')) {
        if (!isInt(rr.ty)) this.error(loc, `invalid operands to binary ${bop}`)
        return { k: 'opassign', op: bop, l, r: this.cast(rr, T.long), opTy: l.ty, scale: sizeOf(l.ty.to), ty: unqual(l.ty), loc }
      }
      if (!isArith(l.ty) || !isArith(rr.ty) || (['%', '<<', '>>', '&', '|', '^'].includes(bop) && (!isInt(l.ty) || !isInt(rr.ty)))) {
        this.error(loc, `invalid operands to binary ${bop} (have '${typeName(l.ty)}' and '${typeName(rr.ty)}')`)
        return l
      }
      const opTy = bop === '<<' || bop === '>>' ? promote(l.ty) : usualArith(l.ty, rr.ty)
      const rc = bop === '<<' || bop === '>>' ? this.cast(rr, promote(rr.ty)) : this.cast(rr, opTy)
      return { k: 'opassign', op: bop, l, r: rc, opTy, scale: 1, ty: unqual(l.ty), loc }
    }
    return l
  }

  protected checkModifiable(l: Expr, loc: Loc): void {
    if (l.ty.const) {
      if (l.k === 'var') this.error(loc, `assignment of read-only variable '${l.sym.name}'`)
      else if (l.k === 'member') this.error(loc, `assignment of read-only member '${l.m.name}'`)
      else this.error(loc, 'assignment of read-only location')
    }
  }

  condExpr(): Expr {
    const c = this.binExpr(0)
    if (!this.is('?')) return c
    const loc = this.loc()
    this.i++
    const cc = this.cond(c)
    if (this.is(':')) {
      // GNU a ?: b
      this.i++
      const b = this.rv(this.condExpr())
      const ty = this.condType(cc, b, loc)
      return { k: 'cond', c: cc, a: this.cast(cc, ty), b: this.cast(b, ty), ty, loc }
    }
    let a = this.rv(this.expr())
    this.expect(':', "':'")
    let b = this.rv(this.condExpr())
    const ty = this.condType(a, b, loc)
    if (ty.k !== 'void' && ty.k !== 'struct') {
      a = this.cast(a, ty)
      b = this.cast(b, ty)
    }
    return { k: 'cond', c: cc, a, b, ty, loc }
  }

  protected condType(a: Expr, b: Expr, loc: Loc): CType {
    if (isArith(a.ty) && isArith(b.ty)) return usualArith(a.ty, b.ty)
    if (a.ty.k === 'void' || b.ty.k === 'void') return T.void
    if (a.ty.k === 'struct' && b.ty.k === 'struct' && a.ty.def === b.ty.def) return a.ty
    if (a.ty.k === 'ptr' && b.ty.k === 'ptr') {
      if (a.ty.to.k === 'void') return a.ty
      if (b.ty.to.k === 'void') return b.ty
      if (!sameType(a.ty.to, b.ty.to)) this.warn(loc, 'pointer type mismatch in conditional expression')
      return a.ty
    }
    if (a.ty.k === 'ptr' && isInt(b.ty)) {
      if (!this.isNullConst(b)) this.warn(loc, 'pointer/integer type mismatch in conditional expression')
      return a.ty
    }
    if (b.ty.k === 'ptr' && isInt(a.ty)) {
      if (!this.isNullConst(a)) this.warn(loc, 'pointer/integer type mismatch in conditional expression')
      return b.ty
    }
    this.error(loc, 'type mismatch in conditional expression')
    return a.ty
  }

  protected static PREC: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 }

  protected binExpr(minp: number): Expr {
    let l = this.castExpr()
    while (true) {
      const t = this.t
      if (t.k !== 'p') return l
      const p = ExprParser.PREC[t.v]
      if (p === undefined || p <= minp) return l
      this.i++
      const r = this.binExpr(p)
      l = this.binary(t.v, l, r, this.loc(t))
    }
  }

  binary(op: string, l0: Expr, r0: Expr, loc: Loc): Expr {
    const l = this.rv(l0)
    const r = this.rv(r0)
    const lt = l.ty
    const rt = r.ty
    const bad = (): Expr => {
      this.error(loc, `invalid operands to binary ${op} (have '${typeName(lt)}' and '${typeName(rt)}')`)
      return this.num(0, T.int, loc)
    }
    if (op === '&&' || op === '||') {
      if (!isScalar(lt) || !isScalar(rt)) return bad()
      return { k: op === '&&' ? 'logand' : 'logor', l, r, ty: T.int, loc }
    }
    if (op === '+' || op === '-') {
      if (lt.k === 'ptr' && isInt(rt)) return this.ptrAdd(l, r, op === '-', loc)
      if (op === '+' && rt.k === 'ptr' && isInt(lt)) return this.ptrAdd(r, l, false, loc)
      if (op === '-' && lt.k === 'ptr' && rt.k === 'ptr') {
        if (!sameType(unqual(lt.to), unqual(rt.to))) this.error(loc, `invalid operands to binary - (have '${typeName(lt)}' and '${typeName(rt)}')`)
        return { k: 'ptrdiff', l, r, scale: Math.max(1, sizeOf(lt.to)), ty: T.long, loc }
      }
    }
    if (['==', '!=', '<', '>', '<=', '>='].includes(op)) {
      if (isArith(lt) && isArith(rt)) {
        const ct = usualArith(lt, rt)
        return { k: 'bin', op, l: this.cast(l, ct), r: this.cast(r, ct), opTy: ct, ty: T.int, loc }
      }
      if (lt.k === 'ptr' || rt.k === 'ptr') {
        if (lt.k === 'ptr' && rt.k === 'ptr') {
          if (!sameType(unqual(lt.to), unqual(rt.to)) && lt.to.k !== 'void' && rt.to.k !== 'void') this.warn(loc, 'comparison of distinct pointer types lacks a cast')
        } else if (isInt(lt) || isInt(rt)) {
          const other = lt.k === 'ptr' ? r : l
          if (!this.isNullConst(other)) this.warn(loc, 'comparison between pointer and integer')
        } else return bad()
        return { k: 'bin', op, l: this.cast(l, T.ulong), r: this.cast(r, T.ulong), opTy: T.ulong, ty: T.int, loc }
      }
      return bad()
    }
    if (!isArith(lt) || !isArith(rt)) return bad()
    if (['%', '<<', '>>', '&', '|', '^'].includes(op) && (!isInt(lt) || !isInt(rt))) return bad()
    if (op === '<<' || op === '>>') {
      const pt = promote(lt)
      const cnt = evalConst(r)
      if (cnt !== null) {
        const dir = op === '<<' ? 'left' : 'right'
        if (BigInt(cnt) < 0n) this.warn(loc, `${dir} shift count is negative [-Wshift-count-negative]`, 2)
        else if (BigInt(cnt) >= BigInt(sizeOf(pt) * 8)) this.warn(loc, `${dir} shift count >= width of type [-Wshift-count-overflow]`, 2)
      }
      return { k: 'bin', op, l: this.cast(l, pt), r: this.cast(r, promote(rt)), opTy: pt, ty: pt, loc }
    }
    const ct = usualArith(lt, rt)
    if ((op === '+' || op === '-' || op === '*') && ct.k === 'int' && ct.signed) {
      const a = evalConst(l)
      const b = evalConst(r)
      if (a !== null && b !== null) {
        const x = BigInt(a)
        const y = BigInt(b)
        const exact = op === '+' ? x + y : op === '-' ? x - y : x * y
        const bits = ct.size * 8
        const wrapped = BigInt.asIntN(bits, exact)
        if (wrapped !== exact) this.warn(loc, `integer overflow in expression of type '${typeName(ct)}' results in '${wrapped}' [-Woverflow]`)
      }
    }
    if ((op === '/' || op === '%') && isInt(ct)) {
      const rv = evalConst(r)
      if (rv === 0) this.warn(loc, 'division by zero [-Wdiv-by-zero]')
    }
    return { k: 'bin', op, l: this.cast(l, ct), r: this.cast(r, ct), opTy: ct, ty: ct, loc }
  }

  protected ptrAdd(p: Expr, i: Expr, sub: boolean, loc: Loc): Expr {
    const pt = p.ty as { k: 'ptr'; to: CType }
    if (pt.to.k === 'struct' && !pt.to.def.complete) this.error(loc, `invalid use of undefined type '${typeName(pt.to)}'`)
    return { k: 'ptradd', p, i: this.cast(i, T.long), scale: pt.to.k === 'void' || pt.to.k === 'func' ? 1 : sizeOf(pt.to), sub, ty: unqual(p.ty), loc }
  }

  protected castExpr(): Expr {
    if (this.is('(') && this.isTypeStart(this.peekTok())) {
      const loc = this.loc()
      this.i++
      const ty = this.typeName()
      this.expect(')', "')'")
      if (this.is('{')) return this.postfix(this.compoundLiteral(ty, loc))
      const e = this.rv(this.castExpr())
      if (ty.k === 'void') return { k: 'cast', e, ty: T.void, loc }
      if (!isScalar(ty)) {
        if (ty.k === 'struct' && e.ty.k === 'struct' && e.ty.def === ty.def) return e
        this.error(loc, `conversion to non-scalar type requested`)
        return e
      }
      if (!isScalar(e.ty)) {
        this.error(loc, e.ty.k === 'void' ? 'void value not ignored as it ought to be' : `aggregate value used where ${ty.k === 'float' ? 'a float' : ty.k === 'ptr' ? 'a pointer' : 'an integer'} was expected`)
        return this.num(0, ty, loc)
      }
      if ((ty.k === 'ptr' && e.ty.k === 'float') || (ty.k === 'float' && e.ty.k === 'ptr')) this.error(loc, `${ty.k === 'ptr' ? 'cannot convert to a pointer type' : 'pointer value used where a floating-point was expected'}`)
      const c = this.cast(e, ty)
      return c === e ? { k: 'cast', e, ty: unqual(ty), loc } : c
    }
    return this.unary()
  }

  protected compoundLiteral(ty: CType, loc: Loc): Expr {
    const raw = this.initializer()
    if (!this.fn) {
      // file-scope compound literal: a static object
      const sym: Sym = { name: `__compound_literal.${++this.staticId}`, ty, kind: 'global', loc, isStatic: true, defined: true }
      sym.init = this.flattenInit(sym, raw)
      this.globals.push(sym)
      return { k: 'var', sym, ty: sym.ty, loc, lv: true }
    }
    const sym: Sym = { name: '__compound', ty, kind: 'local', loc, addrTaken: true }
    this.fn.locals.push(sym)
    const init = this.flattenInit(sym, raw)
    return { k: 'compound', sym, init, ty: sym.ty, loc, lv: true }
  }

  protected unary(): Expr {
    const t = this.t
    const loc = this.loc()
    if (t.k === 'p') {
      switch (t.v) {
        case '++':
        case '--': {
          this.i++
          const e = this.unary()
          return this.incdec(e, true, t.v === '++' ? 1 : -1, loc)
        }
        case '+':
        case '-':
        case '~':
        case '!': {
          this.i++
          const e = this.rv(this.castExpr())
          if (t.v === '!') {
            if (!isScalar(e.ty)) {
              this.error(loc, `wrong type argument to unary exclamation mark`)
              return this.num(0, T.int, loc)
            }
            return { k: 'unary', op: '!', e, ty: T.int, loc }
          }
          if (!isArith(e.ty) || (t.v === '~' && !isInt(e.ty))) {
            this.error(loc, `wrong type argument to ${t.v === '~' ? 'bit-complement' : t.v === '-' ? 'unary minus' : 'unary plus'}`)
            return this.num(0, T.int, loc)
          }
          const pt = promote(e.ty)
          const pe = this.cast(e, pt)
          if (t.v === '+') return pe.k === 'cast' || pe.k === 'num' ? pe : { k: 'cast', e: pe, ty: pt, loc }
          const r: Expr = { k: 'unary', op: t.v as '-' | '~', e: pe, ty: pt, loc }
          if (pe.k === 'num' || pe.k === 'fnum') {
            const v = evalConst(r)
            if (v !== null) return this.num(v, pt, loc)
            if (pe.k === 'fnum' && t.v === '-') return { k: 'fnum', v: -pe.v, ty: pt, loc }
          }
          return r
        }
        case '*': {
          this.i++
          const e = this.rv(this.castExpr())
          if (e.ty.k !== 'ptr') {
            this.error(loc, `invalid type argument of unary '*' (have '${typeName(e.ty)}')`)
            return this.num(0, T.int, loc)
          }
          if (e.ty.to.k === 'func') return e.k === 'addr' ? e.e : { k: 'deref', e, ty: e.ty.to, loc, lv: false }
          if (e.ty.to.k === 'void') this.warn(loc, "dereferencing 'void *' pointer")
          return { k: 'deref', e, ty: e.ty.to, loc, lv: true }
        }
        case '&': {
          this.i++
          const e = this.castExpr()
          if (e.ty.k === 'func') return { k: 'addr', e, ty: ptrTo(e.ty), loc }
          if (!e.lv) {
            this.error(loc, 'lvalue required as unary \'&\' operand')
            return this.num(0, ptrTo(e.ty), loc)
          }
          if (e.k === 'member' && e.m.bitWidth !== undefined) this.error(loc, `cannot take address of bit-field '${e.m.name}'`)
          this.markAddr(e)
          return { k: 'addr', e, ty: ptrTo(e.ty), loc }
        }
        case '&&':
          this.sorry(loc, 'labels as values')
      }
    }
    if (t.k === 'id' && (t.v === 'sizeof' || t.v === '_Alignof')) {
      this.i++
      let ty: CType
      if (this.is('(') && this.isTypeStart(this.peekTok())) {
        this.i++
        ty = this.typeName()
        this.expect(')', "')'")
        if (this.is('{')) ty = this.postfix(this.compoundLiteral(ty, loc)).ty
      } else {
        const e = this.unary()
        ty = e.ty
        if (e.k === 'member' && e.m.bitWidth !== undefined) this.error(loc, "'sizeof' applied to a bit-field")
        // sizeof of a VLA object: the size computed when it was declared
        if (t.v === 'sizeof' && e.k === 'var' && e.sym.vlaSize) return { k: 'var', sym: e.sym.vlaSize, ty: T.ulong, loc }
      }
      if (ty.k === 'array' && ty.vla) {
        const lenExpr = (ty as ArrayType & { lenExpr?: Expr }).lenExpr
        if (t.v !== 'sizeof' || !lenExpr || (ty.of.k === 'array' && ty.of.vla)) this.sorry(loc, 'sizeof of a multi-dimensional variable-length array')
        return this.binary('*', this.cast(this.rv(lenExpr!), T.ulong), this.num(sizeOf(ty.of), T.ulong, loc), loc)
      }
      if (ty.k === 'struct' && !ty.def.complete) this.error(loc, `invalid application of '${t.v === 'sizeof' ? 'sizeof' : '__alignof__'}' to incomplete type '${typeName(ty)}'`)
      return this.num(t.v === 'sizeof' ? sizeOf(ty) : alignOf(ty), T.ulong, loc)
    }
    return this.postfix(this.primary())
  }

  protected incdec(e: Expr, pre: boolean, d: number, loc: Loc): Expr {
    if (!e.lv) {
      this.error(loc, `lvalue required as ${d > 0 ? 'increment' : 'decrement'} operand`)
      return e
    }
    this.checkModifiable(e, loc)
    if (e.ty.k === 'ptr') return { k: 'incdec', pre, delta: d * Math.max(1, sizeOf(e.ty.to)), e, ty: unqual(e.ty), loc }
    if (!isArith(e.ty)) {
      this.error(loc, `wrong type argument to ${d > 0 ? 'increment' : 'decrement'}`)
      return e
    }
    return { k: 'incdec', pre, delta: d, e, ty: unqual(e.ty), loc }
  }

  protected postfix(e0: Expr): Expr {
    let e = e0
    while (true) {
      const t = this.t
      const loc = this.loc()
      if (t.k !== 'p') return e
      if (t.v === '[') {
        this.i++
        const idx = this.expr()
        this.expect(']', "']'")
        const a = this.rv(e)
        const b = this.rv(idx)
        let p: Expr
        if (a.ty.k === 'ptr' && isInt(b.ty)) p = this.ptrAdd(a, b, false, loc)
        else if (b.ty.k === 'ptr' && isInt(a.ty)) p = this.ptrAdd(b, a, false, loc)
        else {
          this.error(loc, 'subscripted value is neither array nor pointer nor vector')
          return this.num(0, T.int, loc)
        }
        const pt = (p.ty as { to: CType }).to
        e = { k: 'deref', e: p, ty: pt, loc, lv: true }
        continue
      }
      if (t.v === '.' || t.v === '->') {
        this.i++
        const nt = this.t
        if (nt.k !== 'id') this.expectedBefore('identifier')
        this.i++
        let base = e
        if (t.v === '->') {
          const r = this.rv(e)
          if (r.ty.k !== 'ptr' || r.ty.to.k !== 'struct') {
            if (r.ty.k === 'ptr' && r.ty.to.k !== 'struct') this.error(loc, `request for member '${nt.v}' in something not a structure or union`, 2)
            else this.error(loc, `invalid type argument of '->' (have '${typeName(r.ty)}')`, 2)
            return this.num(0, T.int, loc)
          }
          base = { k: 'deref', e: r, ty: r.ty.to, loc, lv: true }
        }
        if (base.ty.k !== 'struct') {
          this.error(loc, `request for member '${nt.v}' in something not a structure or union`)
          return this.num(0, T.int, loc)
        }
        if (!base.ty.def.complete) {
          this.error(loc, `invalid use of incomplete typedef '${typeName(base.ty)}'`)
          return this.num(0, T.int, loc)
        }
        const fm = findMember(base.ty.def, nt.v)
        if (!fm) {
          this.error(this.loc(nt), `'${typeName(unqual(base.ty))}' has no member named '${nt.v}'`, nt.v.length)
          return this.errExpr(loc)
        }
        let mty = fm.m.ty
        // a bit-field narrower than int has type int for promotions (as gcc)
        if (fm.m.bitWidth !== undefined && mty.k === 'int' && !mty.isBool && fm.m.bitWidth < 32) mty = T.int
        if (base.ty.const) mty = qualify(mty, { const: true })
        e = { k: 'member', e: base, off: fm.offset, m: fm.m, ty: mty, loc, lv: base.lv || base.k === 'deref' }
        continue
      }
      if (t.v === '++' || t.v === '--') {
        this.i++
        e = this.incdec(e, false, t.v === '++' ? 1 : -1, loc)
        continue
      }
      if (t.v === '(') {
        this.i++
        e = this.call(e, loc)
        continue
      }
      return e
    }
  }

  protected call(fe: Expr, loc: Loc): Expr {
    const args: Expr[] = []
    if (!this.is(')')) {
      while (true) {
        args.push(this.assignExpr())
        if (!this.accept(',')) break
      }
    }
    this.expect(')', "')'")
    const f = this.rv(fe)
    if (f.ty.k !== 'ptr' || f.ty.to.k !== 'func') {
      if (fe.k === 'var') {
        this.error(fe.loc, `called object '${fe.sym.name}' is not a function or function pointer`)
        this.note(fe.sym.loc, 'declared here')
      } else this.error(fe.loc, `called object is not a function or function pointer`)
      return this.num(0, T.int, loc)
    }
    const fty = f.ty.to
    const name = fe.k === 'var' ? fe.sym.name : undefined
    if (fe.k === 'var') this.ref(fe.sym)
    const out: Expr[] = []
    if (fty.params !== null) {
      if (args.length < fty.params.length || (args.length > fty.params.length && !fty.variadic)) {
        this.error(fe.loc, `too ${args.length < fty.params.length ? 'few' : 'many'} arguments to function '${name ?? typeName(f.ty)}'`)
        if (fe.k === 'var') this.note(fe.sym.loc, 'declared here', fe.sym.name.length)
        return this.num(0, fty.ret.k === 'void' ? T.int : fty.ret, loc)
      }
    }
    args.forEach((a, idx) => {
      if (fty.params && idx < fty.params.length) out.push(this.assignConv(a, fty.params[idx], 'passing', a.loc, `${idx + 1} of '${name ?? ''}'`))
      else {
        let r = this.rv(a)
        if (r.ty.k === 'float' && r.ty.size === 4) r = this.cast(r, T.double)
        else if (isInt(r.ty)) r = this.cast(r, promote(r.ty))
        if (r.ty.k === 'void') this.error(a.loc, 'invalid use of void expression')
        out.push(r)
      }
    })
    const ret = unqual(fty.ret)
    let sretSym: Sym | undefined
    if (ret.k === 'struct' && this.fn) {
      sretSym = { name: '__sret', ty: ret, kind: 'local', loc, addrTaken: true }
      this.fn.locals.push(sretSym)
    }
    return { k: 'call', fn: f, args: out, fty, ty: ret, loc, name, sretSym }
  }

  protected stringLit(): { bytes: number[]; text: string; wide: boolean } {
    const bytes: number[] = []
    let wide = false
    while (this.t.k === 'str') {
      const v = this.t.v
      const q = v.indexOf('"')
      if (q > 0 && v[0] !== 'u' || (v[0] === 'u' && v[1] !== '8')) wide = wide || q > 0 && !(v.startsWith('u8'))
      bytes.push(...decodeEscapes(v.slice(q + 1, -1), wide))
      this.i++
    }
    return { bytes, text: String.fromCharCode(...bytes.map((b) => b & 255)), wide }
  }

  protected primary(): Expr {
    const t = this.t
    const loc = this.loc()
    if (t.k === 'num') {
      this.i++
      return this.numberLit(t, loc)
    }
    if (t.k === 'chr') {
      this.i++
      return this.num(charValue(t.v), T.int, loc)
    }
    if (t.k === 'str') {
      const s = this.stringLit()
      if (s.wide) {
        const n = s.bytes.length + 1
        const bytes = new Uint8Array(n * 4)
        const dv = new DataView(bytes.buffer)
        s.bytes.forEach((c, i) => dv.setInt32(i * 4, c, true))
        const lit = { bytes, addr: 0 }
        this.strings.push(lit)
        return { k: 'str', bytes, lit, ty: arrayOf(T.int, n), loc, lv: true }
      }
      const bytes = new Uint8Array(s.bytes.length + 1)
      bytes.set(s.bytes)
      const lit = { bytes, addr: 0 }
      this.strings.push(lit)
      return { k: 'str', bytes, lit, ty: arrayOf(T.char, bytes.length), loc, lv: true }
    }
    if (t.k === 'p' && t.v === '(') {
      this.i++
      if (this.is('{')) {
        if (!this.fn) this.error(loc, 'braced-group within expression allowed only inside a function')
        const blk = this.compound() as Stmt & { k: 'block' }
        this.expect(')', "')'")
        const last = blk.body[blk.body.length - 1]
        const le = last && last.k === 'expr' ? this.rv(last.e) : null
        if (le) blk.body.pop()
        return { k: 'stmtexpr', body: blk.body, last: le, ty: le ? le.ty : T.void, loc }
      }
      const e = this.expr()
      this.expect(')', "')'")
      return e
    }
    if (t.k === 'id' && !KEYWORDS.has(t.v)) {
      this.i++
      switch (t.v) {
        case '__builtin_va_start': {
          this.expect('(')
          const ap = this.assignExpr()
          this.expect(',')
          this.assignExpr()
          this.expect(')')
          if (!this.fn || !this.fn.ty.variadic) this.error(loc, "'va_start' used in function with fixed arguments")
          if (this.fn) this.fn.usesVa = true
          return { k: 'vastart', ap, ty: T.void, loc }
        }
        case '__builtin_va_arg': {
          this.expect('(')
          const ap = this.assignExpr()
          this.expect(',')
          const ty = this.typeName()
          this.expect(')')
          return { k: 'vaarg', ap, ty, loc, lv: false }
        }
        case '__builtin_va_end': {
          this.expect('(')
          const e = this.assignExpr()
          this.expect(')')
          return { k: 'cast', e: this.rv(e), ty: T.void, loc }
        }
        case '__builtin_va_copy': {
          this.expect('(')
          const d = this.assignExpr()
          this.expect(',')
          const s = this.assignExpr()
          this.expect(')')
          return { k: 'vacopy', d, s: this.rv(s), ty: T.void, loc }
        }
        case '__builtin_offsetof': {
          this.expect('(')
          const ty = this.typeName()
          this.expect(',')
          let off = 0
          let cur = ty
          let first = true
          while (true) {
            if (first || this.accept('.')) {
              first = false
              const nt = this.t
              this.i++
              const fm = cur.k === 'struct' ? findMember(cur.def, nt.v) : null
              if (!fm) {
                this.error(this.loc(nt), `'${typeName(cur)}' has no member named '${nt.v}'`)
                break
              }
              off += fm.offset
              cur = fm.m.ty
            } else if (this.accept('[')) {
              const n = this.constInt(this.expr())
              this.expect(']')
              if (cur.k === 'array') {
                off += n * sizeOf(cur.of)
                cur = cur.of
              }
            } else break
          }
          this.expect(')')
          return this.num(off, T.ulong, loc)
        }
        case '__builtin_expect': {
          this.expect('(')
          const e = this.assignExpr()
          this.expect(',')
          this.assignExpr()
          this.expect(')')
          return this.cast(this.rv(e), T.long)
        }
        case '__builtin_unreachable':
        case '__builtin_trap': {
          this.expect('(')
          this.expect(')')
          if (t.v === '__builtin_trap') return this.builtinCall('abort', loc)
          return { k: 'cast', e: this.num(0, T.int, loc), ty: T.void, loc }
        }
        case '__builtin_constant_p': {
          this.expect('(')
          const e = this.assignExpr()
          this.expect(')')
          return this.num(evalConst(e) !== null ? 1 : 0, T.int, loc)
        }
        case '__builtin_types_compatible_p': {
          this.expect('(')
          const a = this.typeName()
          this.expect(',')
          const b = this.typeName()
          this.expect(')')
          return this.num(sameType(unqual(a), unqual(b)) ? 1 : 0, T.int, loc)
        }
        case '__builtin_alloca':
        case 'alloca': {
          if (!this.lookup(t.v)) {
            this.expect('(')
            const e = this.cast(this.rv(this.assignExpr()), T.ulong)
            this.expect(')')
            return { k: 'alloca', size: e, ty: ptrTo(T.void), loc }
          }
        }
      }
      const sym = this.lookup(t.v)
      if (!sym) {
        if (BUILTINS[t.v]) {
          const s = this.declareFunc(t.v, loc, BUILTINS[t.v].ty, false)
          this.ref(s)
          return { k: 'var', sym: s, ty: s.ty, loc }
        }
        if (this.is('(') && LIBC_BUILTINS[t.v] && !this.fileScope.vars.has(t.v)) {
          const b = LIBC_BUILTINS[t.v]
          this.warn(loc, `implicit declaration of function '${t.v}' [-Wimplicit-function-declaration]`, t.v.length)
          const at = this.includeFixitLine(t.file)
          this.diags.add({ file: t.file, line: at, col: 1, len: 1, severity: 'note', message: `include '<${b.header}>' or provide a declaration of '${t.v}'`, func: this.funcName, insert: `#include <${b.header}>` })
          if (b.ty.ret !== T.int || b.ty.variadic) {
            this.warn(loc, `incompatible implicit declaration of built-in function '${t.v}' [-Wbuiltin-declaration-mismatch]`, t.v.length)
            this.note(loc, `include '<${b.header}>' or provide a declaration of '${t.v}'`, 0)
          }
          const s = this.declareFunc(t.v, loc, b.ty, false)
          if (this.scope !== this.fileScope) this.scope.vars.set(t.v, s)
          this.ref(s)
          return { k: 'var', sym: s, ty: s.ty, loc }
        }
        if (this.is('(')) {
          const bname = t.v.startsWith('__builtin_') ? t.v.slice(10) : t.v
          if (!t.v.startsWith('__builtin_')) this.warn(loc, `implicit declaration of function '${t.v}' [-Wimplicit-function-declaration]`, t.v.length)
          const ft: FuncType = { k: 'func', ret: T.int, params: null, variadic: false }
          const existing = this.fileScope.vars.get(bname)
          const s = existing && existing.kind === 'func' ? existing : this.declareFunc(bname, loc, ft, false)
          if (this.scope !== this.fileScope) this.scope.vars.set(t.v, s)
          this.ref(s)
          return { k: 'var', sym: s, ty: s.ty, loc }
        }
        if (!this.undeclared.has(t.v)) {
          this.undeclared.add(t.v)
          if (this.fn) {
            this.error(loc, `'${t.v}' undeclared (first use in this function)`, t.v.length)
            if (!this.notedUndeclared) {
              this.notedUndeclared = true
              this.note(loc, 'each undeclared identifier is reported only once for each function it appears in', 0)
            }
          } else this.error(loc, `'${t.v}' undeclared here (not in a function)`, t.v.length)
        }
        return this.errExpr(loc)
      }
      if (sym.kind === 'enumc') return this.num(sym.value!, T.int, loc)
      if (sym.kind === 'typedef') {
        this.error(loc, `expected expression before '${t.v}'`, t.v.length)
        throw new ParseError()
      }
      this.ref(sym)
      return { k: 'var', sym, ty: sym.ty, loc, lv: sym.kind !== 'func' }
    }
    if (t.k === 'id' && t.v === '_Generic') this.sorry(loc, '_Generic')
    if (t.k === 'eof') this.error(loc, 'expected expression at end of input')
    else this.error(loc, `expected expression before ${this.tokDesc(t)}`, t.k === 'p' ? 1 : t.v.length)
    throw new ParseError()
  }

  protected builtinCall(name: string, loc: Loc): Expr {
    const ft: FuncType = { k: 'func', ret: T.void, params: [], variadic: false }
    const s = this.fileScope.vars.get(name) ?? this.declareFunc(name, loc, ft, false)
    this.ref(s)
    return { k: 'call', fn: { k: 'addr', e: { k: 'var', sym: s, ty: s.ty, loc }, ty: ptrTo(s.ty), loc }, args: [], fty: s.ty as FuncType, ty: T.void, loc, name }
  }

  protected numberLit(t: Token, loc: Loc): Expr {
    const s = t.v
    const p = parseIntLiteral(s)
    if (p) {
      const v = p.value
      const fits = (ty: IntType) => (ty.signed ? v <= (1n << BigInt(ty.size * 8 - 1)) - 1n : v <= (1n << BigInt(ty.size * 8)) - 1n)
      const cands: IntType[] = []
      const dec = p.base === 10
      if (p.long === 0) cands.push(...(p.unsigned ? [T.uint, T.ulong] : dec ? [T.int, T.long] : [T.int, T.uint, T.long, T.ulong]))
      else if (p.long === 1) cands.push(...(p.unsigned ? [T.ulong] : dec ? [T.long] : [T.long, T.ulong]))
      else cands.push(...(p.unsigned ? [T.ullong] : dec ? [T.llong] : [T.llong, T.ullong]))
      let ty = cands.find(fits)
      if (!ty) {
        if (v > 0xffffffffffffffffn) this.warn(loc, 'integer constant is too large for its type')
        else this.warn(loc, 'integer constant is so large that it is unsigned')
        ty = toUnsigned(cands[cands.length - 1])
      }
      const bv = ty.signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)
      return this.num(Number.isSafeInteger(Number(bv)) && (bv >= -(2n ** 53n) + 1n && bv <= 2n ** 53n - 1n) ? Number(bv) : bv, ty, loc)
    }
    const m = /^((?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][+-]?[0-9]+)?|0[xX](?:[0-9a-fA-F]*\.?[0-9a-fA-F]*)[pP][+-]?[0-9]+)([fFlL]?)$/.exec(s)
    if (!m) {
      this.error(loc, `invalid suffix "${s.replace(/^[0-9.xXa-fA-F]*/, '')}" on ${/[.eEpP]/.test(s) && !/^0[xX]/.test(s) ? 'floating' : 'integer'} constant`, s.length)
      return this.num(0, T.int, loc)
    }
    let v: number
    if (/^0[xX]/.test(m[1])) v = parseHexFloat(m[1])
    else v = Number(m[1])
    const suf = m[2].toLowerCase()
    if (suf === 'f') return { k: 'fnum', v: Math.fround(v), ty: T.float, loc }
    return { k: 'fnum', v, ty: suf === 'l' ? T.ldouble : T.double, loc }
  }
}

export function isCharLike(t: CType): boolean {
  return t.k === 'int' && t.size === 1
}

function parseHexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(s)!
  const digits = m[1] + m[2]
  let v = 0
  for (const d of digits) v = v * 16 + parseInt(d, 16)
  return v * Math.pow(2, Number(m[3]) - 4 * m[2].length)
}
