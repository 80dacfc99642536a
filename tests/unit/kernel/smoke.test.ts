import { describe, expect, it } from 'vitest'
import { boot, mmapAnon, pfnAt, expectConsistent } from './helpers'
import { FOLL_WRITE, FOLL_LONGTERM, ZERO_PFN } from '../../../electron/kernel'

describe('smoke', () => {
  it('anonymous memory: read zero page, write allocates, fork shares', () => {
    const { k, t } = boot()
    const a = mmapAnon(k, t, 4)
    const ua = k.uaccess(t)
    expect(ua.readU8(a)).toBe(0)
    expect(pfnAt(k, t, a)).toBe(ZERO_PFN)
    expect(ua.writeU32(a, 2012)).toBe(0)
    expect(ua.readU32(a)).toBe(2012)
    expectConsistent(k)
    const c = k.fork(t)
    expect(typeof c).not.toBe('number')
    expectConsistent(k)
    const pages: number[] = []
    expect(k.pin_user_pages_fast(t, a, 4, FOLL_WRITE | FOLL_LONGTERM, pages)).toBe(4)
    expectConsistent(k)
    k.unpin_user_pages(pages)
    expectConsistent(k)
  })
})
