/**
 * wc [-lwcm] [FILE…] (GNU coreutils): counts in the order lines, words, characters, bytes;
 * columns as wide as the digits of the total size of the regular files (at least 7 when an
 * input is not a regular file, e.g. standard input), one count alone unpadded; a `total` line
 * for several files.
 */
import { EISDIR, S_IFMT, S_IFREG, isErr, type NativeProgram } from '../shell/os'
import { Output, complain, parseArgs, readInput, strerror, usageError } from './lib'

interface Counts {
  lines: number
  words: number
  chars: number
  bytes: number
}

/**
 * Counts as coreutils 9 in a UTF-8 locale: a word starts at a printable character and ends at
 * white space; control characters and invalid bytes neither start nor end one.
 */
function count(data: Uint8Array): Counts {
  let lines = 0
  let words = 0
  let inWord = false
  let chars = 0
  let i = 0
  while (i < data.length) {
    const b = data[i]!
    let cp = -1
    let len = 1
    if (b < 0x80) cp = b
    else if (b >= 0xc2 && b < 0xe0 && isCont(data[i + 1])) {
      cp = ((b & 0x1f) << 6) | (data[i + 1]! & 0x3f)
      len = 2
    } else if (b >= 0xe0 && b < 0xf0 && isCont(data[i + 1]) && isCont(data[i + 2])) {
      cp = ((b & 0x0f) << 12) | ((data[i + 1]! & 0x3f) << 6) | (data[i + 2]! & 0x3f)
      len = 3
      if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) cp = -1
    } else if (b >= 0xf0 && b < 0xf5 && isCont(data[i + 1]) && isCont(data[i + 2]) && isCont(data[i + 3])) {
      cp = ((b & 0x07) << 18) | ((data[i + 1]! & 0x3f) << 12) | ((data[i + 2]! & 0x3f) << 6) | (data[i + 3]! & 0x3f)
      len = 4
      if (cp < 0x10000 || cp > 0x10ffff) cp = -1
    }
    if (cp < 0) len = 1
    else chars++
    if (cp === 10) lines++
    if (cp === 32 || (cp >= 9 && cp <= 13)) inWord = false
    else if (cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
      if (!inWord) {
        inWord = true
        words++
      }
    }
    i += len
  }
  return { lines, words, chars, bytes: data.length }
}

function isCont(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80
}

export const wc: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: '', flags: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' } })
  if (args.error !== undefined) return usageError(ctx, 'wc', args.error)
  let show = { lines: args.flags.has('l'), words: args.flags.has('w'), chars: args.flags.has('m'), bytes: args.flags.has('c') }
  if (!show.lines && !show.words && !show.chars && !show.bytes) show = { lines: true, words: true, chars: false, bytes: true }
  const files = args.operands.length === 0 ? ['-'] : args.operands
  const results: Array<{ name: string; counts: Counts | null; error?: string }> = []
  let minWidth = 1
  let regularTotal = 0
  for (let i = 0; i < files.length; i++) {
    const name = files[i]!
    if (name === '-') minWidth = 7
    else {
      const st = await ctx.stat(name)
      if (isErr(st)) continue
      else if ((st.mode & S_IFMT) === S_IFREG) regularTotal += st.size
      else minWidth = 7
    }
  }
  for (const name of files) {
    const data = await readInput(ctx, name)
    if (typeof data === 'number') {
      results.push({ name, counts: data === -EISDIR ? { lines: 0, words: 0, chars: 0, bytes: 0 } : null, error: `${name}: ${strerror(data)}` })
      continue
    }
    results.push({ name, counts: count(data) })
  }
  const nShown = Object.values(show).filter(Boolean).length
  let width = String(regularTotal).length
  if (width < minWidth) width = minWidth
  if (nShown === 1 && files.length === 1) width = 1
  const out = new Output(ctx)
  const line = (c: Counts, name: string | null): string => {
    const cols: string[] = []
    if (show.lines) cols.push(String(c.lines).padStart(width))
    if (show.words) cols.push(String(c.words).padStart(width))
    if (show.chars) cols.push(String(c.chars).padStart(width))
    if (show.bytes) cols.push(String(c.bytes).padStart(width))
    return cols.join(' ') + (name === null ? '' : ' ' + name) + '\n'
  }
  let status = 0
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0 }
  for (const r of results) {
    if (r.error !== undefined) {
      await out.flush()
      await complain(ctx, 'wc', r.error)
      status = 1
    }
    if (r.counts === null) continue
    for (const k of ['lines', 'words', 'chars', 'bytes'] as const) total[k] += r.counts[k]
    await out.write(line(r.counts, r.name === '-' && args.operands.length === 0 ? null : r.name))
  }
  if (files.length > 1) await out.write(line(total, 'total'))
  await out.flush()
  return out.failed ? 1 : status
}
