/**
 * The executor: runs parsed lists against a `ProcessContext` (os.ts).
 *
 * Descriptors: the shell keeps, per command being run, a map from the descriptor numbers the
 * command will see to the shell process's real descriptors. Redirections edit that map (opening
 * files as needed), builtins write through it, and external programs are spawned with it
 * (posix_spawn file actions), so the shell's own 0/1/2 are never disturbed.
 *
 * Subshells, pipeline elements that are builtins or compound commands, and command substitutions
 * run in-process with a copy of the shell state (variables, cwd), concurrently where a pipeline
 * needs it: what they change does not leak back, as with bash's fork.
 *
 * Contract: `runLine` never throws; syntax and expansion errors are messages on standard error
 * with bash's wording and status (2 for syntax, 1 for expansion, 127 not found, 126 not
 * executable, 128+N for a death by signal N), prefixed with the shell's name (`-bash` for the
 * interactive login shell, as a Linux user sees it after logging in).
 */
import type { AndOr, Command, List, Pipeline, Redirect, SimpleCommand, Word } from './ast'
import { ShellSyntaxError, parse, parseStep } from './parser'
import { ExpansionError, expandString, expandWords, type ExpandContext } from './expand'
import { resolve } from './glob'
import {
  EACCES, ENOENT, ENOEXEC, EPIPE, O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, S_IFDIR, S_IFMT, S_IFREG, SIGINT, SIGPIPE, SIGTERM,
  isErr, shellStatus, strerror, type ProcessContext, type WaitStatus
} from './os'
import { ShellState } from './state'
import { ExitRequest, InterruptedLine, LoopControl, type Builtin, type BuiltinIO } from './builtins/types'

export { InterruptedLine }
import { BUILTINS } from './builtins/index'
import { signalDescription } from './signals'

export type Fds = ReadonlyMap<number, number>

export interface ShellOptions {
  /** `$0` and the error prefix; default `-bash` (an interactive login shell). */
  name?: string
  interactive?: boolean
  /**
   * Running `bash -c STRING`: syntax errors say `NAME: -c: line N:` as bash does. A script
   * (the default when not interactive) says `NAME: line N:`.
   */
  commandString?: boolean
  /** Extra or replacement builtins (tests, and the integration's `cc`). */
  builtins?: Readonly<Record<string, Builtin>>
}

export interface RunResult {
  status: number
  /** Set when the shell should end (exit, or end of file): the session's exit status. */
  exit?: number
  /** The text ended inside a construct: read a continuation line (PS2) and call again with both. */
  incomplete?: boolean
}

/** A pushed `su` frame: what `exit` restores. */
interface SuFrame {
  state: ShellState
  uid: number
  /** Was the frame being left a login shell (`su -`)? */
  login: boolean
}

const IDENTITY: Fds = new Map([
  [0, 0],
  [1, 1],
  [2, 2]
])

/** Nested in-process subshells allowed (bash's limit is the process table; ours is this). */
const MAX_DEPTH = 128

/** A subshell could not be made (too deep): bash's message for a failed fork. */
export class ForkFailed {}

/** Every this many commands a loop lets the host run (and notices Ctrl-C). */
const YIELD_EVERY = 64

export class Shell {
  state: ShellState
  readonly interactive: boolean
  readonly history: string[] = []
  readonly builtins: Readonly<Record<string, Builtin>>
  /** Ctrl-C seen: shared with the subshell copies, so every in-process loop of the line stops. */
  private readonly interruptFlag = { set: false }
  private commandsSinceYield = 0
  private readonly startedAt: number
  private randomState: number
  /** Nesting of subshells, command substitutions and scripts run in-process (a recursion brake). */
  private depth = 0
  /** Line of the command being run, for a script's messages. */
  private currentLine = 1
  private readonly commandString: boolean
  private readonly suStack: SuFrame[] = []
  /** Background jobs, for `[1] pid`, `wait` and the `Done` notices. */
  private jobs: Job[] = []
  /** Counts runLine calls: a job is first reported at the line after the one that started it. */
  private lineNumber = 0
  /** Set in the copies that run subshells, pipeline elements and $( ): `exit` there is silent. */
  readonly isSubshell: boolean = false
  /** How many loops enclose the running command (for `break` and `continue`). */
  loopDepth = 0
  /** Set in the copy that runs a `&` job: it never takes the terminal nor gets the line's Ctrl-C. */
  private readonly inBackground: boolean = false

  constructor(
    readonly ctx: ProcessContext,
    options: ShellOptions = {}
  ) {
    this.state = new ShellState(options.name ?? '-bash')
    this.interactive = options.interactive ?? true
    this.commandString = options.commandString ?? false
    this.startedAt = ctx.now()
    this.randomState = ctx.pid >>> 0
    this.builtins = { ...BUILTINS, ...(options.builtins ?? {}) }
    this.state.cwd = ctx.cwd
    for (const entry of ctx.env) {
      const eq = entry.indexOf('=')
      if (eq > 0) this.state.set(entry.slice(0, eq), entry.slice(eq + 1), true)
    }
    if (this.interactive) ctx.sigaction(SIGINT, () => this.interrupt())
    // Builtins and subshells run inside this process: a write to a closed pipe must fail with
    // EPIPE (and end just that element), not kill the shell.
    ctx.sigaction(SIGPIPE, () => {})
    this.loginDefaults()
  }

  /** Sets the variables a login shell has: HOME, USER, LOGNAME, SHELL, PATH, PWD, PS1. */
  loginDefaults(): void {
    const pw = this.ctx.getpwuid(this.ctx.getuid())
    const s = this.state
    const def = (k: string, v: string, exported = true): void => {
      if (s.get(k) === undefined) s.set(k, v, exported)
    }
    // Debian's defaults (/etc/profile): root gets the sbin directories, users do not.
    def('PATH', this.ctx.getuid() === 0 ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games')
    def('HOME', pw?.home ?? '/')
    def('USER', pw?.name ?? 'root')
    def('LOGNAME', pw?.name ?? 'root')
    def('SHELL', pw?.shell ?? '/bin/bash')
    def('TERM', 'xterm-256color')
    def('LANG', 'C.UTF-8')
    def('SHLVL', '1')
    def('HOSTNAME', this.ctx.uname().nodename, false)
    def('PS1', '\\u@\\h:\\w\\$ ', false)
    def('PS2', '> ', false)
    s.set('PWD', s.cwd, true)
  }

  /** Job control (process groups, the terminal's foreground) is on in interactive shells only. */
  get jobControl(): boolean {
    return this.interactive
  }

  get uid(): number {
    return this.ctx.getuid()
  }

  /** The prompt: PS1 with bash's \u \h \H \w \W \$ \n \\ escapes decoded. */
  prompt(which: 'PS1' | 'PS2' = 'PS1'): string {
    const ps = this.state.get(which) ?? ''
    const user = this.ctx.getpwuid(this.uid)?.name ?? String(this.uid)
    const host = this.ctx.uname().nodename
    const home = this.state.get('HOME') ?? ''
    const cwd = this.state.cwd
    const w = home !== '' && (cwd === home || cwd.startsWith(home + '/')) && home !== '/' ? '~' + cwd.slice(home.length) : cwd
    return ps.replace(/\\(.)/g, (_m, c: string) => {
      switch (c) {
        case 'u': return user
        case 'h': return host.split('.')[0]!
        case 'H': return host
        case 'w': return w
        case 'W': return w === '~' || cwd === '/' ? w : cwd.slice(cwd.lastIndexOf('/') + 1)
        case '$': return this.uid === 0 ? '#' : '$'
        case 'n': return '\n'
        case '\\': return '\\'
        default: return '\\' + c
      }
    })
  }

  /** Ctrl-C: abandon what the shell itself is running (loops, builtins); children get SIGINT from the terminal. */
  interrupt(): void {
    this.interruptFlag.set = true
  }

  /**
   * Runs one line (or several, for a script) typed by the user. Records it in the history when
   * interactive. Never throws.
   */
  async runLine(text: string): Promise<RunResult> {
    this.interruptFlag.set = false
    this.lineNumber++
    const parsed = parse(text)
    if (!parsed.ok) {
      if (parsed.error.incomplete && this.interactive) return { status: this.state.status, incomplete: true }
      if (this.interactive && text.trim() !== '') this.recordHistory(text)
      await this.reportSyntaxError(parsed.error)
      this.state.status = parsed.error.status
      return { status: this.state.status }
    }
    if (this.interactive && text.trim() !== '') this.recordHistory(text)
    try {
      const status = await this.runList(parsed.list, IDENTITY)
      if (this.interactive) await this.reportJobs()
      return { status }
    } catch (e) {
      if (e instanceof ExitRequest) return this.handleExit(e.status)
      if (e instanceof InterruptedLine) {
        this.state.status = e.status
        return { status: e.status }
      }
      if (e instanceof ForkFailed) {
        await this.error(IDENTITY, 'fork: Resource temporarily unavailable')
        this.state.status = 254
        return { status: 254 }
      }
      if (e instanceof BrokenPipe) {
        this.state.status = 128 + SIGPIPE
        return { status: this.state.status }
      }
      // A bug in the shell must not take the host down: report it as the shell would report a crash.
      await this.error(IDENTITY, `internal error: ${String(e)}`)
      this.state.status = 1
      return { status: 1 }
    }
  }

  /**
   * Runs a whole script, command by command as bash does (a syntax error stops the script
   * there; what came before has run). Returns the last status, or exit's in `exit`.
   */
  async runScript(text: string, fds: Fds = IDENTITY): Promise<RunResult> {
    let pos = 0
    for (;;) {
      const step = parseStep(text, pos)
      if (!step.ok) {
        await this.reportSyntaxError(step.error, fds)
        this.state.status = step.error.status
        return { status: step.error.status, exit: step.error.status }
      }
      if (step.list === null) return { status: this.state.status, exit: this.state.status }
      pos = step.end
      try {
        await this.runList(step.list, fds)
      } catch (e) {
        if (e instanceof ExitRequest) return this.handleExit(e.status)
        if (e instanceof InterruptedLine) {
          this.state.status = e.status
          if (e.fatal) return { status: e.status, exit: e.status }
          continue
        }
        if (e instanceof BrokenPipe) return { status: 128 + SIGPIPE, exit: 128 + SIGPIPE }
        await this.error(fds, `internal error: ${String(e)}`)
        return { status: 1, exit: 1 }
      }
    }
  }

  private async reportSyntaxError(err: ShellSyntaxError, fds: Fds = IDENTITY): Promise<void> {
    if (this.interactive) {
      await this.error(fds, err.message)
      return
    }
    // bash reports a syntax error in a script with its line, and shows the line.
    const where = `${this.state.name}: ${this.commandString && err.status === 2 ? '-c: ' : ''}line ${err.line}: `
    let text = where + err.message + '\n'
    if (err.sourceLine !== null && err.status === 2) text += `${where}\`${err.sourceLine}'\n`
    await this.writeFd(fds, 2, text)
  }

  /**
   * A shell for a script file run from this one (a text file that execve refused with
   * ENOEXEC): non-interactive, `$0` the script, `$1…` its arguments, exported variables only.
   */
  scriptShell(name: string, args: readonly string[]): Shell {
    const sub = this.subshell()
    const fresh = new ShellState(name)
    for (const [k, v] of this.state.vars) if (v.exported) fresh.vars.set(k, { ...v })
    fresh.cwd = this.state.cwd
    fresh.positional = args.slice()
    ;(sub as { state: ShellState }).state = fresh
    ;(sub as { interactive: boolean }).interactive = false
    ;(sub as unknown as { commandString: boolean }).commandString = false
    return sub
  }

  /** Runs a text file as a script in a child shell (bash's fallback when execve says ENOEXEC). */
  private async runTextFile(path: string, argv: string[], fds: Fds): Promise<number | null> {
    const fd = await this.ctx.open(path, O_RDONLY)
    if (fd < 0) return null
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const r = await this.ctx.read(fd, 65536)
      if (typeof r === 'number' || r.length === 0) break
      chunks.push(r)
      total += r.length
      if (total > 4 << 20) break
    }
    this.ctx.close(fd)
    const bytes = new Uint8Array(total)
    let off = 0
    for (const c of chunks) {
      bytes.set(c, off)
      off += c.length
    }
    // bash refuses a file whose first line has a NUL byte: that is a binary, not a script.
    const firstLine = bytes.subarray(0, Math.min(bytes.length, 80))
    if (firstLine.includes(0)) return null
    const sub = this.scriptShell(argv[0]!, argv.slice(1))
    const r = await sub.runScript(new TextDecoder().decode(bytes), fds)
    return r.exit ?? r.status
  }

  /**
   * `source`: runs a file's commands in this shell, command by command; a syntax error is
   * reported (with the file's line) and ends the file, not the shell.
   */
  async runSourced(text: string): Promise<number> {
    let pos = 0
    for (;;) {
      const step = parseStep(text, pos)
      if (!step.ok) {
        await this.reportSyntaxError(step.error)
        return step.error.status
      }
      if (step.list === null) return this.state.status
      pos = step.end
      await this.runList(step.list, IDENTITY)
    }
  }

  /** End of file on the terminal (Ctrl-D on an empty line): like `exit`, with bash's `logout`. */
  async endOfFile(): Promise<RunResult> {
    await this.ctx.write(2, this.isLoginShell ? 'logout\n' : 'exit\n')
    return this.handleExit(this.state.status)
  }

  /**
   * A login shell says `logout` when it ends, another interactive shell `exit`: the session's
   * shell (`$0` starting with `-`) and `su -` frames are login shells, `su USER` frames are not.
   */
  get isLoginShell(): boolean {
    const top = this.suStack[this.suStack.length - 1]
    return top === undefined ? this.state.name.startsWith('-') : top.login
  }

  private recordHistory(text: string): void {
    const line = text.replace(/\n$/, '')
    if (this.history[this.history.length - 1] !== line) this.history.push(line)
    if (this.history.length > 1000) this.history.shift()
  }

  private handleExit(status: number): RunResult {
    const frame = this.suStack.pop()
    if (frame !== undefined) {
      this.ctx.setuid(frame.uid)
      this.state = frame.state
      this.state.status = status
      return { status }
    }
    return { status, exit: status }
  }

  /** `su`: starts a nested shell as `user` (a frame that `exit` pops). */
  switchUser(uid: number, login: boolean): number {
    const pw = this.ctx.getpwuid(uid)
    if (pw === undefined) return -ENOENT
    const prevUid = this.uid
    const r = this.ctx.setuid(uid)
    if (r < 0) return r
    this.suStack.push({ state: this.state, uid: prevUid, login })
    const next = this.state.clone()
    next.set('HOME', pw.home, true)
    next.set('SHELL', pw.shell, true)
    if (login || pw.uid !== 0) {
      next.set('USER', pw.name, true)
      next.set('LOGNAME', pw.name, true)
    }
    if (login) next.cwd = pw.home
    next.set('PWD', next.cwd, true)
    next.status = 0
    this.state = next
    return 0
  }

  get suDepth(): number {
    return this.suStack.length
  }

  // ---------------------------------------------------------------- errors and output

  /** An error message as bash words it: `-bash: msg` interactively, `NAME: line N: msg` in a script. */
  async error(fds: Fds, message: string): Promise<void> {
    await this.writeFd(fds, 2, `${this.errorPrefix()}${message}\n`)
  }

  errorPrefix(): string {
    return this.interactive ? `${this.state.name}: ` : `${this.state.name}: line ${this.currentLine}: `
  }

  async writeFd(fds: Fds, fd: number, data: string | Uint8Array): Promise<number> {
    const real = fds.get(fd)
    if (real === undefined) return -9
    const r = await this.ctx.write(real, data)
    if (r === -EPIPE) throw new BrokenPipe()
    return r
  }

  private io(fds: Fds): BuiltinIO {
    return {
      write: (fd, data) => this.writeFd(fds, fd, data),
      read: async (fd, count) => {
        const real = fds.get(fd)
        if (real === undefined) return -9
        return this.ctx.read(real, count)
      }
    }
  }

  // ---------------------------------------------------------------- lists

  async runList(list: List, fds: Fds): Promise<number> {
    let status = this.state.status
    for (const item of list.items) {
      if (item.background) {
        status = await this.runBackground(item.andOr, fds)
      } else {
        status = await this.runAndOr(item.andOr, fds)
      }
      this.state.status = status
    }
    return status
  }

  /**
   * `list &`: runs in a subshell, concurrently, with standard input from /dev/null (a background
   * job must not take the terminal's input). Prints `[N] pid` when interactive.
   */
  private async runBackground(andOr: AndOr, fds: Fds): Promise<number> {
    const sub = this.subshell()
    ;(sub as unknown as { inBackground: boolean }).inBackground = true
    ;(sub as unknown as { interruptFlag: { set: boolean } }).interruptFlag = { set: false }
    const id = this.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1
    const simple = andOr.rest.length === 0 && andOr.first.commands.length === 1 && andOr.first.commands[0]!.kind === 'simple'
    const m = new Map(fds)
    const nul = await this.ctx.open('/dev/null', O_RDONLY)
    if (nul >= 0) m.set(0, nul)
    let pid = this.ctx.pid
    const job: Job = { id, pid, text: andOrText(andOr), run: Promise.resolve(0), status: undefined, line: this.lineNumber }
    const started = new Promise<number>((resolveStarted) => {
      job.run = sub
        .runAndOr(andOr, m, (p) => resolveStarted(p))
        .catch((e: unknown) => elementStatus(e))
        .then((status) => {
          if (nul >= 0) this.ctx.close(nul)
          job.status = status
          resolveStarted(this.ctx.pid)
          return status
        })
    })
    if (simple) pid = await started
    job.pid = pid
    this.jobs.push(job)
    this.state.lastBackground = String(pid)
    if (this.interactive) await this.writeFd(fds, 2, `[${id}] ${pid}\n`)
    return 0
  }

  /**
   * bash's notices for background jobs that ended, e.g. `[1]+  Done                    sleep 1`;
   * the reported jobs leave the table.
   */
  async reportJobs(fds: Fds = IDENTITY): Promise<void> {
    const finished = this.jobs.filter((j) => j.status !== undefined && j.line < this.lineNumber)
    if (finished.length === 0) return
    const ids = this.jobs.map((j) => j.id).sort((a, b) => b - a)
    let out = ''
    for (const j of finished) {
      const mark = j.id === ids[0] ? '+' : j.id === ids[1] ? '-' : ' '
      const st = j.status!
      const word = st === 0 ? 'Done' : st > 128 ? signalDescription(st - 128) : `Exit ${st}`
      out += `[${j.id}]${mark}  ${word.padEnd(24)}${j.text}\n`
    }
    this.jobs = this.jobs.filter((j) => !finished.includes(j))
    await this.writeFd(fds, 2, out)
  }

  /** `wait [PID…]`: the status of the last one waited for (127 for one that is not our job). */
  async waitJobs(pids: readonly number[]): Promise<{ status: number; unknown: number[] }> {
    if (pids.length === 0) {
      await Promise.all(this.jobs.map((j) => j.run))
      this.jobs = []
      return { status: 0, unknown: [] }
    }
    let status = 0
    const unknown: number[] = []
    for (const pid of pids) {
      const job = this.jobs.find((j) => j.pid === pid)
      if (job === undefined) {
        unknown.push(pid)
        status = 127
        continue
      }
      status = await job.run
      this.jobs = this.jobs.filter((j) => j !== job)
    }
    return { status, unknown }
  }

  private async runAndOr(andOr: AndOr, fds: Fds, onSpawn?: (pid: number) => void): Promise<number> {
    let status = await this.runPipeline(andOr.first, fds, onSpawn)
    this.state.status = status
    for (const { op, pipeline } of andOr.rest) {
      if ((op === '&&') !== (status === 0)) continue
      status = await this.runPipeline(pipeline, fds)
      this.state.status = status
    }
    return status
  }

  private async checkpoint(): Promise<void> {
    if (++this.commandsSinceYield >= YIELD_EVERY) {
      this.commandsSinceYield = 0
      await this.ctx.sched_yield()
    }
    // Our own process was killed (a script shell got SIGINT or SIGKILL): stop everything.
    if (this.ctx.killed) throw new InterruptedLine(130, true)
    // Ctrl-C: an interactive shell abandons the line; a script ends, as bash's would on SIGINT.
    if (this.interruptFlag.set) throw new InterruptedLine(130, !this.interactive)
  }

  private async runPipeline(pipeline: Pipeline, fds: Fds, onSpawn?: (pid: number) => void): Promise<number> {
    await this.checkpoint()
    let status: number
    try {
      if (pipeline.commands.length === 1) {
        status = await this.runCommand(pipeline.commands[0]!, fds, { foreground: !this.inBackground, onSpawn })
      } else {
        status = await this.runMulti(pipeline.commands, fds)
      }
    } catch (e) {
      if (!(e instanceof ForkFailed)) throw e
      await this.error(fds, 'fork: Resource temporarily unavailable')
      status = 254
    }
    if (pipeline.negate) status = status === 0 ? 1 : 0
    return status
  }

  /** `a | b | c`: every element runs concurrently; the status is the last element's. */
  private async runMulti(commands: Command[], fds: Fds): Promise<number> {
    const pipes: Array<[number, number]> = []
    for (let i = 0; i < commands.length - 1; i++) {
      const p = this.ctx.pipe()
      if (typeof p === 'number') {
        for (const [r, w] of pipes) {
          this.ctx.close(r)
          this.ctx.close(w)
        }
        await this.error(fds, `pipe error: ${strerror(p)}`)
        return 1
      }
      pipes.push(p)
    }
    // All elements start at once (a builtin loop feeding `head` must not wait for it); the
    // first one to spawn a program leads the process group the others join.
    const group: PipelineGroup = { leader: null }
    const runs: Array<Promise<number>> = []
    for (let i = 0; i < commands.length; i++) {
      const m = new Map(fds)
      const own: number[] = []
      if (i > 0) {
        m.set(0, pipes[i - 1]![0])
        own.push(pipes[i - 1]![0])
      }
      if (i < commands.length - 1) {
        m.set(1, pipes[i]![1])
        own.push(pipes[i]![1])
      }
      // Each element is a subshell; an external command is spawned directly from it.
      let sub: Shell
      try {
        sub = this.subshell()
      } catch (e) {
        for (const fd of own) this.ctx.close(fd)
        if (e instanceof ForkFailed) {
          runs.push(this.error(fds, 'fork: Resource temporarily unavailable').then(() => 254))
          continue
        }
        throw e
      }
      const run = sub
        .runCommand(commands[i]!, m, { foreground: false, group })
        .catch((e: unknown) => elementStatus(e))
        .then((status) => {
          for (const fd of own) this.ctx.close(fd)
          return status
        })
      runs.push(run)
    }
    const statuses = await Promise.all(runs)
    if (group.leader !== null && this.jobControl && !this.inBackground) this.ctx.tcsetpgrp(this.ctx.pid)
    return statuses[statuses.length - 1]!
  }

  /**
   * A copy of this shell for a subshell: same process, copied state, same builtins. Refuses
   * (like a failing fork) beyond MAX_DEPTH nested copies, so a script that runs itself cannot
   * exhaust the host.
   */
  subshell(): Shell {
    if (this.depth >= MAX_DEPTH) throw new ForkFailed()
    const sub = Object.create(Shell.prototype) as Shell
    Object.assign(sub, this)
    ;(sub as unknown as { depth: number }).depth = this.depth + 1
    ;(sub as { state: ShellState }).state = this.state.clone()
    ;(sub as unknown as { suStack: SuFrame[] }).suStack = []
    ;(sub as { isSubshell: boolean }).isSubshell = true
    sub.loopDepth = 0
    ;(sub as unknown as { jobs: Job[] }).jobs = []
    return sub
  }

  // ---------------------------------------------------------------- commands

  async runCommand(cmd: Command, fds: Fds, opts: RunOpts): Promise<number> {
    if (cmd.kind === 'simple') return this.runSimple(cmd, fds, opts)
    const redirected = await this.redirect(cmd.redirects, fds)
    if (redirected === null) return 1
    try {
      return await this.runCompound(cmd, redirected.fds)
    } finally {
      for (const fd of redirected.opened) this.ctx.close(fd)
    }
  }

  private async runCompound(cmd: Exclude<Command, SimpleCommand>, fds: Fds): Promise<number> {
    switch (cmd.kind) {
      case 'subshell': {
        const sub = this.subshell()
        try {
          return await sub.runList(cmd.body, fds)
        } catch (e) {
          if (e instanceof ExitRequest || e instanceof BrokenPipe) return elementStatus(e)
          throw e
        }
      }
      case 'group':
        return this.runList(cmd.body, fds)
      case 'if': {
        for (const clause of cmd.clauses) {
          if ((await this.runList(clause.cond, fds)) === 0) return this.runList(clause.body, fds)
        }
        return cmd.elseBody === null ? 0 : this.runList(cmd.elseBody, fds)
      }
      case 'while': {
        let status = 0
        this.loopDepth++
        try {
          for (;;) {
            await this.checkpoint()
            const c = await this.runList(cmd.cond, fds)
            if ((c === 0) === cmd.until) break
            const r = await this.loopBody(cmd.body, fds)
            status = r.status
            if (r.exit) break
          }
        } finally {
          this.loopDepth--
        }
        return status
      }
      case 'for': {
        let items: string[]
        try {
          items = cmd.items === null ? this.state.positional.slice() : await expandWords(cmd.items, this.expandContext(fds))
        } catch (e) {
          return this.expansionFailed(e, fds)
        }
        let status = 0
        this.loopDepth++
        try {
          for (const item of items) {
            await this.checkpoint()
            this.state.set(cmd.name, item)
            const r = await this.loopBody(cmd.body, fds)
            status = r.status
            if (r.exit) break
          }
        } finally {
          this.loopDepth--
        }
        return status
      }
    }
  }

  /** Runs a loop body, handling `break N` / `continue N` aimed at this loop or an outer one. */
  private async loopBody(body: List, fds: Fds): Promise<{ status: number; exit: boolean }> {
    try {
      return { status: await this.runList(body, fds), exit: false }
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e
      if (e.levels > 1) throw new LoopControl(e.kind, e.levels - 1)
      return { status: 0, exit: e.kind === 'break' }
    }
  }

  private async expansionFailed(e: unknown, fds: Fds): Promise<number> {
    if (e instanceof ExpansionError) {
      await this.error(fds, e.message)
      this.state.status = e.status
      // bash abandons the rest of the line after an expansion error
      throw new InterruptedLine(e.status, e.fatal && !this.interactive)
    }
    throw e
  }

  private async runSimple(cmd: SimpleCommand, fds: Fds, opts: RunOpts): Promise<number> {
    this.currentLine = cmd.line
    const ectx = this.expandContext(fds)
    let argv: string[]
    const assigns = new Map<string, string>()
    try {
      argv = await expandWords(cmd.words, ectx)
      for (const a of cmd.assigns) assigns.set(a.name, await expandString(a.value, ectx))
    } catch (e) {
      return this.expansionFailed(e, fds)
    }
    const subStatus = ectx.lastSubstStatus
    if (argv.length === 0) {
      // Assignments alone change the shell; redirections alone create/truncate their files.
      for (const [k, v] of assigns) this.state.set(k, v)
      const redirected = await this.redirect(cmd.redirects, fds)
      if (redirected === null) return 1
      for (const fd of redirected.opened) this.ctx.close(fd)
      return subStatus ?? 0
    }
    const redirected = await this.redirect(cmd.redirects, fds)
    if (redirected === null) return 1
    try {
      const name = argv[0]!
      const builtin = Object.hasOwn(this.builtins, name) ? this.builtins[name] : undefined
      if (builtin !== undefined) {
        // Assignments before a builtin last only for it (bash's special builtins aside).
        const saved = new Map<string, string | undefined>()
        for (const [k, v] of assigns) {
          saved.set(k, this.state.get(k))
          this.state.set(k, v)
        }
        try {
          return await builtin({ shell: this, argv, io: this.io(redirected.fds) })
        } finally {
          for (const [k, v] of saved) {
            if (v === undefined) this.state.unset(k)
            else this.state.set(k, v)
          }
        }
      }
      return await this.runExternal(argv, assigns, redirected.fds, { ...opts, text: cmd.text })
    } finally {
      for (const fd of redirected.opened) this.ctx.close(fd)
    }
  }

  /** Finds a command: a path with a slash as is, else the first executable file in $PATH. */
  async findCommand(name: string): Promise<{ path: string } | { error: 'not-found' | 'no-file' | 'directory' | 'denied' }> {
    if (name.includes('/')) {
      const path = resolve(this.state.cwd, name)
      const st = await this.ctx.stat(path)
      if (isErr(st)) return { error: 'no-file' }
      if ((st.mode & S_IFMT) === S_IFDIR) return { error: 'directory' }
      return { path }
    }
    if (name === '') return { error: 'not-found' }
    for (const dir of (this.state.get('PATH') ?? '').split(':')) {
      const path = resolve(this.state.cwd, (dir === '' ? '.' : dir) + '/' + name)
      const st = await this.ctx.stat(path)
      if (isErr(st) || (st.mode & S_IFMT) !== S_IFREG) continue
      if ((st.mode & 0o111) === 0) continue
      return { path }
    }
    return { error: 'not-found' }
  }

  private async runExternal(argv: string[], assigns: ReadonlyMap<string, string>, fds: Fds, opts: RunOpts): Promise<number> {
    const name = argv[0]!
    const found = await this.findCommand(name)
    if ('error' in found) {
      switch (found.error) {
        case 'not-found':
          await this.error(fds, `${name}: command not found`)
          return 127
        case 'no-file':
          await this.error(fds, `${name}: No such file or directory`)
          return 127
        case 'directory':
          await this.error(fds, `${name}: Is a directory`)
          return 126
        case 'denied':
          await this.error(fds, `${name}: Permission denied`)
          return 126
      }
    }
    // With job control each job gets its own process group (the one Ctrl-C signals); a script's
    // commands stay in the script's group, as bash does without job control.
    let pgid = 0
    let foreground = opts.foreground
    let resolveLeader: ((pid: number) => void) | null = null
    if (this.jobControl && opts.group !== undefined) {
      if (opts.group.leader === null) {
        foreground = !this.inBackground
        opts.group.leader = new Promise<number>((r) => (resolveLeader = r))
      } else pgid = Math.max(0, await opts.group.leader)
    }
    const pid = await this.ctx.spawn({
      path: found.path,
      argv,
      // bash passes the command's path as $_ in the environment
      env: [...this.state.environment(assigns).filter((e) => !e.startsWith('_=')), `_=${found.path}`],
      cwd: this.state.cwd,
      fds: [...fds.entries()],
      ...(this.jobControl ? { pgid, foreground } : {})
    })
    ;(resolveLeader as ((pid: number) => void) | null)?.(pid)
    if (pid < 0) {
      opts.onSpawn?.(this.ctx.pid)
      if (pid === -EACCES) {
        await this.error(fds, `${name}: Permission denied`)
        return 126
      }
      if (pid === -ENOENT) {
        await this.error(fds, `${name}: No such file or directory`)
        return 127
      }
      if (pid === -ENOEXEC) {
        const status = await this.runTextFile(found.path, argv, fds)
        if (status !== null) return status
        await this.error(fds, `${name}: cannot execute binary file: Exec format error`)
        return 126
      }
      await this.error(fds, `${name}: ${strerror(pid)}`)
      return 126
    }
    opts.onSpawn?.(pid)
    const takeTerminal = opts.foreground && this.jobControl
    const w = await this.ctx.wait(pid)
    if (takeTerminal) this.ctx.tcsetpgrp(this.ctx.pid)
    if (typeof w === 'number') return 1
    // Like bash, a foreground job killed by Ctrl-C stops the loop or list that ran it too.
    if (w.kind === 'signaled' && w.signal === SIGINT && this.jobControl) this.interruptFlag.set = true
    await this.reportSignal(w, fds, pid, opts.text ?? argv.join(' '))
    return shellStatus(w)
  }

  /**
   * bash's message for a foreground job killed by a signal (none for SIGINT and SIGPIPE):
   * `Segmentation fault (core dumped)` interactively; in a script, with the line, the pid and
   * the command: `x.sh: line 3:  1234 Segmentation fault      (core dumped) ./a.out`.
   */
  private async reportSignal(w: WaitStatus, fds: Fds, pid: number, command: string): Promise<void> {
    if (w.kind !== 'signaled') return
    if (w.signal === SIGINT) {
      if (this.interactive) await this.writeFd(fds, 2, '\n')
      return
    }
    if (w.signal === SIGPIPE) return
    const desc = signalDescription(w.signal)
    if (this.interactive || w.signal === SIGTERM) {
      await this.writeFd(fds, 2, desc + (w.core ? ' (core dumped)' : '') + '\n')
      return
    }
    const where = this.commandString ? `${this.state.name}:` : `${this.state.name}: line ${this.currentLine}:`
    await this.writeFd(fds, 2, `${where} ${String(pid).padStart(5)} ${desc.padEnd(24)}${w.core ? '(core dumped) ' : ''}${command}\n`)
  }

  // ---------------------------------------------------------------- redirections

  /**
   * Applies redirections left to right to a copy of `fds`, opening files through the OS.
   * Returns the new map and the descriptors opened (to close after the command), or null after
   * printing an error.
   */
  async redirect(redirects: readonly Redirect[], fds: Fds): Promise<{ fds: Map<number, number>; opened: number[] } | null> {
    const m = new Map(fds)
    const opened: number[] = []
    const fail = async (message: string): Promise<null> => {
      for (const fd of opened) this.ctx.close(fd)
      await this.error(fds, message)
      return null
    }
    for (const r of redirects) {
      let fields: string[]
      try {
        fields = await expandWords([r.target], this.expandContext(fds))
      } catch (e) {
        if (e instanceof ExpansionError) return fail(e.message)
        throw e
      }
      if (fields.length !== 1) return fail(`${wordSource(r.target)}: ambiguous redirect`)
      const target = fields[0]!
      const dupOp = r.op === '<&' || r.op === '>&'
      if (dupOp && /^[0-9]+$/.test(target)) {
        const src = m.get(Number(target))
        if (src === undefined) return fail(`${target}: Bad file descriptor`)
        m.set(r.fd ?? (r.op === '<&' ? 0 : 1), src)
        continue
      }
      if (dupOp && target === '-') {
        m.delete(r.fd ?? (r.op === '<&' ? 0 : 1))
        continue
      }
      if (r.op === '<&') return fail(`${target}: ambiguous redirect`)
      let flags: number
      switch (r.op) {
        case '<':
          flags = O_RDONLY
          break
        case '>>':
        case '&>>':
          flags = O_WRONLY | O_CREAT | O_APPEND
          break
        case '<>':
          flags = O_RDWR | O_CREAT
          break
        default:
          flags = O_WRONLY | O_CREAT | O_TRUNC
      }
      const fd = await this.ctx.open(resolve(this.state.cwd, target), flags, 0o666)
      if (fd < 0) return fail(`${target}: ${strerror(fd)}`)
      opened.push(fd)
      if (r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === null)) {
        m.set(1, fd)
        m.set(2, fd)
      } else {
        m.set(r.fd ?? (r.op === '<' || r.op === '<>' ? 0 : 1), fd)
      }
    }
    return { fds: m, opened }
  }

  // ---------------------------------------------------------------- expansion

  expandContext(fds: Fds): ExpandContext & { lastSubstStatus: number | undefined } {
    const self = this
    const ctx: ExpandContext & { lastSubstStatus: number | undefined } = {
      lastSubstStatus: undefined,
      getVar: (n) => self.state.get(n) ?? self.dynamicVar(n),
      setVar: (n, v) => self.state.set(n, v),
      get positional() {
        return self.state.positional
      },
      special: (n) => {
        switch (n) {
          case '?': return String(self.state.status)
          case '$': return String(self.ctx.pid)
          case '!': return self.state.lastBackground
          case '0': return self.state.name
          case '-': return self.interactive ? 'himBH' : 'hB'
        }
      },
      home: (user) => {
        if (user === '') return self.state.get('HOME') ?? self.ctx.getpwuid(self.uid)?.home
        return self.ctx.getpwnam(user)?.home
      },
      commandSubst: async (body) => {
        const r = await self.commandSubstitution(body, fds)
        ctx.lastSubstStatus = r.status
        return r.output
      },
      readdir: async (path) => {
        const r = await self.ctx.readdir(path)
        return typeof r === 'number' ? null : r
      },
      get cwd() {
        return self.state.cwd
      }
    }
    return ctx
  }

  /** bash's dynamic variables, when the user has not set them: UID EUID LINENO SECONDS RANDOM. */
  private dynamicVar(name: string): string | undefined {
    switch (name) {
      case 'UID':
      case 'EUID':
        return String(this.uid)
      case 'LINENO':
        return String(this.currentLine)
      case 'SECONDS':
        return String(Math.floor((this.ctx.now() - this.startedAt) / 1000))
      case 'RANDOM':
        // A deterministic 15-bit generator (the machine is replayable), seeded by the pid.
        this.randomState = (Math.imul(this.randomState, 1103515245) + 12345) >>> 0
        return String((this.randomState >>> 16) & 0x7fff)
    }
    return undefined
  }

  /** `$( … )`: runs the body in a subshell with its standard output to a pipe, and reads it all. */
  async commandSubstitution(body: List, fds: Fds): Promise<{ output: string; status: number }> {
    const p = this.ctx.pipe()
    if (typeof p === 'number') {
      await this.error(fds, `cannot make pipe for command substitution: ${strerror(p)}`)
      return { output: '', status: 1 }
    }
    const [r, w] = p
    const m = new Map(fds)
    m.set(1, w)
    const sub = this.subshell()
    const run = sub
      .runList(body, m)
      .catch((e: unknown) => elementStatus(e))
      .then((status) => {
        this.ctx.close(w)
        return status
      })
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const data = await this.ctx.read(r, 65536)
      if (typeof data === 'number' || data.length === 0) break
      chunks.push(data)
      total += data.length
      if (total > 16 << 20) break
    }
    this.ctx.close(r)
    const status = await run
    const bytes = new Uint8Array(total)
    let off = 0
    for (const c of chunks) {
      bytes.set(c.subarray(0, Math.min(c.length, total - off)), off)
      off += c.length
      if (off >= total) break
    }
    return { output: new TextDecoder().decode(bytes), status }
  }
}

interface RunOpts {
  /** Hand the terminal to the command's process group while it runs. */
  foreground: boolean
  onSpawn?: ((pid: number) => void) | undefined
  /** The command's source text, for a script's signal message. */
  text?: string
  /** The pipeline this command belongs to (its process group). */
  group?: PipelineGroup
}

/** A pipeline's process group: the first element to spawn leads it and takes the terminal. */
interface PipelineGroup {
  leader: Promise<number> | null
}

/** The status of a pipeline element or subshell that ended by an exception. */
function elementStatus(e: unknown): number {
  if (e instanceof ExitRequest) return e.status
  if (e instanceof InterruptedLine) return e.status
  if (e instanceof BrokenPipe) return 128 + SIGPIPE
  return 1
}

/**
 * A builtin wrote to a pipe nobody reads: in bash the forked subshell would die of SIGPIPE;
 * here the in-process element unwinds with status 141, silently.
 */
export class BrokenPipe {}

interface Job {
  id: number
  pid: number
  text: string
  run: Promise<number>
  /** Set when the job has ended. */
  status: number | undefined
  /** The runLine that started it (not reported before the next one). */
  line: number
}

/** The text bash shows for a job: its commands as written. */
function andOrText(andOr: AndOr): string {
  const pipeline = (p: Pipeline): string => (p.negate ? '! ' : '') + p.commands.map((c) => (c.kind === 'simple' ? c.text : `(${c.kind})`)).join(' | ')
  return [pipeline(andOr.first), ...andOr.rest.map((r) => `${r.op} ${pipeline(r.pipeline)}`)].join(' ')
}

function wordSource(word: Word): string {
  let s = ''
  for (const p of word.parts) {
    if (p.kind === 'lit' || p.kind === 'quoted') s += p.text
    else if (p.kind === 'param') s += '$' + (p.op === undefined && !p.length ? p.name : '{' + p.name + '}')
    else if (p.kind === 'cmdsub') s += '$(' + p.text + ')'
    else if (p.kind === 'tilde') s += '~' + p.user
    else if (p.kind === 'dquote') s += '"' + wordSource({ parts: p.parts }) + '"'
  }
  return s
}

