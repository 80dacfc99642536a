/**
 * VM performance measurement: npx tsx tests/programs/perf/bench.mts [--json]
 *
 * VM times are process CPU time (user+sys), best of 3, so a loaded machine does not distort them;
 * gcc times are the CPU time of the native process (bash `time`, 1 ms resolution), best of 10.
 * 1. loop10m.c: 10 million iterations of integer arithmetic, vs the gcc -O0 binary.
 * 2. fib.c (fib(27), ~630k calls) and array.c (2.6M array read-modify-writes), vs gcc -O0.
 * 3. The same after all conformance programs have run in this process (V8's call sites are
 *    then megamorphic: the realistic state of a long-running PinLab).
 * 4. pages.c: one byte written per 4 KiB page over 262,144 pages; the memory is a stub that
 *    only counts stores, so the number is the VM's own cost (no page-fault handling).
 */
import { readFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { execFileSync, spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runTestProgram, TEST_HEADERS, testLibc, TestSystem } from '../../../electron/userland/cc/testlibc'
import { compile } from '../../../electron/userland/cc/index'
import { FlatMemory } from '../../../electron/userland/cc/memory'
import { spawnProgram } from '../../../electron/userland/cc/loader'
import { run } from '../../../electron/userland/cc/vm'

const here = dirname(fileURLToPath(import.meta.url))
const cpu = (f: () => void): number => {
  const c0 = process.cpuUsage()
  f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}
const best = (f: () => void, n = 3) => Math.min(...Array.from({ length: n }, () => cpu(f)))

function native(file: string): number | null {
  if (!existsSync('/usr/bin/gcc')) return null
  const d = mkdtempSync(join(tmpdir(), 'pinlab-bench-'))
  execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(d, 'x'), join(here, file)])
  // CPU time (user+sys) of the native process as bash's `time` reports it (ms resolution), best of 10
  let b = Infinity
  for (let i = 0; i < 10; i++) {
    const r = spawnSync('/bin/bash', ['-c', `TIMEFORMAT='%3U %3S'; time ${join(d, 'x')} > /dev/null`], { encoding: 'utf8' })
    const [u, s] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number)
    b = Math.min(b, (u + s) * 1000)
  }
  return Math.max(b, 1)
}

const results: Record<string, unknown> = {}
const progs = ['loop10m.c', 'fib.c', 'array.c']
const gcc: Record<string, number | null> = {}
for (const p of progs) gcc[p] = native(p)
const measure = (label: string) => {
  for (const p of progs) {
    const src = readFileSync(join(here, p), 'utf8')
    const t = best(() => runTestProgram(src))
    const g = gcc[p]
    results[`${label}:${p}`] = { vmMs: Math.round(t), gccMs: g, ratio: g ? +(t / g).toFixed(1) : null }
    console.log(`${label.padEnd(6)} ${p.padEnd(10)} VM ${t.toFixed(0).padStart(5)} ms cpu   gcc -O0 ${g === null ? 'n/a' : g.toFixed(0).padStart(3) + ' ms'}   ratio ${g ? (t / g).toFixed(1) + 'x' : 'n/a'}`)
  }
}
measure('fresh')
const confDir = join(here, '..', 'conformance')
const files: Record<string, string> = {}
for (const h of readdirSync(confDir).filter((x) => x.endsWith('.h'))) files['/src/' + h] = readFileSync(join(confDir, h), 'latin1')
for (const f of readdirSync(confDir).filter((x) => x.endsWith('.c'))) runTestProgram(readFileSync(join(confDir, f), 'latin1'), { path: '/src/' + f, files })
measure('warmed')

class StubMemory extends FlatMemory {
  stores = 0
  override store8(_a: number, _v: number): void {
    this.stores++
  }
}
const c = compile({ path: '/p.c', source: readFileSync(join(here, 'pages.c'), 'utf8'), readFile: (p) => TEST_HEADERS[p.replace('/usr/include/', '')] ?? null, libs: [testLibc()] })
const pt = best(() => {
  const mem = new StubMemory()
  const { proc, thread } = spawnProgram(c.image!, mem, { argv: ['p'] })
  proc.libc.sys = new TestSystem()
  mem.stores = 0
  while (run(thread, 1_000_000) === 'budget');
  if (mem.stores !== 262144) throw new Error('stores ' + mem.stores)
})
results['pages'] = { vmMs: Math.round(pt) }
console.log(`pages: 262,144 single-byte page writes: ${pt.toFixed(0)} ms cpu of VM time (stub memory)`)
if (process.argv.includes('--json')) console.log(JSON.stringify(results))
