/** Test helpers: a fake machine with the tools installed and a shell on its terminal. */
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { Shell, type RunResult, type ShellOptions } from '../../../../electron/userland/shell/shell'
import type { NativeProgram } from '../../../../electron/userland/shell/os'
import { installTools } from '../../../../electron/userland/tools/index'

export interface Machine {
  os: FakeOs
  shell: Shell
  /** Runs a line and returns what appeared on the terminal (with \r\n turned back into \n). */
  run(line: string): Promise<string>
  /** Runs a line and returns the output and the result. */
  exec(line: string): Promise<{ out: string; result: RunResult }>
}

export const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

export function machine(
  options: { uid?: number; cwd?: string; programs?: Record<string, NativeProgram>; shell?: ShellOptions; env?: string[] } = {}
): Machine {
  const os = new FakeOs({ yieldToHost: tick })
  installTools((p, prog) => os.installProgram(p, prog))
  for (const [name, program] of Object.entries(options.programs ?? {})) os.installProgram('/usr/bin/' + name, program)
  const ctx = os.createProcess({ uid: options.uid ?? 0, cwd: options.cwd ?? '/root', env: options.env ?? [] })
  const shell = new Shell(ctx, options.shell)
  const exec = async (line: string) => {
    const before = os.tty.output.length
    const result = await shell.runLine(line)
    return { out: os.tty.output.slice(before).replace(/\r\n/g, '\n'), result }
  }
  return { os, shell, exec, run: async (line) => (await exec(line)).out }
}
