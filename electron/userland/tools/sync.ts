/**
 * sync (coreutils): with no operands, sync(2) — write every filesystem's dirty page cache to
 * disk. File operands (fsync of each) are not supported here.
 */
import type { NativeProgram } from '../shell/os'
import { parseArgs, usageError } from './lib'

export const sync: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: '' })
  if (args.error !== undefined) return usageError(ctx, 'sync', args.error)
  if (args.operands.length > 0) {
    await ctx.write(2, 'sync: file operands are not supported in PinLab\n')
    return 1
  }
  ctx.system?.sync?.(ctx.pid)
  return 0
}
