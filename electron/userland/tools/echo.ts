/** /bin/echo (GNU coreutils): the option parsing of bash's builtin (-n -e -E), coreutils' escapes. */
import type { NativeProgram } from '../shell/os'
import { echoText } from '../shell/builtins/echo'

export const echo: NativeProgram = async (ctx) => {
  const r = await ctx.write(1, echoText(ctx.argv.slice(1), 'coreutils'))
  if (r < 0) return 1
  return 0
}
