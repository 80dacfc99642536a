import type { KernelVersion } from '../../shared/kernel-versions'
import type { SessionInfo } from '../../shared/api'
import { Emitter, type IDisposable } from '../../shared/event'
import { LineEditor } from '../userland/shell/line-editor'
import { runPlaceholderCommand } from './placeholder-shell'

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
 * The session owns the line discipline: keystrokes come in raw from a dumb terminal, are edited
 * and echoed here, and complete lines go to the shell. Output leaves through `onOutput` as
 * terminal bytes. Until the simulated machine is wired in, the shell is the placeholder.
 */
export class Session implements IDisposable {
  readonly info: SessionInfo
  readonly seed: number
  private _cols: number
  private _rows: number
  private readonly _editor = new LineEditor()
  private readonly _onOutput = new Emitter<string>()
  private readonly _onExit = new Emitter<number>()
  private _exited = false

  readonly onOutput = this._onOutput.event
  readonly onExit = this._onExit.event

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

  /** Writes the banner and the first prompt. Call once, after subscribing to onOutput. */
  start(): void {
    this._write(
      `PinLab — simulated Linux ${this.info.kernel} (placeholder shell). Type 'help'.\r\n` +
        this._editor.startLine(this._prompt())
    )
  }

  /** Feeds keystrokes from the terminal. Returns how many characters were accepted. */
  input(data: string): number {
    if (this._exited) return 0
    let chunk = data
    // A completed line may leave type-ahead in the editor; keep feeding until it is consumed.
    for (let rounds = 0; rounds < 10_000; rounds++) {
      const { output, actions } = this._editor.feed(chunk)
      chunk = ''
      let out = output
      for (const action of actions) {
        if (action.kind === 'line') {
          const reply = runPlaceholderCommand(action.text)
          out += reply.output
          if (reply.exitStatus !== undefined) {
            this._write(out)
            this._exit(reply.exitStatus)
            return data.length
          }
          out += this._editor.startLine(this._prompt())
        } else if (action.kind === 'interrupt') {
          out += this._editor.startLine(this._prompt())
        } else if (action.kind === 'eof') {
          this._write(out + 'logout\r\n')
          this._exit(0)
          return data.length
        }
      }
      if (out !== '') this._write(out)
      if (!this._editor.active || actions.length === 0) break
    }
    return data.length
  }

  resize(cols: number, rows: number): void {
    this._cols = cols
    this._rows = rows
  }

  dispose(): void {
    this._onOutput.dispose()
    this._onExit.dispose()
  }

  private _prompt(): string {
    return this.info.user === 'root' ? 'root@pinlab:~# ' : 'student@pinlab:~$ '
  }

  private _write(data: string): void {
    this._onOutput.fire(data)
  }

  private _exit(status: number): void {
    this._exited = true
    this._onExit.fire(status)
  }
}
