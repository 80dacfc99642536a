import { describe, expect, it } from 'vitest'
import { ctypeFunctions as C, ctypeMask, CTYPE_TABLE } from '../../../../electron/userland/libc/ctype'
import { makeEnv } from './helpers'

describe('ctype', () => {
  it('classifies in the C locale with glibc mask values; EOF and high bytes are in no class', () => {
    const e = makeEnv()
    expect(C.isalpha(e.ctx, ['a'.charCodeAt(0)])).toBe(1024)
    expect(C.isdigit(e.ctx, [0x37])).toBe(2048)
    expect(C.isspace(e.ctx, [11])).toBe(8192)
    expect(C.isalpha(e.ctx, [-1])).toBe(0)
    expect(C.isprint(e.ctx, [0xe9])).toBe(0)
    expect(C.isalpha(e.ctx, [2n ** 40n + 97n])).toBe(1024) // an int argument is its low 32 bits
    expect(C.isalpha(e.ctx, [100000])).toBe(0)
    expect(ctypeMask(-1)).toBe(0)
    expect(CTYPE_TABLE.length).toBe(384)
  })

  it('toupper/tolower: letters only, EOF unchanged, signed chars to their byte', () => {
    const e = makeEnv()
    expect(C.toupper(e.ctx, [97])).toBe(65)
    expect(C.toupper(e.ctx, [65])).toBe(65)
    expect(C.tolower(e.ctx, [-1])).toBe(-1)
    expect(C.toupper(e.ctx, [-23])).toBe(233)
    expect(C.toupper(e.ctx, [-129])).toBe(-129)
  })
})
