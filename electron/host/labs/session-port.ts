import type { KernelVersion } from '../../../shared/kernel-versions'
import { O_RDONLY } from '../../kernel/fs/file'
import type { Machine } from '../../userland/os/machine'
import type { LoginSession } from '../../userland/os/boot'
import { USERS } from '../../userland/os/rootfs'
import { shellStatus } from '../../userland/os/signals'
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
  writeFile(path: string, content: string, options?: { fence?: string }): Promise<void>
  /** Runs a shell command out of the learner's sight, in the home directory; its output and $?. */
  runHidden(command: string, options?: { fence?: string }): Promise<{ output: string; exitStatus: number }>
  /** Types a command at the learner's prompt, as a person would, and waits for the next prompt. */
  typeCommand(command: string): Promise<CommandResult>
  /** The last command completed at the prompt (typed by the learner or by `typeCommand`). */
  lastCommand(): CommandResult | null
}

/** Longest output kept per command (the tail is kept: checks look at how a program ended). */
const MAX_COMMAND_OUTPUT = 256 * 1024
/** Longest a hidden command or a typed command may run, in host milliseconds. */
const COMMAND_TIMEOUT_MS = 60_000

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g

/**
 * `LabSessionPort` over today's electron/host/session.ts, which has no hidden steps and no
 * command history yet (helper A's Session API adds `runHidden`, `writeFile`, `reboot`,
 * `lastCommand`; the merger replaces this adapter by direct calls to them).
 *
 * How it works meanwhile: typed commands go through `session.input` like keystrokes; completed
 * commands are cut out of the terminal transcript at the prompts the shell prints (a prompt is
 * recorded when the output ends with the shell's current PS1 and the shell is idle); $? is read
 * from the login shell's state. Hidden commands run as `sh -c` children of a helper process with
 * their output on pipes, so nothing reaches the terminal; the fence option is accepted and has
 * no effect until the session records history. Reboot uses the machine's reboot hook, the same
 * path as `reboot --kernel V`.
 */
export class CurrentSessionLabPort implements LabSessionPort {
  private _transcript = ''
  /** Offsets in `_transcript` just after each prompt. */
  private _prompts: number[] = []
  private _last: CommandResult | null = null

  constructor(private readonly _session: Session) {
    _session.onOutput((data) => this._record(data))
  }

  get machine(): Machine | null {
    return this._session.machine
  }

  get kernel(): KernelVersion {
    return this._session.info.kernel
  }

  get user(): 'root' | 'student' {
    return this._session.info.user
  }

  /** The session's login shell (private in Session today; see the class comment). */
  private get _login(): LoginSession | null {
    return (this._session as unknown as { _login: LoginSession | null })._login
  }

  /** Waits until the machine is booted and the shell shows a prompt. */
  async ready(): Promise<void> {
    const deadline = Date.now() + COMMAND_TIMEOUT_MS
    while (!this._login) {
      if (this._session.exited) throw new Error('the session has ended')
      if (Date.now() > deadline) throw new Error('the session did not boot')
      await new Promise((r) => setTimeout(r, 5))
    }
    await this._session.idle()
  }

  async reboot(kernel: KernelVersion): Promise<void> {
    await this.ready()
    const machine = this._session.machine!
    const changed = new Promise<void>((resolve) => {
      const sub = this._session.onChange(() => {
        sub.dispose()
        resolve()
      })
    })
    if (!machine.onRebootRequest) throw new Error('this machine cannot reboot')
    // The new machine's banner and first prompt arrive before onChange: start the transcript now.
    this._prompts = []
    this._transcript = ''
    this._last = null
    machine.onRebootRequest(kernel)
    await changed
    await this.ready()
  }

  async writeFile(path: string, content: string): Promise<void> {
    await this.ready()
    const machine = this._session.machine!
    const u = USERS[this.user]
    const full = path.startsWith('/') ? path : `${u.home}/${path}`
    const dir = full.slice(0, full.lastIndexOf('/'))
    if (dir) machine.vfs.mkdirs(dir, 0o755, u.uid, u.gid)
    machine.vfs.writeFile(full, content, 0o644, u.uid, u.gid)
  }

  async runHidden(command: string): Promise<{ output: string; exitStatus: number }> {
    await this.ready()
    const machine = this._session.machine!
    const u = USERS[this.user]
    const vfs = machine.vfs
    const helper = machine.spawnNative('pinlab-lab', u.uid, machine.init, u.home)
    const out = vfs.pipe(helper.pid) as [number, number]
    const nul = vfs.open(helper.pid, '/dev/null', O_RDONLY, 0, { uid: 0, gid: 0 })
    const env = [`HOME=${u.home}`, 'PATH=/usr/local/bin:/usr/bin:/bin', `USER=${this.user}`, 'LANG=C.UTF-8']
    const child = machine.spawnPath(helper, {
      path: '/bin/sh',
      argv: ['sh', '-c', command],
      env,
      cwd: u.home,
      fds: [
        [0, nul],
        [1, out[1]],
        [2, out[1]]
      ]
    })
    vfs.close(helper.pid, out[1])
    vfs.close(helper.pid, nul)
    const chunks: Uint8Array[] = []
    let size = 0
    const drain = () => {
      for (;;) {
        const data = vfs.read(helper.pid, out[0], 65536)
        if (typeof data === 'number' || data.length === 0) break
        chunks.push(data)
        size += data.length
        while (size > MAX_COMMAND_OUTPUT && chunks.length > 1) size -= chunks.shift()!.length
      }
      machine.wake()
    }
    let exitStatus = 127
    if (child >= 0) {
      const timer = setInterval(drain, 5)
      const sub = machine.onExit(() => drain())
      try {
        const waited = await withTimeout(machine.waitChild(helper, child), `the hidden command "${command}" did not finish`)
        exitStatus = typeof waited === 'number' ? 1 : shellStatus(waited[1])
      } finally {
        clearInterval(timer)
        sub.dispose()
      }
      drain()
    }
    vfs.close(helper.pid, out[0])
    machine.exitNative(helper, 0)
    const output = new TextDecoder().decode(concat(chunks))
    return { output: child >= 0 ? output : `sh: cannot start (errno ${-child})\n`, exitStatus }
  }

  async typeCommand(command: string): Promise<CommandResult> {
    if (/[\r\n]/.test(command)) throw new Error('a typed command is one line')
    await this.ready()
    const before = this._prompts.length
    this._session.input(command + '\r')
    const deadline = Date.now() + COMMAND_TIMEOUT_MS
    // idle() settles when the shell's job is done; the prompt may follow a tick later.
    while (this._prompts.length === before) {
      if (this._session.exited) throw new Error('the session ended while a command ran')
      if (Date.now() > deadline) throw new Error(`the command "${command}" did not finish`)
      await this._session.idle()
      await new Promise((r) => setTimeout(r, 2))
    }
    const last = this.lastCommand()
    if (!last) throw new Error(`the command "${command}" left no transcript`)
    return last
  }

  lastCommand(): CommandResult | null {
    return this._last ? { ...this._last } : null
  }

  private _record(data: string): void {
    this._transcript += data.replace(ANSI, '').replace(/\r/g, '')
    const login = this._login
    if (!login) return
    const prompt = login.shell.prompt('PS1')
    if (!this._transcript.endsWith(prompt)) return
    const end = this._transcript.length
    const prev = this._prompts[this._prompts.length - 1]
    this._prompts.push(end)
    if (prev !== undefined) {
      const segment = this._transcript.slice(prev, end - prompt.length)
      const newline = segment.indexOf('\n')
      const line = newline < 0 ? segment : segment.slice(0, newline)
      const output = newline < 0 ? '' : segment.slice(newline + 1)
      if (line.trim() !== '') {
        const history = login.interactive.editorHistory
        this._last = {
          command: history[history.length - 1] ?? line,
          output: output.length > MAX_COMMAND_OUTPUT ? output.slice(-MAX_COMMAND_OUTPUT) : output,
          exitStatus: login.shell.state.status
        }
      }
    }
    // Keep the transcript short: only what follows the latest prompt matters.
    if (end > 4 * MAX_COMMAND_OUTPUT) {
      this._transcript = this._transcript.slice(end - prompt.length)
      this._prompts = [prompt.length]
    }
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${COMMAND_TIMEOUT_MS / 1000} s`)), COMMAND_TIMEOUT_MS)
      })
    ])
  } finally {
    clearTimeout(timer)
  }
}
