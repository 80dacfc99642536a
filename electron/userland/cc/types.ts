/** C types for the LP64 x86-64 ABI (as gcc lays them out). */

export interface Member {
  name: string | null
  ty: CType
  offset: number
  /** bit-field: bit offset inside the storage unit at `offset`, and width */
  bitOff?: number
  bitWidth?: number
}

export interface StructDef {
  tag: string | null
  union: boolean
  members: Member[]
  size: number
  align: number
  complete: boolean
  packed?: boolean
}

interface Q {
  const?: boolean
  volatile?: boolean
}

export type IntType = Q & { k: 'int'; size: 1 | 2 | 4 | 8; signed: boolean; rank: number; name: string; isBool?: boolean; isEnum?: boolean; isChar?: boolean }
export type FloatType = Q & { k: 'float'; size: 4 | 8 | 16; name: string }
export type VoidType = Q & { k: 'void' }
export type PtrType = Q & { k: 'ptr'; to: CType }
export type ArrayType = Q & { k: 'array'; of: CType; len: number | null; vla?: boolean }
export type StructType = Q & { k: 'struct'; def: StructDef }
export type FuncType = Q & { k: 'func'; ret: CType; params: CType[] | null; variadic: boolean; paramNames?: (string | null)[] }
export type CType = IntType | FloatType | VoidType | PtrType | ArrayType | StructType | FuncType

const int = (size: 1 | 2 | 4 | 8, signed: boolean, rank: number, name: string, extra: Partial<IntType> = {}): IntType => ({ k: 'int', size, signed, rank, name, ...extra })

export const T = {
  void: { k: 'void' } as VoidType,
  bool: int(1, false, 0, '_Bool', { isBool: true }),
  char: int(1, true, 1, 'char', { isChar: true }),
  schar: int(1, true, 1, 'signed char'),
  uchar: int(1, false, 1, 'unsigned char'),
  short: int(2, true, 2, 'short int'),
  ushort: int(2, false, 2, 'short unsigned int'),
  int: int(4, true, 3, 'int'),
  uint: int(4, false, 3, 'unsigned int'),
  long: int(8, true, 4, 'long int'),
  ulong: int(8, false, 4, 'long unsigned int'),
  llong: int(8, true, 5, 'long long int'),
  ullong: int(8, false, 5, 'long long unsigned int'),
  float: { k: 'float', size: 4, name: 'float' } as FloatType,
  double: { k: 'float', size: 8, name: 'double' } as FloatType,
  ldouble: { k: 'float', size: 16, name: 'long double' } as FloatType
}

export const ptrTo = (to: CType): PtrType => ({ k: 'ptr', to })
export const arrayOf = (of: CType, len: number | null): ArrayType => ({ k: 'array', of, len })

export function sizeOf(t: CType): number {
  switch (t.k) {
    case 'void':
      return 1
    case 'int':
    case 'float':
      return t.size
    case 'ptr':
      return 8
    case 'array':
      return t.len === null ? 0 : t.len * sizeOf(t.of)
    case 'struct':
      return t.def.size
    case 'func':
      return 1
  }
}

export function alignOf(t: CType): number {
  switch (t.k) {
    case 'void':
    case 'func':
      return 1
    case 'int':
    case 'float':
      return t.size
    case 'ptr':
      return 8
    case 'array':
      return alignOf(t.of)
    case 'struct':
      return t.def.align
  }
}

export const isInt = (t: CType): t is IntType => t.k === 'int'
export const isFloat = (t: CType): t is FloatType => t.k === 'float'
export const isArith = (t: CType): boolean => t.k === 'int' || t.k === 'float'
export const isScalar = (t: CType): boolean => t.k === 'int' || t.k === 'float' || t.k === 'ptr'
export const isPtr = (t: CType): t is PtrType => t.k === 'ptr'
export const isAggregate = (t: CType): boolean => t.k === 'struct' || t.k === 'array'
export const is64 = (t: CType): boolean => (t.k === 'int' && t.size === 8) || t.k === 'ptr'

export function unqual<T extends CType>(t: T): T {
  if (!t.const && !t.volatile) return t
  const c = { ...t }
  delete c.const
  delete c.volatile
  return c
}

export function qualify<T extends CType>(t: T, q: { const?: boolean; volatile?: boolean }): T {
  if (!q.const && !q.volatile) return t
  return { ...t, const: t.const || q.const || undefined, volatile: t.volatile || q.volatile || undefined }
}

/** Integer promotion (C99 6.3.1.1). */
export function promote(t: CType): CType {
  if (t.k === 'int' && t.rank < 3) return T.int
  if (t.k === 'int' && t.isEnum) return t.signed ? T.int : T.uint
  return unqual(t)
}

/** Usual arithmetic conversions (C99 6.3.1.8). */
export function usualArith(a: CType, b: CType): CType {
  if (a.k === 'float' || b.k === 'float') {
    const sa = a.k === 'float' ? a.size : 0
    const sb = b.k === 'float' ? b.size : 0
    const s = Math.max(sa, sb)
    return s === 16 ? T.ldouble : s === 8 ? T.double : T.float
  }
  const pa = promote(a) as IntType
  const pb = promote(b) as IntType
  if (pa.signed === pb.signed) return pa.rank >= pb.rank ? pa : pb
  const [u, s] = pa.signed ? [pb, pa] : [pa, pb]
  if (u.rank >= s.rank) return u
  if (s.size > u.size) return s
  return toUnsigned(s)
}

export function toUnsigned(t: IntType): IntType {
  switch (t.rank) {
    case 1:
      return T.uchar
    case 2:
      return T.ushort
    case 3:
      return T.uint
    case 4:
      return T.ulong
    case 5:
      return T.ullong
  }
  return t
}

export function sameType(a: CType, b: CType, ignoreQual = true): boolean {
  if (a.k !== b.k) return false
  if (!ignoreQual && (!!a.const !== !!b.const || !!a.volatile !== !!b.volatile)) return false
  switch (a.k) {
    case 'void':
      return true
    case 'int': {
      const bb = b as IntType
      return a.size === bb.size && a.signed === bb.signed && a.rank === bb.rank && !!a.isChar === !!bb.isChar && !!a.isBool === !!bb.isBool
    }
    case 'float':
      return a.size === (b as FloatType).size
    case 'ptr':
      return sameType(a.to, (b as PtrType).to, false) || (a.to.k === 'void' && (b as PtrType).to.k === 'void')
    case 'array': {
      const bb = b as ArrayType
      return (a.len === null || bb.len === null || a.len === bb.len) && sameType(a.of, bb.of, false)
    }
    case 'struct':
      return a.def === (b as StructType).def
    case 'func': {
      const bb = b as FuncType
      if (!sameType(a.ret, bb.ret)) return false
      if (a.params === null || bb.params === null) return true
      if (a.params.length !== bb.params.length || a.variadic !== bb.variadic) return false
      return a.params.every((p, i) => sameType(p, bb.params![i]))
    }
  }
}

/** gcc's spelling of a type in diagnostics, e.g. "long int *", "char (*)[4]". */
export function typeName(t: CType, inner = ''): string {
  const q = (t.const ? 'const ' : '') + (t.volatile ? 'volatile ' : '')
  switch (t.k) {
    case 'void':
      return join(q + 'void', inner)
    case 'int':
      return join(q + (t.isEnum ? 'enum ' + t.name : t.name), inner)
    case 'float':
      return join(q + t.name, inner)
    case 'struct':
      return join(q + (t.def.union ? 'union ' : 'struct ') + (t.def.tag ?? '<anonymous>'), inner)
    case 'ptr': {
      const pq = (t.const ? ' const' : '') + (t.volatile ? ' volatile' : '')
      const s = '*' + pq.trim() + (pq && inner ? ' ' : '') + inner
      if (t.to.k === 'array' || t.to.k === 'func') return typeName(t.to, '(' + s + ')')
      return typeName(t.to, s)
    }
    case 'array':
      return typeName(t.of, inner + '[' + (t.len === null ? '' : t.len) + ']')
    case 'func': {
      const ps = t.params === null ? '' : t.params.length === 0 ? 'void' : t.params.map((p) => typeName(p)).join(', ') + (t.variadic ? ', ...' : '')
      return typeName(t.ret, inner + '(' + ps + ')')
    }
  }
}

function join(base: string, inner: string): string {
  if (!inner) return base
  return base + (inner.startsWith('[') || inner.startsWith('(') ? ' ' : ' ') + inner
}

/** Lays out a struct or union as gcc does on x86-64, including bit-fields. */
export function layoutStruct(def: StructDef, members: { name: string | null; ty: CType; bitWidth?: number; align?: number }[], packed = false): void {
  let bits = 0 // current position in bits
  let align = 1
  const out: Member[] = []
  let size = 0
  for (const m of members) {
    const msize = sizeOf(m.ty)
    const malign = Math.max(packed ? 1 : alignOf(m.ty), m.align ?? 0)
    if (m.bitWidth !== undefined) {
      const unitBits = msize * 8
      if (m.bitWidth === 0) {
        if (!def.union) bits = Math.ceil(bits / unitBits) * unitBits
        continue
      }
      if (def.union) bits = 0
      if (!packed && Math.floor(bits / unitBits) !== Math.floor((bits + m.bitWidth - 1) / unitBits)) bits = Math.ceil(bits / unitBits) * unitBits
      const unitStart = packed ? Math.floor(bits / 8) : Math.floor(bits / unitBits) * msize
      out.push({ name: m.name, ty: m.ty, offset: unitStart, bitOff: bits - unitStart * 8, bitWidth: m.bitWidth })
      if (m.name !== null) align = Math.max(align, malign)
      bits += m.bitWidth
      if (def.union) size = Math.max(size, Math.ceil(bits / 8))
      continue
    }
    if (def.union) {
      out.push({ name: m.name, ty: m.ty, offset: 0 })
      size = Math.max(size, msize)
    } else {
      const off = Math.ceil(Math.ceil(bits / 8) / malign) * malign
      out.push({ name: m.name, ty: m.ty, offset: off })
      bits = (off + msize) * 8
    }
    align = Math.max(align, malign)
  }
  if (!def.union) size = Math.ceil(bits / 8)
  def.members = out
  def.align = align
  def.size = Math.ceil(size / align) * align
  def.complete = true
}

export function findMember(def: StructDef, name: string): { m: Member; offset: number } | null {
  for (const m of def.members) {
    if (m.name === name) return { m, offset: m.offset }
    if (m.name === null && m.ty.k === 'struct') {
      const r = findMember(m.ty.def, name)
      if (r) return { m: r.m, offset: m.offset + r.offset }
    }
  }
  return null
}
