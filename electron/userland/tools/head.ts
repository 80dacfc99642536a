/**
 * head [-n [-]N] [-c [-]N] [-qv] [FILE…] (GNU coreutils): the first 10 lines by default; a
 * negative count means all but the last N; `==> name <==` headers when there are several files.
 * The obsolete `-N` form is accepted.
 */
import type { NativeProgram, ProcessContext } from '../shell/os'
import { quoteLocale } from './lib'
import { Output, complain, parseArgs, quoteAlways, readInput, splitLines, strerror, usageError } from './lib'
import { concat, openInput } from './lib'
import { EISDIR } from '../shell/os'

/** Parses a GNU size (`10`, `1K`, `2b`, `1KB`, `1M`…); null when invalid. */
export function parseCount(s: string): number | null {
  const m = /^([0-9]+)(b|K|KB|KiB|k|kB|M|MB|MiB|G|GB|GiB)?$/.exec(s)
  if (m === null) return null
  const mult: Record<string, number> = { b: 512, K: 1024, k: 1024, KiB: 1024, KB: 1000, kB: 1000, M: 1 << 20, MiB: 1 << 20, MB: 1e6, G: 1 << 30, GiB: 1 << 30, GB: 1e9 }
  return Number(m[1]) * (m[2] === undefined ? 1 : mult[m[2]]!)
}

export const head: NativeProgram = async (ctx) => {
  const argv = ctx.argv.map((a, i) => (i === 1 && /^-[0-9]+$/.test(a) ? '-n' + a.slice(1) : a))
  const args = parseArgs(argv, { withValue: 'nc', flags: 'qvz', long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v' } })
  if (args.error !== undefined) return usageError(ctx, 'head', args.error)
  let mode: 'n' | 'c' = 'n'
  let count = 10
  let allBut = false
  for (const [k, vs] of args.flags) {
    if (k !== 'n' && k !== 'c') continue
    const v = vs[vs.length - 1]!
    allBut = v.startsWith('-')
    const n = parseCount(allBut ? v.slice(1) : v.replace(/^\+/, ''))
    if (n === null) {
      await complain(ctx, 'head', `invalid number of ${k === 'n' ? 'lines' : 'bytes'}: ${quoteLocale(v)}`)
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
    // The first N lines or bytes are read as a stream, so that `yes | head` ends; "all but the
    // last N" needs the whole input.
    const data = allBut ? await readInput(ctx, name) : await readPrefix(ctx, name, mode, count)
    if (typeof data === 'number') {
      await out.flush()
      if (data === -EISDIR) {
        if (headers) {
          await out.write(`${first ? '' : '\n'}==> ${name} <==\n`)
          first = false
          await out.flush()
        }
        await complain(ctx, 'head', `error reading ${quoteAlways(name)}: ${strerror(data)}`)
      } else await complain(ctx, 'head', `cannot open ${quoteAlways(name)} for reading: ${strerror(data)}`)
      status = 1
      continue
    }
    if (headers) {
      await out.write(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`)
    }
    first = false
    if (mode === 'c') {
      await out.write(allBut ? data.subarray(0, Math.max(0, data.length - count)) : data.subarray(0, count))
    } else {
      const lines = splitLines(data)
      const chosen = allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count)
      await out.write(concat(chosen))
    }
  }
  await out.flush()
  return out.failed ? 1 : status
}

/** Reads until `count` lines (or bytes) have arrived, or end of file. */
async function readPrefix(ctx: ProcessContext, name: string, mode: 'n' | 'c', count: number): Promise<Uint8Array | number> {
  const o = await openInput(ctx, name)
  if ('error' in o) return o.error
  const chunks: Uint8Array[] = []
  let total = 0
  let lines = 0
  let result: Uint8Array | number | null = null
  while ((mode === 'c' ? total < count : lines < count)) {
    const r = await ctx.read(o.fd, 65536)
    if (typeof r === 'number') {
      result = r
      break
    }
    if (r.length === 0) break
    chunks.push(r)
    total += r.length
    if (mode === 'n') for (const b of r) if (b === 10) lines++
  }
  if (o.close) ctx.close(o.fd)
  return result ?? concat(chunks, total)
}
