/**
 * The parser's foundation: its state (position, scopes, the function being parsed, switch and
 * loop nesting), the token helpers and the scopes. The layers build on it in order —
 * parser-types.ts (declaration specifiers, declarators), parser-expr.ts (expressions and their
 * typing), parser-stmt.ts (initializers, statements), parser.ts (the translation unit) — and a
 * method a lower layer needs from a higher one is declared abstract here.
 */
import type { Token } from './lexer'
import { type Diagnostics } from './diag'
import type { Expr, FuncDef, InitEntry, Loc, RoString, Stmt, Sym, Value } from './ast'
import {
  type CType, type FuncType, T, ptrTo
} from './types'

export class ParseError extends Error {}

export interface Scope {
  vars: Map<string, Sym>
  tags: Map<string, CType>
  parent: Scope | null
}

export interface DeclSpec {
  ty: CType
  storage: 'typedef' | 'extern' | 'static' | 'auto' | 'register' | null
  inline: boolean
  noTypeGiven: boolean
  /** _Alignas / __attribute__((aligned)) in the specifiers */
  align?: number
}

export type RawInit = { k: 'expr'; e: Expr; loc: Loc } | { k: 'list'; items: { des: Desig[]; v: RawInit }[]; loc: Loc }
export type Desig = { k: 'idx'; v: number; hi?: number } | { k: 'mem'; name: string; tok: Token }

export const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long',
  'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Bool',
  '_Complex', '_Imaginary', '_Alignas', '_Alignof', '_Atomic', '_Generic', '_Noreturn', '_Static_assert', '_Thread_local', '__attribute__', 'typeof', 'asm', '__thread'
])
export const TYPE_KW = new Set([
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


export abstract class ParserBase {
  protected i = 0
  protected scope: Scope = { vars: new Map(), tags: new Map(), parent: null }
  protected fileScope = this.scope
  globals: Sym[] = []
  funcs: FuncDef[] = []
  strings: RoString[] = []
  protected fn: FuncDef | null = null
  protected undeclared = new Set<string>()
  protected notedUndeclared = false
  protected switches: { cases: { v: Value; id: number }[]; def: number | null; ty: CType }[] = []
  protected loops = 0
  protected caseId = 0
  protected staticId = 0
  protected gotos: { label: string; tok: Token }[] = []
  protected funcName = ''
  protected rootRefs = new Set<Sym>()
  /** index of the '}' that closed the last struct/union/enum body */
  protected tagDefinedAt = -1

  /** records a reference to a global symbol from the current function (or file scope) */
  protected ref(s: Sym): void {
    s.used = true
    if (s.kind !== 'func' && s.kind !== 'global') return
    if (this.fn) this.fn.refs.add(s)
    else this.rootRefs.add(s)
  }

  constructor(
    protected toks: Token[],
    protected diags: Diagnostics,
    protected nativeData: Set<string> = new Set(),
    /** last #include line of each file (for gcc's "include '<stdio.h>'" fix-it note) */
    protected includeLines: Map<string, number> = new Map()
  ) {
    // gcc's extended floating types, as glibc's headers use them (computed as double)
    const at: Loc = { file: '<built-in>', line: 0, col: 0 }
    for (const [n, ty] of [['_Float32', T.float], ['_Float64', T.double], ['_Float32x', T.double], ['_Float64x', T.ldouble], ['_Float128', T.ldouble], ['__float128', T.ldouble]] as const)
      this.fileScope.vars.set(n, { name: n, ty, kind: 'typedef', loc: at })
  }

  // ---------- token helpers ----------
  protected get t(): Token {
    return this.toks[this.i]
  }
  protected peekTok(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]
  }
  protected is(v: string): boolean {
    const t = this.toks[this.i]
    return t.v === v && (t.k === 'p' || t.k === 'id')
  }
  protected accept(v: string): boolean {
    if (this.is(v)) {
      this.i++
      return true
    }
    return false
  }
  protected loc(t: Token = this.t): Loc {
    return { file: t.file, line: t.line, col: t.col }
  }
  protected tokDesc(t: Token): string {
    if (t.k === 'eof') return 'end of input'
    if (t.k === 'p') return `'${t.v}' token`
    if (t.k === 'num') return 'numeric constant'
    if (t.k === 'str') return 'string constant'
    if (t.k === 'chr') return 'character constant'
    return `'${t.v}'`
  }
  protected expect(v: string, what = `'${v}'`): Token {
    if (this.is(v)) return this.toks[this.i++]
    this.expectedBefore(what)
  }
  protected expectedBefore(what: string): never {
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
  protected note(loc: Loc, message: string, len = 1): void {
    this.diags.add({ file: loc.file, line: loc.line, col: loc.col, len, severity: 'note', message, func: this.fn ? this.funcName : undefined })
  }
  protected sorry(loc: Loc, what: string): never {
    this.error(loc, `sorry, unimplemented: ${what}`)
    throw new ParseError()
  }

  // ---------- scopes ----------
  protected push(): void {
    this.scope = { vars: new Map(), tags: new Map(), parent: this.scope }
  }
  protected pop(): void {
    this.scope = this.scope.parent!
  }
  protected lookup(name: string): Sym | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name)
      if (v) return v
    }
    return undefined
  }
  protected lookupTag(name: string): CType | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.tags.get(name)
      if (v) return v
    }
    return undefined
  }
  protected isTypedefName(t: Token): boolean {
    if (t.k !== 'id') return false
    const s = this.lookup(t.v)
    return !!s && s.kind === 'typedef'
  }
  protected isTypeStart(t: Token = this.t): boolean {
    if (t.k !== 'id') return false
    return TYPE_KW.has(t.v) || this.isTypedefName(t)
  }


  // ---------- what lower layers use from higher ones ----------
  /** parser-expr.ts */
  abstract expr(): Expr
  abstract assignExpr(): Expr
  abstract condExpr(): Expr
  abstract constInt(e: Expr): number
  protected abstract stringLit(): { bytes: number[]; text: string; wide: boolean }
  /** parser-stmt.ts */
  protected abstract initializer(): RawInit
  protected abstract flattenInit(sym: Sym, raw: RawInit): InitEntry[]
  protected abstract compound(newScope?: boolean): Stmt
  /** parser.ts */
  protected abstract declareName(ds: DeclSpec, name: string, nameTok: Token, ty: CType, top: boolean, out?: Stmt[], align?: number): void
  protected abstract declareFunc(name: string, loc: Loc, ty: FuncType, isStatic: boolean): Sym
}
