/**
 * The library functions gcc knows as built-ins: called without a declaration, gcc warns
 * ("implicit declaration", "incompatible implicit declaration of built-in function", and a note
 * naming the header) but uses the real prototype — so `p = malloc(n)` without <stdlib.h>
 * still gets a 64-bit pointer. The parser does the same with this table.
 */
import { type CType, type FuncType, T, ptrTo, qualify } from './types'

const cp = ptrTo(qualify(T.char, { const: true }))
const p = ptrTo(T.char)
const vp = ptrTo(T.void)
const cvp = ptrTo(qualify(T.void, { const: true }))
const F = (ret: CType, params: CType[], variadic = false): FuncType => ({ k: 'func', ret, params, variadic })
const FILEp = vp

export const LIBC_BUILTINS: Record<string, { header: string; ty: FuncType }> = {
  printf: { header: 'stdio.h', ty: F(T.int, [cp], true) },
  fprintf: { header: 'stdio.h', ty: F(T.int, [FILEp, cp], true) },
  sprintf: { header: 'stdio.h', ty: F(T.int, [p, cp], true) },
  snprintf: { header: 'stdio.h', ty: F(T.int, [p, T.ulong, cp], true) },
  scanf: { header: 'stdio.h', ty: F(T.int, [cp], true) },
  sscanf: { header: 'stdio.h', ty: F(T.int, [cp, cp], true) },
  puts: { header: 'stdio.h', ty: F(T.int, [cp]) },
  putchar: { header: 'stdio.h', ty: F(T.int, [T.int]) },
  fputs: { header: 'stdio.h', ty: F(T.int, [cp, FILEp]) },
  fputc: { header: 'stdio.h', ty: F(T.int, [T.int, FILEp]) },
  malloc: { header: 'stdlib.h', ty: F(vp, [T.ulong]) },
  calloc: { header: 'stdlib.h', ty: F(vp, [T.ulong, T.ulong]) },
  realloc: { header: 'stdlib.h', ty: F(vp, [vp, T.ulong]) },
  free: { header: 'stdlib.h', ty: F(T.void, [vp]) },
  exit: { header: 'stdlib.h', ty: F(T.void, [T.int]) },
  abort: { header: 'stdlib.h', ty: F(T.void, []) },
  abs: { header: 'stdlib.h', ty: F(T.int, [T.int]) },
  labs: { header: 'stdlib.h', ty: F(T.long, [T.long]) },
  memcpy: { header: 'string.h', ty: F(vp, [vp, cvp, T.ulong]) },
  memmove: { header: 'string.h', ty: F(vp, [vp, cvp, T.ulong]) },
  memset: { header: 'string.h', ty: F(vp, [vp, T.int, T.ulong]) },
  memcmp: { header: 'string.h', ty: F(T.int, [cvp, cvp, T.ulong]) },
  strlen: { header: 'string.h', ty: F(T.ulong, [cp]) },
  strcpy: { header: 'string.h', ty: F(p, [p, cp]) },
  strncpy: { header: 'string.h', ty: F(p, [p, cp, T.ulong]) },
  strcat: { header: 'string.h', ty: F(p, [p, cp]) },
  strncat: { header: 'string.h', ty: F(p, [p, cp, T.ulong]) },
  strcmp: { header: 'string.h', ty: F(T.int, [cp, cp]) },
  strncmp: { header: 'string.h', ty: F(T.int, [cp, cp, T.ulong]) },
  strchr: { header: 'string.h', ty: F(p, [cp, T.int]) },
  strrchr: { header: 'string.h', ty: F(p, [cp, T.int]) },
  strstr: { header: 'string.h', ty: F(p, [cp, cp]) },
  strdup: { header: 'string.h', ty: F(p, [cp]) },
  sqrt: { header: 'math.h', ty: F(T.double, [T.double]) },
  sin: { header: 'math.h', ty: F(T.double, [T.double]) },
  cos: { header: 'math.h', ty: F(T.double, [T.double]) },
  pow: { header: 'math.h', ty: F(T.double, [T.double, T.double]) },
  fabs: { header: 'math.h', ty: F(T.double, [T.double]) },
  floor: { header: 'math.h', ty: F(T.double, [T.double]) },
  ceil: { header: 'math.h', ty: F(T.double, [T.double]) },
  exp: { header: 'math.h', ty: F(T.double, [T.double]) },
  log: { header: 'math.h', ty: F(T.double, [T.double]) },
  isdigit: { header: 'ctype.h', ty: F(T.int, [T.int]) },
  isalpha: { header: 'ctype.h', ty: F(T.int, [T.int]) },
  isspace: { header: 'ctype.h', ty: F(T.int, [T.int]) },
  toupper: { header: 'ctype.h', ty: F(T.int, [T.int]) },
  tolower: { header: 'ctype.h', ty: F(T.int, [T.int]) }
}
