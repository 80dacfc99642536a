/**
 * A readline-style line editor for the simulated terminal.
 *
 * The terminal on the renderer side is dumb: it sends keystrokes and draws what it is sent. Echo,
 * cursor movement, history and the interrupt key are handled here, on the machine's side, as a
 * real tty's line discipline and a shell's readline would be. The editor is pure: it takes input
 * chunks and returns what to write back to the terminal plus the actions that resulted (a line
 * was entered, Ctrl-C, end of file), so it is testable without any terminal at all.
 *
 * Escape sequences may arrive split across chunks (a slow transport); an incomplete sequence is
 * kept until the next chunk completes it.
 */

export type EditorAction =
  | { kind: 'line'; text: string }
  | { kind: 'interrupt' }
  | { kind: 'eof' }
  | { kind: 'clear' }
  | { kind: 'complete'; text: string; cursor: number }

export interface EditorResult {
  /** Bytes for the terminal (echo and redraws), in order. */
  output: string
  actions: EditorAction[]
}

const ESC = '\x1b'
const MAX_HISTORY = 500
/** A longer line is refused keystroke by keystroke (the bell rings), like a full tty buffer. */
export const MAX_LINE = 4096

export class LineEditor {
  private _buffer: string[] = []
  private _cursor = 0
  private _prompt = ''
  private _pending = ''
  private readonly _history: string[] = []
  /** Index into history while browsing with the arrows; history.length means "the new line". */
  private _historyIndex = 0
  private _draft: string[] = []
  private _active = false

  /** Starts reading a line: returns the prompt to write. */
  startLine(prompt: string): string {
    this._prompt = prompt
    this._buffer = []
    this._cursor = 0
    this._historyIndex = this._history.length
    this._draft = []
    this._active = true
    return prompt
  }

  get active(): boolean {
    return this._active
  }

  get history(): readonly string[] {
    return this._history
  }

  /** The line typed so far (for completion and for redrawing after output). */
  get text(): string {
    return this._buffer.join('')
  }

  get cursor(): number {
    return this._cursor
  }

  /** Redraws the prompt and the current line, e.g. after a completion listing or a clear. */
  redraw(): string {
    return this._prompt + this.text + this._moveLeft(this._buffer.length - this._cursor)
  }

  /** Inserts text at the cursor (used by tab completion). */
  insert(text: string): string {
    let out = ''
    for (const ch of text) out += this._insertChar(ch)
    return out
  }

  /** Feeds one chunk of terminal input. */
  feed(chunk: string): EditorResult {
    const result: EditorResult = { output: '', actions: [] }
    let data = this._pending + chunk
    this._pending = ''
    let i = 0
    while (i < data.length) {
      if (!this._active) {
        // Input that arrives while no line is being read is type-ahead: keep it for the next line.
        this._pending = data.slice(i)
        return result
      }
      const ch = data[i]!
      if (ch === ESC) {
        const seq = matchEscape(data, i)
        if (seq === null) {
          this._pending = data.slice(i)
          return result
        }
        result.output += this._escape(seq)
        i += seq.length
        continue
      }
      i++
      result.output += this._key(ch, result.actions)
      if (ch === '\r' && data[i] === '\n') i++ // CRLF from a paste is one line end
    }
    data = ''
    return result
  }

  private _key(ch: string, actions: EditorAction[]): string {
    switch (ch) {
      case '\r':
      case '\n': {
        const text = this.text
        this._active = false
        if (text.trim() !== '' && this._history[this._history.length - 1] !== text) {
          this._history.push(text)
          if (this._history.length > MAX_HISTORY) this._history.shift()
        }
        actions.push({ kind: 'line', text })
        return '\r\n'
      }
      case '\x03': // Ctrl-C: the line is abandoned, as the shell does on SIGINT
        this._active = false
        actions.push({ kind: 'interrupt' })
        return '^C\r\n'
      case '\x04': // Ctrl-D: end of file on an empty line, delete-forward otherwise
        if (this._buffer.length === 0) {
          this._active = false
          actions.push({ kind: 'eof' })
          return ''
        }
        return this._deleteForward()
      case '\x7f':
      case '\b':
        return this._backspace()
      case '\x01':
        return this._home()
      case '\x05':
        return this._end()
      case '\x02':
        return this._left()
      case '\x06':
        return this._right()
      case '\x0b': { // Ctrl-K: kill to end of line
        this._buffer.splice(this._cursor)
        return `${ESC}[K`
      }
      case '\x15': { // Ctrl-U: kill to start of line
        const n = this._cursor
        this._buffer.splice(0, n)
        this._cursor = 0
        return this._moveLeft(n) + this._tail()
      }
      case '\x17': // Ctrl-W: kill the word before the cursor
        return this._killWord()
      case '\x0c': // Ctrl-L: clear the screen, keep the line
        actions.push({ kind: 'clear' })
        return `${ESC}[H${ESC}[2J` + this.redraw()
      case '\t':
        actions.push({ kind: 'complete', text: this.text, cursor: this._cursor })
        return ''
      default:
        if (ch < ' ') return '' // other control characters are ignored
        return this._insertChar(ch)
    }
  }

  private _escape(seq: string): string {
    switch (seq) {
      case `${ESC}[A`:
      case `${ESC}OA`:
        return this._historyMove(-1)
      case `${ESC}[B`:
      case `${ESC}OB`:
        return this._historyMove(1)
      case `${ESC}[C`:
      case `${ESC}OC`:
        return this._right()
      case `${ESC}[D`:
      case `${ESC}OD`:
        return this._left()
      case `${ESC}[H`:
      case `${ESC}OH`:
      case `${ESC}[1~`:
        return this._home()
      case `${ESC}[F`:
      case `${ESC}OF`:
      case `${ESC}[4~`:
        return this._end()
      case `${ESC}[3~`:
        return this._deleteForward()
      default:
        return '' // unknown sequences (function keys, mouse reports) are swallowed, not echoed
    }
  }

  private _insertChar(ch: string): string {
    if (this._buffer.length >= MAX_LINE) return '\x07'
    this._buffer.splice(this._cursor, 0, ch)
    this._cursor++
    if (this._cursor === this._buffer.length) return ch
    return ch + this._tail()
  }

  private _backspace(): string {
    if (this._cursor === 0) return ''
    this._cursor--
    this._buffer.splice(this._cursor, 1)
    return '\b' + this._tail()
  }

  private _deleteForward(): string {
    if (this._cursor >= this._buffer.length) return ''
    this._buffer.splice(this._cursor, 1)
    return this._tail()
  }

  private _killWord(): string {
    let start = this._cursor
    while (start > 0 && this._buffer[start - 1] === ' ') start--
    while (start > 0 && this._buffer[start - 1] !== ' ') start--
    const n = this._cursor - start
    if (n === 0) return ''
    this._buffer.splice(start, n)
    this._cursor = start
    return this._moveLeft(n) + this._tail()
  }

  private _left(): string {
    if (this._cursor === 0) return ''
    this._cursor--
    return `${ESC}[D`
  }

  private _right(): string {
    if (this._cursor >= this._buffer.length) return ''
    this._cursor++
    return `${ESC}[C`
  }

  private _home(): string {
    const n = this._cursor
    this._cursor = 0
    return this._moveLeft(n)
  }

  private _end(): string {
    const n = this._buffer.length - this._cursor
    this._cursor = this._buffer.length
    return n > 0 ? `${ESC}[${n}C` : ''
  }

  private _historyMove(delta: number): string {
    const next = this._historyIndex + delta
    if (next < 0 || next > this._history.length) return ''
    if (this._historyIndex === this._history.length) this._draft = this._buffer.slice()
    this._historyIndex = next
    const line = next === this._history.length ? this._draft.slice() : Array.from(this._history[next]!)
    const back = this._moveLeft(this._cursor)
    this._buffer = line
    this._cursor = line.length
    return back + line.join('') + `${ESC}[K`
  }

  /** Rewrites from the cursor to the end of the line and puts the cursor back. */
  private _tail(): string {
    const rest = this._buffer.slice(this._cursor).join('')
    return rest + `${ESC}[K` + this._moveLeft(this._buffer.length - this._cursor)
  }

  private _moveLeft(n: number): string {
    return n > 0 ? `${ESC}[${n}D` : ''
  }
}

/**
 * Returns the escape sequence that starts at `i`, or null when the data ends inside one.
 * Recognises CSI (ESC [ params final) and SS3 (ESC O x); a lone ESC followed by anything else is
 * taken as a two-character sequence (Alt+key) and ignored by the caller.
 */
function matchEscape(data: string, i: number): string | null {
  if (i + 1 >= data.length) return null
  const second = data[i + 1]!
  if (second === '[') {
    let j = i + 2
    while (j < data.length) {
      const c = data.charCodeAt(j)
      if (c >= 0x40 && c <= 0x7e) return data.slice(i, j + 1)
      if (j - i > 32) return data.slice(i, j + 1) // runaway sequence: drop it
      j++
    }
    return null
  }
  if (second === 'O') {
    if (i + 2 >= data.length) return null
    return data.slice(i, i + 3)
  }
  return data.slice(i, i + 2)
}
