/** /usr/bin/help: the shell's help, for when it is run outside the shell (`env help`, `help | grep`). */
import type { NativeProgram } from '../shell/os'
import { MAN_PAGES } from './man/pages'

export const help: NativeProgram = async (ctx) => {
  const commands = MAN_PAGES.filter((p) => p.section === 1 || p.section === 8)
  let out = 'PinLab commands (man NAME for details):\n'
  for (const p of commands) out += `  ${p.name.padEnd(10)}${p.summary}\n`
  await ctx.write(1, out)
  return 0
}
