/** `history [N]` and `history -c`: the numbered list bash prints (`%5d  %s`). */
import { builtinError, type Builtin } from './types'

export const history: Builtin = async (call) => {
  const { argv, shell, io } = call
  const h = shell.history
  if (argv[1] === '-c') {
    h.length = 0
    return 0
  }
  let start = 0
  if (argv[1] !== undefined) {
    if (!/^[0-9]+$/.test(argv[1])) {
      await builtinError(call, `history: ${argv[1]}: numeric argument required`)
      return 1
    }
    start = Math.max(0, h.length - Number(argv[1]))
  }
  let out = ''
  for (let i = start; i < h.length; i++) out += `${String(i + 1).padStart(5)}  ${h[i]}\n`
  await io.write(1, out)
  return 0
}
