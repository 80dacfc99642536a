/**
 * Differential tests of the pure libc: every tests/programs/libc/NAME.c is compiled with
 * PinLab's compiler against the natives under test (plus the compiler's test libc for stdio and
 * malloc) and run on FlatMemory; its stdout and exit status must equal NAME.expected and
 * NAME.status (absent = 0; a signal death is 128 + signo). The expectations are glibc's: they
 * are produced by tests/programs/libc/regen-expected.sh (gcc -O0 -w -fno-builtin, run
 * natively), and when gcc is present every program is re-run natively here to confirm its
 * .expected is still what glibc prints.
 */
import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runLibcProgram } from './run'

const dir = join(__dirname, '../../../programs/libc')
const programs = readdirSync(dir).filter((f) => f.endsWith('.c')).sort()
const haveGcc = existsSync('/usr/bin/gcc')
const tmp = haveGcc ? mkdtempSync(join(tmpdir(), 'pinlab-libc-')) : ''
const SIGNO: Record<string, number> = { SIGABRT: 6, SIGSEGV: 11, SIGFPE: 8, SIGBUS: 7 }

describe('libc programs (differential against glibc)', () => {
  it('every program has an expected output', () => {
    expect(programs.length).toBeGreaterThan(0)
    for (const p of programs) expect(existsSync(join(dir, p.replace(/\.c$/, '.expected'))), p).toBe(true)
  })

  for (const file of programs) {
    const name = file.slice(0, -2)
    const expected = readFileSync(join(dir, name + '.expected'), 'latin1')
    const statusFile = join(dir, name + '.status')
    const status = existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8').trim()) : 0

    it(`${name} runs in the VM as in glibc`, () => {
      const src = readFileSync(join(dir, file), 'latin1')
      const r = runLibcProgram(src, { path: '/src/' + file })
      expect(r.compile.ok, r.compile.stderr).toBe(true)
      expect(r.stdout).toBe(expected)
      expect(r.status).toBe(status)
    }, 60000)

    it.runIf(haveGcc)(`${name} natively still prints its .expected`, () => {
      const exe = join(tmp, name)
      execFileSync('/usr/bin/gcc', ['-O0', '-w', '-fno-builtin', '-o', exe, join(dir, file), '-lm'])
      const r = spawnSync(exe, [], { encoding: 'latin1' })
      expect(r.stdout).toBe(expected)
      expect(r.status ?? 128 + (SIGNO[r.signal ?? ''] ?? 0)).toBe(status)
    }, 60000)
  }
})
