import '../../../setup/property'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildMemoryView } from '../../../../electron/host/memory-view'
import { openSession, readFiles } from './drive-session'

/** A small vocabulary of steps that change files, directories and the page cache. */
const VOCABULARY = [
  'echo a > f',
  'echo b >> f',
  'echo -n > f',
  'cat f',
  'cat f >> g',
  'wc -c f > w',
  'grep a f > m',
  'sync',
  'echo $? > status',
  'false',
  'save'
] as const

const FILES = ['/root/f', '/root/g', '/root/w', '/root/m', '/root/status', '/root/saved']

describe('history replay (property)', () => {
  it('after any sequence of steps, goto any earlier position gives the files and memory view recorded there', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        async (steps, pick, saved) => {
          const driven = await openSession({ seed: 3 })
          try {
            await driven.quiet()
            const { session } = driven
            const snapshot = () => ({ files: readFiles(session, FILES), view: buildMemoryView(session.machine!) })
            const recorded = [snapshot()]
            for (const step of steps) {
              if (step === 'save') await session.writeFile('saved', saved)
              else await driven.run(step)
              await driven.quiet()
              recorded.push(snapshot())
            }
            const target = pick % recorded.length
            await session.goto(target)
            await driven.quiet()
            expect(snapshot()).toEqual(recorded[target])
            await session.goto(steps.length)
            await driven.quiet()
            expect(snapshot()).toEqual(recorded[steps.length])
          } finally {
            driven.dispose()
          }
        }
      ),
      { numRuns: 25 }
    )
  }, 120_000)
})
