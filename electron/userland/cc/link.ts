/** Layout and linking: assigns addresses (non-PIE, like gcc -no-pie), builds the image. */
import type { Expr, FuncDef, InitEntry, RoString, Sym, Value } from './ast'
import type { Diagnostics } from './diag'
import { type CType, T, alignOf, sizeOf } from './types'
import { evalArith } from './consteval'
import { convert, kindOf } from './ops'
import { compileFunction } from './codegen'
import { BUILTINS } from './builtins'
import type { CompiledFunction, NativeFn, NativeLibrary, ProgramCode } from './vm'
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './memory'

export const IMAGE_BASE = 0x400000
export const TEXT_BASE = 0x401000
export const PAGE = 4096

export interface Segment {
  name: '.text' | '.rodata' | '.data' | '.bss'
  addr: number
  size: number
  /** initial contents (null for .bss and .text) */
  bytes: Uint8Array | null
  prot: number
}

export interface SymbolEntry {
  name: string
  addr: number
  size: number
  kind: 'func' | 'object'
  section: Segment['name'] | 'native'
}

export interface Relocation {
  section: '.data' | '.rodata'
  offset: number
  symbol: string
  addend: number
}

/**
 * The compiled program: what `cc` writes into a.out and the loader maps.
 * Addresses are absolute (ET_EXEC at 0x400000); relocations are already applied and kept
 * for inspection. Function pointers are addresses in .text: function i is at
 * TEXT_BASE + 16 * i, and `functions[i]` is its compiled code (or its native).
 */
export interface ProgramImage extends ProgramCode {
  entry: number
  segments: Segment[]
  /** first address of the heap (page after .bss) */
  brkStart: number
  symbolTable: SymbolEntry[]
  relocations: Relocation[]
  /** names of the native functions the program calls */
  nativeImports: string[]
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

interface AddrConst {
  sym: string
  addr: number
}

export function link(globals: Sym[], funcs: FuncDef[], strings: RoString[], libs: NativeLibrary[], diags: Diagnostics, file: string, rootRefs: Set<Sym> = new Set()): ProgramImage | null {
  const natives = new Map<string, NativeFn>()
  const nativeData = new Map<string, { size: number; align?: number; init?: Uint8Array }>()
  for (const [k, b] of Object.entries(BUILTINS)) natives.set(k, b.fn)
  for (const l of libs) {
    for (const [k, v] of Object.entries(l.functions)) natives.set(k, v)
    for (const [k, v] of Object.entries(l.data ?? {})) nativeData.set(k, v)
  }
  // ---- reachability: like gcc, unreferenced static functions are not emitted and only
  // references from emitted code must resolve ----
  const reach = new Set<Sym>()
  const work: Sym[] = []
  const visit = (s: Sym) => {
    if (!reach.has(s)) {
      reach.add(s)
      work.push(s)
    }
  }
  for (const g of globals) if ((g.kind === 'func' && g.defined && !g.isStatic) || (g.kind === 'global' && (!g.isStatic || g.used))) visit(g)
  for (const r of rootRefs) visit(r)
  while (work.length) {
    const s = work.pop()!
    if (s.fn) for (const r of s.fn.refs) visit(r)
  }
  for (const g of globals) if (g.kind === 'global' && !reach.has(g)) g.used = false
  void funcs
  // ---- functions ----
  const fsyms: Sym[] = []
  const undefinedRefs: string[] = []
  for (const g of globals) {
    if (g.kind !== 'func' || !reach.has(g)) continue
    if (g.defined) fsyms.push(g)
    else if (g.used) {
      if (natives.has(g.name)) fsyms.push(g)
      else undefinedRefs.push(g.name)
    }
  }
  // natives reachable by name from the VM (exit for main's return)
  if (natives.has('exit') && !fsyms.some((s) => s.name === 'exit')) fsyms.push({ name: 'exit', ty: { k: 'func', ret: T.void, params: [T.int], variadic: false }, kind: 'func', loc: { file, line: 0, col: 0 } })
  reportUndefined(undefinedRefs, globals, diags, file)
  const main = fsyms.find((s) => s.name === 'main' && s.defined)
  if (!main) diags.add({ file, line: 0, col: 0, len: 0, severity: 'error', message: "undefined reference to `main'" })
  fsyms.forEach((s, i) => (s.addr = TEXT_BASE + 16 * i))
  const textEnd = TEXT_BASE + 16 * Math.max(1, fsyms.length)

  // ---- rodata: strings + const globals ----
  const rodataBase = alignUp(textEnd, PAGE)
  let ro = 0
  for (const s of strings) {
    s.addr = rodataBase + ro
    ro += s.bytes.length
  }
  const objs = globals.filter((g) => g.kind === 'global')
  const roObjs: Sym[] = []
  const dataObjs: Sym[] = []
  const bssObjs: Sym[] = []
  for (const g of objs) {
    if (g.native || (g.isExtern && !g.defined)) {
      if (nativeData.has(g.name)) {
        const nd = nativeData.get(g.name)!
        if (nd.init) dataObjs.push(g)
        else bssObjs.push(g)
        g.native = true
        continue
      }
      if (g.used) reportUndefined([g.name], globals, diags, file)
      continue
    }
    if (g.init && g.init.length > 0 && isConstObject(g.ty)) roObjs.push(g)
    else if (g.init && g.init.length > 0 && !allZero(g.init)) dataObjs.push(g)
    else bssObjs.push(g)
  }
  const objSize = (g: Sym) => (g.native ? nativeData.get(g.name)!.size : Math.max(1, sizeOf(g.ty)))
  const objAlign = (g: Sym) => (g.native ? (nativeData.get(g.name)!.align ?? 8) : Math.max(alignOf(g.ty), sizeOf(g.ty) >= 16 ? 16 : 1, g.align ?? 0))
  for (const g of roObjs) {
    g.addr = alignUp(rodataBase + ro, objAlign(g))
    ro = g.addr - rodataBase + objSize(g)
  }
  const dataBase = alignUp(rodataBase + Math.max(ro, 1), PAGE)
  let dsz = 0
  for (const g of dataObjs) {
    g.addr = alignUp(dataBase + dsz, objAlign(g))
    dsz = g.addr - dataBase + objSize(g)
  }
  const bssBase = alignUp(dataBase + dsz, 32)
  let bsz = 0
  for (const g of bssObjs) {
    // align the absolute address (the .bss start is only 32-byte aligned)
    g.addr = alignUp(bssBase + bsz, objAlign(g))
    bsz = g.addr - bssBase + objSize(g)
  }
  const brkStart = alignUp(bssBase + bsz, PAGE)
  if (diags.errors > 0) return null

  // ---- contents ----
  const rodata = new Uint8Array(Math.max(ro, 0))
  for (const s of strings) rodata.set(s.bytes, s.addr - rodataBase)
  const data = new Uint8Array(dsz)
  const relocs: Relocation[] = []
  const writeInit = (g: Sym, buf: Uint8Array, base: number, section: '.data' | '.rodata') => {
    if (g.native) {
      const nd = nativeData.get(g.name)!
      if (nd.init) buf.set(nd.init, g.addr! - base)
      return
    }
    const dv = new DataView(buf.buffer)
    for (const it of g.init ?? []) {
      const off = g.addr! - base + it.off
      writeEntry(it, dv, buf, off, section, relocs, diags, file, g)
    }
  }
  for (const g of roObjs) writeInit(g, rodata, rodataBase, '.rodata')
  for (const g of dataObjs) writeInit(g, data, dataBase, '.data')
  if (diags.errors > 0) return null

  // ---- code ----
  const functions: CompiledFunction[] = []
  const symbols = new Map<string, number>()
  const symbolTable: SymbolEntry[] = []
  for (const s of fsyms) {
    symbols.set(s.name, s.addr!)
    const i = (s.addr! - TEXT_BASE) / 16
    if (s.fn) {
      functions[i] = compileFunction(s.fn)
      symbolTable.push({ name: s.name, addr: s.addr!, size: 16, kind: 'func', section: '.text' })
    } else {
      const nf = natives.get(s.name)!
      functions[i] = { name: s.name, addr: s.addr!, type: s.ty as never, code: [], nregs: 0, frameSize: 0, params: [], variadic: true, native: nf }
      symbolTable.push({ name: s.name, addr: s.addr!, size: 16, kind: 'func', section: 'native' })
    }
  }
  for (const g of [...roObjs, ...dataObjs, ...bssObjs]) {
    if (!g.name.includes('.')) symbols.set(g.name, g.addr!)
    symbolTable.push({ name: g.name, addr: g.addr!, size: objSize(g), kind: 'object', section: roObjs.includes(g) ? '.rodata' : dataObjs.includes(g) ? '.data' : '.bss' })
  }
  const segments: Segment[] = [
    { name: '.text', addr: TEXT_BASE, size: textEnd - TEXT_BASE, bytes: null, prot: PROT_READ | PROT_EXEC },
    { name: '.rodata', addr: rodataBase, size: rodata.length, bytes: rodata, prot: PROT_READ },
    { name: '.data', addr: dataBase, size: data.length, bytes: data, prot: PROT_READ | PROT_WRITE },
    { name: '.bss', addr: bssBase, size: bsz, bytes: null, prot: PROT_READ | PROT_WRITE }
  ]
  return {
    entry: main!.addr!,
    textBase: TEXT_BASE,
    functions,
    symbols,
    segments,
    brkStart,
    symbolTable,
    relocations: relocs,
    nativeImports: fsyms.filter((s) => !s.fn).map((s) => s.name)
  }
}

function isConstObject(t: CType): boolean {
  if (t.const) return true
  if (t.k === 'array') return isConstObject(t.of)
  return false
}

function allZero(init: InitEntry[]): boolean {
  return init.every((i) => (i.e.k === 'num' && i.e.v === 0) || (i.e.k === 'fnum' && i.e.v === 0 && 1 / i.e.v > 0))
}

function writeEntry(it: InitEntry, dv: DataView, buf: Uint8Array, off: number, section: '.data' | '.rodata', relocs: Relocation[], diags: Diagnostics, file: string, g: Sym): void {
  const e = it.e
  const err = (msg: string) => diags.add({ file: e.loc.file, line: e.loc.line, col: e.loc.col, len: 1, severity: 'error', message: msg })
  if (it.ty.k === 'array' && e.k === 'str') {
    const n = Math.min(it.ty.len ?? e.bytes.length, e.bytes.length)
    buf.set(e.bytes.subarray(0, n), off)
    return
  }
  if (it.ty.k === 'struct') {
    err('initializer element is not constant')
    return
  }
  if (it.ty.k === 'int' || it.ty.k === 'float') {
    const v = evalArith(e)
    if (v !== null) {
      const cv = e.ty.k === 'int' || e.ty.k === 'float' ? convert(v, e.ty, it.ty) : v
      if (it.bitWidth !== undefined) {
        writeBits(buf, off, it, cv)
        return
      }
      writeScalar(dv, off, it.ty, cv)
      return
    }
  }
  const a = evalAddr(e)
  if (a === null) {
    err('initializer element is not constant')
    void file
    void g
    return
  }
  if (it.ty.k === 'int' && it.ty.size < 8) {
    err('initializer element is not computable at load time')
    return
  }
  writeScalar(dv, off, T.ulong, a.addr)
  if (a.sym) relocs.push({ section, offset: off, symbol: a.sym, addend: 0 })
}

function writeBits(buf: Uint8Array, off: number, it: InitEntry, v: Value): void {
  const size = sizeOf(it.ty)
  let u = 0n
  for (let i = size - 1; i >= 0; i--) u = (u << 8n) | BigInt(buf[off + i])
  const w = BigInt(it.bitWidth!)
  const o = BigInt(it.bitOff!)
  const mask = ((1n << w) - 1n) << o
  u = (u & ~mask) | ((BigInt.asUintN(Number(w), BigInt(v)) << o) & mask)
  for (let i = 0; i < size; i++) {
    buf[off + i] = Number(u & 255n)
    u >>= 8n
  }
}

export function writeScalar(dv: DataView, off: number, ty: CType, v: Value): void {
  switch (kindOf(ty)) {
    case 'i8':
    case 'u8':
    case 'bool':
      dv.setUint8(off, Number(v) & 255)
      return
    case 'i16':
    case 'u16':
      dv.setUint16(off, Number(v) & 0xffff, true)
      return
    case 'i32':
    case 'u32':
      dv.setUint32(off, Number(BigInt.asUintN(32, BigInt(v))), true)
      return
    case 'f32':
      dv.setFloat32(off, Number(v), true)
      return
    case 'f64':
      dv.setFloat64(off, Number(v), true)
      return
    default:
      dv.setBigUint64(off, BigInt.asUintN(64, BigInt(typeof v === 'number' ? Math.trunc(v) : v)), true)
  }
}

/** Address constants: &global, "string", function, array decay, ± integer constants. */
function evalAddr(e: Expr): AddrConst | null {
  switch (e.k) {
    case 'num':
      return { sym: '', addr: Number(e.v) }
    case 'str':
      return { sym: '.rodata', addr: e.lit.addr }
    case 'addr':
      return lvAddr(e.e)
    case 'cast':
      if (e.e.ty.k === 'int') {
        const v = evalArith(e.e)
        if (v !== null) return { sym: '', addr: Number(BigInt.asUintN(64, BigInt(v))) }
      }
      return evalAddr(e.e)
    case 'var':
      if (e.sym.kind === 'func') return { sym: e.sym.name, addr: e.sym.addr! }
      if (e.ty.k === 'array') return { sym: e.sym.name, addr: e.sym.addr! }
      return null
    case 'ptradd': {
      const p = evalAddr(e.p)
      const i = evalArith(e.i)
      if (!p || i === null) return null
      return { sym: p.sym, addr: p.addr + Number(i) * e.scale * (e.sub ? -1 : 1) }
    }
    default:
      return null
  }
}

function lvAddr(e: Expr): AddrConst | null {
  switch (e.k) {
    case 'var':
      if (e.sym.kind === 'global' || e.sym.kind === 'func') return { sym: e.sym.name, addr: e.sym.addr! }
      return null
    case 'str':
      return { sym: '.rodata', addr: e.lit.addr }
    case 'member': {
      const b = lvAddr(e.e)
      return b ? { sym: b.sym, addr: b.addr + e.off } : null
    }
    case 'deref':
      return evalAddr(e.e)
    case 'compound':
      return null
    default:
      return null
  }
}

/** ld's wording: "/usr/bin/ld: /tmp/cc….o: in function `main':" then "x.c:(.text+0x…): undefined reference to `foo'". */
function reportUndefined(names: string[], globals: Sym[], diags: Diagnostics, file: string): void {
  const base = file.slice(file.lastIndexOf('/') + 1)
  for (const name of names) {
    const user = globals.find((g) => g.fn && [...g.fn.refs].some((r) => r.name === name))
    if (user) diags.add({ file: '', line: 0, col: 0, len: 0, severity: 'note', message: `/usr/bin/ld: /tmp/ccPinLab.o: in function \`${user.name}':` })
    diags.add({ file: '', line: 0, col: 0, len: 0, severity: 'error', message: `${base}:(.text+0x0): undefined reference to \`${name}'` })
  }
}
