/**
 * Parser and type checker: tokens → typed AST (C99 with common GNU extensions). This file is the
 * top level (the translation unit, declarations, function definitions); the layers below it are
 * parser-base.ts, parser-types.ts, parser-expr.ts and parser-stmt.ts.
 */
import type { Token } from './lexer'
import type { Expr, FuncDef, Loc, Stmt, Sym } from './ast'
import {
  type ArrayType, type CType, type FuncType, T, arrayOf, qualify, sameType, sizeOf, typeName
} from './types'
import { type DeclSpec, ParseError, KEYWORDS } from './parser-base'
import { StmtParser } from './parser-stmt'
import type { ParseResult } from './parser-base'

export { VA_LIST_TYPE, type ParseResult } from './parser-base'

export class Parser extends StmtParser {
  // ---------- top level ----------
  parse(): ParseResult {
    while (this.t.k !== 'eof') {
      const start = this.i
      try {
        this.externalDecl()
      } catch (e) {
        if (!(e instanceof ParseError)) throw e
        this.recoverTop(start)
      }
    }
    for (const g of this.globals) {
      if (g.kind === 'func' && g.used && !g.defined && !g.native) {
        /* link-time check happens in the linker */
      }
    }
    return { globals: this.globals, funcs: this.funcs, strings: this.strings, rootRefs: this.rootRefs }
  }

  protected recoverTop(start: number): void {
    if (this.i === start) this.i++
    let depth = 0
    while (this.t.k !== 'eof') {
      const v = this.t.v
      if (this.t.k === 'p') {
        if (v === '{') depth++
        else if (v === '}') {
          depth--
          if (depth <= 0) {
            this.i++
            if (this.fn) this.endFunction()
            return
          }
        } else if (v === ';' && depth <= 0) {
          this.i++
          return
        }
      }
      this.i++
    }
    if (this.fn) this.endFunction()
  }

  /** the largest aligned(N) seen in attributes since the last takeAlign() */
  protected externalDecl(): void {
    this.skipAttributes()
    if (this.accept(';')) return
    if (this.is('_Static_assert')) return this.staticAssert()
    const startTok = this.t
    if (!this.isTypeStart()) {
      if (this.t.k === 'id' && (this.peekTok().k === 'id' || this.peekTok().v === '*') && !KEYWORDS.has(this.t.v)) {
        this.error(this.loc(), `unknown type name '${this.t.v}'`, this.t.v.length)
        this.i++
        // parse the rest as if int
        const ds: DeclSpec = { ty: T.int, storage: null, inline: false, noTypeGiven: false }
        return this.declRest(ds, true)
      }
      if (this.t.k === 'id' && this.peekTok().v === '(') {
        // implicit int function definition (old style)
        this.warn(this.loc(), `return type defaults to 'int' [-Wimplicit-int]`, this.t.v.length)
        return this.declRest({ ty: T.int, storage: null, inline: false, noTypeGiven: true }, true)
      }
      this.error(this.loc(), `expected identifier or '(' before ${this.tokDesc(this.t)}`, this.t.v.length)
      throw new ParseError()
    }
    const preAlign = this.takeAlign()
    const ds = this.declSpec()
    ds.align = Math.max(ds.align ?? 0, preAlign)
    void startTok
    if (this.accept(';')) return
    if (this.tagDefinedAt === this.i - 1 && this.isTypeStart()) {
      // "struct s { … }" followed by another declaration: the ';' is missing
      this.error(this.loc(), `expected ';', identifier or '(' before ${this.tokDesc(this.t)}`, this.t.v.length)
      return
    }
    this.declRest(ds, true)
  }

  protected declRest(ds: DeclSpec, top: boolean): void {
    let first = true
    while (true) {
      this.pendingAlign = 0
      const d = this.declarator(ds.ty)
      this.skipAttributes()
      const align = Math.max(ds.align ?? 0, this.takeAlign())
      if (top && first && d.ty.k === 'func' && this.is('{')) {
        this.functionDef(d.name!, d.nameTok!, d.ty, ds, d.paramSyms)
        return
      }
      first = false
      if (!d.name) {
        this.error(this.loc(), 'expected identifier or \'(\' before ' + this.tokDesc(this.t))
        throw new ParseError()
      }
      this.declareName(ds, d.name, d.nameTok!, d.ty, top, undefined, align)
      if (!this.accept(',')) break
    }
    if (!this.is(';')) this.expectedBefore("',' or ';'")
    this.i++
  }

  /** Declares one declarator (and parses its initializer). Returns the statement for locals. */
  protected declareName(ds: DeclSpec, name: string, nameTok: Token, ty: CType, top: boolean, out?: Stmt[], align = 0): void {
    const loc = this.loc(nameTok)
    if (ds.storage === 'typedef') {
      const prev = this.scope.vars.get(name)
      if (prev && prev.kind === 'typedef' && !sameType(prev.ty, ty)) this.error(loc, `conflicting types for '${name}'`, name.length)
      this.scope.vars.set(name, { name, ty, kind: 'typedef', loc })
      return
    }
    if (ty.k === 'func') {
      this.declareFunc(name, loc, ty, ds.storage === 'static')
      return
    }
    const isGlobal = top || ds.storage === 'static' || ds.storage === 'extern'
    if (isGlobal) {
      let sym = top || ds.storage === 'extern' ? this.fileScope.vars.get(name) : undefined
      if (ds.storage === 'extern' && !top) {
        // block-scope extern: refer to the file-scope object
        if (!sym) {
          sym = { name, ty, kind: 'global', loc, isExtern: true, native: this.nativeData.has(name) }
          this.fileScope.vars.set(name, sym)
          this.globals.push(sym)
        }
        this.scope.vars.set(name, sym)
        if (this.is('=')) this.error(this.loc(), `'${name}' has both 'extern' and initializer`)
        return
      }
      if (sym && top && sym.kind === 'global') {
        if (!sameType(sym.ty, ty)) {
          if (sym.ty.k === 'array' && ty.k === 'array' && sameType(sym.ty.of, ty.of)) {
            if (ty.len !== null) sym.ty = ty
          } else {
            this.error(loc, `conflicting types for '${name}'; have '${typeName(ty)}'`, name.length)
            this.note(sym.loc, `previous declaration of '${name}' with type '${typeName(sym.ty)}'`, name.length)
          }
        }
        if (ds.storage !== 'extern') sym.isExtern = false
      } else if (sym && top) {
        this.error(loc, `'${name}' redeclared as different kind of symbol`, name.length)
        return
      } else {
        const mangled = top ? name : `${name}.${++this.staticId}`
        sym = { name: mangled, ty, kind: 'global', loc, isStatic: ds.storage === 'static', isExtern: ds.storage === 'extern', native: ds.storage === 'extern' && this.nativeData.has(name) }
        if (top) this.fileScope.vars.set(name, sym)
        else this.scope.vars.set(name, sym)
        this.globals.push(sym)
      }
      if (align > (sym.align ?? 0)) sym.align = align
      if (this.accept('=')) {
        if (sym.defined && sym.init) this.error(loc, `redefinition of '${name}'`, name.length)
        const raw = this.initializer()
        sym.init = this.flattenInit(sym, raw)
        sym.defined = true
        sym.isExtern = false
      } else if (ds.storage !== 'extern') sym.defined = true
      return
    }
    // local
    if (this.scope.vars.has(name)) {
      const prev = this.scope.vars.get(name)!
      this.error(loc, `redeclaration of '${name}' with no linkage`, name.length)
      this.note(prev.loc, `previous declaration of '${name}' with type '${typeName(prev.ty)}'`, name.length)
    }
    const sym: Sym = { name, ty, kind: 'local', loc }
    if (align > 0) {
      sym.align = align
      sym.addrTaken = true
    }
    if (align > 16 && !(ty.k === 'array' && ty.vla)) {
      // over-aligned local: allocated on the stack at its declaration, like a VLA of fixed size
      sym.dyn = true
      this.scope.vars.set(name, sym)
      this.fn!.locals.push(sym)
      out?.push({ k: 'vla', sym, len: this.num(1, T.long, loc), elem: Math.max(1, sizeOf(ty)), align, loc })
      if (this.accept('=')) {
        const raw = this.initializer()
        const init = this.flattenInit(sym, raw)
        out?.push({ k: 'decl', sym, init, zero: true, loc })
      }
      return
    }
    if (ty.k === 'array' && ty.vla) {
      if (ty.of.k === 'array' && ty.of.vla) this.sorry(loc, 'multi-dimensional variable-length arrays')
      sym.addrTaken = true
      this.scope.vars.set(name, sym)
      this.fn!.locals.push(sym)
      const size: Sym = { name: `__vla_size_${name}`, ty: T.ulong, kind: 'local', loc }
      this.fn!.locals.push(size)
      sym.vlaSize = size
      out?.push({ k: 'vla', sym, len: (ty as ArrayType & { lenExpr?: Expr }).lenExpr!, elem: sizeOf(ty.of), loc })
      return
    }
    if (ty.k === 'array' || ty.k === 'struct') sym.addrTaken = true
    if (ty.k === 'void') this.error(loc, `variable or field '${name}' declared void`, name.length)
    this.scope.vars.set(name, sym)
    this.fn!.locals.push(sym)
    if (this.accept('=')) {
      const raw = this.initializer()
      const init = this.flattenInit(sym, raw)
      out?.push({ k: 'decl', sym, init, zero: raw.k === 'list' || sym.ty.k === 'array', loc })
    } else {
      if (sizeOf(ty) === 0 && ty.k !== 'array') this.error(loc, `storage size of '${name}' isn't known`, name.length)
      out?.push({ k: 'decl', sym, init: null, zero: false, loc })
    }
  }

  protected declareFunc(name: string, loc: Loc, ty: FuncType, isStatic: boolean): Sym {
    const prev = this.fileScope.vars.get(name)
    if (prev) {
      if (prev.kind !== 'func') {
        this.error(loc, `'${name}' redeclared as different kind of symbol`, name.length)
        return prev
      }
      if (!sameType(prev.ty, ty)) {
        this.error(loc, `conflicting types for '${name}'; have '${typeName(ty)}'`, name.length)
        this.note(prev.loc, `previous declaration of '${name}' with type '${typeName(prev.ty)}'`, name.length)
      } else if ((prev.ty as FuncType).params === null && ty.params !== null) prev.ty = ty
      if (this.scope !== this.fileScope) this.scope.vars.set(name, prev)
      return prev
    }
    const sym: Sym = { name, ty, kind: 'func', loc, isStatic }
    this.fileScope.vars.set(name, sym)
    if (this.scope !== this.fileScope) this.scope.vars.set(name, sym)
    this.globals.push(sym)
    return sym
  }

  protected functionDef(name: string, nameTok: Token, ty: FuncType, ds: DeclSpec, paramSyms: Sym[] | undefined): void {
    const sym = this.declareFunc(name, this.loc(nameTok), ty, ds.storage === 'static')
    if (sym.defined) {
      this.error(this.loc(nameTok), `redefinition of '${name}'`, name.length)
      this.note(sym.loc, `previous definition of '${name}' with type '${typeName(sym.ty)}'`, name.length)
    }
    sym.defined = true
    sym.ty = ty
    sym.loc = this.loc(nameTok)
    const fn: FuncDef = { sym, ty, params: [], body: { k: 'empty', loc: this.loc() }, locals: [], labels: new Set(), usesVa: false, refs: new Set() }
    sym.fn = fn
    this.fn = fn
    this.funcName = name
    this.undeclared = new Set()
    this.notedUndeclared = false
    this.gotos = []
    this.push()
    const fnameSym: Sym = { name: '__func__', ty: arrayOf(qualify(T.char, { const: true }), name.length + 1), kind: 'global', loc: sym.loc, isStatic: true, defined: true }
    const fnameStr = this.internString(name)
    fnameSym.init = [{ off: 0, ty: fnameSym.ty, e: { k: 'str', bytes: fnameStr.bytes, lit: fnameStr, ty: arrayOf(T.char, name.length + 1), loc: sym.loc } }]
    fnameSym.name = `__func__.${++this.staticId}`
    this.globals.push(fnameSym)
    this.scope.vars.set('__func__', fnameSym)
    this.scope.vars.set('__FUNCTION__', fnameSym)
    this.scope.vars.set('__PRETTY_FUNCTION__', fnameSym)
    for (const p of paramSyms ?? []) {
      if (!p.name) continue
      const ps: Sym = { ...p, kind: 'local', isParam: true }
      if (ps.ty.k === 'struct') ps.addrTaken = true
      this.scope.vars.set(p.name, ps)
      fn.params.push(ps)
      fn.locals.push(ps)
    }
    if (ty.params && paramSyms && paramSyms.some((p) => !p.name) && ty.params.length > 0) {
      const unnamed = paramSyms.find((p) => !p.name)!
      this.error(unnamed.loc, 'parameter name omitted')
    }
    try {
      fn.body = this.compound(false)
    } finally {
      this.endFunction()
    }
    for (const g of this.gotos) if (!fn.labels.has(g.label)) this.error(this.loc(g.tok), `label '${g.label}' used but not defined`, g.label.length)
    this.funcs.push(fn)
  }

  protected endFunction(): void {
    if (this.fn) {
      while (this.scope !== this.fileScope) this.pop()
      this.fn = null
    }
  }

}
