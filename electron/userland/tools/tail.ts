/**
 * tail [-n [+]N] [-c [+]N] [-qv] [FILE…] (GNU coreutils): the last 10 lines by default; `+N`
 * starts at line (or byte) N; `==> name <==` headers for several files. -f is not supported.
 */
import type { NativeProgram } from '../shell/os'
import { concat, readInput, splitLines } from './lib'
import { runHeadTail } from './head-tail'

export const tail: NativeProgram = (ctx) => {
  const argv = ctx.argv.map((a, i) => (i === 1 && /^[-+][0-9]+$/.test(a) ? '-n' + a : a))
  return runHeadTail(
    ctx,
    'tail',
    argv,
    '+',
    (name) => readInput(ctx, name),
    (data, { mode, count, signed: fromStart }) => {
      if (mode === 'c') return fromStart ? data.subarray(Math.max(0, count - 1)) : data.subarray(Math.max(0, data.length - count))
      const lines = splitLines(data)
      return concat(fromStart ? lines.slice(Math.max(0, count - 1)) : count === 0 ? [] : lines.slice(-count))
    }
  )
}
