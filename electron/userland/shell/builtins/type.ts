/** `type NAME…`: builtin, reserved word, or the path `$PATH` finds, in bash's wording. */
import { builtinError, type Builtin } from './types'

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'do', 'done', 'for', 'in', '!', '{', '}'])

export const type: Builtin = async (call) => {
  const { argv, shell, io } = call
  let status = 0
  for (const name of argv.slice(1)) {
    if (KEYWORDS.has(name)) await io.write(1, `${name} is a shell keyword\n`)
    else if (Object.hasOwn(shell.builtins, name)) await io.write(1, `${name} is a shell builtin\n`)
    else {
      const found = await shell.findCommand(name)
      if ('path' in found) await io.write(1, `${name} is ${found.path}\n`)
      else {
        await builtinError(call, `type: ${name}: not found`)
        status = 1
      }
    }
  }
  return status
}
