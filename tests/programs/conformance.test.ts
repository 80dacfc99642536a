/**
 * C conformance: every tests/programs/conformance/NAME.c is compiled and run in PinLab's C VM
 * (FlatMemory + the test libc) and its stdout and exit status are compared with NAME.expected
 * and NAME.status (absent = 0; a signal death is 128 + signo, as the shell reports it).
 * When /usr/bin/gcc exists, each program is also compiled natively (gcc -O0 -w) and the native
 * output must equal NAME.expected too, so the expectations stay true C
 * (tests/programs/regen-expected.sh regenerates them natively).
 *
 * Programs may only use what the test libc provides (electron/userland/cc/testlibc.ts):
 *   stdio.h:  printf fprintf sprintf snprintf vprintf vfprintf vsprintf vsnprintf puts putchar
 *             fputs fputc fflush stdout stderr (stdout fully buffered as glibc does on a pipe)
 *   stdlib.h: malloc calloc realloc free exit abort atoi atol abs labs
 *   string.h: memset memcpy memmove memcmp strlen strcmp strncmp strcpy strncpy strcat strchr
 *             strrchr strstr strdup
 *   assert.h, unistd.h (fork getpid), sys/wait.h (waitpid), and the compiler's own headers:
 *   stdarg.h stddef.h stdbool.h stdint.h inttypes.h limits.h float.h
 */
import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runTestProgram } from '../../electron/userland/cc/testlibc'

const dir = join(__dirname, 'conformance')
const programs = readdirSync(dir).filter((f) => f.endsWith('.c')).sort()
const headers: Record<string, string> = {}
for (const h of readdirSync(dir).filter((f) => f.endsWith('.h'))) headers['/src/' + h] = readFileSync(join(dir, h), 'latin1')
const haveGcc = existsSync('/usr/bin/gcc')
const tmp = haveGcc ? mkdtempSync(join(tmpdir(), 'pinlab-conf-')) : ''

describe('C conformance programs', () => {
  it('has at least 110 programs, each with an expected output', () => {
    expect(programs.length).toBeGreaterThanOrEqual(110)
    for (const p of programs) expect(existsSync(join(dir, p.replace(/\.c$/, '.expected'))), p).toBe(true)
  })

  for (const file of programs) {
    const name = file.slice(0, -2)
    const expected = readFileSync(join(dir, name + '.expected'), 'latin1')
    const statusFile = join(dir, name + '.status')
    const status = existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8').trim()) : 0

    it(`${name} runs in the VM`, () => {
      const src = readFileSync(join(dir, file), 'latin1')
      const r = runTestProgram(src, { path: '/src/' + file, files: headers, maxSteps: 1e9 })
      expect(r.compile.ok, r.compile.stderr).toBe(true)
      expect(r.stdout).toBe(expected)
      expect(r.status).toBe(status)
    })

    it.runIf(haveGcc)(`${name} natively matches its .expected`, () => {
      const exe = join(tmp, name)
      execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', exe, join(dir, file)])
      const r = spawnSync(exe, [], { encoding: 'latin1' })
      expect(r.stdout).toBe(expected)
      const st = r.status ?? 128 + (({ SIGABRT: 6, SIGSEGV: 11, SIGFPE: 8, SIGBUS: 7 }) as Record<string, number>)[r.signal ?? ''] 
      expect(st).toBe(status)
    })
  }
})
