import type { KernelVersion } from '../../shared/kernel-versions'
import type { SessionInfo } from '../../shared/api'
import { DisposableStore, Emitter, type IDisposable } from '../../shared/event'
import { bootMachine, login, type LoginSession } from '../userland/os/boot'
import type { Machine } from '../userland/os/machine'
import { TraceLog } from './trace-log'

export interface SessionOptions {
  id: string
  kernel: KernelVersion
  seed: number
  user: 'root' | 'student'
  cols: number
  rows: number
}

/**
 * One machine and its terminal stream.
 *
 * The terminal on the other side is dumb: keystrokes arrive raw and go to the login shell's
 * line editor, or — while a command runs — to the machine's tty, whose line discipline turns
 * Ctrl-C into SIGINT for the foreground job. Everything the machine prints leaves through
 * `onOutput` as terminal bytes. `reboot --kernel V` swaps in a fresh machine at that version.
 */
export class Session implements IDisposable {
  info: SessionInfo
  readonly seed: number
  private _cols: number
  private _rows: number
  private _machine: Machine | null = null
  private _login: LoginSession | null = null
  private readonly _machineStore = new DisposableStore()
  private _booted = new DisposableStore()
  private readonly _onOutput = new Emitter<string>()
  private readonly _onExit = new Emitter<number>()
  private readonly _onChange = new Emitter<SessionInfo>()
  private _exited = false
  /** The event timeline: every kernel trace event of this session's machines (trace.events). */
  readonly traceLog = new TraceLog()

  readonly onOutput = this._onOutput.event
  readonly onExit = this._onExit.event
  /** The machine was replaced (reboot into another kernel version). */
  readonly onChange = this._onChange.event

  constructor(options: SessionOptions) {
    this.info = { sessionId: options.id, kernel: options.kernel, user: options.user, hostname: 'pinlab' }
    this.seed = options.seed
    this._cols = options.cols
    this._rows = options.rows
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

  /** Boots the machine and shows the banner and the first prompt. Call after subscribing. */
  start(): void {
    this._boot(this.info.kernel)
  }

  /** Feeds keystrokes from the terminal. Returns how many characters were accepted. */
  input(data: string): number {
    if (this._exited || !this._login) return 0
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

  /** Resolves when the shell has finished the command in progress (tests, replay). */
  async idle(): Promise<void> {
    await this._login?.interactive.idle()
  }

  dispose(): void {
    this.traceLog.dispose()
    this._booted.dispose()
    this._machine?.dispose()
    this._machine = null
    this._login = null
    this._machineStore.dispose()
    this._onOutput.dispose()
    this._onExit.dispose()
    this._onChange.dispose()
  }

  private _boot(kernel: KernelVersion): void {
    const machine = bootMachine({
      kernel,
      seed: this.seed,
      yieldToHost: () => new Promise((resolve) => setImmediate(resolve)),
      realtimeIdle: true
    })
    machine.tty.cols = this._cols
    machine.tty.rows = this._rows
    this.traceLog.attach(machine.kernel)
    const store = new DisposableStore()
    store.add(machine.tty.onOutput((data) => this._write(data)))
    const session = login(machine, this.info.user, { write: (data) => this._write(data) }, () => this._cols)
    store.add(session.interactive.onExit((status) => this._exit(status)))
    machine.onRebootRequest = (version) => {
      // After the reboot builtin has returned, like a real reboot ending the session's programs.
      setImmediate(() => this._reboot(version))
    }
    this._machine = machine
    this._login = session
    this._booted = store
    this.info = { ...this.info, kernel }
    this._write(`PinLab — simulated Linux ${kernel} on ${machine.hostname}. Type 'help' to get started.\r\n`)
    session.interactive.start()
  }

  private _reboot(kernel: KernelVersion): void {
    if (this._exited) return
    this._booted.dispose()
    this._login?.interactive.dispose()
    this._machine?.dispose()
    this._write(`\r\n[  reboot: Restarting system with Linux ${kernel} ]\r\n\r\n`)
    this._boot(kernel)
    this._onChange.fire({ ...this.info })
  }

  private _write(data: string): void {
    this._onOutput.fire(data)
  }

  private _exit(status: number): void {
    if (this._exited) return
    this._exited = true
    this._onExit.fire(status)
  }
}
