import type { KernelVersion } from '../../shared/kernel-versions'
import { PinlabApiError, type SessionInfo } from '../../shared/api'
import type { SessionRecord, StepRecord } from '../../shared/history'
import { DisposableStore, Emitter, type IDisposable } from '../../shared/event'
import { bootMachine, login, type LoginSession } from '../userland/os/boot'
import type { Machine } from '../userland/os/machine'
import { USERS } from '../userland/os/rootfs'
import { resolve as resolvePath } from '../userland/shell/glob'
import { DEFAULT_HISTORY_LIMITS, SessionHistory, type HistoryLimits } from './history/session-history'
import { sessionRecordProblem } from './history/record-check'
import { readFileAs, writeFileAs, type FileActor } from './history/session-files'
import { REPLAY_STEP_TIMEOUT_MS, waitForStep } from './history/replay-wait'
import { TraceLog } from './trace-log'

export interface SessionOptions {
  id: string
  kernel: KernelVersion
  seed: number
  user: 'root' | 'student'
  cols: number
  rows: number
  /** Bounds of the recorded history (default DEFAULT_HISTORY_LIMITS). */
  historyLimits?: HistoryLimits
}

/** What `runHidden` and `lastCommand` report. */
export interface CommandOutcome {
  command: string
  output: string
  exitStatus: number
}

/**
 * How the session is being driven:
 * - `live`: the learner types; output is shown and every step is recorded;
 * - `replay`: a restore (undo, redo, goto, load) replays recorded steps on a fresh machine;
 *   output is discarded (the terminal gets the recorded transcript) and nothing is recorded;
 * - `rerun`: a comparison session runs another session's steps for real on its own kernel;
 *   output is shown and recorded as this session's own history.
 */
type DriveMode = 'live' | 'replay' | 'rerun'

/**
 * One machine, its terminal stream and its recorded history (time travel, shared/history.ts).
 *
 * The terminal on the other side is dumb: keystrokes arrive raw and go to the login shell's
 * line editor, or — while a command runs — to the machine's tty, whose line discipline turns
 * Ctrl-C into SIGINT for the foreground job. Everything the machine prints leaves through
 * `onOutput` as terminal bytes. `reboot --kernel V` swaps in a fresh machine at that version.
 *
 * Every step (a command line, a hidden lab command, an editor save) is recorded as it happens
 * through the interactive shell's hooks. Undo, redo and goto restore by deterministic replay:
 * a fresh boot with the same seed, then each recorded step fed at its recorded virtual clock,
 * with recorded keystrokes injected when the clock reaches theirs (Machine.injectAtClock),
 * idle virtual time jumping instead of following the wall clock. The only checkpoint is the live
 * machine at the current position: redo and goto forward replay just the steps in between on
 * it; undo and goto backward replay from boot, because the kernel's mm snapshot
 * (Kernel.snapshot) does not cover the VFS, pipes, the tty, io_uring, the DIO queue or the NIC,
 * so a full-machine snapshot is not possible yet (cost: the steps' own run time, compressed).
 */
export class Session implements IDisposable {
  info: SessionInfo
  readonly seed: number
  readonly history: SessionHistory
  private _cols: number
  private _rows: number
  private _machine: Machine | null = null
  private _login: LoginSession | null = null
  private _booted = new DisposableStore()
  private readonly _onOutput = new Emitter<string>()
  private readonly _onExit = new Emitter<number>()
  private readonly _onChange = new Emitter<SessionInfo>()
  private readonly _onReset = new Emitter<string>()
  private readonly _onHistoryChanged = new Emitter<void>()
  private readonly _onStep = new Emitter<StepRecord>()
  private _exited = false
  private _disposed = false
  private _mode: DriveMode = 'live'
  /** Output of the machine while the banner (up to the first prompt) is being written. */
  private _inBanner = false
  /** A hidden step runs: its output is collected here instead of being shown. */
  private _hiddenOutput: string | null = null
  /** `reboot --kernel` was asked for: the step ends at the new machine's first prompt. */
  private _rebootPending = false
  /** A blank line was entered: its prompt ends no step. */
  private _blankLine = false
  /** Resolves the step a replay or rerun is waiting for. */
  private _stepWaiter: (() => void) | null = null
  /** Host operations (restore, hidden step, save, reboot) run one at a time, in order. */
  private _operations: Promise<unknown> = Promise.resolve()
  private _operationRunning = false
  private _fullAnnounced = false
  /**
   * The event timeline: every kernel trace event of this session's machines (trace.events),
   * tagged with the index of the history step that caused it (-1 between steps).
   */
  readonly traceLog = new TraceLog()

  readonly onOutput = this._onOutput.event
  readonly onExit = this._onExit.event
  /** The machine was replaced (reboot into another kernel version, a restore across one). */
  readonly onChange = this._onChange.event
  /** The terminal must be cleared and show this transcript (after a restore). */
  readonly onReset = this._onReset.event
  /** The history's state changed (a step began or ended, a restore, a branch). */
  readonly onHistoryChanged = this._onHistoryChanged.event
  /** A step finished and was recorded. */
  readonly onStep = this._onStep.event

  constructor(options: SessionOptions) {
    this.info = { sessionId: options.id, kernel: options.kernel, user: options.user, hostname: 'pinlab' }
    this.seed = options.seed
    this._cols = options.cols
    this._rows = options.rows
    this.history = new SessionHistory(options.kernel, options.seed, options.user, options.historyLimits)
  }

  /** A new session that replays `record` (a saved free-play machine, an exported history). */
  static async restoreFrom(record: SessionRecord, options: Pick<SessionOptions, 'id' | 'cols' | 'rows' | 'historyLimits'>): Promise<Session> {
    const problem = sessionRecordProblem(record, options.historyLimits ?? DEFAULT_HISTORY_LIMITS)
    if (problem !== null) throw new PinlabApiError('invalid-params', problem)
    const session = new Session({ ...options, kernel: record.kernel, seed: record.seed, user: record.user })
    await session.load(record)
    return session
  }

  get size(): { cols: number; rows: number } {
    return { cols: this._cols, rows: this._rows }
  }

  get exited(): boolean {
    return this._exited
  }

  /** The running machine (for the state views and tests). */
  get machine(): Machine | null {
    return this._machine
  }

  /**
   * The login shell's user and working directory now (cc.check compiles as that user, there);
   * null before the machine has booted.
   */
  get shellUser(): { uid: number; cwd: string } | null {
    const ctx = this._login?.ctx
    return ctx ? { uid: ctx.getuid(), cwd: ctx.cwd } : null
  }

  /** A command runs, or a restore / hidden step / save is in progress. */
  get busy(): boolean {
    return this._operationRunning || this._mode !== 'live' || this.history.openStep !== null || this._rebootPending
  }

  historyState() {
    return this.history.state(this.info.sessionId, this.busy)
  }

  /** Boots the machine and shows the banner and the first prompt. Call after subscribing. */
  start(): void {
    if (this._machine || this._disposed) return
    this._boot(this.info.kernel, true)
  }

  /**
   * Feeds keystrokes from the terminal. Returns how many characters were accepted. Refused with
   * `conflict` while a restore runs, or while the machine shows a past position with later steps
   * (typing would start a new branch: the renderer asks, then calls `history.branch`).
   */
  input(data: string): number {
    if (this._exited || !this._login) return 0
    if (this._mode !== 'live' || this._operationRunning) {
      throw new PinlabApiError('conflict', 'The machine is being restored or set up; type again when it is ready.')
    }
    if (this.history.hasFuture && this.history.openStep === null) {
      const later = this.history.steps.length - this.history.position
      throw new PinlabApiError(
        'conflict',
        `The machine shows step ${this.history.position} of ${this.history.steps.length}; typing here starts a new branch and discards ${later} later step${later === 1 ? '' : 's'}. Branch first (history.branch).`
      )
    }
    this._login.interactive.feed(data)
    return data.length
  }

  resize(cols: number, rows: number): void {
    this._cols = cols
    this._rows = rows
    if (this._machine) {
      this._machine.tty.cols = cols
      this._machine.tty.rows = rows
    }
  }

  /** Resolves when host operations and the shell's command in progress have finished. */
  async idle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const operations = this._operations
      await operations.catch(() => undefined)
      await this._login?.interactive.idle()
      if (operations === this._operations && !this._rebootPending) return
      if (this._rebootPending) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  // ------------------------------------------------------------------ history API

  async undo(): Promise<void> {
    if (this.history.position === 0) throw new PinlabApiError('conflict', 'There is nothing to undo: the machine is at its start.')
    await this.goto(this.history.position - 1)
  }

  async redo(): Promise<void> {
    if (!this.history.hasFuture) throw new PinlabApiError('conflict', 'There is nothing to redo: the machine is at the latest step.')
    await this.goto(this.history.position + 1)
  }

  /**
   * Restores the machine as it was after `position` steps. Refused (`conflict`) while a command
   * or another restore runs and once the history is full; refused (`forbidden`) before the last
   * fence (lab setup); `invalid-params` outside 0 … steps.length.
   */
  async goto(position: number): Promise<void> {
    this._requireMovable()
    const history = this.history
    if (!Number.isInteger(position) || position < 0 || position > history.steps.length) {
      throw new PinlabApiError('invalid-params', `There is no position ${position}: this history has positions 0 to ${history.steps.length}.`)
    }
    if (position < history.floor) {
      throw new PinlabApiError('forbidden', `Position ${position} is before the lab's setup (step ${history.floor}); undo stops there.`)
    }
    if (position === history.position) return
    await this._exclusive(() => this._restore(position))
  }

  /** Discards the redo future, so the learner can type (a new branch). */
  branch(): void {
    if (this._mode !== 'live' || this._operationRunning) {
      throw new PinlabApiError('conflict', 'The machine is being restored; branch when it is ready.')
    }
    if (!this.history.hasFuture) return
    this.history.branch()
    this._onHistoryChanged.fire()
  }

  /**
   * Runs `command` in a subshell of the login shell without showing it (a lab's setup), recorded
   * as a `hidden` step. Its files and processes stay; its `cd`, variables and `exit` stay inside
   * the subshell, so setup can never log the learner out. Refused (`conflict`) while a command
   * runs or a restore is in progress.
   */
  async runHidden(command: string, options: { fence?: boolean } = {}): Promise<{ output: string; exitStatus: number }> {
    this._requireQuiet('run a setup command')
    return this._exclusive(async () => {
      const clock = this._requireMachine().now
      const kernel = this.info.kernel
      // begin() below discards any redo future, so the step will sit at the current position.
      this.traceLog.setStep(this.history.position)
      const result = await this._runHiddenNow(command)
      if (this.history.begin('hidden', command, clock, kernel, { fence: options.fence })) this._finishStep(result.exitStatus)
      this._announceFull()
      return result
    })
  }

  /**
   * Writes a file as the session's user (an editor save, a lab's file), recorded as a
   * `write-file` step. A relative path is taken from the shell's working directory; the
   * recorded path is absolute. Errors (EACCES, ENOENT …) are a PinlabApiError and record nothing.
   */
  async writeFile(path: string, content: string, options: { fence?: boolean } = {}): Promise<{ path: string }> {
    this._requireQuiet('save a file')
    return this._exclusive(async () => {
      const absolute = this._absolute(path)
      const clock = this._requireMachine().now
      writeFileAs(this._actor(), absolute, content)
      if (this.history.begin('write-file', absolute, clock, this.info.kernel, { fence: options.fence, content })) this._finishStep(null)
      this._announceFull()
      return { path: absolute }
    })
  }

  /** Reads a file as the session's user (relative paths from the shell's working directory). */
  readFile(path: string): { content: string } {
    return { content: readFileAs(this._actor(), this._absolute(path)) }
  }

  /**
   * Boots a fresh machine at `kernel` with an EMPTY history (a lab starts here). The terminal is
   * reset to the new banner.
   */
  async reboot(kernel: KernelVersion): Promise<void> {
    if (this._mode !== 'live' || this._operationRunning || this.history.openStep !== null) {
      throw new PinlabApiError('conflict', 'A command or a restore is still running; reboot when it has finished.')
    }
    await this._exclusive(async () => {
      this._teardownMachine()
      this.history.reset(kernel)
      this._fullAnnounced = false
      const changed = kernel !== this.info.kernel
      this._boot(kernel, true)
      if (changed) this._onChange.fire({ ...this.info })
      this._onReset.fire(this.history.banner)
    })
  }

  /** The last completed `command` step before the position, or null. */
  lastCommand(): CommandOutcome | null {
    for (let i = this.history.position - 1; i >= 0; i--) {
      const step = this.history.steps[i]!
      if (step.kind === 'command') return { command: step.command, output: step.output, exitStatus: step.exitStatus ?? 0 }
    }
    return null
  }

  toRecord(): SessionRecord {
    return this.history.toRecord()
  }

  /**
   * Replaces this session's machine and history with `record`'s: boots fresh and replays steps
   * 0 … record.position-1; the terminal shows the recorded transcript. The record must match the
   * session's seed and user (Session.restoreFrom makes one that does).
   */
  async load(record: SessionRecord): Promise<void> {
    const problem = sessionRecordProblem(record, this.history.limits)
    if (problem !== null) throw new PinlabApiError('invalid-params', problem)
    if (record.seed !== this.seed || record.user !== this.info.user) {
      throw new PinlabApiError('invalid-params', 'This history belongs to a machine with another seed or user; open it in a new session.')
    }
    if (this._mode !== 'live' || this._operationRunning || this.history.openStep !== null) {
      throw new PinlabApiError('conflict', 'A command or a restore is still running; load the history when it has finished.')
    }
    await this._exclusive(async () => {
      this.history.adopt(record)
      this._fullAnnounced = false
      await this._restore(record.position, true)
    })
  }

  /**
   * Runs `steps` (another session's) for real on this session's machine, showing and recording
   * their output: the side-by-side comparison on another kernel. Recorded clocks are honoured
   * when they lie ahead; keystrokes are delivered at their recorded clock while the command runs.
   * A step that does not finish in time gets Ctrl-C, as a person would.
   */
  async rerun(steps: readonly StepRecord[]): Promise<void> {
    this.start()
    await this._exclusive(async () => {
      this._mode = 'rerun'
      this._requireMachine().realtimeIdle = false
      this._onHistoryChanged.fire()
      try {
        for (const step of steps) {
          if (this._exited || this._disposed) return
          await this._driveStep(step)
        }
      } finally {
        this._mode = 'live'
        this._goLive()
      }
    })
  }

  dispose(): void {
    this._disposed = true
    this.traceLog.dispose()
    // A restore or rerun waiting for a step stops now instead of at its timeout.
    const waiter = this._stepWaiter
    this._stepWaiter = null
    waiter?.()
    this._teardownMachine()
    this._onOutput.dispose()
    this._onExit.dispose()
    this._onChange.dispose()
    this._onReset.dispose()
    this._onHistoryChanged.dispose()
    this._onStep.dispose()
  }

  // ------------------------------------------------------------------ machine

  private _boot(kernel: KernelVersion, banner: boolean): void {
    const machine = bootMachine({
      kernel,
      seed: this.seed,
      yieldToHost: () => new Promise((resolve) => setImmediate(resolve)),
      realtimeIdle: this._mode === 'live'
    })
    machine.tty.cols = this._cols
    machine.tty.rows = this._rows
    this.traceLog.attach(machine.kernel)
    const store = new DisposableStore()
    store.add(machine.tty.onOutput((data) => this._write(data)))
    const session = login(machine, this.info.user, { write: (data) => this._write(data) }, () => this._cols, {
      hooks: {
        onCommandStart: (line) => this._commandStarted(line),
        onCommandLine: (line) => {
          if (this._mode !== 'replay') this.history.appendCommandLine(line)
        },
        onCommandAbandoned: () => {
          if (this._mode !== 'replay') this.history.abandon()
        },
        onRunningInput: (data) => {
          if (this._mode !== 'replay' && this._machine) this.history.input({ clock: this._machine.now, data })
        },
        onPrompt: () => {
          if (this._rebootPending) return // the step ends at the new machine's first prompt
          if (this._blankLine) {
            this._blankLine = false
            return
          }
          this._commandEnded()
        }
      },
      keepTypeAhead: () => this._mode === 'live'
    })
    store.add(session.interactive.onExit((status) => this._exit(status)))
    machine.onRebootRequest = (version) => {
      this._rebootPending = true
      // After the reboot builtin has returned, like a real reboot ending the session's programs.
      setImmediate(() => this._reboot(version))
    }
    this._machine = machine
    this._login = session
    this._booted = store
    this.info = { ...this.info, kernel }
    this._inBanner = banner
    this._write(`PinLab — simulated Linux ${kernel} on ${machine.hostname}. Type 'help' to get started.\r\n`)
    session.interactive.start()
    this._inBanner = false
  }

  /** `reboot --kernel V` from the shell: a fresh machine; the step that asked ends at its prompt. */
  private _reboot(kernel: KernelVersion): void {
    if (this._exited || this._disposed) return
    this._teardownMachine()
    this._write(`\r\n[  reboot: Restarting system with Linux ${kernel} ]\r\n\r\n`)
    this._boot(kernel, false)
    this._rebootPending = false
    this._onChange.fire({ ...this.info })
    this._commandEnded()
  }

  private _teardownMachine(): void {
    this._booted.dispose()
    this._login?.interactive.dispose()
    this._machine?.dispose()
    this._machine = null
    this._login = null
    this._rebootPending = false
    this._blankLine = false
  }

  /** Back to interactive use: idle virtual time follows the wall clock again. */
  private _goLive(): void {
    const machine = this._machine
    if (!machine) return
    machine.clearInjections()
    machine.clockLimit = Infinity
    machine.realtimeIdle = true
  }

  private _requireMachine(): Machine {
    if (!this._machine || !this._login) throw new PinlabApiError('unsupported', `Session ${this.info.sessionId} has not booted its machine yet.`)
    return this._machine
  }

  private _actor(): FileActor {
    const machine = this._requireMachine()
    const user = USERS[this.info.user]
    return { machine, pid: this._login!.ctx.pid, uid: user.uid, gid: user.gid }
  }

  private _absolute(path: string): string {
    this._requireMachine()
    if (path === '') throw new PinlabApiError('invalid-params', 'A file path is needed.')
    return resolvePath(this._login!.shell.state.cwd, path)
  }

  // ------------------------------------------------------------------ recording

  private _write(data: string): void {
    if (this._hiddenOutput !== null) {
      this._hiddenOutput += data
      return
    }
    if (this._mode === 'replay') return
    if (this._inBanner) this.history.appendBanner(data)
    else this.history.appendOutput(data)
    this._onOutput.fire(data)
    this._announceFull()
  }

  private _commandStarted(line: string): void {
    if (line.trim() === '') {
      this._blankLine = true
      return
    }
    if (this._mode === 'replay' || !this._machine) return
    if (this.history.begin('command', line, this._machine.now, this.info.kernel)) this.traceLog.setStep(this.history.steps.length)
    this._announceFull()
    this._onHistoryChanged.fire()
  }

  /** The shell is back at its primary prompt after a command (or a reboot's new machine is). */
  private _commandEnded(): void {
    if (this._mode !== 'replay') {
      const status = this._login?.shell.state.status ?? 0
      this._finishStep(status)
    }
    const waiter = this._stepWaiter
    if (waiter) {
      this._stepWaiter = null
      // A rerun freezes idle time where the step ended: the next step's recorded clock decides
      // how far it moves (a replay already stops at it).
      if (this._machine && this._mode === 'rerun') this._machine.clockLimit = this._machine.now
      waiter()
    }
  }

  private _finishStep(exitStatus: number | null): void {
    const step = this.history.end(exitStatus)
    this.traceLog.setStep(-1)
    if (step) this._onStep.fire(step)
    this._onHistoryChanged.fire()
  }

  /** Tells the learner once, in the terminal, that the history stopped recording. */
  private _announceFull(): void {
    if (!this.history.full || this._fullAnnounced || this._mode === 'replay') return
    this._fullAnnounced = true
    this._onOutput.fire(`\r\n[pinlab] Undo is off from here: ${this.history.fullReason}. Commands still run; they are no longer recorded.\r\n`)
    this._onHistoryChanged.fire()
  }

  // ------------------------------------------------------------------ restore and replay

  private _requireMovable(): void {
    if (this.busy) throw new PinlabApiError('conflict', 'A command or a restore is running; wait for the prompt, then try again.')
    if (this.history.full) throw new PinlabApiError('conflict', `Undo is off for this session: ${this.history.fullReason}.`)
  }

  private _requireQuiet(what: string): void {
    if (this.busy) throw new PinlabApiError('conflict', `A command or a restore is running; cannot ${what} until it has finished.`)
    if (this.history.hasFuture) {
      const later = this.history.steps.length - this.history.position
      throw new PinlabApiError('conflict', `The machine shows an earlier step; doing this starts a new branch and discards ${later} later step${later === 1 ? '' : 's'}. Branch first (history.branch).`)
    }
    this._requireMachine()
  }

  /** Runs host operations one at a time. */
  private _exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this._operations.then(async () => {
      this._operationRunning = true
      try {
        return await operation()
      } finally {
        this._operationRunning = false
        // The state the renderer sees last is the settled one (busy: false).
        this._onHistoryChanged.fire()
      }
    })
    this._operations = run.catch(() => undefined)
    return run
  }

  /**
   * Boots fresh (the history's boot kernel and the session's seed) and replays steps
   * 0 … position-1 with output discarded, then resets the terminal to the recorded transcript.
   * When a step fails to replay, the machine stays after the last step that did, the position
   * says so, and the error says which step.
   */
  private async _restore(position: number, force = false): Promise<void> {
    if (!force && position === this.history.position) return
    const kernelBefore = this.info.kernel
    const fromLive = !force && this._liveIsCheckpoint(position)
    this._mode = 'replay'
    this._onHistoryChanged.fire()
    let reached = fromLive ? this.history.position : 0
    let failure: unknown = null
    try {
      if (fromLive) {
        this._requireMachine().realtimeIdle = false
      } else {
        this._teardownMachine()
        // The replay emits the events of steps 0 … position-1 again, tagged as they were.
        this.traceLog.clear()
        this._boot(this.history.kernel, false)
      }
      for (; reached < position; reached++) {
        this.traceLog.setStep(reached)
        await this._driveStep(this.history.steps[reached]!, this.history.steps[reached + 1]?.clock ?? Infinity)
        if (this._exited || this._disposed) return
      }
    } catch (error) {
      failure = error
    } finally {
      this.traceLog.setStep(-1)
      this._mode = 'live'
      this._goLive()
    }
    this.history.position = reached
    if (this.info.kernel !== kernelBefore) this._onChange.fire({ ...this.info })
    this._onReset.fire(this.history.transcript(reached))
    if (failure !== null) {
      const detail = failure instanceof Error ? failure.message : String(failure)
      throw new PinlabApiError('internal', `Step ${reached + 1} (${this.history.steps[reached]?.command ?? '?'}) could not be replayed (${detail}); the machine shows the state after step ${reached}.`)
    }
  }

  /**
   * Whether the live machine can serve as the starting point of a restore to `position`: going
   * forward (redo, goto later), with nothing since the current position that the recording does
   * not hold — no step open, the shell at its prompt, and the clock not yet past the next
   * step's recorded clock (idle time the learner spent looking does not count, as long as no
   * timer moved the clock further than the recording did). Otherwise the restore boots fresh.
   */
  private _liveIsCheckpoint(position: number): boolean {
    const history = this.history
    const next = history.steps[history.position]
    return (
      position > history.position &&
      next !== undefined &&
      this._machine !== null &&
      this._login !== null &&
      !this._rebootPending &&
      history.openStep === null &&
      this._machine.now <= next.clock
    )
  }

  /** Replays or reruns one step on the current machine (see `_restore` and `rerun`). */
  private async _driveStep(step: StepRecord, nextClock = Infinity): Promise<void> {
    const machine = this._requireMachine()
    await machine.advanceIdleClockTo(step.clock)
    // Replay: nothing may run past the moment the next step was typed. A rerun on another kernel
    // has no such moment (its programs take their own time).
    const limit = this._mode === 'replay' ? nextClock : Infinity
    // When the recording's keystrokes arrived while a background job computed, the scheduler was
    // between two rounds, yielding to the host: the shell reacted first, then the rounds went on.
    // So the limit is lifted only after the shell has had its turn. On an idle machine the
    // shell's spawn starts the scheduler at once, as it did when recorded.
    const parkedWithWork = machine.hasRunnableThreads
    if (!parkedWithWork || step.kind !== 'command') machine.clockLimit = limit
    switch (step.kind) {
      case 'write-file': {
        writeFileAs(this._actor(), step.command, step.content ?? '')
        if (this._mode === 'rerun' && this.history.begin('write-file', step.command, step.clock, this.info.kernel, { fence: step.fence, content: step.content ?? '' })) {
          this._finishStep(null)
        }
        if (this._mode === 'rerun') machine.clockLimit = machine.now
        return
      }
      case 'hidden': {
        const clock = machine.now
        const result = await this._runHiddenNow(step.command)
        if (this._mode === 'rerun' && this.history.begin('hidden', step.command, clock, this.info.kernel, { fence: step.fence })) {
          this._finishStep(result.exitStatus)
        }
        if (this._mode === 'rerun') machine.clockLimit = machine.now
        return
      }
      case 'command': {
        const interactive = this._login!.interactive
        for (const input of step.inputs) machine.injectAtClock(input.clock, () => interactive.feed(input.data))
        const ended = new Promise<void>((resolve) => (this._stepWaiter = resolve))
        interactive.feed(step.command.replace(/\n/g, '\r') + '\r')
        if (parkedWithWork) {
          await new Promise((resolve) => setImmediate(resolve))
          machine.clockLimit = limit
        }
        const finished = await waitForStep(ended, REPLAY_STEP_TIMEOUT_MS)
        if (this._disposed) return
        if (!finished) {
          if (this._mode !== 'rerun') throw new Error(`it did not finish within ${REPLAY_STEP_TIMEOUT_MS / 1000} s`)
          // On another kernel the program may wait for input the recording does not have.
          this._login?.interactive.feed('\x03')
          if (!(await waitForStep(ended, REPLAY_STEP_TIMEOUT_MS))) throw new Error('it did not stop on Ctrl-C')
        }
        machine.clearInjections()
        return
      }
    }
  }

  /** Runs a command through the login shell with its output collected, not shown. */
  private async _runHiddenNow(command: string): Promise<{ output: string; exitStatus: number }> {
    const shell = this._login!.shell
    this._hiddenOutput = ''
    try {
      // In a subshell: a setup command's `exit` ends it, never the learner's login shell (the
      // price: a `cd` or a variable set by setup does not reach the learner's shell either).
      const result = await shell.runLine(`(\n${command}\n)`)
      const output: string = this._hiddenOutput
      if (result.incomplete) return { output: `${output}${shell.state.name}: syntax error: unexpected end of file\n`, exitStatus: 2 }
      return { output, exitStatus: result.status }
    } finally {
      this._hiddenOutput = null
    }
  }

  private _exit(status: number): void {
    if (this._exited) return
    this._exited = true
    this._onExit.fire(status)
  }
}
