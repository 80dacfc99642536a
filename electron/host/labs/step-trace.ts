import type { Machine } from '../../userland/os/machine'
import type { TraceEvent } from '../../kernel/kernel/trace'

/**
 * Counts the kernel's trace events by type over one lab step, for `trace_count(type)`.
 *
 * It subscribes to the tracer of the machine it is given (a subscriber turns tracing on); a
 * reboot brings a new machine, whose counts start at zero. Events the kernel batched
 * (`fault_batch`, for bulk operations over many pages) are counted per type they stand for.
 */
export class StepTraceCounter {
  private _machine: Machine | null = null
  private _unsubscribe: (() => void) | null = null
  private _counts = new Map<string, number>()

  /** Starts a new step window on `machine`: counts restart at zero. */
  mark(machine: Machine | null): void {
    this._attach(machine)
    this._counts = new Map()
  }

  /** Events of `type` since the last mark, on `machine` (zero if the machine was replaced). */
  count(machine: Machine, type: string): number {
    if (machine !== this._machine) {
      this.mark(machine)
      return 0
    }
    return this._counts.get(type) ?? 0
  }

  dispose(): void {
    this._unsubscribe?.()
    this._unsubscribe = null
    this._machine = null
  }

  private _attach(machine: Machine | null): void {
    if (machine === this._machine) return
    this.dispose()
    this._machine = machine
    if (!machine) return
    this._unsubscribe = machine.kernel.subscribe((ev: TraceEvent) => {
      this._counts.set(ev.type, (this._counts.get(ev.type) ?? 0) + 1)
      if (ev.type === 'fault_batch') {
        for (const [type, n] of Object.entries(ev.counts)) this._counts.set(type, (this._counts.get(type) ?? 0) + n)
      }
    })
  }
}
