/**
 * The syscall side of O_DIRECT (electron/userland/libc/direct-io.ts): the caller sleeps on the
 * virtual clock for the device time while its other threads run; a process that ends with a
 * direct I/O in flight completes it first (D state), so no reference or pin is left behind;
 * F_SETFL switches a descriptor between the buffered and the direct path; O_APPEND appends.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runC } from '../os/run-c'
import { dio_inflight, DIO_BASE_LATENCY_NS } from '../../../../electron/kernel'

const PRELUDE = `
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <time.h>
static int fd;
static char *buf;
static volatile int done;
static long ret;
static void mkfile(long n) {
  int b = open("/root/d", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char *p = malloc(n); memset(p, 'F', n); write(b, p, n); close(b); free(p);
  fd = open("/root/d", O_RDWR | O_DIRECT);
  posix_memalign((void **)&buf, 4096, n);
}
static void *reader(void *a) { (void)a; ret = pread(fd, buf, 1 << 20, 0); done = 1; return NULL; }
static long now_ns(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1000000000L + ts.tv_nsec; }
`

describe('O_DIRECT syscalls in the machine', () => {
  it('the reader sleeps for the device time while another thread keeps running', async () => {
    const r = await runC(`${PRELUDE}
int main(void) {
  mkfile(1 << 20);
  long t0 = now_ns();
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  long spins = 0;
  while (!done) spins++;
  pthread_join(t, NULL);
  printf("ret %ld, elapsed at least the device time: %d, other thread ran: %d, data: %c%c\\n",
         ret, now_ns() - t0 >= ${DIO_BASE_LATENCY_NS} + (1 << 20), spins > 1000, buf[0], buf[(1 << 20) - 1]);
  return 0;
}`)
    expect(r.compileErrors).toBe('')
    expect(r.out).toBe('ret 1048576, elapsed at least the device time: 1, other thread ran: 1, data: FF\n')
  })

  for (const version of ['6.1', '6.18'] as const) {
    it(`${version}: exiting with a direct read in flight completes it first; no GET reference or pin is left`, async () => {
      const r = await runC(`${PRELUDE}
int main(void) {
  mkfile(1 << 20);
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  usleep(10);
  printf("exiting, done=%d\\n", done);
  exit(0);
}`, { kernel: version })
      expect(r.out).toBe('exiting, done=0\n')
      const k = r.machine.kernel
      expect(dio_inflight(k)).toHaveLength(0)
      expect(k.gup.size).toBe(0)
      expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
      expect(k.vmstat.nr_foll_pin_acquired > 0).toBe(version === '6.18')
      expect(k.checkInvariants()).toEqual([])
    })
  }

  it('F_SETFL turns the direct path on and off; O_APPEND direct writes go to the end', async () => {
    const r = await runC(`${PRELUDE}
int main(void) {
  mkfile(4096);
  int plain = open("/root/d", O_RDWR);
  printf("buffered unaligned: %zd\\n", pread(plain, buf + 1, 100, 3));
  printf("F_SETFL O_DIRECT: %d\\n", fcntl(plain, F_SETFL, O_DIRECT));
  printf("direct unaligned: %zd\\n", pread(plain, buf + 1, 100, 3));
  printf("F_SETFL 0: %d\\n", fcntl(plain, F_SETFL, 0));
  printf("buffered again: %zd\\n", pread(plain, buf + 1, 100, 3));
  int app = open("/root/d", O_WRONLY | O_APPEND | O_DIRECT);
  memset(buf, 'A', 512);
  long w = write(app, buf, 512);
  printf("append: %ld, end: %ld\\n", w, (long)lseek(plain, 0, SEEK_END));
  char c = 0;
  pread(plain, &c, 1, 4096);
  printf("appended byte: %c\\n", c);
  return 0;
}`)
    expect(r.out).toBe(
      'buffered unaligned: 100\nF_SETFL O_DIRECT: 0\ndirect unaligned: -1\nF_SETFL 0: 0\nbuffered again: 100\nappend: 512, end: 4608\nappended byte: A\n'
    )
  })

  it('scenario 4d keeps its per-version outcome under the random scheduler (fixed seeds), with nothing leaked', async () => {
    const dir = join(import.meta.dirname, '../../../programs/reference')
    const src = readFileSync(join(dir, 'dio_fork_race.c'), 'utf8')
    const base = Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209)
    for (const [kernel, expected] of [['6.1', 'dio_fork_race.6.1.expected'], ['6.18', 'dio_fork_race.6.18.expected']] as const) {
      const want = readFileSync(join(dir, expected), 'utf8')
      for (let i = 0; i < 4; i++) {
        const r = await runC(src, { kernel, seed: base + i, setup: (m) => {
          m.scheduler.policy = 'random'
          m.scheduler.sliceSteps = 200
        } })
        expect(r.out, `${kernel} seed ${base + i}`).toBe(want)
        expect(dio_inflight(r.machine.kernel)).toHaveLength(0)
        expect(r.machine.kernel.checkInvariants()).toEqual([])
      }
    }
  }, 60_000)
})
