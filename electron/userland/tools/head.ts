/**
 * head [-n [-]N] [-c [-]N] [-qv] [FILE…] (GNU coreutils): the first 10 lines by default; a
 * negative count means all but the last N; `==> name <==` headers when there are several files.
 * The obsolete `-N` form is accepted.
 */
import type { NativeProgram, ProcessContext } from '../shell/os'
import { concat, openInput, readInput, splitLines } from './lib'
import { runHeadTail } from './head-tail'

export const head: NativeProgram = (ctx) => {
  const argv = ctx.argv.map((a, i) => (i === 1 && /^-[0-9]+$/.test(a) ? '-n' + a.slice(1) : a))
  return runHeadTail(
    ctx,
    'head',
    argv,
    '-',
    // The first N lines or bytes are read as a stream, so that `yes | head` ends; "all but the
    // last N" needs the whole input.
    (name, c) => (c.signed ? readInput(ctx, name) : readPrefix(ctx, name, c.mode, c.count)),
    (data, { mode, count, signed: allBut }) => {
      if (mode === 'c') return allBut ? data.subarray(0, Math.max(0, data.length - count)) : data.subarray(0, count)
      const lines = splitLines(data)
      return concat(allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count))
    }
  )
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
