import { describe, expect, it } from 'vitest'
import { StepTraceCounter } from '../../../../electron/host/labs/step-trace'
import { Tracer, type TracePayload } from '../../../../electron/kernel/kernel/trace'
import type { Machine } from '../../../../electron/userland/os/machine'

/** The part of a Machine the counter uses: its kernel's tracer. */
function fakeMachine(): { machine: Machine; tracer: Tracer; emit: (p: TracePayload) => void } {
  const tracer = new Tracer()
  const machine = { kernel: { subscribe: (fn: Parameters<Tracer['subscribe']>[0]) => tracer.subscribe(fn) } } as unknown as Machine
  return { machine, tracer, emit: (p) => tracer.deliver(0, 1, p) }
}

describe('StepTraceCounter', () => {
  it('counts events by type since the mark, batched events by what they stand for', () => {
    const { machine, emit } = fakeMachine()
    const counter = new StepTraceCounter()
    counter.mark(machine)
    emit({ type: 'cow', addr: 0, oldPfn: 1, newPfn: 2, unshare: false })
    emit({ type: 'fault_batch', op: 'populate', start: 0, end: 65 * 4096, counts: { anon_page: 65, fault: 65 } })
    expect(counter.count(machine, 'cow')).toBe(1)
    expect(counter.count(machine, 'anon_page')).toBe(65)
    expect(counter.count(machine, 'fault_batch')).toBe(1)
    counter.mark(machine)
    expect(counter.count(machine, 'cow')).toBe(0)
  })

  it('starts from zero on a new machine and unsubscribes from the old one', () => {
    const a = fakeMachine()
    const b = fakeMachine()
    const counter = new StepTraceCounter()
    counter.mark(a.machine)
    expect(a.tracer.active).toBe(true)
    a.emit({ type: 'exit', code: 0 })
    expect(counter.count(b.machine, 'exit')).toBe(0)
    expect(a.tracer.active).toBe(false)
    b.emit({ type: 'exit', code: 0 })
    expect(counter.count(b.machine, 'exit')).toBe(1)
    counter.dispose()
    expect(b.tracer.active).toBe(false)
  })
})
