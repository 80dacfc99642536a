import { Emitter } from '../../../shared/event'
import { ERESTARTSYS, ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import type { Kernel } from '../../kernel/kernel'
import type { TaskStruct } from '../../kernel/include/linux/sched'

const TCGETS = 0x5401
const TIOCGWINSZ = 0x5413
import type { CharDeviceOps } from '../../kernel/fs/inode'
import { SIGNALS } from './signals'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The machine's terminal (drivers/tty/n_tty.c in miniature).
 *
 * In canonical mode (ICANON, what a C program reading stdin gets) the tty itself edits the line:
 * it echoes, handles backspace and ^U, and hands a line to read() only when Enter is pressed;
 * ^C sends SIGINT to the foreground process group and ^D ends the input. In raw mode the bytes go
 * to whoever reads them unedited — the shell's own line editor uses that, as bash's readline does.
 * Output gets ONLCR (\n becomes \r\n), as on a real terminal.
 */
export class Tty implements CharDeviceOps {
  icanon = true
  echo = true
  /** The process group that ^C signals; 0 = none (the shell is reading its prompt). */
  foregroundPgrp = 0
  cols = 80
  rows = 24
  /** For ioctls that copy structures to user memory. */
  kernel: Kernel | null = null

  private _line: string[] = []
  private _queue: Uint8Array[] = []
  private _queued = 0
  private _eof = 0
  private readonly _onOutput = new Emitter<string>()
  private readonly _onSignal = new Emitter<{ pgrp: number; signo: number }>()
  private readonly _onInput = new Emitter<void>()

  /** Terminal bytes to draw (already with \r\n line ends). */
  readonly onOutput = this._onOutput.event
  /** ^C and friends: a signal for the foreground process group. */
  readonly onSignal = this._onSignal.event
  /** Something arrived that a blocked reader may want. */
  readonly onInput = this._onInput.event

  /** Keystrokes from the terminal while a program owns it. */
  input(data: string): void {
    if (!this.icanon) {
      this._push(encoder.encode(data))
      this._onInput.fire()
      return
    }
    let echo = ''
    for (const ch of data) {
      if (ch === '\x03') {
        echo += '^C\r\n'
        this._line = []
        this._queue = []
        this._queued = 0
        if (this.foregroundPgrp) this._onSignal.fire({ pgrp: this.foregroundPgrp, signo: SIGNALS.SIGINT })
      } else if (ch === '\x1c') {
        echo += '^\\\r\n'
        this._line = []
        if (this.foregroundPgrp) this._onSignal.fire({ pgrp: this.foregroundPgrp, signo: SIGNALS.SIGQUIT })
      } else if (ch === '\x04') {
        if (this._line.length === 0) this._eof++
        else this._flushLine(false)
      } else if (ch === '\r' || ch === '\n') {
        this._line.push('\n')
        echo += '\r\n'
        this._flushLine(true)
      } else if (ch === '\x7f' || ch === '\b') {
        if (this._line.length > 0) {
          this._line.pop()
          echo += '\b \b'
        }
      } else if (ch === '\x15') {
        echo += '\b \b'.repeat(this._line.length)
        this._line = []
      } else if (ch >= ' ' || ch === '\t') {
        this._line.push(ch)
        echo += ch
      } else if (ch === '\x1b') {
        // Escape sequences (arrows) are not line editing in canonical mode; the tty shows ^[.
        this._line.push(ch)
        echo += '^['
      }
    }
    if (this.echo && echo) this._onOutput.fire(echo)
    this._onInput.fire()
  }

  /** read(2) on the terminal. */
  read(count: number): Uint8Array | number {
    if (count <= 0) return new Uint8Array(0)
    if (this._queued === 0) {
      if (this._eof > 0) {
        this._eof--
        return new Uint8Array(0)
      }
      return -ERESTARTSYS
    }
    // Canonical mode returns at most one line per read.
    const out: number[] = []
    while (out.length < count && this._queue.length > 0) {
      const head = this._queue[0]!
      let i = 0
      while (i < head.length && out.length < count) {
        const b = head[i++]!
        out.push(b)
        if (this.icanon && b === 0x0a) break
      }
      if (i === head.length) this._queue.shift()
      else this._queue[0] = head.subarray(i)
      if (this.icanon && out[out.length - 1] === 0x0a) break
    }
    this._queued -= out.length
    return Uint8Array.from(out)
  }

  /** write(2) on the terminal. */
  write(data: Uint8Array): number {
    this._onOutput.fire(decoder.decode(data).replace(/\r?\n/g, '\r\n'))
    return data.length
  }

  /** ioctl(2): the window size (TIOCGWINSZ) and the terminal attributes (TCGETS). */
  ioctl(task: TaskStruct, cmd: number, arg: number): number {
    if (!this.kernel) return -ERRNO.ENOTTY
    const ua = this.kernel.uaccess(task)
    if (cmd === TIOCGWINSZ) {
      const ws = new Uint8Array(8)
      const dv = new DataView(ws.buffer)
      dv.setUint16(0, this.rows, true)
      dv.setUint16(2, this.cols, true)
      return ua.copy_to_user(arg, ws, 8) === 0 ? 0 : -ERRNO.EFAULT
    }
    if (cmd === TCGETS) {
      // struct termios (60 bytes): c_iflag ICRNL|IXON, c_oflag OPOST|ONLCR, c_cflag B38400|CS8|CREAD,
      // c_lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, as a fresh xterm's pty.
      const t = new Uint8Array(60)
      const dv = new DataView(t.buffer)
      dv.setUint32(0, 0o2400, true)
      dv.setUint32(4, 0o5, true)
      dv.setUint32(8, 0o277, true)
      dv.setUint32(12, (this.icanon ? 0o2 : 0) | (this.echo ? 0o10 : 0) | 0o1 | 0o20 | 0o40 | 0o1000 | 0o4000 | 0o100000, true)
      return ua.copy_to_user(arg, t, 60) === 0 ? 0 : -ERRNO.EFAULT
    }
    return -ERRNO.ENOTTY
  }

  /** Writes text from the machine itself (the shell's prompt, messages). */
  print(text: string): void {
    this._onOutput.fire(text.replace(/\r?\n/g, '\r\n'))
  }

  /** Writes bytes that are already terminal-ready (a line editor's redraws). */
  printRaw(text: string): void {
    if (text) this._onOutput.fire(text)
  }

  /** Hands back (and removes) everything typed but not read: queued lines and the line being typed. */
  takePending(): string {
    const parts = this._queue.map((b) => decoder.decode(b))
    const text = parts.join('') + this._line.join('')
    this._queue = []
    this._queued = 0
    this._line = []
    // Line ends go back as the Enter key the line editor expects.
    return text.replace(/\n/g, '\r')
  }

  /** Forgets pending input (a new foreground job must not read the last one's leftovers). */
  flushInput(): void {
    this._line = []
    this._queue = []
    this._queued = 0
    this._eof = 0
  }

  get pendingInput(): number {
    return this._queued + this._line.length
  }

  private _flushLine(_newline: boolean): void {
    this._push(encoder.encode(this._line.join('')))
    this._line = []
  }

  private _push(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this._queue.push(bytes)
    this._queued += bytes.length
  }

  dispose(): void {
    this._onOutput.dispose()
    this._onSignal.dispose()
    this._onInput.dispose()
  }
}
