/**
 * `printf FORMAT [ARG…]`, bash's builtin: the format is reused while arguments remain;
 * conversions %s %b %q %c %d %i %o %u %x %X %e %E %f %F %g %G %%, flags `-+ #0`, width and
 * precision (also `*`); missing arguments are empty or 0; a bad number is reported
 * (`printf: abc: invalid number`), printed as 0 and makes the status 1.
 * Floating point is JavaScript's double where bash uses long double: a decimal exactly half-way
 * at the last printed digit may round differently.
 */
import { echoEscapes } from './echo'
import { builtinError, type Builtin, type BuiltinCall } from './types'

const enc = new TextEncoder()

/** Backslash escapes of the format string itself (not %b): returns the bytes. */
function formatEscape(text: string, i: number): { bytes: number[]; next: number } {
  const n = text[i + 1]
  const simple: Record<string, number> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39, '?': 63 }
  if (n === undefined) return { bytes: [92], next: i + 1 }
  if (simple[n] !== undefined) return { bytes: [simple[n]!], next: i + 2 }
  if (/[0-7]/.test(n)) {
    let j = i + 1
    let v = 0
    while (j < text.length && j < i + 4 && /[0-7]/.test(text[j]!)) v = v * 8 + Number(text[j++])
    return { bytes: [v & 0xff], next: j }
  }
  if (n === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))
    if (m === null) return { bytes: [...enc.encode('\\x')], next: i + 2 }
    return { bytes: [parseInt(m[0], 16)], next: i + 2 + m[0].length }
  }
  if (n === 'u' || n === 'U') {
    const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(text.slice(i + 2))
    if (m === null) return { bytes: [...enc.encode('\\' + n)], next: i + 2 }
    const cp = parseInt(m[0], 16)
    return { bytes: [...enc.encode(cp <= 0x10ffff ? String.fromCodePoint(cp) : '?')], next: i + 2 + m[0].length }
  }
  return { bytes: [...enc.encode('\\' + n)], next: i + 2 }
}

/** bash's %q: backslash-escape what the shell would interpret; '' for the empty string. */
export function shellQuote(s: string): string {
  if (s === '') return "''"
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return "$'" + s.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => {
      const m: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' }
      return m[c] ?? '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')
    }) + "'"
  }
  return s.replace(/[ \t!"#$&'()*,;<=>?[\\\]^`{|}~]/g, (c, off: number) => (c === '~' && off !== 0 ? c : '\\' + c))
}

class PrintfState {
  status = 0
  stopped = false
  constructor(readonly call: BuiltinCall) {}
  errors: string[] = []
}

function parseInteger(arg: string | undefined, st: PrintfState): bigint {
  if (arg === undefined || arg === '') return 0n
  if (/^['"]/.test(arg)) return BigInt(arg.length > 1 ? arg.codePointAt(1)! : 0)
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg)
  if (m === null) {
    st.errors.push(`printf: ${arg}: invalid number`)
    st.status = 1
    return 0n
  }
  const body = m[2]!
  let v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt('0o' + body.slice(1)) : BigInt(body)
  if (m[1] === '-') v = -v
  if (m[0].length !== arg.length) {
    st.errors.push(`printf: ${arg}: invalid number`)
    st.status = 1
  }
  return BigInt.asIntN(64, v)
}

function parseFloatArg(arg: string | undefined, st: PrintfState): number {
  if (arg === undefined || arg === '') return 0
  if (/^['"]/.test(arg)) return arg.length > 1 ? arg.codePointAt(1)! : 0
  const m = /^\s*[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)/i.exec(arg)
  if (m === null) {
    st.errors.push(`printf: ${arg}: invalid number`)
    st.status = 1
    return 0
  }
  if (m[0].length !== arg.length) {
    st.errors.push(`printf: ${arg}: invalid number`)
    st.status = 1
  }
  return Number(m[0].replace(/inf(inity)?/i, 'Infinity'))
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body
  if (flags.includes('-')) return body.padEnd(width)
  if (flags.includes('0') && numeric) {
    const sign = /^[+\- ]|^0[xX]/.exec(body)?.[0] ?? ''
    return sign + body.slice(sign.length).padStart(width - sign.length, '0')
  }
  return body.padStart(width)
}

function cExponent(v: number, prec: number, upper: boolean): string {
  let s = v.toExponential(prec)
  s = s.replace(/e([+-])(\d)$/, 'e$10$2')
  return upper ? s.toUpperCase() : s
}

function cGeneral(v: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec
  if (v === 0) return alt ? (0).toFixed(p - 1) : '0'
  const x = Math.floor(Math.log10(Math.abs(Number(v.toExponential(p - 1)))))
  let s: string
  if (x < -4 || x >= p) {
    s = cExponent(v, p - 1, upper)
    if (!alt) s = s.replace(/\.?0+([eE])/, '$1')
  } else {
    s = v.toFixed(p - 1 - x)
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '')
  }
  return s
}

function convert(conv: string, flags: string, width: number, prec: number | null, arg: string | undefined, st: PrintfState): string {
  const sign = (neg: boolean): string => (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '')
  switch (conv) {
    case 's': {
      const s = arg ?? ''
      return pad(prec === null ? s : s.slice(0, prec), flags, width, false)
    }
    case 'q':
      return pad(shellQuote(arg ?? ''), flags, width, false)
    case 'c':
      // an empty argument is a NUL character, as in C
      return pad(Array.from(arg ?? '')[0] ?? '\0', flags, width, false)
    case 'd':
    case 'i': {
      const v = parseInteger(arg, st)
      let digits = (v < 0n ? -v : v).toString()
      if (prec !== null) digits = digits.padStart(prec, '0')
      return pad(sign(v < 0n) + digits, prec === null ? flags : flags.replace('0', ''), width, true)
    }
    case 'o':
    case 'u':
    case 'x':
    case 'X': {
      const v = BigInt.asUintN(64, parseInteger(arg, st))
      let digits = v.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16)
      if (conv === 'X') digits = digits.toUpperCase()
      if (prec !== null) digits = digits.padStart(prec, '0')
      if (flags.includes('#') && v !== 0n) digits = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + digits
      return pad(digits, prec === null ? flags : flags.replace('0', ''), width, true)
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const v = parseFloatArg(arg, st)
      const p = prec ?? 6
      let body: string
      if (!Number.isFinite(v)) body = Number.isNaN(v) ? 'nan' : 'inf'
      else if (conv === 'f' || conv === 'F') body = Math.abs(v).toFixed(p)
      else if (conv === 'e' || conv === 'E') body = cExponent(Math.abs(v), p, conv === 'E')
      else body = cGeneral(Math.abs(v), p, flags.includes('#'), conv === 'G')
      if (conv === 'F' || conv === 'E' || conv === 'G') body = body.toUpperCase()
      return pad(sign(v < 0 || Object.is(v, -0)) + body, flags, width, Number.isFinite(v))
    }
  }
  return ''
}

/** Formats `args` with `format`; returns the bytes, the status and the error messages. */
export function formatPrintf(format: string, args: readonly string[], call: BuiltinCall): { bytes: Uint8Array; status: number; errors: string[] } {
  const st = new PrintfState(call)
  const out: number[] = []
  let ai = 0
  const nextArg = (): string | undefined => (ai < args.length ? args[ai++] : undefined)
  for (let pass = 0; pass < 100_000; pass++) {
    const startAi = ai
    let i = 0
    while (i < format.length && !st.stopped) {
      const c = format[i]!
      if (c === '\\') {
        const e = formatEscape(format, i)
        out.push(...e.bytes)
        i = e.next
        continue
      }
      if (c !== '%') {
        out.push(...enc.encode(c))
        i++
        continue
      }
      if (format[i + 1] === '%') {
        out.push(37)
        i += 2
        continue
      }
      // C length modifiers (%ld, %zu, %hhx) are accepted and ignored, as bash does.
      const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?(?:hh|h|ll|l|L|j|z|t)*([sbqcdiouxXeEfFgG])?/.exec(format.slice(i))!
      if (m[4] === undefined) {
        const bad = format[i + m[0].length]
        st.errors.push(bad === undefined ? "printf: `%': missing format character" : `printf: \`${bad}': invalid format character`)
        st.status = 1
        st.stopped = true
        break
      }
      let width = 0
      let flags = m[1] ?? ''
      if (m[2] === '*') {
        const w = Number(parseInteger(nextArg(), st))
        if (w < 0) flags += '-'
        width = Math.abs(w)
      } else if (m[2] !== undefined) width = Number(m[2])
      let prec: number | null = null
      if (m[3] !== undefined) prec = m[3] === '*' ? Math.max(0, Number(parseInteger(nextArg(), st))) : Number(m[3] === '' ? 0 : m[3])
      const conv = m[4]
      i += m[0].length
      if (conv === 'b') {
        const { bytes, stop } = echoEscapes((nextArg() ?? '').replace(/\\0?([0-7]{1,3})/g, (_x, d: string) => '\\0' + d), 'bash')
        let text = new TextDecoder().decode(Uint8Array.from(bytes))
        if (prec !== null) text = text.slice(0, prec)
        out.push(...enc.encode(pad(text, flags, width, false)))
        if (stop) st.stopped = true
        continue
      }
      out.push(...enc.encode(convert(conv, flags, width, prec, nextArg(), st)))
    }
    if (st.stopped || ai >= args.length || ai === startAi) break
  }
  return { bytes: Uint8Array.from(out), status: st.status, errors: st.errors }
}

export const printf: Builtin = async (call) => {
  const args = call.argv.slice(1)
  if (args[0] === '--') args.shift()
  if (args[0] === '-v') {
    await builtinError(call, 'printf: -v: not supported by this shell')
    return 2
  }
  if (args.length === 0) {
    await call.io.write(2, 'printf: usage: printf [-v var] format [arguments]\n')
    return 2
  }
  const r = formatPrintf(args[0]!, args.slice(1), call)
  // bash reports the errors as it meets them but writes the output when printf ends.
  for (const e of r.errors) await builtinError(call, e)
  await call.io.write(1, r.bytes)
  return r.status
}
