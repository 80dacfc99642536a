/** `exit [N]` and `logout`: end the shell (or the `su` frame) with status N (default: $?). */
import { ExitRequest, builtinError, type Builtin } from './types'

export const exit: Builtin = async (call) => {
  const { argv, shell, io } = call
  // An interactive shell says goodbye on its standard error, as bash does: `logout` for a login shell.
  if (argv[0] === 'logout' && !shell.isLoginShell) {
    await builtinError(call, 'logout: not login shell: use `exit\'')
    return 1
  }
  if (shell.interactive && !shell.isSubshell) await io.write(2, shell.isLoginShell ? 'logout\n' : 'exit\n')
  const arg = argv[1]
  if (arg === undefined) throw new ExitRequest(shell.state.status)
  if (!/^[+-]?[0-9]+$/.test(arg.trim())) {
    await builtinError(call, `${argv[0]}: ${arg}: numeric argument required`)
    throw new ExitRequest(2)
  }
  if (argv.length > 2) {
    await builtinError(call, `${argv[0]}: too many arguments`)
    return 1
  }
  throw new ExitRequest(Number(BigInt.asUintN(8, BigInt(arg.trim()))))
}
