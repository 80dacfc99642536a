/**
 * dmesg (util-linux): the kernel log as `[seconds.micros] text`, the timestamp right-aligned in
 * five digits. When the kernel restricts the log (kernel.dmesg_restrict), only root reads it.
 */
import type { KernelLogLine, NativeProgram } from '../shell/os'
import { Output, parseArgs, usageError } from './lib'

export function formatLogLine(l: KernelLogLine): string {
  const micros = Math.max(0, Math.round(l.time * 1e6))
  const sec = Math.floor(micros / 1e6)
  const frac = String(micros % 1e6).padStart(6, '0')
  return `[${String(sec).padStart(5)}.${frac}] ${l.text}\n`
}

export const dmesg: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: '' })
  if (args.error !== undefined) return usageError(ctx, 'dmesg', args.error)
  const sys = ctx.system
  if (sys === undefined || (sys.dmesgRestricted === true && ctx.getuid() !== 0)) {
    await ctx.write(2, 'dmesg: read kernel buffer failed: Operation not permitted\n')
    return 1
  }
  const out = new Output(ctx)
  for (const line of sys.dmesg()) await out.write(formatLogLine(line))
  await out.flush()
  return 0
}
