/** `break [N]` and `continue [N]`, with bash's messages outside a loop and for a bad N. */
import { InterruptedLine, LoopControl, builtinError, type Builtin, type BuiltinCall } from './types'

async function loopControl(call: BuiltinCall, kind: 'break' | 'continue'): Promise<number> {
  const arg = call.argv[1]
  let n = 1
  if (arg !== undefined) {
    if (!/^-?[0-9]+$/.test(arg)) {
      await builtinError(call, `${kind}: ${arg}: numeric argument required`)
      // bash abandons the line (a script ends) after this usage error of a special builtin
      throw new InterruptedLine(128, !call.shell.interactive)
    }
    n = Number(arg)
    if (n < 1) {
      await builtinError(call, `${kind}: ${arg}: loop count out of range`)
      return 1
    }
  }
  const depth = call.shell.loopDepth
  if (depth === 0) {
    await builtinError(call, `${kind}: only meaningful in a \`for', \`while', or \`until' loop`)
    return 0
  }
  throw new LoopControl(kind, Math.min(n, depth))
}

export const breakBuiltin: Builtin = (call) => loopControl(call, 'break')
export const continueBuiltin: Builtin = (call) => loopControl(call, 'continue')
