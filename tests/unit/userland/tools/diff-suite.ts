/** Declares one differential test per case: PinLab's tool against the real one on this machine. */
import { expect, it } from 'vitest'
import type { NativeProgram } from '../../../../electron/userland/shell/os'
import { realTool, runOurs, runReal, type Case } from './differential'
import { FILES } from './fixtures'

export function differential(name: string, program: NativeProgram, cases: Case[]): void {
  for (const c of cases) {
    const label = `${name} ${c.args.map((a) => JSON.stringify(a)).join(' ')}${c.stdin !== undefined ? ' <<< ' + JSON.stringify(c.stdin.slice(0, 30)) : ''}`
    it(label, async () => {
      const path = realTool(name)
      expect(path, `the real ${name} is needed for this differential test`).not.toBeNull()
      const withFiles = { ...c, files: { ...FILES, ...(c.files ?? {}) } }
      const real = runReal(path!, withFiles)
      const ours = await runOurs(program, name, withFiles)
      expect(ours).toEqual(real)
    })
  }
}
