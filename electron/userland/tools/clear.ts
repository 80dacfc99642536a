/** clear (ncurses): home the cursor, erase the screen and the scrollback, as for xterm. */
import type { NativeProgram } from '../shell/os'
import { CLEAR_SEQUENCE } from '../shell/builtins/simple'

export const clear: NativeProgram = async (ctx) => {
  await ctx.write(1, CLEAR_SEQUENCE)
  return 0
}
