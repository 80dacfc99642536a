/**
 * Property test (issue 3 acceptance): ≥ 10,000 random sequences of syscalls, user accesses and
 * GUP calls per supported version; every invariant of reference §6 is checked after every step,
 * no call may throw, every negative return must be a Linux errno (and the exact one for argument
 * errors). A failure prints the shrunk sequence as a replay script.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SUPPORTED_KERNELS } from '../../../shared/kernel-versions'
import { applyOp, KNOWN_ERRNO, newWorld, opArb, replayScript, type Op } from './ops'
import { checkInvariants } from '../../../electron/kernel'

const RUNS = Number(process.env.PINLAB_PROPERTY_RUNS ?? 10_000)

const totals = { cow: 0, reuse: 0, unshare: 0, pins: 0, forks: 0, migrations: 0, errors: 0 }

function runSequence(version: (typeof SUPPORTED_KERNELS)[number], ops: Op[]): void {
  const w = newWorld(version)
  const tasks0 = w.k.ids.pid
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!
    let r: { ret: number; expect?: number }
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
  }
  const v = w.k.vmstat
  totals.cow += v.cow
  totals.reuse += v.reuse
  totals.unshare += v.unshare
  totals.pins += v.nr_foll_pin_acquired
  totals.migrations += v.migrate_success
  totals.forks += w.k.ids.pid - tasks0
}

describe('property: random syscall + GUP sequences keep every invariant', () => {
  for (const version of SUPPORTED_KERNELS) {
    it(`${version}: ${RUNS} sequences`, () => {
      const t0 = performance.now()
      fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 10 }), (ops) => runSequence(version, ops)), {
        numRuns: RUNS,
        seed: 20120209 + Number(version.replace('.', '')),
        verbose: 1
      })
      const ms = performance.now() - t0
      expect(ms).toBeGreaterThan(0)
      console.log(`[property] ${version}: ${RUNS} sequences in ${(ms / 1000).toFixed(1)} s; so far ${JSON.stringify(totals)}`)
    }, 300_000)
  }
})
