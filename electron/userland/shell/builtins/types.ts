/**
 * What a builtin sees: the shell it runs in, its arguments, and its descriptors (already
 * redirected). A builtin resolves to its exit status; `exit` and `su` act on the shell itself.
 */
import type { Shell } from '../shell'

export interface BuiltinIO {
  /** Writes to the builtin's descriptor `fd` (after redirections); negative errno on failure. */
  write(fd: number, data: string | Uint8Array): Promise<number>
  read(fd: number, count: number): Promise<Uint8Array | number>
}

export interface BuiltinCall {
  shell: Shell
  /** argv, with the builtin's name first. */
  argv: string[]
  io: BuiltinIO
}

export type Builtin = (call: BuiltinCall) => Promise<number>

/** Thrown by `exit` (and caught by the shell or subshell running it): not an error. */
export class ExitRequest {
  constructor(readonly status: number) {}
}

/** Writes the shell's error prefix (`-bash: `, or `x.sh: line 3: `) and `message` to standard error. */
export async function builtinError(call: BuiltinCall, message: string): Promise<void> {
  await call.io.write(2, `${call.shell.errorPrefix()}${message}\n`)
}

/** `break N` / `continue N`, unwinding to the N-th enclosing loop (caught by the loops). */
export class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number
  ) {}
}

/** Ctrl-C, or an expansion error: the rest of the line is abandoned. */
export class InterruptedLine {
  constructor(
    readonly status = 130,
    /** A non-interactive shell exits (`${x:?}`). */
    readonly fatal = false
  ) {}
}
