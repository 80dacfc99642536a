/**
 * Property test machinery (issue 3 acceptance): ≥ 10,000 random sequences of syscalls, user accesses and
 * GUP calls per supported version; every invariant of reference §6 is checked after every step,
 * no call may throw, every negative return must be a Linux errno (and the exact one for argument
 * errors). A failure prints the shrunk sequence as a replay script.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SUPPORTED_KERNELS } from '../../../shared/kernel-versions'
import { applyOp, KNOWN_ERRNO, newWorld, opArb, replayScript, type Op } from './ops'
import { checkInvariants, pte_pfn, pte_present, pte_write, type MmuNotifierRange } from '../../../electron/kernel'
import { PageTable } from '../../../electron/kernel/include/linux/mm_types'

/*
 * Reference §6.19/§6.20: a PTE that loses its page, changes pfn or loses write permission must
 * have been preceded by an MMU-notifier invalidation covering it. PageTable.set is wrapped to
 * record every PTE change; a whole-address-space interval notifier on every mm records the
 * invalidations.
 */
interface PteChange { pgd: PageTable; vpn: number; old: number; pte: number }
const changes: PteChange[] = []
const origSet = PageTable.prototype.set
PageTable.prototype.set = function (this: PageTable, vpn: number, pte: number): void {
  const old = this.get(vpn)
  if (old !== pte) changes.push({ pgd: this, vpn, old, pte })
  origSet.call(this, vpn, pte)
}

function needsInvalidate(c: PteChange): boolean {
  if (!pte_present(c.old)) return false
  return !pte_present(c.pte) || pte_pfn(c.pte) !== pte_pfn(c.old) || (pte_write(c.old) && !pte_write(c.pte))
}

const RUNS = Number(process.env.PINLAB_PROPERTY_RUNS ?? 10_000)

const totals = { cow: 0, reuse: 0, unshare: 0, pins: 0, forks: 0, migrations: 0, errors: 0 }

function runSequence(version: (typeof SUPPORTED_KERNELS)[number], ops: Op[]): void {
  const w = newWorld(version)
  const tasks0 = w.k.ids.pid
  // A whole-address-space interval notifier on every mm records each invalidation.
  const inval: MmuNotifierRange[] = []
  const watched = new Set<number>()
  const ops_ = { invalidate: (_s: unknown, range: MmuNotifierRange) => void inval.push({ ...range }) }
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!
    let r: { ret: number; expect?: number }
    const owner = new Map<PageTable, number>()
    for (const mm of w.k.mms.values()) {
      owner.set(mm.pgd, mm.id)
      if (!watched.has(mm.id)) {
        watched.add(mm.id)
        w.k.mmu_interval_notifier_insert(mm, 0, 2 ** 47, ops_)
      }
    }
    changes.length = 0
    inval.length = 0
    try {
      r = applyOp(w, o)
    } catch (e) {
      throw new Error(`host exception at step ${i}: ${(e as Error).stack}\n${replayScript(version, ops.slice(0, i + 1))}`)
    }
    if (r.ret < 0 && !KNOWN_ERRNO.has(-r.ret)) throw new Error(`step ${i}: unexpected return ${r.ret}\n${replayScript(version, ops.slice(0, i + 1))}`)
    if (r.expect !== undefined && r.ret !== r.expect) throw new Error(`step ${i}: expected ${r.expect}, got ${r.ret}\n${replayScript(version, ops.slice(0, i + 1))}`)
    const errs = checkInvariants(w.k)
    if (errs.length) throw new Error(`step ${i}: invariants violated:\n  ${errs.join('\n  ')}\n${replayScript(version, ops.slice(0, i + 1))}`)
    if (r.ret < 0) totals.errors++
    for (const c of changes) {
      const mmId = owner.get(c.pgd)
      if (mmId === undefined || !needsInvalidate(c)) continue
      const addr = c.vpn * 4096
      const ok = inval.some((e) => e.mm === mmId && e.start <= addr && addr < e.end)
      if (!ok) throw new Error(`step ${i}: PTE of mm${mmId} at ${addr.toString(16)} changed ${c.old} -> ${c.pte} without an MMU-notifier invalidation\n${replayScript(version, ops.slice(0, i + 1))}`)
    }
  }
  const v = w.k.vmstat
  totals.cow += v.cow
  totals.reuse += v.reuse
  totals.unshare += v.unshare
  totals.pins += v.nr_foll_pin_acquired
  totals.migrations += v.migrate_success
  totals.forks += w.k.ids.pid - tasks0
}

/** One describe per group of versions; vitest runs the property files in parallel workers. */
export function propertySuite(versions: readonly (typeof SUPPORTED_KERNELS)[number][]): void {
describe('property: random syscall + GUP sequences keep every invariant', () => {
  for (const version of versions) {
    it(`${version}: ${RUNS} sequences`, () => {
      const t0 = performance.now()
      fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: Number(process.env.PINLAB_PROPERTY_MAXLEN ?? 10) }), (ops) => runSequence(version, ops)), {
        numRuns: RUNS,
        seed: Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209) + Number(version.replace('.', '')),
        verbose: 1
      })
      const ms = performance.now() - t0
      expect(ms).toBeGreaterThan(0)
      console.log(`[property] ${version}: ${RUNS} sequences in ${(ms / 1000).toFixed(1)} s; so far ${JSON.stringify(totals)}`)
    }, 300_000)
  }
})

}

export function fuzzSuite(): void {
describe('property: arbitrary numbers as arguments never raise a host exception', () => {
  const num = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(NaN, Infinity, -Infinity, 0.5, -4096, 2 ** 47, 2 ** 47 - 4096, 2 ** 64, 2 ** 64 - 4096, 2 ** 53, 0x40000000, 0x40001001),
    fc.integer({ min: 0, max: 2 ** 31 }),
    fc.double()
  )
  const call = fc.tuple(fc.nat({ max: 22 }), fc.array(num, { minLength: 5, maxLength: 5 }))
  for (const version of ['3.2', '5.8', '6.18'] as const) {
    it(`${version}: every syscall, GUP and uaccess entry point returns a result`, () => {
      fc.assert(fc.property(fc.array(call, { minLength: 1, maxLength: 6 }), (calls) => {
        const w = newWorld(version)
        const k = w.k
        const t = w.tasks[0]!
        const ua = k.uaccess(t)
        for (const [which, [a, b, c, d, e]] of calls) {
          const fns: (() => unknown)[] = [
            () => k.mmap(t, a, b, c, d, null, e), () => k.mmap(t, a, b, c, d, w.files.ext4, e), () => k.munmap(t, a, b),
            () => k.mprotect(t, a, b, c), () => k.madvise(t, a, b, c), () => k.mlock(t, a, b), () => k.munlock(t, a, b),
            () => k.mlock2(t, a, b, c), () => k.brk(t, a), () => k.mremap(t, a, b, c, d, e), () => k.setrlimit(t, a, b, c),
            () => k.getrlimit(t, a), () => k.get_user_pages(t, a, b, c, []), () => k.get_user_pages_fast(t, a, b, c, []),
            () => k.pin_user_pages(t, a, b, c, []), () => k.pin_user_pages_fast(t, a, b, c, []),
            () => k.pin_user_pages_remote(t, a, b, c, []), () => k.unpin_user_page(a), () => k.put_user_page(a),
            () => ua.writeU32(a, b), () => ua.readU64(a), () => ua.fill_user(a, b, Math.min(Math.abs(c) || 0, 1 << 20)),
            () => k.dma_write(a, b, new Uint8Array(8), 8)
          ]
          const r = fns[which % fns.length]!()
          if (typeof r === 'number' && Number.isNaN(r)) throw new Error(`call ${which} returned NaN`)
        }
        const errs = checkInvariants(k)
        if (errs.length) throw new Error(errs.join('\n'))
      }), { numRuns: 1000, seed: 42 })
    })
  }
})
}
