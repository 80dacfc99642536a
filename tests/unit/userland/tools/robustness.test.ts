import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { TOOLS, installTools } from '../../../../electron/userland/tools/index'

const ARGS = ['-n', '-c', '-l', '-w', '-v', '-i', '-E', '-F', '-q', '-C', '-g', '-p', '-s', '-a', '-h', '-1', '-e', '--', '-', '0', '1', '-3', '+2', '99999999999999999999', 'x', '[', '\\(', '*', 'a.txt', 'nosuch', '/', '/dev/null', '/tmp', '', ' ', '%', 'é', '\u0000', '--lines=2', '--bogus', '-nc', '3K']

describe('every tool survives arbitrary arguments and input', () => {
  it('exits with a status and never crashes (no exception reaches the OS)', async () => {
    const os = new FakeOs()
    installTools((p, prog) => os.installProgram(p, prog))
    os.writeFile('/root/a.txt', 'alpha\nbeta\n')
    const names = Object.keys(TOOLS)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.constantFrom(...ARGS), { maxLength: 5 }),
        fc.string({ maxLength: 40 }),
        async (path, args, stdin) => {
          const name = path.slice(path.lastIndexOf('/') + 1)
          // `seq 99999999999999999999` prints 1e20 lines and `sleep 99999999999999999999` sleeps
          // for ages, as GNU's do (sleep in slices, so ^C still works): correct, but they never
          // end, so they are not cases this test can run to completion.
          fc.pre(!((name === 'seq' || name === 'sleep') && args.includes('99999999999999999999')))
          const r = await os.runCaptured(TOOLS[path]!, [name, ...args], { stdin, cwd: '/root', env: ['PATH=/usr/bin'] })
          expect(r.status.kind).toBe('exited')
          expect(os.kernelLog).toEqual([])
        }
      ),
      // A fixed seed, like the kernel property tests: a failure must be replayable.
      { numRuns: 600, seed: Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209) }
    )
  })
})
