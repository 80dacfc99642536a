/**
 * tools/testing/selftests/mm/cow.c (anon base-page cases) and gup_longterm.c, replayed at the
 * kernel API level for every version where the test can run, with the PASS/FAIL each version
 * gives under PinLab's model (kernel-semantics.md §5.1/§5.2; historical expectations derived from
 * the §3 rules). vmsplice is modelled as a R/O FOLL_GET reference (the pipe keeps the page),
 * io_uring fixed buffers as FOLL_WRITE|FOLL_LONGTERM pins, PIN_LONGTERM_TEST_START as a R/O
 * FOLL_LONGTERM pin.
 *
 * Note: §5.1 says tests 11–14 also fail in 5.8; the §3 rule for 5.8 (forced COW, mapcount reuse)
 * makes them pass, and PinLab follows the §3 mechanics.
 */
import { describe, expect, it } from 'vitest'
import { boot, makeFile, mmapFile, expectConsistent } from './helpers'
import { SUPPORTED_KERNELS } from '../../../shared/kernel-versions'
import {
  EFAULT, FOLL_LONGTERM, FOLL_WRITE, PROT_READ, PROT_WRITE, MAP_ANONYMOUS, MAP_PRIVATE, type Kernel, type TaskStruct
} from '../../../electron/kernel'

type Outcome = 'PASS' | 'FAIL'

function anonPage(k: Kernel, t: TaskStruct): number {
  const a = k.mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  k.uaccess(t).fill_user(a, 0x11, 4096) // populate with old data
  return a
}
function forkOf(k: Kernel, t: TaskStruct): TaskStruct {
  const c = k.fork(t)
  if (typeof c === 'number') throw new Error('fork')
  return c
}
const read = (k: Kernel, pfn: number): number => {
  const b = new Uint8Array(1)
  k.dma_read(pfn, 100, b, 1)
  return b[0]!
}
/** vmsplice(): the pipe keeps a FOLL_GET reference to the page (R/O, no unshare). */
function vmsplice(k: Kernel, t: TaskStruct, a: number): number {
  const pages: number[] = []
  expect(k.get_user_pages_fast(t, a, 1, 0, pages)).toBe(1)
  return pages[0]!
}
function pinRO(k: Kernel, t: TaskStruct, a: number, fast: boolean): number {
  const pages: number[] = []
  expect(fast ? k.pin_user_pages_fast(t, a, 1, FOLL_LONGTERM, pages) : k.pin_user_pages(t, a, 1, FOLL_LONGTERM, pages)).toBe(1)
  return pages[0]!
}
function iouringRegister(k: Kernel, t: TaskStruct, a: number): number {
  const pages: number[] = []
  expect(k.pin_user_pages(t, a, 1, FOLL_WRITE | FOLL_LONGTERM, pages)).toBe(1)
  return pages[0]!
}

const cases: { name: string; needsPin?: boolean; run: (k: Kernel, t: TaskStruct) => Outcome }[] = [
  {
    name: 'Basic COW after fork()',
    run: (k, t) => {
      const a = anonPage(k, t)
      const c = forkOf(k, t)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return k.uaccess(c).readU8(a + 100) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'Basic COW after fork() with mprotect() optimization',
    run: (k, t) => {
      const a = anonPage(k, t)
      const c = forkOf(k, t)
      k.mprotect(t, a, 4096, PROT_READ)
      k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return k.uaccess(c).readU8(a + 100) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'vmsplice() + unmap in child',
    run: (k, t) => {
      const a = anonPage(k, t)
      const c = forkOf(k, t)
      const pipe = vmsplice(k, c, a)
      k.munmap(c, a, 4096)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return read(k, pipe) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'vmsplice() + unmap in child with mprotect() optimization',
    run: (k, t) => {
      const a = anonPage(k, t)
      const c = forkOf(k, t)
      const pipe = vmsplice(k, c, a)
      k.munmap(c, a, 4096)
      k.mprotect(t, a, 4096, PROT_READ)
      k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return read(k, pipe) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'vmsplice() before fork(), unmap in parent after fork()',
    run: (k, t) => {
      const a = anonPage(k, t)
      const pipe = vmsplice(k, t, a)
      const c = forkOf(k, t)
      k.munmap(t, a, 4096)
      k.uaccess(c).fill_user(a, 0xff, 4096)
      return read(k, pipe) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'vmsplice() + unmap in parent after fork()',
    run: (k, t) => {
      const a = anonPage(k, t)
      const c = forkOf(k, t)
      const pipe = vmsplice(k, t, a)
      k.munmap(t, a, 4096)
      k.uaccess(c).fill_user(a, 0xff, 4096)
      return read(k, pipe) === 0x11 ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'R/O-mapping a page registered as iouring fixed buffer',
    needsPin: true,
    run: (k, t) => {
      const a = anonPage(k, t)
      const buf = iouringRegister(k, t, a)
      k.mprotect(t, a, 4096, PROT_READ)
      k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return read(k, buf) === 0xff ? 'PASS' : 'FAIL'
    }
  },
  {
    name: 'fork() with an iouring fixed buffer',
    needsPin: true,
    run: (k, t) => {
      const a = anonPage(k, t)
      const buf = iouringRegister(k, t, a)
      forkOf(k, t)
      k.uaccess(t).fill_user(a, 0xff, 4096)
      return read(k, buf) === 0xff ? 'PASS' : 'FAIL'
    }
  },
  ...[false, true].flatMap((fast) => [
    {
      name: `R/O GUP${fast ? '-fast' : ''} pin on R/O-mapped shared page`,
      needsPin: true,
      run: (k: Kernel, t: TaskStruct): Outcome => {
        const a = anonPage(k, t)
        forkOf(k, t)
        const pin = pinRO(k, t, a, fast)
        k.uaccess(t).fill_user(a, 0xff, 4096)
        return read(k, pin) === 0xff ? 'PASS' : 'FAIL'
      }
    },
    {
      name: `R/O GUP${fast ? '-fast' : ''} pin on R/O-mapped previously-shared page`,
      needsPin: true,
      run: (k: Kernel, t: TaskStruct): Outcome => {
        const a = anonPage(k, t)
        k.exit(forkOf(k, t))
        const pin = pinRO(k, t, a, fast)
        k.uaccess(t).fill_user(a, 0xff, 4096)
        return read(k, pin) === 0xff ? 'PASS' : 'FAIL'
      }
    },
    {
      name: `R/O GUP${fast ? '-fast' : ''} pin on R/O-mapped exclusive page`,
      needsPin: true,
      run: (k: Kernel, t: TaskStruct): Outcome => {
        const a = anonPage(k, t)
        k.mprotect(t, a, 4096, PROT_READ)
        const pin = pinRO(k, t, a, fast)
        k.mprotect(t, a, 4096, PROT_READ | PROT_WRITE)
        k.uaccess(t).fill_user(a, 0xff, 4096)
        return read(k, pin) === 0xff ? 'PASS' : 'FAIL'
      }
    }
  ])
]

/** PinLab's expected result per test and version ('-' = the test cannot run there: SKIP). */
const expected: Record<string, Partial<Record<string, Outcome>>> = {
  'Basic COW after fork()': {},
  'Basic COW after fork() with mprotect() optimization': {},
  'vmsplice() + unmap in child': { '3.2': 'FAIL', '4.4': 'FAIL', '4.19': 'FAIL', '5.4': 'FAIL' },
  'vmsplice() + unmap in child with mprotect() optimization': { '3.2': 'FAIL', '4.4': 'FAIL', '4.19': 'FAIL', '5.4': 'FAIL' },
  'vmsplice() before fork(), unmap in parent after fork()': { '3.2': 'FAIL', '4.4': 'FAIL', '4.19': 'FAIL', '5.4': 'FAIL', '5.8': 'FAIL' },
  'vmsplice() + unmap in parent after fork()': { '3.2': 'FAIL', '4.4': 'FAIL', '4.19': 'FAIL', '5.4': 'FAIL' },
  'R/O-mapping a page registered as iouring fixed buffer': { '5.10': 'FAIL' },
  'fork() with an iouring fixed buffer': { '5.8': 'FAIL' },
  'R/O GUP pin on R/O-mapped shared page': { '5.10': 'FAIL' },
  'R/O GUP pin on R/O-mapped previously-shared page': { '5.10': 'FAIL' },
  'R/O GUP pin on R/O-mapped exclusive page': { '5.10': 'FAIL' },
  'R/O GUP-fast pin on R/O-mapped shared page': { '5.10': 'FAIL' },
  'R/O GUP-fast pin on R/O-mapped previously-shared page': { '5.10': 'FAIL' },
  'R/O GUP-fast pin on R/O-mapped exclusive page': { '5.10': 'FAIL' }
}

describe('selftests/mm/cow.c — anonymous memory, base page', () => {
  for (const c of cases) {
    for (const version of SUPPORTED_KERNELS) {
      const { k } = boot({ version })
      if (c.needsPin && !k.has('follPin')) continue
      const want = expected[c.name]![version] ?? 'PASS'
      it(`[${version}] ${c.name} → ${want}`, () => {
        const { k, t } = boot({ version })
        expect(c.run(k, t)).toBe(want)
        expectConsistent(k)
      })
    }
  }
})

describe('selftests/mm/gup_longterm.c — file mappings', () => {
  const rows: { name: string; shared: boolean; write: boolean; fast: boolean }[] = []
  for (const shared of [true, false]) for (const write of [true, false]) for (const fast of [false, true]) rows.push({ name: `${write ? 'R/W' : 'R/O'} longterm GUP${fast ? '-fast' : ''} pin in ${shared ? 'MAP_SHARED' : 'MAP_PRIVATE'} file mapping`, shared, write, fast })
  for (const version of ['6.1', '6.6', '6.18'] as const) {
    for (const fs of ['shmem', 'ext4'] as const) {
      for (const r of rows) {
        // should_work: R/W shared only on tmpfs/hugetlbfs from 6.5; everything else always.
        const refused = r.shared && r.write && fs === 'ext4' && version !== '6.1'
        it(`[${version}] [${fs === 'shmem' ? 'memfd' : 'ext4 tmpfile'}] ${r.name} → ${refused ? 'EFAULT ("Should have failed" before 6.5)' : 'pinned'}`, () => {
          const { k, t } = boot({ version })
          const { f } = makeFile(k, { kind: fs, pages: 1 })
          const a = mmapFile(k, t, f, 1, PROT_READ | PROT_WRITE, r.shared)
          k.uaccess(t).fill_user(a, 1, 4096)
          if (!r.write) k.mprotect(t, a, 4096, PROT_READ)
          const flags = FOLL_LONGTERM | (r.write ? FOLL_WRITE : 0)
          const pages: number[] = []
          const ret = r.fast ? k.pin_user_pages_fast(t, a, 1, flags, pages) : k.pin_user_pages(t, a, 1, flags, pages)
          expect(ret).toBe(refused ? -EFAULT : 1)
          expectConsistent(k)
        })
      }
    }
  }
})
