/**
 * grep [-iEFvncqlLoHhsw] [-e PATTERN]… [PATTERN] [FILE…] (GNU grep): basic regular expressions
 * by default, -E extended, -F fixed strings. Exit status 0 when a line is selected, 1 when
 * none, 2 on an error (unless -q found a match). A binary file (NUL bytes or invalid UTF-8)
 * gets `grep: FILE: binary file matches` on standard error instead of lines, unless -a.
 * -r is not supported.
 */
import { EISDIR, type NativeProgram } from '../shell/os'
import { Output, complain, parseArgs, readInput, strerror, text } from './lib'
import { escapeFixed, translateRegex } from './regex'

export const grep: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, {
    withValue: 'emA',
    flags: 'iEFGvncqlLoHhswxya',
    long: {
      'ignore-case': 'i', 'extended-regexp': 'E', 'fixed-strings': 'F', 'basic-regexp': 'G', 'invert-match': 'v',
      'line-number': 'n', count: 'c', quiet: 'q', silent: 'q', 'files-with-matches': 'l', 'files-without-match': 'L',
      'only-matching': 'o', 'with-filename': 'H', 'no-filename': 'h', 'no-messages': 's', 'word-regexp': 'w',
      'line-regexp': 'x', regexp: 'e', 'max-count': 'm', text: 'a'
    }
  })
  if (args.error !== undefined) {
    await ctx.write(2, `grep: ${args.error}\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`)
    return 2
  }
  const f = args.flags
  const operands = args.operands.slice()
  let patterns: string[]
  if (f.has('e')) patterns = f.get('e')!.flatMap((p) => p.split('\n'))
  else {
    const p = operands.shift()
    if (p === undefined) {
      await ctx.write(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
      return 2
    }
    patterns = p.split('\n')
  }
  const fixed = f.has('F')
  const extended = f.has('E')
  const sources: string[] = []
  for (const p of patterns) {
    if (fixed) {
      sources.push(escapeFixed(p))
      continue
    }
    const r = translateRegex(p, extended)
    if (!r.ok) {
      await complain(ctx, 'grep', r.error)
      return 2
    }
    sources.push(r.source)
  }
  let source = sources.map((s) => `(?:${s})`).join('|')
  if (f.has('x')) source = `^(?:${source})$`
  else if (f.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`
  let re: RegExp
  try {
    re = new RegExp(source, f.has('i') || f.has('y') ? 'gi' : 'g')
  } catch {
    await complain(ctx, 'grep', 'Invalid regular expression')
    return 2
  }
  const invert = f.has('v')
  const quiet = f.has('q')
  const files = operands.length === 0 ? ['-'] : operands
  const withName = f.has('H') || (files.length > 1 && !f.has('h'))
  const maxCount = f.has('m') ? Number(f.get('m')!.at(-1)) : Infinity
  const out = new Output(ctx)
  let selectedAny = false
  let error = false
  for (const name of files) {
    const display = name === '-' ? '(standard input)' : name
    const data = await readInput(ctx, name)
    if (typeof data === 'number') {
      if (!f.has('s')) {
        await out.flush()
        await complain(ctx, 'grep', `${display}: ${strerror(data === -EISDIR ? data : data)}`)
      }
      error = true
      continue
    }
    // A file with a NUL byte or invalid UTF-8 is binary (C.UTF-8 locale): GNU grep then says
    // that it matches instead of printing lines, unless -a.
    const binary = !f.has('a') && isBinary(data)
    let content = text(data)
    if (content.endsWith('\n')) content = content.slice(0, -1)
    const lines = data.length === 0 ? [] : content.split('\n')
    let count = 0
    const prefix = withName ? display + ':' : ''
    for (let i = 0; i < lines.length && count < maxCount; i++) {
      const line = lines[i]!
      re.lastIndex = 0
      const matched = re.test(line)
      if (matched === invert) continue
      count++
      selectedAny = true
      if (quiet) {
        await out.flush()
        return 0
      }
      if (f.has('c') || f.has('l') || f.has('L')) continue
      if (binary) {
        await out.flush()
        await complain(ctx, 'grep', `${display}: binary file matches`)
        break
      }
      const lineNo = f.has('n') ? `${i + 1}:` : ''
      if (f.has('o') && !invert) {
        re.lastIndex = 0
        for (const m of line.matchAll(re)) {
          if (m[0] === '') continue
          await out.write(`${prefix}${lineNo}${m[0]}\n`)
        }
      } else if (!f.has('o')) await out.write(`${prefix}${lineNo}${line}\n`)
    }
    if (f.has('c')) await out.write(`${prefix}${count}\n`)
    if (f.has('l') && count > 0) await out.write(`${display}\n`)
    if (f.has('L') && count === 0) await out.write(`${display}\n`)
    if (out.failed) return 2
  }
  await out.flush()
  if (error && !(quiet && selectedAny)) return 2
  return selectedAny ? 0 : 1
}

function isBinary(data: Uint8Array): boolean {
  if (data.includes(0)) return true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data)
    return false
  } catch {
    return true
  }
}
