/**
 * strverscmp(3): glibc's state machine (string/strverscmp.c), over user memory.
 */
import type { Memory } from '../cc/memory'

// glibc's strverscmp state machine (string/strverscmp.c)
const S_N = 0
const S_I = 3
const S_F = 6
const S_Z = 9
const CMP = 2
const LEN = 3
const NEXT_STATE = [S_N, S_I, S_Z, S_N, S_I, S_I, S_N, S_F, S_F, S_N, S_F, S_Z]
const RESULT_TYPE = [
  CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
  CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
  CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
  CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP
]

export function strverscmp(m: Memory, s1: number, s2: number): number {
  const isd = (c: number): number => (c >= 48 && c <= 57 ? 1 : 0)
  const cls = (c: number): number => (c === 48 ? 1 : 0) + isd(c)
  let p1 = s1
  let p2 = s2
  let c1 = m.load8(p1++)
  let c2 = m.load8(p2++)
  let state = S_N + cls(c1)
  let diff: number
  while ((diff = c1 - c2) === 0) {
    if (c1 === 0) return diff
    state = NEXT_STATE[state]
    c1 = m.load8(p1++)
    c2 = m.load8(p2++)
    state += cls(c1)
  }
  const r = RESULT_TYPE[state * 3 + cls(c2)]
  if (r === CMP) return diff
  if (r === LEN) {
    while (isd(m.load8(p1++))) if (!isd(m.load8(p2++))) return 1
    return isd(m.load8(p2)) ? -1 : diff
  }
  return r
}
