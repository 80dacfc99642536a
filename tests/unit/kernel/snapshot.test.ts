/**
 * Snapshot / restore (issue 3 acceptance): restore(snapshot(k)) yields a kernel whose next 1,000
 * random operations produce the same trace as the original's; snapshots are isolated from later
 * writes on either side and reusable.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Kernel, checkInvariants, type TraceEvent } from '../../../electron/kernel'
import { applyOp, newWorld, opArb, type Op, type World } from './ops'
import { boot, mmapAnon } from './helpers'

function ops(seed: number, n: number): Op[] {
  return fc.sample(fc.array(opArb, { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0]!
}

/** The same world over a restored kernel: tasks by pid, pins by pfn, files are immutable. */
function rebind(w: World, k: Kernel): World {
  return { k, tasks: w.tasks.map((t) => k.task(t.pid)!), held: w.held.map((h) => ({ pin: h.pin, pfns: h.pfns.slice() })), files: w.files }
}

function record(w: World, list: Op[]): TraceEvent[] {
  const evs: TraceEvent[] = []
  const off = w.k.subscribe((e) => evs.push(e))
  for (const o of list) applyOp(w, o)
  off()
  return evs
}

describe('snapshot / restore', () => {
  for (const version of ['4.4', '5.10', '6.18'] as const) {
    it(`${version}: the restored kernel's next 1,000 random operations produce the same trace as the original's`, () => {
      const w = newWorld(version, 7)
      for (const o of ops(11, 300)) applyOp(w, o)
      const snap = w.k.snapshot()
      const w2 = rebind(w, Kernel.restore(snap))
      const next = ops(12, 1000)
      const a = record(w, next)
      const b = record(w2, next)
      expect(a.length).toBeGreaterThan(1000)
      expect(b).toEqual(a)
      expect(checkInvariants(w2.k)).toEqual([])
      expect(w2.k.vmstat).toEqual(w.k.vmstat)
      expect(w2.k.clock).toBe(w.k.clock)
    })
  }

  it('a snapshot is isolated from later writes on both sides and can be restored twice', () => {
    const { k, t } = boot({ version: '6.18' })
    const a = mmapAnon(k, t, 2)
    const ua = k.uaccess(t)
    ua.writeU32(a, 1)
    const snap = k.snapshot()
    ua.writeU32(a, 2)
    ua.writeU32(a + 4096, 3)
    const r1 = Kernel.restore(snap)
    const t1 = r1.task(t.pid)!
    expect(r1.uaccess(t1).readU32(a)).toBe(1)
    expect(r1.uaccess(t1).readU32(a + 4096)).toBe(0)
    r1.uaccess(t1).writeU32(a, 9)
    const r2 = Kernel.restore(snap)
    expect(r2.uaccess(r2.task(t.pid)!).readU32(a)).toBe(1)
    expect(ua.readU32(a)).toBe(2)
    expect(checkInvariants(r1)).toEqual([])
    expect(checkInvariants(k)).toEqual([])
  })
})
