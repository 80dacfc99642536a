import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'pinlab-lab-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** `npm run -s pinlab -- lab …`, as CI runs it. */
function pinlab(args: string[]) {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'electron/cli/index.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PINLAB_PROFILE: join(work, 'profile') }
  })
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

describe('pinlab lab', () => {
  it('verifies the built-in labs: every step of every lab passes, exit status 0', () => {
    const r = pinlab(['lab', 'verify', 'labs/'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('ok   pinlab-core/page-faults-cow/read-fault\n')
    expect(r.stdout).toContain('ok   lab pinlab-core/page-faults-cow at 6.18: 3/3 steps pass\n')
    expect(r.stdout).not.toContain('FAIL')
    expect(r.status).toBe(0)
  })

  it('packs a folder into a .pinlab file that verifies, and lists installed packs', () => {
    const file = join(work, 'profile', 'packs', 'core-copy.pinlab')
    const copy = join(work, 'copy')
    cpSync(join(root, 'labs/pinlab-core'), copy, { recursive: true })
    const pack = pinlab(['lab', 'pack', copy, '-o', join(work, 'core.pinlab')])
    expect(pack.status).toBe(0)
    expect(pack.stdout).toMatch(/^Wrote .*core\.pinlab: pack pinlab-core 0\.1\.0, 1 lab\(s\), \d+ files, \d+ bytes\.\n$/)
    const verify = pinlab(['lab', 'verify', join(work, 'core.pinlab')])
    expect(verify.status).toBe(0)
    // Installed beside the built-in pack with the same id: listed once, with the reason on stderr.
    cpSync(join(work, 'core.pinlab'), file)
    const list = pinlab(['lab', 'list'])
    expect(list.stdout).toBe('pinlab-core 0.1.0 (built-in): PinLab core curriculum\n  pinlab-core/page-faults-cow [6.18] Page faults, the zero page and copy-on-write\n')
    expect(list.stderr).toContain('a pack with the id "pinlab-core" is already loaded')
    expect(list.status).toBe(1)
  })

  it('exits 1 with per-step FAIL lines when a solution does not pass its checks', () => {
    const broken = join(work, 'broken')
    cpSync(join(root, 'labs/pinlab-core'), broken, { recursive: true })
    const labYaml = join(broken, 'labs/page-faults-cow/lab.yaml')
    writeFileSync(labYaml, readFileSync(labYaml, 'utf8').replace('        - ./faults write\n', '        - ./faults read\n'))
    const r = pinlab(['lab', 'verify', broken])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('ok   pinlab-core/page-faults-cow/read-fault\n')
    expect(r.stdout).toContain('FAIL pinlab-core/page-faults-cow/write-fault\n')
    expect(r.stdout).toContain('check "ran" failed: Run `./faults write` at the prompt')
    expect(r.stdout).toContain('FAIL lab pinlab-core/page-faults-cow at 6.18: 2/3 steps pass\n')
  })

  it('refuses an invalid pack and bad usage with a sentence', () => {
    const bad = join(work, 'bad')
    cpSync(join(root, 'labs/pinlab-core'), bad, { recursive: true })
    const labYaml = join(bad, 'labs/page-faults-cow/lab.yaml')
    writeFileSync(labYaml, readFileSync(labYaml, 'utf8').replace('trace_count("cow") >= 1', 'trace_count("cow") >= "1"'))
    const verify = pinlab(['lab', 'verify', bad])
    expect(verify.status).toBe(1)
    expect(verify.stdout).toContain('the pack does not load')
    expect(verify.stdout).toContain('step "fork-cow", check "traced": 1:20: expected ints on both sides of >=, but found an int and a string')
    const pack = pinlab(['lab', 'pack', bad, '-o', join(work, 'bad.pinlab')])
    expect(pack.status).toBe(1)
    expect(existsSync(join(work, 'bad.pinlab'))).toBe(false)
    expect(pinlab(['lab', 'verify', join(work, 'nothing-here')])).toMatchObject({ status: 1, stderr: expect.stringContaining('no lab pack at') })
    expect(pinlab(['lab', 'pack', bad])).toMatchObject({ status: 2, stderr: expect.stringContaining('lab pack needs -o FILE') })
    expect(pinlab(['lab', 'frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown lab command 'frobnicate'") })
  })
})
