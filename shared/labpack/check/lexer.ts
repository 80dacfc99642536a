import { CheckSyntaxError } from './errors'

/**
 * Tokens of the check language. Positions are 0-based offsets into the source; errors turn them
 * into line:column.
 */
export type TokenKind = 'int' | 'string' | 'regex' | 'ident' | 'op' | 'eof'

export interface Token {
  kind: TokenKind
  /** The source text of the token (for `string`: the decoded value; for `regex`: the pattern). */
  text: string
  /** `int`: the value. */
  value?: number
  /** `regex`: the flags. */
  flags?: string
  start: number
  end: number
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', ',', '.'] as const

/** Longest regex literal accepted (the host also caps what a regex may match against). */
export const MAX_REGEX_LENGTH = 200

/**
 * Splits a check expression into tokens. A `/` starts a regex literal where a value is expected
 * (at the start, after an operator, `(` or `,`), and is division after a value — as in JavaScript.
 * Integers are decimal or 0x hex and must be safe integers; strings use "…" or '…' with the escapes
 * \n \t \\ \" \'.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const valueEnded = (): boolean => {
    const last = tokens[tokens.length - 1]
    if (!last) return false
    if (last.kind === 'op') return last.text === ')'
    return true
  }
  while (i < source.length) {
    const c = source[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    const start = i
    if (/[0-9]/.test(c)) {
      let text: string
      if (c === '0' && (source[i + 1] === 'x' || source[i + 1] === 'X')) {
        i += 2
        while (i < source.length && /[0-9a-fA-F_]/.test(source[i]!)) i++
        text = source.slice(start, i)
        if (text.length === 2) throw new CheckSyntaxError('expected hex digits after 0x', source, start, i)
      } else {
        while (i < source.length && /[0-9_]/.test(source[i]!)) i++
        text = source.slice(start, i)
      }
      if (i < source.length && /[A-Za-z_]/.test(source[i]!)) {
        throw new CheckSyntaxError(`expected an operator after the number ${text}`, source, i, i + 1)
      }
      const value = Number(text.replace(/_/g, ''))
      if (!Number.isSafeInteger(value)) throw new CheckSyntaxError('this number is too large (at most 2^53 - 1)', source, start, i)
      tokens.push({ kind: 'int', text, value, start, end: i })
      continue
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i]!)) i++
      tokens.push({ kind: 'ident', text: source.slice(start, i), start, end: i })
      continue
    }
    if (c === '"' || c === "'") {
      i++
      let value = ''
      for (;;) {
        if (i >= source.length || source[i] === '\n') throw new CheckSyntaxError(`expected the closing ${c} of this string`, source, start, i)
        const d = source[i]!
        if (d === c) {
          i++
          break
        }
        if (d === '\\') {
          const e = source[i + 1]
          const escapes: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" }
          if (e === undefined || !(e in escapes)) throw new CheckSyntaxError('unknown escape; expected \\n, \\t, \\\\, \\" or \\\'', source, i, i + 2)
          value += escapes[e]
          i += 2
          continue
        }
        value += d
        i++
      }
      tokens.push({ kind: 'string', text: value, start, end: i })
      continue
    }
    if (c === '/' && !valueEnded()) {
      i++
      let pattern = ''
      let inClass = false
      for (;;) {
        if (i >= source.length || source[i] === '\n') throw new CheckSyntaxError('expected the closing / of this regular expression', source, start, i)
        const d = source[i]!
        if (d === '\\') {
          pattern += d + (source[i + 1] ?? '')
          i += 2
          continue
        }
        if (d === '[') inClass = true
        else if (d === ']') inClass = false
        else if (d === '/' && !inClass) {
          i++
          break
        }
        pattern += d
        i++
      }
      const flagStart = i
      while (i < source.length && /[a-z]/.test(source[i]!)) i++
      const flags = source.slice(flagStart, i)
      if (!/^[im]*$/.test(flags) || new Set(flags).size !== flags.length) {
        throw new CheckSyntaxError('unknown regular expression flag; expected i or m', source, flagStart, i)
      }
      if (pattern.length > MAX_REGEX_LENGTH) throw new CheckSyntaxError(`this regular expression is longer than ${MAX_REGEX_LENGTH} characters`, source, start, i)
      tokens.push({ kind: 'regex', text: pattern, flags, start, end: i })
      continue
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i))
    if (op) {
      i += op.length
      tokens.push({ kind: 'op', text: op, start, end: i })
      continue
    }
    if (c === '=') throw new CheckSyntaxError('expected == (comparison); = is not an operator', source, i, i + 1)
    if (c === '&' || c === '|') throw new CheckSyntaxError(`expected ${c}${c}`, source, i, i + 1)
    throw new CheckSyntaxError(`unexpected character ${JSON.stringify(c)}`, source, i, i + 1)
  }
  tokens.push({ kind: 'eof', text: '', start: source.length, end: source.length })
  return tokens
}
