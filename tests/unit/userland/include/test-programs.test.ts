/**
 * Every C program under tests/programs that builds against the host's headers builds against
 * PinLab's too, with implicit function declarations as errors: a function a program calls must
 * be declared by the machine's headers, as it is by glibc's. On the host, gup_test.h (which the
 * kernel keeps in mm/, not in a uapi package) comes from PinLab, as the selftests take it from
 * the kernel tree. Programs that do not build on the host are not this test's concern.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { HEADERS_ROOT, OUR_HEADERS, requireToolchain } from './toolchain'

const repo = fileURLToPath(new URL('../../../..', import.meta.url))
const programsRoot = join(repo, 'tests', 'programs')

function cFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...cFiles(p))
    else if (e.name.endsWith('.c')) out.push(p)
  }
  return out.sort()
}

const gupDir = mkdtempSync(join(tmpdir(), 'pinlab-gup-'))
writeFileSync(join(gupDir, 'gup_test.h'), OUR_HEADERS['gup_test.h']!)

function builds(file: string, ours: boolean): Promise<{ ok: boolean; stderr: string }> {
  const include = ours ? ['-nostdinc', '-isystem', HEADERS_ROOT] : ['-idirafter', gupDir]
  return new Promise((resolve) => {
    const child = spawn('gcc', ['-std=gnu11', '-fsyntax-only', '-Werror=implicit-function-declaration', ...include, '-I', dirname(file), file])
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (e) => resolve({ ok: false, stderr: String(e) }))
    child.on('close', (code) => resolve({ ok: code === 0, stderr }))
  })
}

/** Runs f over the items, a few at a time. */
async function eachLimited<T>(items: T[], f: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await f(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(2, cpus().length) }, worker))
}

describe('tests/programs against the machine headers', () => {
  const groups = readdirSync(programsRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()

  it('finds the program groups', () => {
    expect(groups).toEqual(expect.arrayContaining(['conformance', 'systems']))
  })

  let checked = 0
  afterAll(() => rmSync(gupDir, { recursive: true, force: true }))

  it.each(groups)('tests/programs/%s: what builds on the host builds on the machine', async (group) => {
    requireToolchain()
    const failures: string[] = []
    await eachLimited(cFiles(join(programsRoot, group)), async (file) => {
      if (!(await builds(file, false)).ok) return
      checked++
      const r = await builds(file, true)
      if (!r.ok) failures.push(`${relative(repo, file)}:\n${r.stderr.split('\n').filter((l) => l.includes('error')).join('\n')}`)
    })
    expect(failures.sort()).toEqual([])
  })

  it('checked most of the programs', () => {
    // runs after the groups (vitest keeps the order): guards against a vacuous pass
    expect(checked).toBeGreaterThan(100)
  })
})
