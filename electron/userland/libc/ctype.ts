/**
 * <ctype.h> in the C locale, as glibc 2.36: the classification functions return glibc's mask
 * bit for a member (isalpha('a') == 1024, isdigit('0') == 2048 …, exactly what glibc's table
 * lookup yields) and 0 otherwise; EOF (-1) and the bytes 128–255 (and their signed-char values
 * -128…-1) belong to no class. toupper/tolower map the ASCII letters, turn the signed-char
 * values -128…-2 into their unsigned byte (glibc's table does), and return EOF and anything
 * outside [-128, 255] unchanged. Values outside [-128, 255] index outside glibc's table
 * (undefined behaviour there); PinLab classifies them as nothing.
 *
 * For headers that expand the macros as glibc's do, `__ctype_b_loc`, `__ctype_toupper_loc`
 * and `__ctype_tolower_loc` return the address of a pointer to a 384-entry table in process
 * memory (indexable from -128), allocated once per process with the program's malloc.
 */
import type { Value } from '../cc/ast'
import type { NativeContext, NativeFn, NativeResult } from '../cc/vm'
import { callMalloc } from './malloc-call'
import { int } from './user-memory'

// glibc's _ISbit() values on a little-endian machine
export const IS_UPPER = 256
export const IS_LOWER = 512
export const IS_ALPHA = 1024
export const IS_DIGIT = 2048
export const IS_XDIGIT = 4096
export const IS_SPACE = 8192
export const IS_PRINT = 16384
export const IS_GRAPH = 32768
export const IS_BLANK = 1
export const IS_CNTRL = 2
export const IS_PUNCT = 4
export const IS_ALNUM = 8

/** The class mask of byte c (0..255) in the C locale. */
function classify(c: number): number {
  if (c > 127) return 0
  let m = 0
  const upper = c >= 65 && c <= 90
  const lower = c >= 97 && c <= 122
  const digit = c >= 48 && c <= 57
  if (upper) m |= IS_UPPER | IS_ALPHA | IS_ALNUM
  if (lower) m |= IS_LOWER | IS_ALPHA | IS_ALNUM
  if (digit) m |= IS_DIGIT | IS_ALNUM
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) m |= IS_XDIGIT
  if (c === 32 || (c >= 9 && c <= 13)) m |= IS_SPACE
  if (c === 32 || c === 9) m |= IS_BLANK
  if (c < 32 || c === 127) m |= IS_CNTRL
  if (c >= 32 && c <= 126) m |= IS_PRINT
  if (c >= 33 && c <= 126) {
    m |= IS_GRAPH
    if (!upper && !lower && !digit) m |= IS_PUNCT
  }
  return m
}

/** CTYPE_TABLE[c + 128] for c in [-128, 255], as glibc's __ctype_b. */
export const CTYPE_TABLE: Uint16Array = (() => {
  const t = new Uint16Array(384)
  for (let c = -128; c < 256; c++) t[c + 128] = c === -1 ? 0 : classify(c & 255)
  return t
})()

/** The mask of an int argument (0 outside the table and for EOF). */
export function ctypeMask(c: number): number {
  return c >= -128 && c < 256 ? CTYPE_TABLE[c + 128] : 0
}

/** glibc's toupper: table lookup for -128..255, where the signed-char values -128..-2 map to
 *  their unsigned byte (toupper(-128) == 128) and EOF stays -1; other values unchanged. */
export function toupperC(c: number): number {
  if (c >= 97 && c <= 122) return c - 32
  return c >= -128 && c <= -2 ? c + 256 : c
}

export function tolowerC(c: number): number {
  if (c >= 65 && c <= 90) return c + 32
  return c >= -128 && c <= -2 ? c + 256 : c
}

const cls =
  (mask: number): NativeFn =>
  (_ctx, a) =>
    ctypeMask(int(a[0])) & mask

/** Per-process addresses of the three table pointers (cloned with the process on fork). */
class CtypeTables {
  constructor(public addr = 0) {}
  clone(): CtypeTables {
    return new CtypeTables(this.addr)
  }
}

/**
 * Allocates (once) one block holding the three tables and the three pointers to their
 * element 0 (index 128 of each): [ptrB ptrUpper ptrLower | b: 384×u16 | upper: 384×i32 | lower: 384×i32].
 */
function tableLoc(ctx: NativeContext, which: 0 | 1 | 2, malloc?: NativeFn): NativeResult {
  let t = ctx.proc.libc.ctypeTables as CtypeTables | undefined
  if (!(t instanceof CtypeTables)) ctx.proc.libc.ctypeTables = t = new CtypeTables()
  if (t.addr !== 0) return t.addr + 8 * which
  const tables = t
  const size = 24 + 768 + 1536 + 1536
  return callMalloc(ctx, size, malloc, (p) => {
    const b = new Uint8Array(size)
    const dv = new DataView(b.buffer)
    const bT = p + 24
    const uT = bT + 768
    const lT = uT + 1536
    dv.setBigUint64(0, BigInt(bT + 256), true)
    dv.setBigUint64(8, BigInt(uT + 512), true)
    dv.setBigUint64(16, BigInt(lT + 512), true)
    for (let i = 0; i < 384; i++) {
      const c = i - 128
      dv.setUint16(24 + 2 * i, CTYPE_TABLE[i], true)
      dv.setInt32(24 + 768 + 4 * i, toupperC(c), true)
      dv.setInt32(24 + 768 + 1536 + 4 * i, tolowerC(c), true)
    }
    ctx.mem.write(p, b)
    tables.addr = p
    return p + 8 * which
  }, true)
}

export interface CtypeOptions {
  /** native malloc for the __ctype_*_loc tables when the program links no `malloc` */
  malloc?: NativeFn
}

export function makeCtypeFunctions(opts: CtypeOptions = {}): Record<string, NativeFn> {
  const c = (v: Value): number => int(v)
  return {
    isalpha: cls(IS_ALPHA),
    isdigit: cls(IS_DIGIT),
    isalnum: cls(IS_ALNUM),
    isspace: cls(IS_SPACE),
    isupper: cls(IS_UPPER),
    islower: cls(IS_LOWER),
    isxdigit: cls(IS_XDIGIT),
    isprint: cls(IS_PRINT),
    ispunct: cls(IS_PUNCT),
    iscntrl: cls(IS_CNTRL),
    isgraph: cls(IS_GRAPH),
    isblank: cls(IS_BLANK),
    isascii: (_x, a) => ((c(a[0]) & ~0x7f) === 0 ? 1 : 0),
    toascii: (_x, a) => c(a[0]) & 0x7f,
    toupper: (_x, a) => toupperC(c(a[0])),
    tolower: (_x, a) => tolowerC(c(a[0])),
    _toupper: (_x, a) => toupperC(c(a[0])),
    _tolower: (_x, a) => tolowerC(c(a[0])),
    __ctype_b_loc: (ctx) => tableLoc(ctx, 0, opts.malloc),
    __ctype_toupper_loc: (ctx) => tableLoc(ctx, 1, opts.malloc),
    __ctype_tolower_loc: (ctx) => tableLoc(ctx, 2, opts.malloc)
  }
}

export const ctypeFunctions: Record<string, NativeFn> = makeCtypeFunctions()
