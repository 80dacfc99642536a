/** `wait [PID…]`: waits for background jobs; bash's message for a pid that is not one. */
import { builtinError, type Builtin } from './types'

export const wait: Builtin = async (call) => {
  const args = call.argv.slice(1)
  const pids: number[] = []
  for (const a of args) {
    if (!/^[0-9]+$/.test(a)) {
      await builtinError(call, `wait: \`${a}': not a pid or valid job spec`)
      return 2
    }
    pids.push(Number(a))
  }
  const r = await call.shell.waitJobs(pids)
  for (const pid of r.unknown) await builtinError(call, `wait: pid ${pid} is not a child of this shell`)
  return r.status
}
