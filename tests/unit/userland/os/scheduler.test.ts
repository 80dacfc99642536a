import { describe, expect, it } from 'vitest'
import { runC } from './run-c'

/** Two threads do an unprotected read-modify-write on a shared counter; lost updates depend on the interleaving. */
const RACE = `#include <stdio.h>
#include <pthread.h>
#include <sched.h>
static volatile long counter;
static void *work(void *arg) {
  for (int i = 0; i < 200; i++) { long v = counter; if (i % 3 == 0) sched_yield(); counter = v + 1; }
  return arg;
}
int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\\n", counter);
  return 0;
}`

async function race(seed: number, policy: 'random' | 'round-robin', sliceSteps: number): Promise<string> {
  const r = await runC(RACE, { seed, setup: (m) => Object.assign(m.scheduler, { policy, sliceSteps }) })
  expect(r.compileErrors).toBe('')
  expect(r.status).toBe(0)
  expect(r.out).toMatch(/^\d+\n$/)
  return r.out
}

describe('the deterministic scheduler', () => {
  it('replays the same interleaving for the same seed', async () => {
    expect(await race(7, 'random', 37)).toBe(await race(7, 'random', 37))
  })

  it('lets a race lab choose an interleaving by seed and slice', async () => {
    const results = new Set<string>()
    for (const seed of [1, 2, 3, 4, 5, 6]) results.add(await race(seed, 'random', 37))
    expect(results.size).toBeGreaterThan(1)
    for (const r of results) expect(Number(r)).toBeLessThanOrEqual(400)
  })

  it('sched_yield hands the processor to the other thread', async () => {
    // With huge slices each thread would finish before the other starts (400); yields interleave them.
    const out = Number(await race(1, 'round-robin', 1_000_000))
    expect(out).toBeLessThan(400)
  })
})
