/** The trivial builtins: `true`, `false`, `:`, `clear`. */
import type { Builtin } from './types'

export const trueBuiltin: Builtin = async () => 0
export const falseBuiltin: Builtin = async () => 1
/** `clear`: the escape sequence ncurses' clear sends for xterm (home, erase screen, erase scrollback). */
export const CLEAR_SEQUENCE = '\x1b[H\x1b[2J\x1b[3J'
export const clear: Builtin = async ({ io }) => {
  await io.write(1, CLEAR_SEQUENCE)
  return 0
}
