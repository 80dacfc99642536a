/**
 * sleep NUMBER[smhd]… (GNU coreutils): sleeps on the machine's virtual clock for the sum of its
 * arguments; Ctrl-C ends it (SIGINT).
 */
import type { NativeProgram } from '../shell/os'
import { complain, quoteLocale } from './lib'

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }

export const sleep: NativeProgram = async (ctx) => {
  const args = ctx.argv.slice(1)
  if (args.length === 0) {
    await ctx.write(2, "sleep: missing operand\nTry 'sleep --help' for more information.\n")
    return 1
  }
  let seconds = 0
  for (const a of args) {
    const m = /^([0-9]*\.?[0-9]+|[0-9]+\.|inf|infinity)([smhd]?)$/.exec(a)
    if (m === null) {
      await complain(ctx, 'sleep', `invalid time interval ${quoteLocale(a)}`)
      await ctx.write(2, "Try 'sleep --help' for more information.\n")
      return 1
    }
    seconds += (m[1]!.startsWith('inf') ? Infinity : Number(m[1])) * UNIT[m[2]!]!
  }
  let remaining = seconds * 1000
  // Sleep in slices so that an infinite sleep still notices signals on the virtual clock.
  while (remaining > 0) {
    const slice = Math.min(remaining, 1000)
    const r = await ctx.sleep(slice)
    if (r < 0 || ctx.killed) return 130
    remaining -= slice
  }
  return 0
}
