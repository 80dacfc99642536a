/**
 * `view.memory` over the host API: validation, errors, a bounded answer, and the view of a C
 * program running in the session.
 */
import { describe, expect, it } from 'vitest'
import { PinlabApiError, type ApiEvent } from '../../../shared/api'
import { MAX_RUNS_LIMIT, pteAt, type MemoryView } from '../../../shared/view'
import { StaticLabCatalog } from '../../../electron/host/lab-catalog'
import { SessionHost, connectDirect } from '../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../electron/host/settings-store'

function makeHost() {
  return new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]) })
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

async function errorOf(p: Promise<unknown>): Promise<PinlabApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err
  )
  expect(e).toBeInstanceOf(PinlabApiError)
  return e as PinlabApiError
}

describe('view.memory', () => {
  it('validates its parameters and needs an open, booted session', async () => {
    const { api, connection } = connectDirect(makeHost())
    expect((await errorOf(api.request('view.memory', { sessionId: 's99' }))).code).toBe('no-session')
    const { sessionId } = await api.request('session.create', {})
    // Not booted until the macrotask after the reply.
    expect((await errorOf(api.request('view.memory', { sessionId }))).code).toBe('unsupported')
    await tick()
    for (const bad of [
      { sessionId, pids: 'all' },
      { sessionId, pids: [1.5] },
      { sessionId, pids: Array.from({ length: 300 }, (_, i) => i + 1) },
      { sessionId, maxRuns: MAX_RUNS_LIMIT + 1 },
      { sessionId, maxRuns: 0 },
      { sessionId, expand: { pid: 1, start: 8192, end: 4096 } },
      { sessionId, expand: { pid: 1, start: -4096, end: 4096 } },
      { sessionId, extra: true }
    ]) {
      expect((await errorOf(api.request('view.memory', bad as never))).code).toBe('invalid-params')
    }
    const view = await api.request('view.memory', { sessionId })
    expect(view).toMatchObject({ version: 1, kernel: '6.18', truncated: false })
    // Over the WebSocket transport (text in, text out) the same view arrives intact.
    const reply = await connection.handleText(JSON.stringify({ id: 7, method: 'view.memory', params: { sessionId } }))
    expect(reply).toMatchObject({ id: 7, ok: true })
    expect(JSON.parse(JSON.stringify((reply as { result: MemoryView }).result))).toEqual(view)
    connection.dispose()
  })

  it('shows a C program running in the session: its pages as one run, a per-page expansion, a bounded answer', async () => {
    const { api, connection } = connectDirect(makeHost())
    let out = ''
    api.onEvent((e: ApiEvent) => {
      if (e.event === 'terminal.output') out += e.payload.data
    })
    const { sessionId } = await api.request('session.create', { kernel: '6.1' })
    const settle = async (re: RegExp) => {
      for (let i = 0; i < 800 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 5))
      expect(out).toMatch(re)
    }
    await settle(/# $/)
    const program = [
      '#include <stdio.h>',
      '#include <stdlib.h>',
      '#include <unistd.h>',
      '#include <sys/mman.h>',
      'int main(void) {',
      '  char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);',
      '  for (int i = 0; i < 3; i++) p[i * 4096] = 1;',
      '  printf("addr=%p pid=%d\\n", (void *)p, getpid()); fflush(stdout);',
      '  sleep(1000);',
      '  return 0;',
      '}'
    ]
    await api.request('terminal.input', { sessionId, data: program.map((l, i) => `echo '${l}' ${i === 0 ? '>' : '>>'} v.c\r`).join('') })
    for (let i = 0; i < 400 && (out.match(/# /g) ?? []).length < program.length + 1; i++) await new Promise((r) => setTimeout(r, 5))
    await api.request('terminal.input', { sessionId, data: 'cc v.c && ./a.out\r' })
    await settle(/addr=0x[0-9a-f]+ pid=\d+/)
    const [, addrHex, pidText] = /addr=0x([0-9a-f]+) pid=(\d+)/.exec(out)!
    const addr = parseInt(addrHex!, 16)
    const pid = Number(pidText)
    const view = await api.request('view.memory', { sessionId, pids: [pid] })
    expect(view.processes).toHaveLength(1)
    expect(view.processes[0]!.comm).toBe('a.out')
    // Named as /proc/PID/maps names them (the machine knows where the stack is).
    expect(view.processes[0]!.vmas.filter((v) => v.name === '[stack]')).toHaveLength(1)
    const vma = view.processes[0]!.vmas.find((v) => v.start === addr)!
    expect(vma).toMatchObject({ perms: 'rw-p', name: '[anon]' })
    // The three written pages are one run (the VMA may continue: anonymous VMAs merge).
    expect(vma.ptes[0]).toMatchObject({ first: addr / 4096, count: 3, present: true, writable: true, dirty: true, pfnStep: 1 })
    const expanded = await api.request('view.memory', { sessionId, expand: { pid, start: addr, end: addr + 4096 } })
    expect(expanded.processes[0]!.vmas[0]!.ptes).toEqual([expect.objectContaining({ first: addr / 4096, count: 1, pfn: pteAt(view, pid, addr / 4096)!.pfn })])
    const tiny = await api.request('view.memory', { sessionId, maxRuns: 2 })
    expect(tiny.truncated).toBe(true)
    await api.request('terminal.input', { sessionId, data: '\x03' })
    connection.dispose()
  }, 30_000)
})
