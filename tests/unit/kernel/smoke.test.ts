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

describe('dump_page', () => {
  it('describes anon, zero and pinned pages', async () => {
    const { dump_page } = await import('../../../electron/kernel')
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 2)
    k.uaccess(t).writeU8(a, 1)
    k.uaccess(t).readU8(a + 4096)
    const pages: number[] = []
    k.pin_user_pages(t, a, 1, FOLL_WRITE, pages)
    const d = dump_page(k, pages[0]!)
    expect(d).toMatchObject({ kind: 'anon', refcount: 1025, mapcount: 1, maybeDmaPinned: true, gupPins: 1, zone: 'Normal' })
    expect(d.flags).toEqual(expect.arrayContaining(['anon', 'anon_exclusive', 'lru', 'swapbacked']))
    expect(dump_page(k, ZERO_PFN)).toMatchObject({ kind: 'zero', flags: ['reserved'] })
  })
})
