/**
 * VM performance measurement (run: npx tsx tests/programs/perf/bench.mts).
 * 1. loop10m.c: 10 million iterations of integer arithmetic, compared with gcc -O0.
 * 2. pages.c: one byte written per 4 KiB page over 262,144 pages; the memory is a stub that
 *    only counts stores, so the number is the VM's own cost (no page-fault handling).
 */
import { readFileSync, existsSync, mkdtempSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runTestProgram, TEST_HEADERS, testLibc, TestSystem } from '../../../electron/userland/cc/testlibc'
import { compile } from '../../../electron/userland/cc/index'
import { FlatMemory, type Memory } from '../../../electron/userland/cc/memory'
import { spawnProgram } from '../../../electron/userland/cc/loader'
import { run } from '../../../electron/userland/cc/vm'

const here = dirname(fileURLToPath(import.meta.url))
const loopSrc = readFileSync(join(here, 'loop10m.c'), 'utf8')

function timeNative(file: string): number | null {
  if (!existsSync('/usr/bin/gcc')) return null
  const d = mkdtempSync(join(tmpdir(), 'pinlab-bench-'))
  execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(d, 'x'), join(here, file)])
  let best = Infinity
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint()
    execFileSync(join(d, 'x'))
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return best
}

let best = Infinity
let steps = 0
let out = ''
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  const r = runTestProgram(loopSrc, { slice: 1_000_000 })
  best = Math.min(best, performance.now() - t0)
  steps = r.steps
  out = r.stdout
}
const native = timeNative('loop10m.c')
console.log(`loop10m: VM ${best.toFixed(0)} ms (${steps} steps, ${(steps / best / 1000).toFixed(1)} Msteps/s), gcc -O0 ${native?.toFixed(1) ?? 'n/a'} ms (process incl.), ratio ${native ? (best / native).toFixed(1) + 'x' : 'n/a'}; output ${out.trim()}`)

// pages: a stub memory that accepts any access (the kernel's MMU cost is excluded)
class StubMemory extends FlatMemory {
  stores = 0
  override store8(_a: number, _v: number): void {
    this.stores++
  }
}
const c = compile({ path: '/p.c', source: readFileSync(join(here, 'pages.c'), 'utf8'), readFile: (p) => TEST_HEADERS[p.replace('/usr/include/', '')] ?? null, libs: [testLibc()] })
let pbest = Infinity
for (let i = 0; i < 3; i++) {
  const mem = new StubMemory()
  const { proc, thread } = spawnProgram(c.image!, mem, { argv: ['p'] })
  proc.libc.sys = new TestSystem()
  mem.stores = 0
  const t0 = performance.now()
  while (run(thread, 1_000_000) === 'budget');
  pbest = Math.min(pbest, performance.now() - t0)
  if (mem.stores !== 262144) throw new Error('stores ' + mem.stores + ' ' + thread.state + JSON.stringify(thread.signal))
}
void (null as unknown as Memory)
console.log(`pages: 262,144 single-byte page writes in ${pbest.toFixed(0)} ms of VM time`)
