/**
 * xxd [-g BYTES] [-c COLS] [-l LEN] [-s SEEK] [-p] [-u] [FILE] (vim's xxd): `%08x: ` offsets,
 * hex in groups (2 bytes by default), the ASCII column; -p is a plain hex stream of 30 bytes
 * per line.
 */
import { EISDIR, type NativeProgram } from '../shell/os'
import { Output, complain, parseArgs, readInput, strerror } from './lib'

function parseNumber(s: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (m === null) return null
  const v = m[2]!.startsWith('0x') || m[2]!.startsWith('0X') ? parseInt(m[2]!, 16) : m[2]!.length > 1 && m[2]!.startsWith('0') ? parseInt(m[2]!, 8) : parseInt(m[2]!, 10)
  return m[1] === '-' ? -v : v
}

export const xxd: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: 'gcls', flags: 'pu' })
  if (args.error !== undefined) {
    await ctx.write(2, `xxd: ${args.error}\nUsage: xxd [options] [infile [outfile]]\n`)
    return 1
  }
  const num = (k: string): number | null | undefined => {
    const v = args.flags.get(k)?.at(-1)
    return v === undefined ? undefined : parseNumber(v)
  }
  const plain = args.flags.has('p')
  const upper = args.flags.has('u')
  const cols = num('c') ?? (plain ? 30 : 16)
  const group = num('g') ?? 2
  const len = num('l')
  const seek = num('s') ?? 0
  if (cols === null || group === null || len === null || seek === null || cols <= 0 || cols > 256) {
    await ctx.write(2, 'xxd: invalid number\n')
    return 1
  }
  const name = args.operands[0] ?? '-'
  const data = await readInput(ctx, name)
  if (typeof data === 'number') {
    await complain(ctx, 'xxd', data === -EISDIR ? strerror(data) : `${name}: ${strerror(data)}`)
    return 2
  }
  const start = seek < 0 ? Math.max(0, data.length + seek) : seek
  let bytes = data.subarray(start)
  if (len !== undefined) bytes = bytes.subarray(0, Math.max(0, len))
  const h = (b: number): string => {
    const s = b.toString(16).padStart(2, '0')
    return upper ? s.toUpperCase() : s
  }
  const out = new Output(ctx)
  if (plain) {
    for (let i = 0; i < bytes.length; i += cols) {
      let line = ''
      for (const b of bytes.subarray(i, i + cols)) line += h(b)
      await out.write(line + '\n')
    }
  } else {
    const g = group <= 0 ? cols : group
    const width = cols * 2 + Math.ceil(cols / g)
    for (let i = 0; i < bytes.length; i += cols) {
      const chunk = bytes.subarray(i, i + cols)
      let hexPart = ''
      chunk.forEach((b, k) => {
        hexPart += h(b)
        if ((k + 1) % g === 0) hexPart += ' '
      })
      let ascii = ''
      for (const b of chunk) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
      await out.write(`${(start + i).toString(16).padStart(8, '0')}: ${hexPart.padEnd(width)} ${ascii}\n`)
    }
  }
  await out.flush()
  return 0
}
