/**
 * `echo` as bash's builtin (and, via `echoText`, as coreutils' /bin/echo, which parses the
 * same way in its default non-POSIX mode): options -n, -e, -E, combinable (`-ne`); an argument
 * that is not made only of those letters is printed as is.
 */
import type { Builtin } from './types'
import { strerror } from '../os'

/**
 * Decodes echo -e escapes; `stop` is set when `\c` ends the output. The dialects differ:
 * bash knows `\E`, `\u` and `\U`; coreutils knows `\NNN` without the leading 0.
 */
export type EchoDialect = 'bash' | 'coreutils'

export function echoEscapes(text: string, dialect: EchoDialect = 'bash'): { bytes: number[]; stop: boolean } {
  const out: number[] = []
  const enc = new TextEncoder()
  const push = (s: string): void => {
    out.push(...enc.encode(s))
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c !== '\\' || i + 1 >= text.length) {
      push(c)
      continue
    }
    const n = text[++i]!
    switch (n) {
      case 'a': out.push(7); break
      case 'b': out.push(8); break
      case 'c': return { bytes: out, stop: true }
      case 'e': out.push(27); break
      case 'E':
        if (dialect === 'bash') out.push(27)
        else push('\\E')
        break
      case 'f': out.push(12); break
      case 'n': out.push(10); break
      case 'r': out.push(13); break
      case 't': out.push(9); break
      case 'v': out.push(11); break
      case '\\': out.push(92); break
      case '0': {
        let v = 0
        let k = 0
        while (k < 3 && /[0-7]/.test(text[i + 1] ?? '')) {
          v = v * 8 + Number(text[++i])
          k++
        }
        out.push(v & 0xff)
        break
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))
        if (m === null) push('\\x')
        else {
          out.push(parseInt(m[0], 16))
          i += m[0].length
        }
        break
      }
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        if (dialect === 'bash') {
          push('\\' + n)
          break
        }
        let v = Number(n)
        let k = 1
        while (k < 3 && /[0-7]/.test(text[i + 1] ?? '')) {
          v = v * 8 + Number(text[++i])
          k++
        }
        out.push(v & 0xff)
        break
      }
      case 'u':
      case 'U': {
        if (dialect === 'coreutils') {
          push('\\' + n)
          break
        }
        const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(text.slice(i + 1))
        if (m === null) push('\\' + n)
        else {
          const cp = parseInt(m[0], 16)
          push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '?')
          i += m[0].length
        }
        break
      }
      default:
        push('\\' + n)
    }
  }
  return { bytes: out, stop: false }
}

/** The bytes echo writes for `args` (argv without the name). */
export function echoText(args: readonly string[], dialect: EchoDialect = 'bash'): Uint8Array {
  let newline = true
  let escapes = false
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]!
    if (!/^-[neE]+$/.test(a)) break
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false
      else if (c === 'e') escapes = true
      else escapes = false
    }
  }
  const text = args.slice(i).join(' ')
  if (!escapes) return new TextEncoder().encode(text + (newline ? '\n' : ''))
  const { bytes, stop } = echoEscapes(text, dialect)
  if (newline && !stop) bytes.push(10)
  return Uint8Array.from(bytes)
}

export const echo: Builtin = async ({ argv, io, shell }) => {
  const r = await io.write(1, echoText(argv.slice(1)))
  if (r < 0) {
    // bash reports the write's errno (EINVAL from a sysctl, EBADF, EPIPE, ...).
    await io.write(2, `${shell.errorPrefix()}echo: write error: ${strerror(r)}\n`)
    return 1
  }
  return 0
}
