/**
 * tail [-n [+]N] [-c [+]N] [-qv] [FILE…] (GNU coreutils): the last 10 lines by default; `+N`
 * starts at line (or byte) N; `==> name <==` headers for several files. -f is not supported.
 */
import { EISDIR, type NativeProgram } from '../shell/os'
import { quoteLocale } from './lib'
import { Output, complain, concat, parseArgs, quoteAlways, readInput, splitLines, strerror, usageError } from './lib'
import { parseCount } from './head'

export const tail: NativeProgram = async (ctx) => {
  const argv = ctx.argv.map((a, i) => (i === 1 && /^[-+][0-9]+$/.test(a) ? '-n' + a : a))
  const args = parseArgs(argv, { withValue: 'nc', flags: 'qvz', long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v' } })
  if (args.error !== undefined) return usageError(ctx, 'tail', args.error)
  let mode: 'n' | 'c' = 'n'
  let count = 10
  let fromStart = false
  for (const [k, vs] of args.flags) {
    if (k !== 'n' && k !== 'c') continue
    const v = vs[vs.length - 1]!
    fromStart = v.startsWith('+')
    const n = parseCount(v.replace(/^[-+]/, ''))
    if (n === null) {
      await complain(ctx, 'tail', `invalid number of ${k === 'n' ? 'lines' : 'bytes'}: ${quoteLocale(v)}`)
      return 1
    }
    mode = k
    count = n
  }
  const files = args.operands.length === 0 ? ['-'] : args.operands
  const headers = args.flags.has('v') || (files.length > 1 && !args.flags.has('q'))
  const out = new Output(ctx)
  let status = 0
  let first = true
  for (const name of files) {
    const data = await readInput(ctx, name)
    if (typeof data === 'number') {
      await out.flush()
      if (data === -EISDIR) {
        if (headers) {
          await out.write(`${first ? '' : '\n'}==> ${name} <==\n`)
          first = false
          await out.flush()
        }
        await complain(ctx, 'tail', `error reading ${quoteAlways(name)}: ${strerror(data)}`)
      } else await complain(ctx, 'tail', `cannot open ${quoteAlways(name)} for reading: ${strerror(data)}`)
      status = 1
      continue
    }
    if (headers) await out.write(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`)
    first = false
    if (mode === 'c') {
      await out.write(fromStart ? data.subarray(Math.max(0, count - 1)) : data.subarray(Math.max(0, data.length - count)))
    } else {
      const lines = splitLines(data)
      const chosen = fromStart ? lines.slice(Math.max(0, count - 1)) : count === 0 ? [] : lines.slice(-count)
      await out.write(concat(chosen))
    }
  }
  await out.flush()
  return out.failed ? 1 : status
}
