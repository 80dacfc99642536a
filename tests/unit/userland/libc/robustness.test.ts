/**
 * "Never crash the host": every native of the pure libc, called with arbitrary arguments
 * (NULL, wild pointers, huge and negative sizes, bigints, fractions, missing arguments), either
 * returns a C value / NativeCall or throws a MemoryFault or SignalFault (SIGSEGV, SIGFPE …),
 * which the VM turns into a signal. Nothing else may escape.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MemoryFault, type CompiledFunction, type NativeCall, type Value } from '../../../../electron/userland/cc/index'
import { SignalFault } from '../../../../electron/userland/cc/ops'
import { pureLibc } from './libs'
import { BASE, makeEnv } from './helpers'

const fns = pureLibc()
const names = Object.keys(fns).sort()

const arg: fc.Arbitrary<Value | undefined> = fc.oneof(
  fc.constant(0),
  fc.constant(undefined),
  fc.integer({ min: BASE, max: BASE + 0x3ffff }), // inside the mapped test arena
  fc.integer({ min: -5, max: 300 }),
  fc.constantFrom(2 ** 53 - 1, -(2 ** 53), 0.5, -1, 2 ** 47, 4096),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n })
)

describe('robustness of every native', () => {
  it(`${names.length} natives only ever fault as C would`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(arg, { maxLength: 6 }), fc.integer({ min: 0, max: 255 }), fc.array(arg, { maxLength: 40 }), fc.boolean(), (name, args, fillByte, replies, withProgram) => {
        const e = makeEnv()
        e.mem.fill(BASE, fillByte, 0x3ffff) // strings of fillByte up to the end of the arena
        e.mem.store8(BASE + 0x20000, 0)
        e.thread.sp = BASE + 0x30000
        if (withProgram) {
          // a program with C functions at every text address (malloc, comparators): natives
          // answer with NativeCalls, whose continuations get arbitrary return values
          ;(e.proc.prog.symbols as Map<string, number>).set('malloc', 0x401000)
          e.proc.funcAt = (a) => (typeof a === 'number' && a >= 0x401000 && a < 0x402000 ? ({ name: 'c' } as CompiledFunction) : null)
        }
        try {
          let r = fns[name](e.ctx, args as Value[])
          let k = 0
          while (r !== undefined && typeof r === 'object' && r !== null) {
            const nc = r as NativeCall
            expect(typeof nc.then).toBe('function')
            if (k >= replies.length) break
            r = nc.then((replies[k++] ?? 0) as Value)
          }
          if (r !== undefined && (typeof r !== 'object' || r === null)) expect(['number', 'bigint']).toContain(typeof r)
        } catch (x) {
          if (!(x instanceof MemoryFault || x instanceof SignalFault)) throw new Error(`${name}(${args.map(String).join(', ')}) threw ${String(x)}`)
        }
      }),
      { numRuns: 3000 }
    )
  })
})
