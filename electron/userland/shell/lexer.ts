/**
 * The shell's tokenizer: turns source text into words (keeping their quoting structure),
 * operators, IO numbers and newlines, as bash's reader does.
 *
 * Contract: `next()` never throws anything but `ShellSyntaxError`. Command substitutions are
 * parsed recursively through the `parseSub` callback so that `$( … )` may contain any list
 * (including `)` inside quotes), as bash's parse_comsub does.
 */
import type { List, ParamOp, ParamPart, Word, WordPart } from './ast'

/**
 * A syntax error, with bash's wording (without the `shell: ` prefix, which the caller adds).
 * `incomplete` means the input ended inside a construct: an interactive shell asks for a
 * continuation line (PS2) instead of reporting it.
 */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly incomplete: boolean,
    /** The exit status bash gives: 2 for syntax errors, 1 for a bad substitution. */
    readonly status = 2
  ) {
    super(message)
    this.name = 'ShellSyntaxError'
  }
  /** 1-based line where the error was found (set by the parser). */
  line = 0
  /** The source line shown after an unexpected token in a script (bash's second line), or null. */
  sourceLine: string | null = null
}

export type Token =
  | { kind: 'word'; word: Word; raw: string }
  | { kind: 'op'; op: string; raw: string }
  | { kind: 'io'; fd: number; raw: string }
  | { kind: 'newline'; raw: 'newline' }
  | { kind: 'eof'; raw: 'end of file' }

const OPERATORS = ['&>>', '&&', '&>', '||', ';;', '<<', '<>', '<&', '>>', '>&', '>|', '&', '|', ';', '(', ')', '<', '>']
const META = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>'])
const SPECIAL_PARAMS = new Set(['?', '$', '#', '@', '*', '!', '-', '0'])

export type SubParser = (src: string, pos: number) => { list: List; end: number }

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c)
}
export function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c)
}

export class Lexer {
  pos: number
  /** Where the last token returned by next() started. */
  tokenStart = 0

  constructor(
    readonly src: string,
    start: number,
    private readonly parseSub: SubParser,
    /** Parse a backquoted body (a separate source text) into a list. */
    private readonly parseText: (text: string) => List
  ) {
    this.pos = start
  }

  /** Skips blanks, line continuations and a comment; does not consume a newline. */
  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos]
      if (c === ' ' || c === '\t') this.pos++
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++
      } else return
    }
  }

  next(): Token {
    this.skipBlanks()
    this.tokenStart = this.pos
    if (this.pos >= this.src.length) return { kind: 'eof', raw: 'end of file' }
    const c = this.src[this.pos]!
    if (c === '\n') {
      this.pos++
      return { kind: 'newline', raw: 'newline' }
    }
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length
        return { kind: 'op', op, raw: op }
      }
    }
    const start = this.pos
    // An IO number: digits immediately followed by a redirection operator.
    const io = /^[0-9]+(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12))
    if (io !== null) {
      this.pos += io[0].length
      return { kind: 'io', fd: Number(io[0]), raw: io[0] }
    }
    const parts = this.readWord()
    return { kind: 'word', word: { parts }, raw: this.src.slice(start, this.pos) }
  }

  /** bash reports an unterminated quote at the line where it opened. */
  private openedAt(e: ShellSyntaxError, pos: number): ShellSyntaxError {
    let line = 1
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) line++
    e.line = line
    return e
  }

  /** Reads an unquoted word up to the next metacharacter. */
  private readWord(): WordPart[] {
    const parts: WordPart[] = []
    let lit = ''
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit })
      lit = ''
    }
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!
      if (META.has(c)) break
      if (c === "'") {
        flush()
        const end = this.src.indexOf("'", this.pos + 1)
        if (end < 0) throw this.openedAt(new ShellSyntaxError("unexpected EOF while looking for matching `''", true), this.pos)
        parts.push({ kind: 'quoted', text: this.src.slice(this.pos + 1, end) })
        this.pos = end + 1
      } else if (c === '"') {
        flush()
        const open = this.pos
        this.pos++
        try {
          parts.push({ kind: 'dquote', parts: this.readDquote() })
        } catch (e) {
          if (e instanceof ShellSyntaxError && e.line === 0) throw this.openedAt(e, open)
          throw e
        }
      } else if (c === '\\') {
        const n = this.src[this.pos + 1]
        if (n === undefined) {
          lit += '\\'
          this.pos++
        } else if (n === '\n') {
          this.pos += 2
        } else {
          flush()
          parts.push({ kind: 'quoted', text: n })
          this.pos += 2
        }
      } else if (c === '$') {
        const part = this.readDollar()
        if (part === null) {
          lit += '$'
        } else {
          flush()
          parts.push(part)
        }
      } else if (c === '`') {
        flush()
        parts.push(this.readBackquote())
      } else {
        lit += c
        this.pos++
      }
    }
    flush()
    return parts
  }

  /** Reads the inside of "…", the opening quote already consumed; consumes the closing one. */
  private readDquote(): WordPart[] {
    const parts: WordPart[] = []
    let text = ''
    const flush = (): void => {
      if (text !== '') parts.push({ kind: 'quoted', text })
      text = ''
    }
    for (;;) {
      if (this.pos >= this.src.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'', true)
      const c = this.src[this.pos]!
      if (c === '"') {
        this.pos++
        flush()
        return parts
      }
      if (c === '\\') {
        const n = this.src[this.pos + 1]
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          text += n
          this.pos += 2
        } else if (n === '\n') {
          this.pos += 2
        } else {
          text += '\\'
          this.pos++
        }
      } else if (c === '$' || c === '`') {
        const literal = this.readExpansionInto(parts, flush) // may flush: read text afterwards
        text += literal
      } else {
        text += c
        this.pos++
      }
    }
  }

  /**
   * At a `$` or a backquote: pushes the expansion onto `parts` (flushing the literal text before
   * it) and returns '', or returns '$' when the `$` is just a character.
   */
  private readExpansionInto(parts: WordPart[], flush: () => void): string {
    if (this.src[this.pos] === '`') {
      flush()
      parts.push(this.readBackquote())
      return ''
    }
    const part = this.readDollar()
    if (part === null) return '$'
    flush()
    parts.push(part)
    return ''
  }

  /** At a `$`: returns the expansion, or null (and consumes the `$`) when it is a literal `$`. */
  private readDollar(): WordPart | null {
    const src = this.src
    const n = src[this.pos + 1]
    if (n === '(' && src[this.pos + 2] === '(') {
      const arith = this.tryReadArith()
      if (arith !== null) return arith
    }
    if (n === '(') {
      const start = this.pos
      const { list, end } = this.parseSub(src, this.pos + 2)
      this.pos = end
      return { kind: 'cmdsub', body: list, text: src.slice(start + 2, end - 1) }
    }
    if (n === '{') return this.readBraced()
    if (isNameStart(n)) {
      let end = this.pos + 1
      while (isNameChar(src[end])) end++
      const name = src.slice(this.pos + 1, end)
      this.pos = end
      return { kind: 'param', name }
    }
    if (n !== undefined && (/[0-9]/.test(n) || SPECIAL_PARAMS.has(n))) {
      this.pos += 2
      return { kind: 'param', name: n }
    }
    this.pos++
    return null
  }

  /** `$(( expr ))`; returns null when the parentheses do not close as `))` (then it is `$( (…) )`). */
  private tryReadArith(): WordPart | null {
    let depth = 0
    let i = this.pos + 3
    for (; i < this.src.length; i++) {
      const c = this.src[i]
      if (c === '(') depth++
      else if (c === ')') {
        if (depth === 0) break
        depth--
      }
    }
    if (i >= this.src.length) throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", true)
    if (this.src[i + 1] !== ')') return null
    const text = this.src.slice(this.pos + 3, i)
    this.pos = i + 2
    const inner = new Lexer(text + '"', 0, this.parseSub, this.parseText)
    return { kind: 'arith', expr: { parts: inner.readDquote() } }
  }

  private readBraced(): WordPart {
    const src = this.src
    const open = this.pos
    let i = this.pos + 2
    const part: ParamPart = { kind: 'param', name: '' }
    if (src[i] === '#' && src[i + 1] !== '}' && src[i + 1] !== undefined) {
      part.length = true
      i++
    }
    if (isNameStart(src[i])) {
      let end = i
      while (isNameChar(src[end])) end++
      part.name = src.slice(i, end)
      i = end
    } else if (src[i] !== undefined && /[0-9]/.test(src[i]!)) {
      let end = i
      while (/[0-9]/.test(src[end] ?? '')) end++
      part.name = src.slice(i, end)
      i = end
    } else if (src[i] !== undefined && SPECIAL_PARAMS.has(src[i]!)) {
      part.name = src[i]!
      i++
    }
    if (src[i] === '}' && part.name !== '') {
      this.pos = i + 1
      return part
    }
    const ops: ParamOp[] = [':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%']
    const op = part.name !== '' && !part.length ? ops.find((o) => src.startsWith(o, i)) : undefined
    if (op === undefined) {
      const close = this.findBrace(i)
      this.pos = close + 1
      return { kind: 'bad', text: src.slice(open, close + 1) }
    }
    part.op = op
    this.pos = i + op.length
    part.arg = { parts: this.readBraceArg() }
    return part
  }

  /** Finds the `}` that closes a ${…} (for the bad-substitution message). */
  private findBrace(from: number): number {
    const end = this.src.indexOf('}', from)
    if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'", true)
    return end
  }

  /** The word of `${name op word}`, up to the matching `}` (consumed). */
  private readBraceArg(): WordPart[] {
    const parts: WordPart[] = []
    let lit = ''
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit })
      lit = ''
    }
    for (;;) {
      if (this.pos >= this.src.length) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'", true)
      const c = this.src[this.pos]!
      if (c === '}') {
        this.pos++
        flush()
        return parts
      }
      if (c === "'") {
        flush()
        const end = this.src.indexOf("'", this.pos + 1)
        if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''", true)
        parts.push({ kind: 'quoted', text: this.src.slice(this.pos + 1, end) })
        this.pos = end + 1
      } else if (c === '"') {
        flush()
        this.pos++
        parts.push({ kind: 'dquote', parts: this.readDquote() })
      } else if (c === '\\' && this.src[this.pos + 1] !== undefined) {
        flush()
        parts.push({ kind: 'quoted', text: this.src[this.pos + 1]! })
        this.pos += 2
      } else if (c === '$' || c === '`') {
        const literal = this.readExpansionInto(parts, flush) // may flush: read lit afterwards
        lit += literal
      } else {
        lit += c
        this.pos++
      }
    }
  }

  private readBackquote(): WordPart {
    let body = ''
    let i = this.pos + 1
    for (;;) {
      if (i >= this.src.length) throw new ShellSyntaxError("unexpected EOF while looking for matching ``'", true)
      const c = this.src[i]!
      if (c === '`') break
      if (c === '\\' && (this.src[i + 1] === '$' || this.src[i + 1] === '`' || this.src[i + 1] === '\\')) {
        body += this.src[i + 1]
        i += 2
        continue
      }
      body += c
      i++
    }
    this.pos = i + 1
    return { kind: 'cmdsub', body: this.parseText(body), text: body }
  }
}
