/** The C tokenizer (preprocessing tokens). */
import type { Diagnostics } from './diag'

export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'p' | 'eof'

export interface Token {
  k: TokKind
  /** source text (strings and chars include quotes and prefix) */
  v: string
  file: string
  line: number
  col: number
  /** first token on its line */
  bol: boolean
  /** preceded by white space */
  sp: boolean
  /** macro hide set (set when the token came out of a macro expansion) */
  hs?: Set<string>
  /** an identifier that must not be expanded again (painted blue) */
  noexp?: boolean
  /** a string/char literal without its closing quote (diagnosed only if not skipped) */
  unterminated?: boolean
}

const PUNCTS = [
  '%:%:', '...', '<<=', '>>=', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##',
  '<:', ':>', '<%', '%>', '%:'
]
const DIGRAPH: Record<string, string> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}', '%:': '#', '%:%:': '##' }

const isIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128
const isIdChar = (c: number) => isIdStart(c) || (c >= 48 && c <= 57)
const isDigit = (c: number) => c >= 48 && c <= 57

/** Tokenizes one file. Backslash-newline splices are removed; comments become white space. */
export function tokenize(src: string, file: string, diags: Diagnostics): Token[] {
  const out: Token[] = []
  let i = 0
  let line = 1
  let lineStart = 0
  let bol = true
  let sp = false
  const n = src.length
  const hasSplice = /\\\r?\n/.test(src)
  const splice = () => {
    if (!hasSplice) return
    // skip any backslash-newline at i
    while (src.charCodeAt(i) === 92 && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3
      line++
      lineStart = i
    }
  }
  const peek = (k = 0): string => {
    if (!hasSplice) return src[i + k] ?? ''
    // character at logical offset k after i, honoring splices (k small)
    let j = i
    for (let c = 0; ; c++) {
      while (src.charCodeAt(j) === 92 && (src[j + 1] === '\n' || (src[j + 1] === '\r' && src[j + 2] === '\n'))) j += src[j + 1] === '\n' ? 2 : 3
      if (c === k) return src[j] ?? ''
      j++
    }
  }
  const adv = (): string => {
    splice()
    const ch = src[i++]
    if (ch === '\n') {
      line++
      lineStart = i
    }
    return ch
  }
  while (true) {
    splice()
    if (i >= n) break
    const c = src.charCodeAt(i)
    if (c === 10) {
      adv()
      bol = true
      sp = false
      continue
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++
      sp = true
      continue
    }
    if (c === 47 && peek(1) === '/') {
      while (i < n && src[i] !== '\n') adv()
      sp = true
      continue
    }
    if (c === 47 && peek(1) === '*') {
      const sl = line,
        sc = i - lineStart + 1
      adv()
      adv()
      while (i < n && !(peek(0) === '*' && peek(1) === '/')) adv()
      if (i >= n) diags.add({ file, line: sl, col: sc, len: 1, severity: 'error', message: 'unterminated comment' })
      else {
        adv()
        adv()
      }
      sp = true
      continue
    }
    const tline = line
    const tcol = i - lineStart + 1
    let text = ''
    let k: TokKind
    if (isDigit(c) || (c === 46 && isDigit(peek(1).charCodeAt(0)))) {
      k = 'num'
      text += adv()
      while (i < n) {
        const d = peek(0)
        if ((d === '+' || d === '-') && /[eEpP]/.test(text[text.length - 1])) text += adv()
        else if (isIdChar(d.charCodeAt(0)) || d === '.') text += adv()
        else break
      }
    } else if (c === 34 || c === 39 || ((c === 76 || c === 117 || c === 85) && (peek(1) === '"' || peek(1) === "'")) || (c === 117 && peek(1) === '8' && peek(2) === '"')) {
      while (peek(0) !== '"' && peek(0) !== "'") text += adv()
      const q = adv()
      text += q
      k = q === '"' ? 'str' : 'chr'
      let closed = false
      while (i < n) {
        const d = peek(0)
        if (d === '\n') break
        text += adv()
        if (d === '\\') {
          if (i < n && peek(0) !== '\n') text += adv()
          continue
        }
        if (d === q) {
          closed = true
          break
        }
      }
      if (!closed) {
        out.push({ k, v: text + q, file, line: tline, col: tcol, bol, sp, hs: undefined, noexp: false, unterminated: true })
        bol = false
        sp = false
        continue
      }
    } else if (isIdStart(c)) {
      k = 'id'
      while (i < n && isIdChar(peek(0).charCodeAt(0) || 0)) text += adv()
    } else {
      k = 'p'
      let found = ''
      const c0 = src[i]
      for (const p of PUNCTS) {
        if (!hasSplice && p[0] !== c0 && !(p === '<:' || p === '<%' || p === '%>' || p === ':>' || p === '%:' || p === '%:%:')) continue
        let ok = true
        for (let j = 0; j < p.length; j++)
          if (peek(j) !== p[j]) {
            ok = false
            break
          }
        if (ok) {
          found = p
          break
        }
      }
      if (found) {
        for (let j = 0; j < found.length; j++) adv()
        text = DIGRAPH[found] ?? found
      } else text = adv()
    }
    out.push({ k, v: text, file, line: tline, col: tcol, bol, sp, hs: undefined, noexp: false, unterminated: false })
    bol = false
    sp = false
  }
  return out
}

/** Copies a token with changes, keeping one object shape for all tokens (fast in V8). */
export function cloneTok(x: Token, file: string, line: number, col: number, sp: boolean, hs: Set<string> | undefined, bol = false): Token {
  return { k: x.k, v: x.v, file, line, col, bol, sp, hs, noexp: x.noexp, unterminated: x.unterminated }
}
