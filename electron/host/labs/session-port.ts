import type { KernelVersion } from '../../../shared/kernel-versions'
import type { Machine } from '../../userland/os/machine'
import type { StepRecord } from '../../../shared/history'
import type { Session } from '../session'

/** A command that ran to completion: what was typed, what it printed (stdout and stderr), $?. */
export interface CommandResult {
  command: string
  output: string
  exitStatus: number
}

/**
 * Exactly what the lab runner needs from a session (issue 7's Session API, narrowed). The runner
 * and the check evaluator program against this, so the session's implementation can change
 * without touching them.
 */
export interface LabSessionPort {
  /** The machine running now; null before the first boot. Replaced by `reboot`. */
  readonly machine: Machine | null
  readonly kernel: KernelVersion
  readonly user: 'root' | 'student'
  /** A fresh machine at `kernel`, with the learner's shell at its first prompt. */
  reboot(kernel: KernelVersion): Promise<void>
  /** Writes a file on the machine (relative paths: the user's home), owned by the user. */
  writeFile(path: string, content: string, options?: { fence?: boolean }): Promise<void>
  /** Runs a shell command out of the learner's sight, in the home directory; its output and $?. */
  runHidden(command: string, options?: { fence?: boolean }): Promise<{ output: string; exitStatus: number }>
  /** Types a command at the learner's prompt, as a person would, and waits for the next prompt. */
  typeCommand(command: string): Promise<CommandResult>
  /** The last command completed at the prompt (typed by the learner or by `typeCommand`). */
  lastCommand(): CommandResult | null
}

/** Longest output kept per command (the tail is kept: checks look at how a program ended). */
const MAX_COMMAND_OUTPUT = 256 * 1024
/** Longest a typed command may run before verify gives up on it, in host milliseconds. */
const COMMAND_TIMEOUT_MS = 60_000

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g

/**
 * What a check sees of a command: the text it printed (stdout and stderr as the terminal showed
 * them) without colours, carriage returns, the echo of the command line or the prompt after it.
 * A recorded step's output runs from the echo to the next prompt inclusive (shared/history.ts).
 */
export function commandOutputOf(recorded: string): string {
  const text = recorded.replace(ANSI, '').replace(/\r/g, '')
  const first = text.indexOf('\n')
  const afterEcho = first < 0 ? '' : text.slice(first + 1)
  const last = afterEcho.lastIndexOf('\n')
  const output = last < 0 ? '' : afterEcho.slice(0, last + 1)
  return output.length > MAX_COMMAND_OUTPUT ? output.slice(-MAX_COMMAND_OUTPUT) : output
}

/**
 * `LabSessionPort` over a host Session (electron/host/session.ts): setup files and commands are
 * recorded history steps (`write-file`, `hidden`) fenced so undo never goes before them, a typed
 * command is an ordinary command step, and the last command is the last recorded command step
 * before the history's position — so a check after an undo sees the command the learner now sees.
 */
export class SessionLabPort implements LabSessionPort {
  constructor(private readonly _session: Session) {}

  get machine(): Machine | null {
    return this._session.machine
  }

  get kernel(): KernelVersion {
    return this._session.info.kernel
  }

  get user(): 'root' | 'student' {
    return this._session.info.user
  }

  /** Waits until the machine is booted and the shell is at its prompt. */
  async ready(): Promise<void> {
    this._session.start()
    const deadline = Date.now() + COMMAND_TIMEOUT_MS
    while (!this._session.machine || this._session.busy) {
      if (this._session.exited) throw new Error('the session has ended')
      if (Date.now() > deadline) throw new Error('the session did not reach its prompt')
      await new Promise((r) => setTimeout(r, 5))
    }
    await this._session.idle()
  }

  async reboot(kernel: KernelVersion): Promise<void> {
    await this.ready()
    await this._session.reboot(kernel)
    await this.ready()
  }

  async writeFile(path: string, content: string, options: { fence?: boolean } = {}): Promise<void> {
    await this.ready()
    await this._session.writeFile(path, content, { fence: options.fence })
  }

  async runHidden(command: string, options: { fence?: boolean } = {}): Promise<{ output: string; exitStatus: number }> {
    await this.ready()
    const result = await this._session.runHidden(command, { fence: options.fence })
    return { output: result.output.replace(ANSI, '').replace(/\r/g, ''), exitStatus: result.exitStatus }
  }

  async typeCommand(command: string): Promise<CommandResult> {
    if (/[\r\n]/.test(command)) throw new Error('a typed command is one line')
    await this.ready()
    let timer: ReturnType<typeof setTimeout> | undefined
    let subscription: { dispose(): void } | undefined
    try {
      const step = await new Promise<StepRecord>((resolve, reject) => {
        subscription = this._session.onStep((s) => {
          if (s.kind === 'command') resolve(s)
        })
        timer = setTimeout(() => reject(new Error(`the command "${command}" did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`)), COMMAND_TIMEOUT_MS)
        this._session.input(command + '\r')
      })
      return { command: step.command, output: commandOutputOf(step.output), exitStatus: step.exitStatus ?? 0 }
    } finally {
      clearTimeout(timer)
      subscription?.dispose()
    }
  }

  lastCommand(): CommandResult | null {
    const last = this._session.lastCommand()
    return last ? { command: last.command, output: commandOutputOf(last.output), exitStatus: last.exitStatus } : null
  }
}
