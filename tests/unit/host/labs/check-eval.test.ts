import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileCheck } from '../../../../shared/labpack'
import { evaluateCheck, type CheckOutcome } from '../../../../electron/host/labs/check-eval'
import { openVerifySession } from '../../../../electron/host/labs/verify-session'
import type { LabSessionPort } from '../../../../electron/host/labs/session-port'
import { StepTraceCounter } from '../../../../electron/host/labs/step-trace'

/** Holds one written page of private anonymous memory and sleeps, so the checks can look at it. */
const HOLD_C = `#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
int main(void) {
  char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 1;
  printf("pid=%d addr=%p\\n", getpid(), p);
  fflush(stdout);
  sleep(100000);
  return 0;
}
`

describe('check evaluation over a booted machine', () => {
  let port: LabSessionPort
  let close: () => void
  const trace = new StepTraceCounter()

  beforeAll(async () => {
    ;({ port, close } = await openVerifySession('6.18'))
    await port.writeFile('hold.c', HOLD_C)
    await port.writeFile('notes/a.txt', 'one\ntwo\n')
    const built = await port.runHidden('cc hold.c -o hold')
    expect(built).toEqual({ output: '', exitStatus: 0 })
    trace.mark(port.machine)
    await port.typeCommand('./hold > hold.out &')
    for (let i = 0; i < 500 && !(await port.runHidden('cat hold.out')).output.includes('addr='); i++) await new Promise((r) => setTimeout(r, 5))
    // The program's report becomes the last command's output.
    await port.typeCommand('cat hold.out')
  })
  afterAll(() => {
    trace.dispose()
    close()
  })

  const run = (source: string): CheckOutcome =>
    evaluateCheck(compileCheck(source), {
      machine: port.machine!,
      user: port.user,
      lastCommand: port.lastCommand(),
      traceCount: (type) => trace.count(port.machine!, type)
    })

  it('reads the last command, its status and the machine', () => {
    const last = port.lastCommand()!
    expect(last.command).toBe('cat hold.out')
    expect(last.output).toMatch(/^pid=\d+ addr=0x[0-9a-f]+\n$/)
    expect(run('contains(output, "addr=") && value_of(output, "pid") > 1')).toEqual({ ok: true, value: true })
    expect(run('exit == 0')).toEqual({ ok: true, value: true })
    expect(run('exit != 0')).toEqual({ ok: true, value: false })
    expect(run('kernel == "6.18" && version_at_least("5.9") && !version_at_least("6.19")')).toEqual({ ok: true, value: true })
  })

  it('sees the stopped process, its VMA, its PTE and its frame as the memory picture does', () => {
    expect(run('process("hold") == value_of(output, "pid")')).toEqual({ ok: true, value: true })
    expect(run('process("no-such-program") == -1')).toEqual({ ok: true, value: true })
    const page = 'value_of(output, "pid"), value_of(output, "addr")'
    expect(run(`vma(${page}).exists && vma(${page}).perms == "rw-p" && contains(vma(${page}).flags, "VM_WRITE")`)).toEqual({ ok: true, value: true })
    expect(run(`pte(${page}).present && pte(${page}).writable && pte(${page}).dirty`)).toEqual({ ok: true, value: true })
    expect(run(`frame(pte(${page}).pfn).anon && frame(pte(${page}).pfn).anon_exclusive && frame(pte(${page}).pfn).mapcount == 1`)).toEqual({ ok: true, value: true })
    expect(run(`!frame(pte(${page}).pfn).zero && frame(0).zero && frame(pte(${page}).pfn).pincount == 0`)).toEqual({ ok: true, value: true })
    // The second page was never touched: no frame behind it.
    expect(run(`!pte(value_of(output, "pid"), value_of(output, "addr") + 4096).present`)).toEqual({ ok: true, value: true })
    expect(run('!vma(value_of(output, "pid"), 0).exists')).toEqual({ ok: true, value: true })
  })

  it('counts trace events since the mark', () => {
    expect(run('trace_count("anon_page") >= 1 && trace_count("fault") >= 1 && trace_count("cow") == 0')).toEqual({ ok: true, value: true })
    trace.mark(port.machine)
    expect(run('trace_count("anon_page") == 0')).toEqual({ ok: true, value: true })
  })

  it('reads files, the kernel log and RDMA state', () => {
    expect(run('file_exists("notes/a.txt") && count(file("notes/a.txt"), "\\n") == 2 && file("/root/notes/a.txt") == "one\\ntwo\\n"')).toEqual({ ok: true, value: true })
    expect(run('!file_exists("nope.txt") && !file_exists("notes")')).toEqual({ ok: true, value: true })
    expect(run('dmesg_contains("Linux version 6.18")')).toEqual({ ok: true, value: true })
    expect(run('mr_count() == 0')).toEqual({ ok: true, value: true })
    expect(run('matches(output, /^pid=[0-9]+ addr=0x[0-9a-f]+$/m)')).toEqual({ ok: true, value: true })
  })

  it('fails a check that cannot be evaluated with the reason, instead of throwing', () => {
    expect(run('pte(4000000, 0).present')).toEqual({ ok: false, error: 'there is no process 4000000 with an address space' })
    expect(run('value_of(output, "nokey") == 1')).toEqual({ ok: false, error: 'the text has no "nokey=" followed by a number' })
    expect(run('frame(0x7fffffff).zero')).toEqual({ ok: false, error: 'there is no frame 0x7fffffff in this machine\'s memory' })
    expect(run('1 / (exit - exit) == 0')).toEqual({ ok: false, error: 'division by zero' })
    expect(run('mr(0).agrees')).toEqual({ ok: false, error: 'mr(0): 0 memory regions are registered' })
    expect(run('file("nope") == ""')).toEqual({ ok: false, error: 'there is no regular file nope' })
    expect(run('9007199254740991 + 1 > 0')).toEqual({ ok: false, error: 'an integer result is too large' })
  })

  it('hides hidden commands from the terminal and reports their status', async () => {
    const before = port.lastCommand()
    expect(await port.runHidden('echo out; echo err >&2; exit 3')).toEqual({ output: 'out\nerr\n', exitStatus: 3 })
    expect(port.lastCommand()).toEqual(before)
    expect(await port.runHidden('no-such-command')).toMatchObject({ exitStatus: 127 })
  })
})

/** Registers two written pages as an RDMA memory region and sleeps with the MR held. */
const HOLD_MR_C = `#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include <infiniband/verbs.h>
int main(void) {
  struct ibv_device **list = ibv_get_device_list(NULL);
  if (!list || !list[0]) { printf("no device\\n"); return 1; }
  struct ibv_context *ctx = ibv_open_device(list[0]);
  struct ibv_pd *pd = ibv_alloc_pd(ctx);
  char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 1; p[4096] = 2;
  struct ibv_mr *mr = ibv_reg_mr(pd, p, 8192, IBV_ACCESS_LOCAL_WRITE);
  if (!mr) { perror("ibv_reg_mr"); return 1; }
  printf("pid=%d addr=%p lkey=%u\\n", getpid(), p, mr->lkey);
  fflush(stdout);
  sleep(100000);
  return 0;
}
`

describe('check evaluation of RDMA memory regions', () => {
  let port: LabSessionPort
  let close: () => void

  beforeAll(async () => {
    ;({ port, close } = await openVerifySession('6.18'))
    await port.writeFile('mr.c', HOLD_MR_C)
    expect(await port.runHidden('cc mr.c -o mr')).toEqual({ output: '', exitStatus: 0 })
    await port.typeCommand('./mr > mr.out &')
    for (let i = 0; i < 500 && !(await port.runHidden('cat mr.out')).output.includes('lkey='); i++) await new Promise((r) => setTimeout(r, 5))
    await port.typeCommand('cat mr.out')
  })
  afterAll(() => close())

  const run = (source: string): CheckOutcome =>
    evaluateCheck(compileCheck(source), { machine: port.machine!, user: port.user, lastCommand: port.lastCommand(), traceCount: () => 0 })

  it('sees the registered MR, its pages and the pins on its frames', () => {
    expect(port.lastCommand()!.output).toMatch(/lkey=\d+/)
    expect(run('mr_count() == 1 && mr(0).pages == 2 && mr(0).agrees && mr(0).lkey == value_of(output, "lkey")')).toEqual({ ok: true, value: true })
    const pfn = 'pte(value_of(output, "pid"), value_of(output, "addr")).pfn'
    expect(run(`frame(${pfn}).pincount == 1 && frame(${pfn}).maybe_dma_pinned && !frame(${pfn}).orphan`)).toEqual({ ok: true, value: true })
    expect(run('mr(1).pages == 0')).toEqual({ ok: false, error: 'mr(1): 1 memory region is registered' })
  })
})

