/**
 * §3 row "KSM merge of a pinned page", and KSM pages under GUP (gup_must_unshare: KSM pages are
 * never exclusive, so from 5.19 a R/O pin unshares them).
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, expectConsistent, mmapAnon, pfnAt, writableAt } from './helpers'
import { EBUSY, EINVAL, MADV_MERGEABLE, PG_ksm, ksm_try_merge, type Kernel, type TaskStruct } from '../../../electron/kernel'

function twoIdentical(version: string) {
  const { k, t } = boot({ version: version as never })
  const a = mmapAnon(k, t, 2)
  expect(k.madvise(t, a, 8192, MADV_MERGEABLE)).toBe(0)
  k.uaccess(t).fill_user(a, 0x5a, 8192)
  return { k, t, a, b: a + 4096 }
}
const isKsm = (k: Kernel, pfn: number): boolean => (k.phys.flags.get(pfn) & PG_ksm) !== 0
const holdRef = (k: Kernel, t: TaskStruct, addr: number): void => {
  const n = k.has('follPin') ? k.pin_user_pages(t, addr, 1, 0, []) : k.get_user_pages(t, addr, 1, 0, [])
  expect(n).toBe(1)
}

describe('KSM', () => {
  for (const version of ['4.4', '5.10', '6.18'] as const) {
    it(`${version}: identical pages merge into one read-only KSM page; a write copies it (never reused)`, () => {
      const { k, t, a, b } = twoIdentical(version)
      expect(ksm_try_merge(k, t, a, t, b)).toBe(0)
      const kp = pfnAt(k, t, a)
      expect(pfnAt(k, t, b)).toBe(kp)
      expect(isKsm(k, kp)).toBe(true)
      expect(writableAt(k, t, a)).toBe(false)
      expectConsistent(k)
      k.uaccess(t).writeU8(b, 1)
      expect(pfnAt(k, t, b)).not.toBe(kp)
      k.uaccess(t).writeU8(a, 2)
      expect(pfnAt(k, t, a)).not.toBe(kp) // the last mapping still copies: KSM pages are never reused
      expect(k.uaccess(t).readU8(a + 1)).toBe(0x5a)
      expectConsistent(k)
    })
    it(`${version}: a page with a GUP reference or pin is never merged (-EBUSY)`, () => {
      const { k, t, a, b } = twoIdentical(version)
      holdRef(k, t, b)
      expect(ksm_try_merge(k, t, a, t, b)).toBe(-EBUSY)
      expect(pfnAt(k, t, a)).not.toBe(pfnAt(k, t, b))
      expectConsistent(k)
    })
  }
  it('different contents are not merged (-EINVAL)', () => {
    const { k, t, a, b } = twoIdentical('6.18')
    k.uaccess(t).writeU8(b, 1)
    expect(ksm_try_merge(k, t, a, t, b)).toBe(-EINVAL)
  })
  it('5.10: a R/O pin of a KSM page pins the shared KSM page itself', () => {
    const { k, t, a, b } = twoIdentical('5.10')
    expect(ksm_try_merge(k, t, a, t, b)).toBe(0)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, 0, pages)).toBe(1)
    expect(isKsm(k, pages[0]!)).toBe(true)
    k.uaccess(t).writeU8(a, 7)
    expect(dmaByte(k, pages[0]!)).toBe(0x5a) // diverged
    expectConsistent(k)
  })
  it('6.18: a R/O pin of a KSM page unshares first (KSM pages are never exclusive) ⇒ coherent', () => {
    const { k, t, a, b } = twoIdentical('6.18')
    expect(ksm_try_merge(k, t, a, t, b)).toBe(0)
    const kp = pfnAt(k, t, a)
    const pages: number[] = []
    expect(k.pin_user_pages(t, a, 1, 0, pages)).toBe(1)
    expect(pages[0]).not.toBe(kp)
    expect(isKsm(k, pages[0]!)).toBe(false)
    expect(pfnAt(k, t, b)).toBe(kp)
    k.uaccess(t).writeU8(a, 7)
    expect(dmaByte(k, pages[0]!)).toBe(7)
    expectConsistent(k)
  })
})
