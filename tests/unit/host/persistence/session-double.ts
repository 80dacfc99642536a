import { Emitter } from '../../../../shared/event'
import type { SessionRecord, StepRecord } from '../../../../shared/history'
import { Session } from '../../../../electron/host/session'
import type { RecordableSession } from '../../../../electron/host/persistence/machine-autosave'

/**
 * A host Session whose record/replay API (toRecord, onStep, load) is done by hand: steps are
 * added by the test, `load` keeps the record it was given. It never boots a machine (start does
 * nothing), so host tests of saving and restoring stay fast and independent of the real replay.
 */
export class RecordingSessionDouble extends Session implements RecordableSession {
  steps: StepRecord[] = []
  loaded: SessionRecord | null = null
  started = false
  failLoad: Error | null = null
  private readonly _step = new Emitter<StepRecord>()
  override readonly onStep = this._step.event

  override start(): void {
    this.started = true
  }

  override toRecord(): SessionRecord {
    return { version: 1, kernel: this.info.kernel, seed: this.seed, user: this.info.user, banner: 'PinLab banner\r\n# ', steps: [...this.steps], position: this.steps.length }
  }

  override async load(record: SessionRecord): Promise<void> {
    if (this.failLoad) throw this.failLoad
    this.loaded = record
    this.steps = [...record.steps]
  }

  /** A finished command step, as the real Session would record it. */
  runStep(command: string): void {
    const step: StepRecord = { kind: 'command', command, clock: this.steps.length * 1000, inputs: [], kernel: this.info.kernel, exitStatus: 0, output: `${command}\r\n# `, fence: false }
    this.steps.push(step)
    this._step.fire(step)
  }
}
