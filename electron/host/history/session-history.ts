import type { KernelVersion } from '../../../shared/kernel-versions'
import { SESSION_RECORD_VERSION, type HistoryState, type RecordedInput, type SessionRecord, type StepKind, type StepRecord } from '../../../shared/history'
import { stepLabel } from './step-label'

/** At most this many steps are recorded. */
export const MAX_HISTORY_STEPS = 2000
/** At most this many characters of terminal output are kept over all steps (and the banner). */
export const MAX_HISTORY_OUTPUT = 16 * 1024 * 1024
/** At most this many keystroke chunks are kept per step (a program fed a long paste). */
export const MAX_STEP_INPUTS = 10_000

/** The bounds of one history (the defaults above; tests pass smaller ones). */
export interface HistoryLimits {
  maxSteps: number
  maxOutput: number
  maxStepInputs: number
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxSteps: MAX_HISTORY_STEPS, maxOutput: MAX_HISTORY_OUTPUT, maxStepInputs: MAX_STEP_INPUTS }

/**
 * The recorded steps of one session and how many of them are applied.
 *
 * It only keeps books: the Session tells it when a step begins, what it printed and typed, and
 * when it ends; restoring a machine is the Session's business (replay, history/replay.ts).
 *
 * Bounds: when a new step would pass MAX_HISTORY_STEPS, or the kept output MAX_HISTORY_OUTPUT,
 * or one step's inputs MAX_STEP_INPUTS, the history becomes `full`: it records nothing more and
 * undo, redo and goto are refused from then on, because the live machine then holds changes no
 * replay can reproduce (going back would lose them with no way forward again). The Session tells
 * the learner in the terminal. A reboot into a lab (Session.reboot) starts a new, empty history.
 */
export class SessionHistory {
  banner = ''
  steps: StepRecord[] = []
  position = 0
  /** Why recording stopped (a sentence), or null while it records. */
  fullReason: string | null = null
  private _open: StepRecord | null = null
  /** Output between steps (echo of a line being typed, a background job) joins the next step. */
  private _between = ''
  private _outputChars = 0

  constructor(
    public kernel: KernelVersion,
    readonly seed: number,
    readonly user: 'root' | 'student',
    readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS
  ) {}

  get full(): boolean {
    return this.fullReason !== null
  }

  /** A step is being recorded (begun, not ended). */
  get openStep(): StepRecord | null {
    return this._open
  }

  /** Steps past the position exist (typing now would branch). */
  get hasFuture(): boolean {
    return this.position < this.steps.length
  }

  /** The lowest position undo and goto may reach: just after the last fence step applied. */
  get floor(): number {
    for (let i = this.position - 1; i >= 0; i--) if (this.steps[i]!.fence) return i + 1
    return 0
  }

  /** Terminal output before the first step; until the first prompt it is the banner. */
  appendBanner(data: string): void {
    this.banner += data
    this._count(data.length)
  }

  /** Terminal output now: into the open step, or kept for the next one. */
  appendOutput(data: string): void {
    if (this.full) return
    if (this._open) this._open.output += data
    else this._between += data
    this._count(data.length)
  }

  /**
   * A step begins now, at `clock` on `kernel`. Drops the redo future first (the caller has made
   * sure the learner agreed). Returns false when the history is full (nothing is recorded).
   */
  begin(kind: StepKind, command: string, clock: number, kernel: KernelVersion, extra: { fence?: boolean; content?: string } = {}): boolean {
    if (this.full) return false
    this.branch()
    if (this.steps.length >= this.limits.maxSteps) {
      this._stop(`the history holds its maximum of ${this.limits.maxSteps.toLocaleString('en-US')} steps`)
      return false
    }
    const step: StepRecord = {
      kind,
      command,
      clock,
      inputs: [],
      kernel,
      exitStatus: null,
      output: kind === 'command' ? this._between : '',
      fence: extra.fence ?? false
    }
    if (extra.content !== undefined) {
      step.content = extra.content
      this._count(extra.content.length)
      if (this.full) return false
    }
    if (kind === 'command') this._between = ''
    this._open = step
    return true
  }

  /** A further line of the open command (heredoc, continuation). */
  appendCommandLine(line: string): void {
    if (this._open) this._open.command += `\n${line}`
  }

  input(input: RecordedInput): void {
    if (!this._open || this.full) return
    if (this._open.inputs.length >= this.limits.maxStepInputs) {
      this._stop(`one command received more than ${this.limits.maxStepInputs.toLocaleString('en-US')} pieces of input`)
      return
    }
    this._open.inputs.push(input)
    this._count(input.data.length)
  }

  /** The open step was abandoned before anything ran: its output stays for the next step. */
  abandon(): void {
    if (!this._open) return
    this._between = this._open.output + this._between
    this._open = null
  }

  /** The open step ended with `exitStatus`; it becomes applied. Returns it (null: none open). */
  end(exitStatus: number | null): StepRecord | null {
    const step = this._open
    if (!step) return null
    this._open = null
    step.exitStatus = exitStatus
    if (this.full) return null
    this.steps.push(step)
    this.position = this.steps.length
    return step
  }

  /** Discards the redo future. */
  branch(): void {
    if (!this.hasFuture) return
    for (const step of this.steps.splice(this.position)) this._outputChars -= step.output.length + (step.content?.length ?? 0)
  }

  /** Starts again, empty, after a fresh boot (Session.reboot). */
  reset(kernel: KernelVersion): void {
    this.kernel = kernel
    this.banner = ''
    this.steps = []
    this.position = 0
    this.fullReason = null
    this._open = null
    this._between = ''
    this._outputChars = 0
  }

  /** Replaces the contents with a record's (load). */
  adopt(record: SessionRecord): void {
    this.reset(record.kernel)
    this.banner = record.banner
    this.steps = record.steps.map((s) => ({ ...s, inputs: s.inputs.map((i) => ({ ...i })) }))
    this.position = record.position
    this._outputChars = record.banner.length + record.steps.reduce((n, s) => n + s.output.length + (s.content?.length ?? 0), 0)
  }

  /** The terminal contents at `position`: the banner and the outputs of the steps before it. */
  transcript(position = this.position): string {
    let text = this.banner
    for (let i = 0; i < position; i++) text += this.steps[i]!.output
    return text
  }

  toRecord(): SessionRecord {
    return {
      version: SESSION_RECORD_VERSION,
      kernel: this.kernel,
      seed: this.seed,
      user: this.user,
      banner: this.banner,
      steps: this.steps.map((s) => ({ ...s, inputs: s.inputs.map((i) => ({ ...i })) })),
      position: this.position
    }
  }

  state(sessionId: string, busy: boolean): HistoryState {
    const movable = !busy && !this.full
    return {
      sessionId,
      steps: this.steps.map((s, index) => ({ index, kind: s.kind, label: stepLabel(s), kernel: s.kernel, exitStatus: s.exitStatus, fence: s.fence })),
      position: this.position,
      canUndo: movable && this.position > this.floor,
      canRedo: movable && this.hasFuture,
      busy,
      ...(this.fullReason !== null ? { full: true } : {})
    }
  }

  private _count(chars: number): void {
    this._outputChars += chars
    if (this._outputChars > this.limits.maxOutput) this._stop(`the recorded terminal output passed ${(this.limits.maxOutput / (1024 * 1024)).toFixed(1)} MiB`)
  }

  private _stop(reason: string): void {
    if (this.fullReason === null) this.fullReason = reason
  }
}
