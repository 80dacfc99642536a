import { describe, expect, it } from 'vitest'
import { compile } from '../../../../electron/userland/cc/index'
import { FlatMemory } from '../../../../electron/userland/cc/memory'
import { spawnProgram } from '../../../../electron/userland/cc/loader'
import { run, startThread, type Thread } from '../../../../electron/userland/cc/vm'
import { TEST_HEADERS, TestSystem, testLibc } from '../../../../electron/userland/cc/testlibc'

const SRC = `
long counter;
void *worker(void *arg) {
  long n = (long)arg;
  for (long i = 0; i < n; i++) counter++;
  return (void *)n;
}
int main(void) { return 0; }
`

function setup() {
  const c = compile({ path: '/r.c', source: SRC, readFile: (p) => TEST_HEADERS[p.replace('/usr/include/', '')] ?? null, libs: [testLibc()] })
  const mem = new FlatMemory()
  const { proc, load } = spawnProgram(c.image!, mem, { argv: ['r'] })
  proc.libc.sys = new TestSystem()
  const worker = c.image!.symbols.get('worker')!
  // two thread stacks carved out of the main stack mapping
  const mk = (i: number) => startThread(proc, worker, [1000], load.sp - 0x10000 * (i + 1), load.sp - 0x10000 * (i + 2))
  return { mem, proc, counterAddr: c.image!.symbols.get('counter')!, threads: [mk(0), mk(1)] }
}

function schedule(threads: Thread[], seed: number, quantum: (rnd: number) => number) {
  let s = seed >>> 0
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) / 65536
  while (threads.some((t) => t.state !== 'exited')) {
    const live = threads.filter((t) => t.state !== 'exited')
    const t = live[Math.floor(rnd() * live.length)]
    run(t, quantum(rnd()))
  }
}

describe('threads on a deterministic scheduler', () => {
  it('counter++ from two threads loses updates under fine interleaving, like x86', () => {
    const { mem, counterAddr, threads } = setup()
    schedule(threads, 42, (r) => 1 + Math.floor(r * 3))
    expect(threads.map((t) => t.returnValue)).toEqual([1000, 1000])
    const final = Number(mem.load64(counterAddr))
    expect(final).toBeLessThan(2000)
    expect(final).toBeGreaterThan(0)
  })
  it('the same seed replays the same interleaving; coarse slices do not race', () => {
    const a = setup()
    schedule(a.threads, 7, (r) => 1 + Math.floor(r * 3))
    const b = setup()
    schedule(b.threads, 7, (r) => 1 + Math.floor(r * 3))
    expect(a.mem.load64(a.counterAddr)).toBe(b.mem.load64(b.counterAddr))
    const c = setup()
    schedule(c.threads, 7, () => 1_000_000)
    expect(c.mem.load64(c.counterAddr)).toBe(2000)
  })
})
