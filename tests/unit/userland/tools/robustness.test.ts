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
          const r = await os.runCaptured(TOOLS[path]!, [name, ...args], { stdin, cwd: '/root', env: ['PATH=/usr/bin'] })
          expect(r.status.kind).toBe('exited')
          expect(os.kernelLog).toEqual([])
        }
      ),
      { numRuns: 600 }
    )
  })
})
