import type { KernelVersion } from '../../../shared/kernel-versions'
import { HEADERS } from '../include'
import { InteractiveShell, type InteractiveHooks, type TerminalPort } from '../shell/interactive'
import { Shell } from '../shell/shell'
import { installTools } from '../tools'
import { ccTool } from './cc-tool'
import { pagemapTool } from './pagemap-tool'
import { bash } from '../shell/program'
import { Machine } from './machine'
import { MachineProcessContext } from './process-context'
import { USERS, type UserName } from './rootfs'

export interface BootOptions {
  kernel?: KernelVersion
  seed?: number
  yieldToHost?: () => Promise<void>
  hostNow?: () => number
  realtimeIdle?: boolean
  /** Boot with the RDMA HCA (default true; MachineOptions.rdma). */
  rdma?: boolean
}

/** A machine with its file system, headers and tools installed, ready for a login. */
export function bootMachine(opts: BootOptions = {}): Machine {
  const machine = new Machine({ ...opts, headers: HEADERS })
  installTools((path, program) => machine.installNative(path, program))
  machine.installNative('/usr/bin/cc', ccTool)
  machine.installNative('/usr/bin/gcc', ccTool)
  machine.installNative('/usr/bin/pagemap', pagemapTool)
  machine.installNative('/bin/sh', bash)
  machine.installNative('/bin/bash', bash)
  return machine
}

export interface LoginSession {
  shell: Shell
  interactive: InteractiveShell
  ctx: MachineProcessContext
}

/**
 * Logs `user` in on the machine's terminal: a shell process (its descriptors on /dev/tty, its
 * working directory the user's home) driven by the interactive line editor. Keystrokes go to
 * `interactive.feed`; while a command runs they reach the terminal's own line discipline, so
 * Ctrl-C signals the foreground job.
 */
export interface LoginOptions {
  /** Observers of the command cycle (InteractiveHooks). */
  hooks?: InteractiveHooks
  /**
   * False while a recorded history replays: type-ahead left unread in the tty is dropped at the
   * prompt instead of becoming the next line, because the replay feeds that line itself.
   */
  keepTypeAhead?: () => boolean
}

export function login(machine: Machine, user: UserName, terminal: TerminalPort, columns: () => number, options: LoginOptions = {}): LoginSession {
  const u = USERS[user]
  const proc = machine.spawnNative('bash', u.uid, machine.init, u.home)
  proc.argv = ['-bash']
  proc.env = [`HOME=${u.home}`, `USER=${user}`, `LOGNAME=${user}`, 'SHELL=/bin/bash', 'TERM=xterm-256color', 'LANG=C.UTF-8']
  const ctx = new MachineProcessContext(machine, proc)
  proc.nativeCtx = ctx
  const shell = new Shell(ctx, { interactive: true })
  const interactive = new InteractiveShell(shell, terminal, {
    ttyInput: (data) => machine.tty.input(data),
    reclaimInput: () => {
      const typeAhead = machine.tty.takePending()
      return options.keepTypeAhead?.() === false ? '' : typeAhead
    },
    columns,
    hooks: options.hooks
  })
  return { shell, interactive, ctx }
}
