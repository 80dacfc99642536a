/** Parser and type checker: tokens → typed AST (C99 with common GNU extensions). */
import type { Token } from './lexer'
import { type Diagnostics, CompileAbort } from './diag'
import type { Expr, FuncDef, InitEntry, Loc, RoString, Stmt, Sym, Value } from './ast'
import {
  type ArrayType, type CType, type FuncType, type IntType, type StructDef, type StructType,
  T, alignOf, arrayOf, findMember, isArith, isInt, isScalar, layoutStruct, promote, ptrTo, qualify, sameType, sizeOf, typeName, unqual, usualArith, toUnsigned
} from './types'
import { charValue, decodeEscapes, parseIntLiteral } from './preprocess'
import { evalConst } from './consteval'
import { BUILTINS } from './builtins'
import { LIBC_BUILTINS } from './libcbuiltins'

class ParseError extends Error {}

interface Scope {
  vars: Map<string, Sym>
  tags: Map<string, CType>
  parent: Scope | null
}

interface DeclSpec {
  ty: CType
  storage: 'typedef' | 'extern' | 'static' | 'auto' | 'register' | null
  inline: boolean
  noTypeGiven: boolean
  /** _Alignas / __attribute__((aligned)) in the specifiers */
  align?: number
}

type RawInit = { k: 'expr'; e: Expr; loc: Loc } | { k: 'list'; items: { des: Desig[]; v: RawInit }[]; loc: Loc }
type Desig = { k: 'idx'; v: number; hi?: number } | { k: 'mem'; name: string; tok: Token }

const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long',
  'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Bool',
  '_Complex', '_Imaginary', '_Alignas', '_Alignof', '_Atomic', '_Generic', '_Noreturn', '_Static_assert', '_Thread_local', '__attribute__', 'typeof', 'asm', '__thread'
])
const TYPE_KW = new Set([
  'void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', 'struct', 'union', 'enum', 'const', 'volatile', 'restrict', 'typedef', 'extern',
  'static', 'auto', 'register', 'inline', '_Noreturn', '_Alignas', '_Atomic', '__attribute__', 'typeof', '_Thread_local', '__thread', '_Complex', '__builtin_va_list', '__int128'
])

export const VA_LIST_TYPE: CType = ptrTo(T.void)

export interface ParseResult {
  globals: Sym[]
  funcs: FuncDef[]
  strings: RoString[]
  /** symbols referenced outside any function (global initializers) */
  rootRefs: Set<Sym>
}

export class Parser {
  private i = 0
  private scope: Scope = { vars: new Map(), tags: new Map(), parent: null }
  private fileScope = this.scope
  globals: Sym[] = []
  funcs: FuncDef[] = []
  strings: RoString[] = []
  private fn: FuncDef | null = null
  private undeclared = new Set<string>()
  private notedUndeclared = false
  private switches: { cases: { v: Value; id: number }[]; def: number | null; ty: CType }[] = []
  private loops = 0
  private caseId = 0
  private staticId = 0
  private gotos: { label: string; tok: Token }[] = []
  private funcName = ''
  private rootRefs = new Set<Sym>()
  /** index of the '}' that closed the last struct/union/enum body */
  private tagDefinedAt = -1

  /** records a reference to a global symbol from the current function (or file scope) */
  private ref(s: Sym): void {
    s.used = true
    if (s.kind !== 'func' && s.kind !== 'global') return
    if (this.fn) this.fn.refs.add(s)
    else this.rootRefs.add(s)
  }

  constructor(
    private toks: Token[],
    private diags: Diagnostics,
    private nativeData: Set<string> = new Set(),
    /** last #include line of each file (for gcc's "include '<stdio.h>'" fix-it note) */
    private includeLines: Map<string, number> = new Map()
  ) {
    // gcc's extended floating types, as glibc's headers use them (computed as double)
    const at: Loc = { file: '<built-in>', line: 0, col: 0 }
    for (const [n, ty] of [['_Float32', T.float], ['_Float64', T.double], ['_Float32x', T.double], ['_Float64x', T.ldouble], ['_Float128', T.ldouble], ['__float128', T.ldouble]] as const)
      this.fileScope.vars.set(n, { name: n, ty, kind: 'typedef', loc: at })
  }

  // ---------- token helpers ----------
  private get t(): Token {
    return this.toks[this.i]
  }
  private peekTok(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]
  }
  private is(v: string): boolean {
    const t = this.toks[this.i]
    return t.v === v && (t.k === 'p' || t.k === 'id')
  }
  private accept(v: string): boolean {
    if (this.is(v)) {
      this.i++
      return true
    }
    return false
  }
  private loc(t: Token = this.t): Loc {
    return { file: t.file, line: t.line, col: t.col }
  }
  private tokDesc(t: Token): string {
    if (t.k === 'eof') return 'end of input'
    if (t.k === 'p') return `'${t.v}' token`
    if (t.k === 'num') return 'numeric constant'
    if (t.k === 'str') return 'string constant'
    if (t.k === 'chr') return 'character constant'
    return `'${t.v}'`
  }
  private expect(v: string, what = `'${v}'`): Token {
    if (this.is(v)) return this.toks[this.i++]
    this.expectedBefore(what)
  }
  private expectedBefore(what: string): never {
    const t = this.t
    const prev = this.toks[this.i - 1]
    if (prev && (what === "';'" || what === "',' or ';'" || what === "')'" || what === "']'")) {
      // gcc points just after the previous token
      this.error({ file: prev.file, line: prev.line, col: prev.col + prev.v.length }, `expected ${what} before ${this.tokDesc(t)}`)
    } else this.error(this.loc(t), `expected ${what} before ${this.tokDesc(t)}`, t.v.length)
    throw new ParseError()
  }
  error(loc: Loc, message: string, len = 1): void {
    this.diags.add({ file: loc.file, line: loc.line, col: loc.col, len, severity: 'error', message, func: this.fn ? this.funcName : undefined })
  }
  warn(loc: Loc, message: string, len = 1): void {
    this.diags.add({ file: loc.file, line: loc.line, col: loc.col, len, severity: 'warning', message, func: this.fn ? this.funcName : undefined })
  }
  private note(loc: Loc, message: string, len = 1): void {
    this.diags.add({ file: loc.file, line: loc.line, col: loc.col, len, severity: 'note', message, func: this.fn ? this.funcName : undefined })
  }
  private sorry(loc: Loc, what: string): never {
    this.error(loc, `sorry, unimplemented: ${what}`)
    throw new ParseError()
  }

  // ---------- scopes ----------
  private push(): void {
    this.scope = { vars: new Map(), tags: new Map(), parent: this.scope }
  }
  private pop(): void {
    this.scope = this.scope.parent!
  }
  private lookup(name: string): Sym | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name)
      if (v) return v
    }
    return undefined
  }
  private lookupTag(name: string): CType | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.tags.get(name)
      if (v) return v
    }
    return undefined
  }
  private isTypedefName(t: Token): boolean {
    if (t.k !== 'id') return false
    const s = this.lookup(t.v)
    return !!s && s.kind === 'typedef'
  }
  private isTypeStart(t: Token = this.t): boolean {
    if (t.k !== 'id') return false
    return TYPE_KW.has(t.v) || this.isTypedefName(t)
  }

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

  private recoverTop(start: number): void {
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
  private pendingAlign = 0
  private takeAlign(): number {
    const a = this.pendingAlign
    this.pendingAlign = 0
    return a
  }

  private skipAttributes(): void {
    while (true) {
      if (this.is('__attribute__') || this.is('__attribute')) {
        this.i++
        const st = this.i
        this.skipParens()
        const end = this.i
        for (let j = st; j < end; j++) {
          const v = this.toks[j].v
          if ((v === 'aligned' || v === '__aligned__') && this.toks[j].k === 'id') {
            let al = 16
            if (this.toks[j + 1]?.v === '(') {
              const save = this.i
              this.i = j + 2
              try {
                al = this.constInt(this.condExpr())
              } catch {
                al = 16
              }
              this.i = save
            }
            if (al > 0 && (al & (al - 1)) === 0) this.pendingAlign = Math.max(this.pendingAlign, al)
            else this.error(this.loc(this.toks[j]), 'requested alignment is not a positive power of 2')
          }
        }
      } else if (this.is('asm') || this.is('__asm__')) {
        this.i++
        while (this.is('volatile') || this.is('goto') || this.is('inline')) this.i++
        this.skipParens()
      } else if (this.is('__extension__')) this.i++
      else return
    }
  }
  /** skips attributes; true if one of them was packed */
  private skipAttributesPacked(): boolean {
    const st = this.i
    this.skipAttributes()
    for (let j = st; j < this.i; j++) if (this.toks[j].v === 'packed' || this.toks[j].v === '__packed__') return true
    return false
  }
  private skipParens(): void {
    this.expect('(')
    let d = 1
    while (d > 0 && this.t.k !== 'eof') {
      if (this.is('(')) d++
      else if (this.is(')')) d--
      this.i++
    }
  }

  private externalDecl(): void {
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

  private staticAssert(): void {
    const at = this.t
    this.i++
    this.expect('(')
    const e = this.condExpr()
    let msg = ''
    if (this.accept(',')) msg = this.stringLit().text
    this.expect(')')
    this.expect(';')
    const v = this.constInt(e)
    if (v === 0) this.error(this.loc(at), `static assertion failed: "${msg}"`)
  }

  /** Declarators after the specifiers; at file scope may be a function definition. */
  private declRest(ds: DeclSpec, top: boolean): void {
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
  private declareName(ds: DeclSpec, name: string, nameTok: Token, ty: CType, top: boolean, out?: Stmt[], align = 0): void {
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

  private declareFunc(name: string, loc: Loc, ty: FuncType, isStatic: boolean): Sym {
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

  private functionDef(name: string, nameTok: Token, ty: FuncType, ds: DeclSpec, paramSyms: Sym[] | undefined): void {
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

  private endFunction(): void {
    if (this.fn) {
      while (this.scope !== this.fileScope) this.pop()
      this.fn = null
    }
  }

  // ---------- declaration specifiers ----------
  private declSpec(allowStorage = true): DeclSpec {
    this.pendingAlign = 0
    let storage: DeclSpec['storage'] = null
    let inline = false
    let isConst = false
    let isVolatile = false
    let base: CType | null = null
    const counts: Record<string, number> = {}
    let any = false
    const startTok = this.t
    while (true) {
      const t = this.t
      if (t.k !== 'id') break
      const v = t.v
      if (v === 'typedef' || v === 'extern' || v === 'static' || v === 'auto' || v === 'register') {
        if (!allowStorage) {
          this.error(this.loc(), `storage class specified for parameter`)
        }
        if (storage && storage !== v) this.error(this.loc(), 'multiple storage classes in declaration specifiers')
        storage = v
        this.i++
        any = true
        continue
      }
      if (v === '_Thread_local' || v === '__thread') {
        this.i++
        continue
      }
      if (v === 'inline' || v === '_Noreturn') {
        inline = true
        this.i++
        continue
      }
      if (v === 'const') {
        isConst = true
        this.i++
        any = true
        continue
      }
      if (v === 'volatile') {
        isVolatile = true
        this.i++
        any = true
        continue
      }
      if (v === 'restrict' || v === '_Atomic' || v === '_Complex') {
        if (v === '_Complex') this.sorry(this.loc(), '_Complex types')
        this.i++
        continue
      }
      if (v === '__attribute__' || v === '__extension__' || v === 'asm') {
        this.skipAttributes()
        continue
      }
      if (v === '_Alignas') {
        this.i++
        this.expect('(')
        const al = this.isTypeStart() ? alignOf(this.typeName()) : this.constInt(this.condExpr())
        this.expect(')')
        if (al > 0 && (al & (al - 1)) === 0) this.pendingAlign = Math.max(this.pendingAlign, al)
        continue
      }
      if (v === 'struct' || v === 'union') {
        if (base || Object.keys(counts).length) this.error(this.loc(), 'two or more data types in declaration specifiers')
        base = this.structSpec()
        any = true
        continue
      }
      if (v === 'enum') {
        if (base || Object.keys(counts).length) this.error(this.loc(), 'two or more data types in declaration specifiers')
        base = this.enumSpec()
        any = true
        continue
      }
      if (v === 'typeof') {
        this.i++
        this.expect('(')
        if (this.isTypeStart()) base = this.typeName()
        else base = this.expr().ty
        this.expect(')')
        any = true
        continue
      }
      if (v === '__builtin_va_list') {
        base = VA_LIST_TYPE
        this.i++
        any = true
        continue
      }
      if (['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', '__int128'].includes(v)) {
        if (v === '__int128') this.sorry(this.loc(), '__int128')
        if (base && this.tagDefinedAt === this.i - 1) break // "struct s { … }" missing its ';'
        if (base) this.error(this.loc(), 'two or more data types in declaration specifiers')
        counts[v] = (counts[v] ?? 0) + 1
        this.i++
        any = true
        continue
      }
      if (!base && Object.keys(counts).length === 0 && this.isTypedefName(t)) {
        base = this.lookup(v)!.ty
        this.i++
        any = true
        continue
      }
      break
    }
    let ty: CType
    let noTypeGiven = false
    if (base) ty = base
    else {
      const c = (k: string) => counts[k] ?? 0
      const key = Object.keys(counts).sort().map((k) => k + c(k)).join(' ')
      const unsigned = c('unsigned') > 0
      if (c('void')) ty = T.void
      else if (c('_Bool')) ty = T.bool
      else if (c('char')) ty = unsigned ? T.uchar : c('signed') ? T.schar : T.char
      else if (c('short')) ty = unsigned ? T.ushort : T.short
      else if (c('long') >= 2) ty = unsigned ? T.ullong : T.llong
      else if (c('long') && c('double')) ty = T.ldouble
      else if (c('long')) ty = unsigned ? T.ulong : T.long
      else if (c('float')) ty = T.float
      else if (c('double')) ty = T.double
      else if (c('int') || c('signed') || unsigned) ty = unsigned ? T.uint : T.int
      else {
        ty = T.int
        noTypeGiven = true
        if (!any) {
          this.error(this.loc(startTok), `expected declaration specifiers before ${this.tokDesc(startTok)}`)
          throw new ParseError()
        }
        this.warn(this.loc(startTok), "type defaults to 'int' in declaration of variable [-Wimplicit-int]")
      }
      void key
    }
    const align = this.takeAlign()
    return { ty: qualify(ty, { const: isConst, volatile: isVolatile }), storage, inline, noTypeGiven, align }
  }

  private structSpec(): CType {
    const isUnion = this.t.v === 'union'
    this.i++
    this.pendingAlign = 0
    let packed = this.skipAttributesPacked()
    let structAlign = this.takeAlign()
    let tag: string | null = null
    const tagTok = this.t
    if (this.t.k === 'id' && !this.is('{')) {
      tag = this.t.v
      this.i++
    }
    packed = this.skipAttributesPacked() || packed
    structAlign = Math.max(structAlign, this.takeAlign())
    if (!this.is('{')) {
      if (!tag) {
        this.error(this.loc(), `expected '{' before ${this.tokDesc(this.t)}`)
        throw new ParseError()
      }
      const found = this.lookupTag(tag)
      if (found && !(this.is(';') && this.scope.tags.get(tag) !== found)) {
        if (found.k !== 'struct' || found.def.union !== isUnion) this.error(this.loc(tagTok), `'${tag}' defined as wrong kind of tag`)
        return found
      }
      const def: StructDef = { tag, union: isUnion, members: [], size: 0, align: 1, complete: false }
      const ty: StructType = { k: 'struct', def }
      this.scope.tags.set(tag, ty)
      return ty
    }
    this.i++
    let ty: StructType
    const existing = tag ? this.scope.tags.get(tag) : undefined
    if (existing && existing.k === 'struct' && !existing.def.complete) ty = existing
    else {
      if (existing && existing.k === 'struct' && existing.def.complete) this.error(this.loc(tagTok), `redefinition of '${isUnion ? 'union' : 'struct'} ${tag}'`)
      ty = { k: 'struct', def: { tag, union: isUnion, members: [], size: 0, align: 1, complete: false } }
      if (tag) this.scope.tags.set(tag, ty)
    }
    const members: { name: string | null; ty: CType; bitWidth?: number; align?: number }[] = []
    while (!this.is('}')) {
      if (this.t.k === 'eof') this.expectedBefore("'}'")
      if (this.accept(';')) continue
      if (this.is('_Static_assert')) {
        this.staticAssert()
        continue
      }
      const ds = this.declSpec(false)
      if (this.accept(';')) {
        if (ds.ty.k === 'struct' && !ds.ty.def.tag) members.push({ name: null, ty: ds.ty })
        else if (ds.ty.k === 'struct') members.push({ name: null, ty: ds.ty })
        continue
      }
      while (true) {
        let name: string | null = null
        let mty = ds.ty
        this.pendingAlign = 0
        if (!this.is(':')) {
          const d = this.declarator(ds.ty)
          name = d.name
          mty = d.ty
        }
        this.skipAttributes()
        const malign = Math.max(ds.align ?? 0, this.takeAlign())
        if (this.accept(':')) {
          const w = this.constInt(this.condExpr())
          if (mty.k !== 'int') this.error(this.loc(), `bit-field '${name}' has invalid type`)
          members.push({ name, ty: mty, bitWidth: w })
        } else {
          if (mty.k === 'struct' && !mty.def.complete) this.error(this.loc(), `field '${name}' has incomplete type`)
          members.push({ name, ty: mty, align: malign || undefined })
        }
        this.skipAttributes()
        if (!this.accept(',')) break
      }
      if (!this.is(';')) this.expectedBefore("';'")
      this.i++
    }
    this.i++
    this.tagDefinedAt = this.i - 1
    this.pendingAlign = 0
    packed = this.skipAttributesPacked() || packed
    structAlign = Math.max(structAlign, this.takeAlign())
    layoutStruct(ty.def, members, packed)
    if (structAlign > ty.def.align) {
      ty.def.align = structAlign
      ty.def.size = Math.ceil(ty.def.size / structAlign) * structAlign
    }
    return ty
  }

  private enumSpec(): CType {
    this.i++
    this.skipAttributes()
    let tag: string | null = null
    if (this.t.k === 'id') {
      tag = this.t.v
      this.i++
    }
    if (!this.is('{')) {
      if (!tag) this.expectedBefore("'{'")
      const found = this.lookupTag(tag!)
      if (found) return found
      const ty: IntType = { ...T.uint, isEnum: true, name: tag! }
      this.scope.tags.set(tag!, ty)
      return ty
    }
    this.i++
    let val = 0
    const consts: Sym[] = []
    while (!this.is('}')) {
      const nt = this.t
      if (nt.k !== 'id') this.expectedBefore('identifier')
      this.i++
      this.skipAttributes()
      if (this.accept('=')) val = this.constInt(this.condExpr())
      const s: Sym = { name: nt.v, ty: T.int, kind: 'enumc', loc: this.loc(nt), value: val }
      if (this.scope.vars.has(nt.v)) this.error(this.loc(nt), `redeclaration of enumerator '${nt.v}'`)
      this.scope.vars.set(nt.v, s)
      consts.push(s)
      val = (val + 1) | 0
      if (!this.accept(',')) break
    }
    this.expect('}')
    this.tagDefinedAt = this.i - 1
    const neg = consts.some((c) => c.value! < 0)
    const ty: IntType = { ...(neg ? T.int : T.uint), isEnum: true, name: tag ?? '<anonymous>' }
    if (tag) this.scope.tags.set(tag, ty)
    return ty
  }

  // ---------- declarators ----------
  private declarator(base: CType, abstract = false): { name: string | null; nameTok: Token | null; ty: CType; paramSyms?: Sym[] } {
    let ty = base
    while (this.accept('*')) {
      ty = ptrTo(ty)
      while (true) {
        if (this.accept('const')) ty = qualify(ty, { const: true })
        else if (this.accept('volatile')) ty = qualify(ty, { volatile: true })
        else if (this.accept('restrict') || this.accept('_Atomic')) continue
        else if (this.is('__attribute__')) this.skipAttributes()
        else break
      }
    }
    this.skipAttributes()
    if (this.is('(') && !this.isTypeStart(this.peekTok()) && !this.peekTok().v.startsWith(')')) {
      // nested declarator: parse it later with the suffixed type
      const start = this.i
      this.i++
      let d = 1
      while (d > 0 && this.t.k !== 'eof') {
        if (this.is('(')) d++
        else if (this.is(')')) d--
        this.i++
      }
      const suffix = this.typeSuffix(ty)
      const end = this.i
      this.i = start + 1
      const inner = this.declarator(suffix.ty, abstract)
      this.expect(')')
      this.i = end
      return { ...inner, paramSyms: inner.paramSyms ?? suffix.paramSyms }
    }
    let name: string | null = null
    let nameTok: Token | null = null
    if (this.t.k === 'id' && !KEYWORDS.has(this.t.v)) {
      nameTok = this.t
      name = this.t.v
      this.i++
    } else if (!abstract && !this.is('(') && !this.is('[')) {
      // leave the error to the caller
    }
    const suf = this.typeSuffix(ty)
    return { name, nameTok, ty: suf.ty, paramSyms: suf.paramSyms }
  }

  private typeSuffix(ty: CType): { ty: CType; paramSyms?: Sym[] } {
    if (this.is('(')) {
      this.i++
      const { params, variadic, syms } = this.paramList()
      const rest = this.typeSuffix(ty)
      if (rest.ty.k === 'func') this.error(this.loc(), 'function returning a function')
      if (rest.ty.k === 'array') this.error(this.loc(), 'function returning an array')
      const ft: FuncType = { k: 'func', ret: rest.ty, params, variadic, paramNames: syms.map((s) => s.name || null) }
      return { ty: ft, paramSyms: syms }
    }
    if (this.is('[')) {
      const at = this.t
      this.i++
      while (this.accept('static') || this.accept('const') || this.accept('restrict') || this.accept('volatile'));
      let len: number | null = null
      let lenExpr: Expr | null = null
      if (!this.is(']')) {
        if (this.is('*')) this.i++
        else {
          const e = this.assignExpr()
          const c = isInt(e.ty) ? evalConst(e) : null
          if (c === null) {
            if (!isInt(e.ty)) this.error(this.loc(at), 'size of array has non-integer type')
            lenExpr = e
          } else {
            len = Number(c)
            if (len < 0) this.error(this.loc(at), 'size of array is negative')
          }
        }
      }
      this.expect(']', "']'")
      const rest = this.typeSuffix(ty)
      if (rest.ty.k === 'struct' && !rest.ty.def.complete) this.error(this.loc(at), 'array type has incomplete element type')
      const at2: ArrayType & { lenExpr?: Expr } = arrayOf(rest.ty, len)
      if (lenExpr) {
        at2.vla = true
        at2.lenExpr = lenExpr
      }
      return { ty: at2 }
    }
    return { ty }
  }

  private paramList(): { params: CType[] | null; variadic: boolean; syms: Sym[] } {
    if (this.accept(')')) return { params: null, variadic: false, syms: [] }
    if (this.is('void') && this.peekTok().v === ')') {
      this.i += 2
      return { params: [], variadic: false, syms: [] }
    }
    const params: CType[] = []
    const syms: Sym[] = []
    let variadic = false
    this.push()
    try {
      while (true) {
        if (this.accept('...')) {
          variadic = true
          break
        }
        if (!this.isTypeStart()) {
          if (this.t.k === 'id') {
            // K&R identifier list or unknown type
            if (this.peekTok().v === ',' || this.peekTok().v === ')') this.sorry(this.loc(), 'old-style (K&R) parameter declarations')
            this.error(this.loc(), `unknown type name '${this.t.v}'`, this.t.v.length)
            this.i++
          } else this.expectedBefore('declaration specifiers or \'...\'')
        }
        const st = this.t
        const ds = this.t.k === 'id' && !this.isTypeStart() ? { ty: T.int, storage: null, inline: false, noTypeGiven: true } : this.declSpec()
        const d = this.declarator(ds.ty, true)
        this.skipAttributes()
        let pty = d.ty
        if (pty.k === 'array') pty = qualify(ptrTo(pty.of), { const: pty.const })
        else if (pty.k === 'func') pty = ptrTo(pty)
        params.push(pty)
        const s: Sym = { name: d.name ?? '', ty: pty, kind: 'local', loc: this.loc(d.nameTok ?? st) }
        syms.push(s)
        if (d.name) this.scope.vars.set(d.name, s)
        if (!this.accept(',')) break
      }
    } finally {
      this.pop()
    }
    this.expect(')', "')'")
    return { params, variadic, syms }
  }

  typeName(): CType {
    const ds = this.declSpec()
    return this.declarator(ds.ty, true).ty
  }

  // ---------- initializers ----------
  private initializer(): RawInit {
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

  private flattenInit(sym: Sym, raw: RawInit): InitEntry[] {
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

  private initAt(ty: CType, off: number, raw: RawInit, out: InitEntry[], member?: { bitOff?: number; bitWidth?: number }): void {
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

  private fillList(ty: CType, off: number, items: { des: Desig[]; v: RawInit }[], cur: { i: number }, out: InitEntry[], braced: boolean, max?: { n: number }): void {
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

  private elemInit(ty: CType, off: number, items: { des: Desig[]; v: RawInit }[], cur: { i: number }, out: InitEntry[], member?: { bitOff?: number; bitWidth?: number }): void {
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

  private initDesig(ty: CType, off: number, des: Desig[], v: RawInit, out: InitEntry[]): void {
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
  private compound(newScope = true): Stmt {
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

  private recoverStmt(start: number): void {
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

  private blockItem(out: Stmt[]): void {
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

  private localDecl(out: Stmt[]): void {
    const ds = this.declSpec()
    if (this.accept(';')) return
    this.declLocalRest(ds, out)
  }

  private declLocalRest(ds: DeclSpec, out: Stmt[]): void {
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

  private stmt(): Stmt {
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

  private stmtScoped(): Stmt {
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

  // ---------- expression helpers ----------
  /** gcc's fix-it location for a missing #include: after the last #include of the file, else line 1 */
  private includeFixitLine(file: string): number {
    return (this.includeLines.get(file) ?? 0) + 1
  }

  /** the value of an erroneous expression: an lvalue so that no follow-up error cascades */
  private errExpr(loc: Loc): Expr {
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

  private markAddr(e: Expr): void {
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

  private isNullConst(e: Expr): boolean {
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
  private cond(e: Expr): Expr {
    const r = this.rv(e)
    if (!isScalar(r.ty)) this.error(e.loc, `used ${r.ty.k === 'struct' ? 'struct' : 'void'} type value where scalar is required`)
    return r
  }

  private internString(s: string): RoString {
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

  private checkModifiable(l: Expr, loc: Loc): void {
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

  private condType(a: Expr, b: Expr, loc: Loc): CType {
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

  private static PREC: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 }

  private binExpr(minp: number): Expr {
    let l = this.castExpr()
    while (true) {
      const t = this.t
      if (t.k !== 'p') return l
      const p = Parser.PREC[t.v]
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

  private ptrAdd(p: Expr, i: Expr, sub: boolean, loc: Loc): Expr {
    const pt = p.ty as { k: 'ptr'; to: CType }
    if (pt.to.k === 'struct' && !pt.to.def.complete) this.error(loc, `invalid use of undefined type '${typeName(pt.to)}'`)
    return { k: 'ptradd', p, i: this.cast(i, T.long), scale: pt.to.k === 'void' || pt.to.k === 'func' ? 1 : sizeOf(pt.to), sub, ty: unqual(p.ty), loc }
  }

  private castExpr(): Expr {
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

  private compoundLiteral(ty: CType, loc: Loc): Expr {
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

  private unary(): Expr {
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

  private incdec(e: Expr, pre: boolean, d: number, loc: Loc): Expr {
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

  private postfix(e0: Expr): Expr {
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

  private call(fe: Expr, loc: Loc): Expr {
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

  private stringLit(): { bytes: number[]; text: string; wide: boolean } {
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

  private primary(): Expr {
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

  private builtinCall(name: string, loc: Loc): Expr {
    const ft: FuncType = { k: 'func', ret: T.void, params: [], variadic: false }
    const s = this.fileScope.vars.get(name) ?? this.declareFunc(name, loc, ft, false)
    this.ref(s)
    return { k: 'call', fn: { k: 'addr', e: { k: 'var', sym: s, ty: s.ty, loc }, ty: ptrTo(s.ty), loc }, args: [], fty: s.ty as FuncType, ty: T.void, loc, name }
  }

  private numberLit(t: Token, loc: Loc): Expr {
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

function isCharLike(t: CType): boolean {
  return t.k === 'int' && t.size === 1
}

function parseHexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(s)!
  const digits = m[1] + m[2]
  let v = 0
  for (const d of digits) v = v * 16 + parseInt(d, 16)
  return v * Math.pow(2, Number(m[3]) - 4 * m[2].length)
}
