/**
 * The interactive shell on a terminal: the line editor (line-editor.ts) reads a line with the
 * prompt, the shell runs it, and the result decides what comes next (another prompt, a
 * continuation prompt, a completion, the end of the session).
 *
 * While a command runs, keystrokes belong to it: they go to `ttyInput` (the kernel's terminal,
 * which turns Ctrl-C into SIGINT for the foreground process group). Without a `ttyInput`, Ctrl-C
 * interrupts the shell and signals the foreground group itself.
 *
 * Contract: `feed` never throws; `onExit` fires once with the session's exit status.
 */
import { Emitter, type IDisposable } from '../../../shared/event'
import { LineEditor } from './line-editor'
import { complete, formatCandidates } from './complete'
import type { Shell } from './shell'
import { S_IFDIR, S_IFMT, SIGINT, isErr } from './os'
import { resolve } from './glob'

export interface TerminalPort {
  /** Writes terminal bytes (already with \r\n). */
  write(data: string): void
}

export interface InteractiveOptions {
  /** Keystrokes while a command runs (the tty's input queue). */
  ttyInput?: (data: string) => void
  /** Terminal width for completion listings. */
  columns?: () => number
  /**
   * Takes back what was typed while the command ran and no program read it (the tty's pending
   * input), so type-ahead reaches the next prompt as it does in bash.
   */
  reclaimInput?: () => string
  /** Observers of the command cycle (the host's time-travel history records steps with them). */
  hooks?: InteractiveHooks
}

/**
 * Named points of the command cycle, called synchronously as they happen. A multi-line command
 * (a heredoc, a `\` continuation) starts once and ends at the next primary prompt.
 */
export interface InteractiveHooks {
  /** A line was submitted at the primary prompt: a command begins (nothing has run yet). */
  onCommandStart?(line: string): void
  /** A further line of the same command was submitted at the continuation prompt. */
  onCommandLine?(line: string): void
  /** The command being entered was abandoned at the continuation prompt (Ctrl-C): nothing ran. */
  onCommandAbandoned?(): void
  /** Keystrokes went to the running command's terminal (its stdin, Ctrl-C). */
  onRunningInput?(data: string): void
  /** The primary prompt was written after a command (the command is over). */
  onPrompt?(): void
}

export class InteractiveShell implements IDisposable {
  private readonly editor = new LineEditor()
  private readonly _onExit = new Emitter<number>()
  readonly onExit = this._onExit.event
  private running: Promise<void> = Promise.resolve()
  private busy = false
  private exited = false
  private pending = ''
  private lastTab: string | null = null
  private completing = false
  private queued = ''

  constructor(
    readonly shell: Shell,
    private readonly terminal: TerminalPort,
    private readonly options: InteractiveOptions = {}
  ) {}

  /** Writes the first prompt. */
  start(): void {
    this.terminal.write(this.editor.startLine(this.promptText()))
  }

  /** Resolves when the current command (if any) has finished and the next prompt is shown. */
  idle(): Promise<void> {
    return this.running
  }

  get editorHistory(): readonly string[] {
    return this.editor.history
  }

  /** Feeds keystrokes from the terminal. */
  feed(data: string): void {
    if (this.exited) return
    if (this.completing) {
      this.queued += data
      return
    }
    if (this.busy) {
      if (data !== '') this.options.hooks?.onRunningInput?.(data)
      if (this.options.ttyInput !== undefined) this.options.ttyInput(data)
      else if (data.includes('\x03')) {
        this.shell.interrupt()
        const fg = this.shell.ctx.tcgetpgrp()
        if (fg > 0 && fg !== this.shell.ctx.pid) this.shell.ctx.kill(-fg, SIGINT)
      }
      return
    }
    const { output, actions } = this.editor.feed(data)
    if (output !== '') this.terminal.write(output)
    for (const action of actions) {
      if (action.kind !== 'complete') this.lastTab = null
      switch (action.kind) {
        case 'line':
          this.runText(this.pending + action.text)
          return
        case 'interrupt':
          if (this.pending !== '') this.options.hooks?.onCommandAbandoned?.()
          this.pending = ''
          this.shell.state.status = 130
          this.terminal.write(this.editor.startLine(this.promptText()))
          break
        case 'eof':
          if (this.pending !== '') {
            this.options.hooks?.onCommandAbandoned?.()
            this.pending = ''
            this.terminal.write(`${this.shell.state.name}: syntax error: unexpected end of file\r\n`)
            this.terminal.write(this.editor.startLine(this.promptText()))
            break
          }
          this.schedule(async () => {
            const r = await this.shell.endOfFile()
            this.after(r.exit)
          })
          return
        case 'complete':
          this.completing = true
          this.running = this.running.then(async () => {
            try {
              await this.completeAt(action.text, action.cursor)
            } catch {
              this.terminal.write('\x07')
            } finally {
              this.completing = false
              const q = this.queued
              this.queued = ''
              this.feed(q)
            }
          })
          return
        case 'clear':
          break
      }
    }
  }

  private promptText(): string {
    return this.shell.prompt(this.pending === '' ? 'PS1' : 'PS2').replace(/\n/g, '\r\n')
  }

  private schedule(task: () => Promise<void>): void {
    this.busy = true
    this.running = this.running.then(async () => {
      try {
        await task()
      } catch {
        // The shell reports its own errors; nothing may escape to the host.
      } finally {
        this.busy = false
      }
      // Type-ahead kept by the editor, or left unread in the tty, is processed now.
      if (!this.exited) this.feed(this.options.reclaimInput?.() ?? '')
    })
  }

  private runText(text: string): void {
    const line = text.slice(this.pending.length)
    if (this.pending === '') this.options.hooks?.onCommandStart?.(line)
    else this.options.hooks?.onCommandLine?.(line)
    this.schedule(async () => {
      const r = await this.shell.runLine(text)
      if (r.incomplete === true) {
        this.pending = text + '\n'
        this.after(undefined)
        return
      }
      this.pending = ''
      this.after(r.exit)
    })
  }

  private after(exit: number | undefined): void {
    if (exit !== undefined) {
      this.exited = true
      this._onExit.fire(exit)
      return
    }
    this.terminal.write(this.editor.startLine(this.promptText()))
    if (this.pending === '') this.options.hooks?.onPrompt?.()
  }

  private async completeAt(text: string, cursor: number): Promise<void> {
    const ctx = this.shell.ctx
    const state = this.shell.state
    const result = await complete(
      text,
      cursor,
      {
        cwd: state.cwd,
        path: state.get('PATH') ?? '',
        home: state.get('HOME') ?? '/',
        commands: Object.keys(this.shell.builtins)
      },
      {
        readdir: async (p) => {
          const r = await ctx.readdir(p)
          return isErr(r) ? null : r
        },
        stat: async (p) => {
          const st = await ctx.stat(resolve(state.cwd, p))
          if (isErr(st)) return null
          return { dir: (st.mode & S_IFMT) === S_IFDIR, executable: (st.mode & 0o111) !== 0 }
        }
      }
    )
    if (result.insert !== '') {
      this.terminal.write(this.editor.insert(result.insert))
      this.lastTab = null
      return
    }
    if (result.candidates.length <= 1) {
      this.terminal.write('\x07')
      return
    }
    const key = `${text}\u0000${cursor}`
    if (this.lastTab === key) {
      const width = this.options.columns?.() ?? 80
      this.terminal.write('\r\n' + formatCandidates(result.candidates, width).replace(/\n/g, '\r\n') + this.editor.redraw())
      this.lastTab = null
    } else {
      this.terminal.write('\x07')
      this.lastTab = key
    }
  }

  dispose(): void {
    this._onExit.dispose()
  }
}
