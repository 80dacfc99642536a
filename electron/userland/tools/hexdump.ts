/**
 * hexdump [-C] [FILE…] (util-linux): the default format (offset `%07x`, eight little-endian
 * 16-bit words per line) or -C canonical (offset `%08x`, 16 bytes in two groups of eight, and
 * `|ascii|`). Repeated lines collapse into `*`; the inputs are dumped as one stream; the final
 * offset ends the dump.
 */
import type { NativeProgram } from '../shell/os'
import { Output, complain, concat, parseArgs, readInput, strerror, usageError } from './lib'

const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0')

function defaultLine(off: number, chunk: Uint8Array): string {
  let s = hex(off, 7)
  for (let i = 0; i < chunk.length; i += 2) s += ' ' + hex(chunk[i]! | ((chunk[i + 1] ?? 0) << 8), 4)
  if (chunk.length < 16) s = s.padEnd(7 + 8 * 5)
  return s + '\n'
}

function canonicalLine(off: number, chunk: Uint8Array): string {
  let s = hex(off, 8) + ' '
  for (let i = 0; i < chunk.length; i++) s += (i === 8 ? '  ' : ' ') + hex(chunk[i]!, 2)
  s = s.padEnd(8 + 1 + 16 * 3 + 1)
  let ascii = ''
  for (const b of chunk) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
  return s + '  |' + ascii + '|\n'
}

export const hexdump: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: 'Cv', long: { canonical: 'C', 'no-squeezing': 'v' } })
  if (args.error !== undefined) return usageError(ctx, 'hexdump', args.error)
  const canonical = args.flags.has('C')
  const squeeze = !args.flags.has('v')
  const files = args.operands.length === 0 ? ['-'] : args.operands
  const parts: Uint8Array[] = []
  let failures = 0
  for (const name of files) {
    const data = await readInput(ctx, name)
    if (typeof data === 'number') {
      await complain(ctx, 'hexdump', `${name}: ${strerror(data)}`)
      // util-linux counts only files it could not open as failed (a directory opens)
      if (data !== -21) failures++
      continue
    }
    parts.push(data)
  }
  if (failures === files.length) {
    await complain(ctx, 'hexdump', 'all input file arguments failed')
    return 1
  }
  const data = concat(parts)
  if (data.length === 0) return failures > 0 ? 1 : 0
  const out = new Output(ctx)
  let prev: Uint8Array | null = null
  let starred = false
  for (let off = 0; off < data.length; off += 16) {
    const chunk = data.subarray(off, off + 16)
    if (squeeze && prev !== null && chunk.length === 16 && prev.length === 16 && prev.every((b, i) => b === chunk[i])) {
      if (!starred) await out.write('*\n')
      starred = true
      continue
    }
    starred = false
    prev = chunk
    await out.write(canonical ? canonicalLine(off, chunk) : defaultLine(off, chunk))
  }
  await out.write(hex(data.length, canonical ? 8 : 7) + '\n')
  await out.flush()
  return failures > 0 ? 1 : 0
}
