/**
 * uname [-asnrvmpio] (GNU coreutils): the kernel's identity from the OS interface; `-r` is the
 * simulated kernel version. -p and -i print `unknown` as on Debian; -a omits them.
 */
import type { NativeProgram } from '../shell/os'
import { parseArgs, usageError } from './lib'

export const uname: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, {
    withValue: '',
    flags: 'asnrvmpio',
    long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o' }
  })
  if (args.error !== undefined) return usageError(ctx, 'uname', args.error)
  if (args.operands.length > 0) return usageError(ctx, 'uname', `extra operand '${args.operands[0]}'`)
  const u = ctx.uname()
  const f = args.flags
  const all = f.has('a')
  const fields: string[] = []
  const want = (c: string): boolean => all || f.has(c)
  if (want('s') || f.size === 0) fields.push(u.sysname)
  if (want('n')) fields.push(u.nodename)
  if (want('r')) fields.push(u.release)
  if (want('v')) fields.push(u.version)
  if (want('m')) fields.push(u.machine)
  if (f.has('p') && !all) fields.push('unknown')
  if (f.has('i') && !all) fields.push('unknown')
  if (want('o')) fields.push(u.operatingSystem)
  await ctx.write(1, fields.join(' ') + '\n')
  return 0
}
