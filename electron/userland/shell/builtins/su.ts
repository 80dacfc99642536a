/**
 * `su [-|-l] [USER]`: a nested shell as USER (default root); `exit` returns to the previous
 * user. PinLab's machine has no passwords: su to root is allowed from any user, so that a
 * learner can always get back (said in `help su` and the man page).
 */
import { builtinError, type Builtin } from './types'

export const su: Builtin = async (call) => {
  const { argv, shell } = call
  let login = false
  let user: string | undefined
  for (const a of argv.slice(1)) {
    if (a === '-' || a === '-l' || a === '--login') login = true
    else if (a.startsWith('-')) {
      await call.io.write(2, `su: invalid option -- '${a.slice(1, 2)}'\nTry 'su --help' for more information.\n`)
      return 1
    } else if (user === undefined) user = a
  }
  const pw = shell.ctx.getpwnam(user ?? 'root')
  if (pw === undefined) {
    await call.io.write(2, `su: user ${user} does not exist or the user entry does not contain all the required fields\n`)
    return 1
  }
  const r = shell.switchUser(pw.uid, login)
  if (r < 0) {
    await builtinError(call, 'su: Authentication failure')
    return 1
  }
  return 0
}
