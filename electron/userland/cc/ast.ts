/** The typed AST produced by the parser and consumed by the code generator. */
import type { CType, FuncType, Member } from './types'
import type { Token } from './lexer'

export interface Loc {
  file: string
  line: number
  col: number
}

export type Value = number | bigint

export interface Sym {
  name: string
  ty: CType
  kind: 'local' | 'global' | 'func' | 'enumc' | 'typedef'
  loc: Loc
  /** locals: address taken (or aggregate) → lives in the simulated stack */
  addrTaken?: boolean
  isParam?: boolean
  /** locals: register index or stack offset (from frame base) */
  reg?: number
  slot?: number
  /** globals / functions: address after layout */
  addr?: number
  defined?: boolean
  isStatic?: boolean
  isExtern?: boolean
  /** global initializer */
  init?: InitEntry[] | null
  /** enum constant value */
  value?: number
  /** functions: body */
  fn?: FuncDef
  /** a global is an object provided by a native library */
  native?: boolean
  used?: boolean
  /** alignment requested with _Alignas / __attribute__((aligned)) */
  align?: number
  /** a local allocated at its declaration (VLA or over-aligned): its register holds the address */
  dyn?: boolean
  /** a variable-length array: the hidden local holding its size in bytes */
  vlaSize?: Sym
}

export interface InitEntry {
  off: number
  ty: CType
  e: Expr
  bitOff?: number
  bitWidth?: number
}

export type Expr = { ty: CType; loc: Loc; lv?: boolean } & (
  | { k: 'num'; v: Value }
  | { k: 'fnum'; v: number }
  | { k: 'str'; bytes: Uint8Array; lit: RoString }
  | { k: 'var'; sym: Sym }
  | { k: 'unary'; op: '-' | '~' | '!'; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr; opTy: CType }
  | { k: 'ptradd'; p: Expr; i: Expr; scale: number; sub: boolean }
  | { k: 'ptrdiff'; l: Expr; r: Expr; scale: number }
  | { k: 'logand' | 'logor'; l: Expr; r: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'assign'; l: Expr; r: Expr }
  | { k: 'opassign'; op: string; l: Expr; r: Expr; opTy: CType; scale: number }
  | { k: 'incdec'; pre: boolean; delta: number; e: Expr }
  | { k: 'cast'; e: Expr }
  | { k: 'deref'; e: Expr }
  | { k: 'addr'; e: Expr }
  | { k: 'member'; e: Expr; off: number; m: Member }
  | { k: 'call'; fn: Expr; args: Expr[]; fty: FuncType; sretSym?: Sym; name?: string }
  | { k: 'comma'; l: Expr; r: Expr }
  | { k: 'vaarg'; ap: Expr }
  | { k: 'vastart'; ap: Expr }
  | { k: 'vacopy'; d: Expr; s: Expr }
  | { k: 'compound'; sym: Sym; init: InitEntry[] }
  | { k: 'temp'; reg: number }
  | { k: 'stmtexpr'; body: Stmt[]; last: Expr | null }
  | { k: 'alloca'; size: Expr }
)

export interface RoString {
  bytes: Uint8Array
  addr: number
}

export type Stmt = { loc: Loc } & (
  | { k: 'expr'; e: Expr }
  | { k: 'decl'; sym: Sym; init: InitEntry[] | null; zero: boolean }
  | { k: 'vla'; sym: Sym; len: Expr; elem: number; align?: number }
  | { k: 'block'; body: Stmt[] }
  | { k: 'if'; c: Expr; t: Stmt; e: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; body: Stmt; c: Expr }
  | { k: 'for'; init: Stmt | null; c: Expr | null; inc: Expr | null; body: Stmt }
  | { k: 'switch'; e: Expr; body: Stmt; cases: { v: Value; id: number }[]; def: number | null }
  | { k: 'case'; id: number }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'return'; e: Expr | null }
  | { k: 'goto'; label: string; tok: Token }
  | { k: 'label'; label: string }
  | { k: 'empty' }
)

export interface FuncDef {
  sym: Sym
  ty: FuncType
  params: Sym[]
  body: Stmt
  locals: Sym[]
  /** number of hidden temporaries the parser allocated (struct call results, compound literals) */
  labels: Set<string>
  usesVa: boolean
  /** global symbols (functions and objects) this function references */
  refs: Set<Sym>
}
