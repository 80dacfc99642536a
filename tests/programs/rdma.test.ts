/**
 * RDMA programs (tests/programs/rdma, see its README): scenarios that need an RDMA device, which
 * this machine lacks natively. Each NAME.c runs in PinLab at 6.18 against NAME.expected and at
 * every NAME.<version>.expected version; the expectations are written from the reference section
 * the program cites (kernel-semantics.md §4a/§4b, userspace-api.md §1).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runCProgram } from '../../electron/host/run-program'
import { haveGcc, programCases, runInPinlab, runNative } from './harness'

const cases = programCases(join(import.meta.dirname, 'rdma'))

describe('RDMA programs', () => {
  it('the folder has programs', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  for (const c of cases) {
    it(`${c.name}: PinLab at 6.18 prints the reference outcome`, async () => {
      const r = await runInPinlab(c.file, '6.18')
      expect(r.stdout, r.stderr).toBe(c.expected)
      expect(r.status).toBe(c.status)
    })

    for (const v of c.perVersion) {
      it(`${c.name}: PinLab at ${v.kernel} prints that version's outcome`, async () => {
        const r = await runInPinlab(c.file, v.kernel)
        expect(r.stdout, r.stderr).toBe(v.expected)
        expect(r.status).toBe(v.status)
      })
    }
  }
})

/**
 * The one RDMA behaviour this machine can show natively: no RDMA in the kernel. PinLab boots
 * without its HCA (`rdma: false`) and must print what the native run prints (NAME.expected was
 * written by a native run; the native run is repeated here so it cannot drift).
 */
describe('RDMA without a device, compared with the native run', () => {
  const file = join(import.meta.dirname, 'rdma', 'no-device', 'rdma_no_device.c')
  const expected = readFileSync(file.replace(/\.c$/, '.expected'), 'latin1')

  for (const kernel of ['6.18', '5.10'] as const) {
    it(`rdma_no_device: PinLab at ${kernel} without the HCA prints the native output`, async () => {
      let stdout = ''
      let stderr = ''
      const dec = new TextDecoder('latin1')
      const status = await runCProgram({ file, kernel, rdma: false, onStdout: (d) => (stdout += dec.decode(d)), onStderr: (d) => (stderr += dec.decode(d)) })
      expect(stdout, stderr).toBe(expected)
      expect(status).toBe(0)
    })
  }

  it('rdma_no_device: the native run still matches (linked with -libverbs)', () => {
    expect(haveGcc).toBe(true)
    const r = runNative(file, 'rdma_no_device')
    expect(r.stdout).toBe(expected)
    expect(r.status).toBe(0)
  })
})

/** RDMAV_FORK_SAFE=1 in the environment: libibverbs calls ibv_fork_init() at initialisation (§1.9). */
describe('RDMAV_FORK_SAFE', () => {
  const file = join(import.meta.dirname, 'rdma', 'env', 'rdma_fork_safe_env.c')
  for (const kernel of ['6.1', '5.10'] as const) {
    it(`rdma_fork_safe_env: PinLab at ${kernel} with RDMAV_FORK_SAFE=1 prints that version's outcome`, async () => {
      const expected = readFileSync(file.replace(/\.c$/, `.${kernel}.expected`), 'latin1')
      let stdout = ''
      let stderr = ''
      const dec = new TextDecoder('latin1')
      const status = await runCProgram({ file, kernel, env: ['RDMAV_FORK_SAFE=1'], onStdout: (d) => (stdout += dec.decode(d)), onStderr: (d) => (stderr += dec.decode(d)) })
      expect(stdout, stderr).toBe(expected)
      expect(status).toBe(0)
    })
  }
})
