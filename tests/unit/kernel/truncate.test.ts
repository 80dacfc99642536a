/**
 * Scenario 4e (page-cache part): ftruncate while a device holds a pin — the process loses the
 * page (SIGBUS past EOF), the device keeps an orphan page until it unpins (reference §2.9, §6.18).
 */
import { describe, expect, it } from 'vitest'
import { boot, dmaByte, expectConsistent, makeFile, mmapFile, pfnAt } from './helpers'
import { FOLL_LONGTERM, FOLL_WRITE, MAP_PRIVATE, PROT_READ, PROT_WRITE, SIGBUS, truncate_setsize } from '../../../electron/kernel'

describe('truncate with pinned page-cache pages', () => {
  for (const version of ['4.4', '6.1'] as const) {
    it(`${version}: the process gets SIGBUS past the new EOF; the device keeps reading and writing an orphan page`, () => {
      const { k, t } = boot({ version })
      const { m, f } = makeFile(k, { kind: 'ext4', pages: 2, fill: 0x41 })
      const a = mmapFile(k, t, f, 2, PROT_READ | PROT_WRITE, true)
      const ua = k.uaccess(t)
      ua.writeU8(a + 4096, 0x42)
      const pages: number[] = []
      const n = k.has('follPin') ? k.pin_user_pages(t, a + 4096, 1, FOLL_WRITE | FOLL_LONGTERM, pages) : k.get_user_pages(t, a + 4096, 1, FOLL_WRITE, pages)
      expect(n).toBe(1)
      truncate_setsize(k, m, 4096)
      expect(m.nrpages).toBe(0) // page 0 was never faulted in; page 1 left the cache
      expect(pfnAt(k, t, a + 4096)).toBe(-1)
      expect(ua.readU8(a + 4096)).toBe(-1)
      expect(ua.lastFault?.signo).toBe(SIGBUS)
      expect(ua.readU8(a)).toBe(0x41)
      expect(dmaByte(k, pages[0]!)).toBe(0x42)
      expect(k.dma_write(pages[0]!, 0, new Uint8Array([0x43]), 1)).toBe(0)
      expect(k.phys.mapping.get(pages[0]!)).toBe(0)
      expectConsistent(k)
      if (k.has('follPin')) k.unpin_user_pages_dirty_lock(pages, 1, true)
      else k.put_user_page(pages[0]!)
      expect(k.phys.isAllocated(pages[0]!)).toBe(false)
      expectConsistent(k)
    })
  }
  it('even_cows: private COW copies of truncated file pages are zapped too; re-extending gives a fresh page', () => {
    const { k, t } = boot({ version: '6.18' })
    const { m, f } = makeFile(k, { kind: 'ext4', pages: 2, fill: 0x41 })
    const a = k.mmap(t, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 0)
    const ua = k.uaccess(t)
    ua.writeU8(a + 4096, 0x55)
    truncate_setsize(k, m, 4096)
    expect(ua.readU8(a + 4096)).toBe(-1)
    m.size = 8192
    expect(ua.readU8(a + 4096)).toBe(0x41)
    expectConsistent(k)
  })
})
