import type { SessionRecord } from '../../../shared/history'
import type { IDisposable } from '../../../shared/event'
import { describeError } from './document'
import type { MachineStore } from './machine-store'

/**
 * The part of a host Session that saving and restoring a machine needs (the record/replay API of
 * electron/host/session.ts): the session as a serialisable record, a signal after each finished
 * step, and a replay of a record onto the session's (fresh) machine.
 */
export interface RecordableSession {
  toRecord(): SessionRecord
  /** Fires after each step (command, hidden command, file write) has finished. */
  onStep(listener: () => void): IDisposable
  /** Boots a fresh machine and replays the record's steps onto it (the terminal shows the result). */
  load(record: SessionRecord): Promise<void>
}

/** The session as a RecordableSession when it implements the record/replay API, else null. */
export function asRecordableSession(session: object): RecordableSession | null {
  const s = session as Partial<RecordableSession>
  return typeof s.toRecord === 'function' && typeof s.onStep === 'function' && typeof s.load === 'function'
    ? (session as RecordableSession)
    : null
}

export interface AutosaveOptions {
  /** Quiet time after a step before saving, so a burst of steps costs one write. */
  debounceMs?: number
  /** Where a failed save is reported (the profile's problems). */
  report: (problem: string) => void
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/**
 * Saves a `persist: true` session to the free-play slot after its steps, debounced: each finished
 * step (re)starts a timer, and when it runs out the session's record is written atomically.
 * Disposing (the session closes) writes a pending save at once, so the last step is not lost.
 * A failed save is reported, and the next step tries again.
 */
export class MachineAutosave implements IDisposable {
  private _timer: unknown = null
  private _disposed = false
  private readonly _subscription: IDisposable
  private readonly _setTimer: (fn: () => void, ms: number) => unknown
  private readonly _clearTimer: (handle: unknown) => void
  private _lastReported = ''

  constructor(
    private readonly _session: RecordableSession,
    private readonly _machines: MachineStore,
    private readonly _options: AutosaveOptions
  ) {
    this._setTimer = _options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this._clearTimer = _options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))
    this._subscription = _session.onStep(() => this._schedule())
  }

  /** True while a save is waiting for its quiet time. */
  get pending(): boolean {
    return this._timer !== null
  }

  /** Writes a pending save now. */
  flush(): void {
    if (this._timer === null) return
    this._clearTimer(this._timer)
    this._timer = null
    this._save()
  }

  dispose(): void {
    if (this._disposed) return
    this._subscription.dispose()
    this.flush()
    this._disposed = true
  }

  private _schedule(): void {
    if (this._disposed) return
    if (this._timer !== null) this._clearTimer(this._timer)
    this._timer = this._setTimer(() => {
      this._timer = null
      this._save()
    }, this._options.debounceMs ?? 1000)
  }

  private _save(): void {
    try {
      this._machines.save(this._session.toRecord())
      this._lastReported = ''
    } catch (error) {
      const problem = `The free-play machine could not be saved (${describeError(error)}); the previous save is kept.`
      // One report per distinct failure, not one per step.
      if (problem !== this._lastReported) this._options.report(problem)
      this._lastReported = problem
    }
  }
}
