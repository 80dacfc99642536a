/**
 * The shell's parser: source text → `List` (see ast.ts for the supported subset).
 *
 * Contract: `parse(text)` returns `{ ok: true, list }` or `{ ok: false, error }`; it never throws.
 * The error carries bash's wording (`syntax error near unexpected token `;'`) and `incomplete`
 * when the text ended inside a construct (an interactive shell then reads a continuation line).
 */
import type {
  AndOr,
  Assignment,
  Command,
  List,
  ListItem,
  Pipeline,
  RedirOp,
  Redirect,
  SimpleCommand,
  Word,
  WordPart
} from './ast'
import { Lexer, ShellSyntaxError, isNameChar, isNameStart, type Token } from './lexer'

export { ShellSyntaxError } from './lexer'

export type ParseResult = { ok: true; list: List } | { ok: false; error: ShellSyntaxError }

/** Deeper nesting than this is refused (a hostile `$($($(…)))` must not overflow the host's stack). */
const MAX_DEPTH = 200

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', '!', '{', '}', 'case', 'esac', 'function', '[[', ']]'])
/** Words that end a compound list. */
const TERMINATORS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}'])

export function parse(text: string): ParseResult {
  try {
    const p = new Parser(text, 0, 0)
    const list = p.parseProgram()
    return { ok: true, list }
  } catch (e) {
    let error: ShellSyntaxError
    if (e instanceof ShellSyntaxError) error = e
    else if (e instanceof RangeError) error = new ShellSyntaxError('expression nesting too deep', false)
    else throw e
    // Errors at the end of the input are reported on the line after the last one, as bash
    // does (its input always ends with a newline).
    if (error.line === 0) error.line = lineAt(text.endsWith('\n') ? text : text + '\n', text.length + 1)
    return { ok: false, error }
  }
}

export type StepResult = { ok: true; list: List | null; end: number } | { ok: false; error: ShellSyntaxError }

/**
 * Parses the next complete command of a script starting at `pos` (one line, or several when a
 * construct spans them), as bash reads scripts: each is run before the next is parsed, so a
 * syntax error only stops the script where it is. `list` is null at the end of the text.
 */
export function parseStep(text: string, pos: number): StepResult {
  try {
    const p = new Parser(text, pos, 0)
    return { ok: true, ...p.parseStep() }
  } catch (e) {
    let error: ShellSyntaxError
    if (e instanceof ShellSyntaxError) error = e
    else if (e instanceof RangeError) error = new ShellSyntaxError('expression nesting too deep', false)
    else throw e
    if (error.line === 0) error.line = lineAt(text.endsWith('\n') ? text : text + '\n', text.length + 1)
    return { ok: false, error }
  }
}

/** 1-based line number of position `pos` in `src`. */
export function lineAt(src: string, pos: number): number {
  let line = 1
  const end = Math.min(pos, src.length)
  for (let i = 0; i < end; i++) if (src.charCodeAt(i) === 10) line++
  return line
}

function sourceLineAt(src: string, pos: number): string {
  const start = src.lastIndexOf('\n', pos - 1) + 1
  const end = src.indexOf('\n', pos)
  return src.slice(start, end < 0 ? src.length : end)
}

/** The literal text of a word when it is entirely unquoted literal text, else null. */
export function plainText(word: Word): string | null {
  if (word.parts.length === 1 && word.parts[0]!.kind === 'lit') return word.parts[0]!.text
  return null
}

class Parser {
  private readonly lexer: Lexer
  private peeked: Token | null = null
  private peekedStart = 0
  /** Start of the last token taken, and the end of the input consumed so far. */
  private takenStart = 0
  private takenEnd = 0

  constructor(
    readonly src: string,
    start: number,
    private readonly depth: number
  ) {
    if (depth > MAX_DEPTH) throw new ShellSyntaxError('expression nesting too deep', false)
    this.lexer = new Lexer(
      src,
      start,
      (s, pos) => {
        const sub = new Parser(s, pos, this.depth + 1)
        return sub.parseSubstitution()
      },
      (text) => new Parser(text, 0, this.depth + 1).parseProgram()
    )
  }

  private peek(): Token {
    if (this.peeked === null) {
      try {
        this.peeked = this.lexer.next()
      } catch (e) {
        if (e instanceof ShellSyntaxError && e.line === 0 && !e.incomplete) throw this.located(e, this.lexer.tokenStart)
        throw e
      }
      this.peekedStart = this.lexer.tokenStart
    }
    return this.peeked
  }

  private take(): Token {
    const t = this.peek()
    this.peeked = null
    this.takenStart = this.peekedStart
    this.takenEnd = this.lexer.pos
    return t
  }

  private unexpected(t: Token): never {
    if (t.kind === 'eof') throw new ShellSyntaxError('syntax error: unexpected end of file', true)
    const pos = t === this.peeked ? this.peekedStart : this.takenStart
    throw this.located(new ShellSyntaxError(`syntax error near unexpected token \`${t.raw}'`, false), pos)
  }

  private located(e: ShellSyntaxError, pos: number): ShellSyntaxError {
    e.line = lineAt(this.src, pos)
    e.sourceLine = sourceLineAt(this.src, pos)
    return e
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && t.op === op
  }

  private reserved(t: Token): string | null {
    if (t.kind !== 'word') return null
    const text = plainText(t.word)
    return text !== null && RESERVED.has(text) ? text : null
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.take()
  }

  /** A whole program: lists separated by newlines, up to end of input. */
  parseProgram(): List {
    const items: ListItem[] = []
    for (;;) {
      this.skipNewlines()
      const t = this.peek()
      if (t.kind === 'eof') return { items }
      items.push(...this.parseList(false).items)
      const after = this.peek()
      if (after.kind !== 'newline' && after.kind !== 'eof') this.unexpected(after)
    }
  }

  /** One complete command (see parseStep). */
  parseStep(): { list: List | null; end: number } {
    this.skipNewlines()
    if (this.peek().kind === 'eof') return { list: null, end: this.src.length }
    const list = this.parseList(false)
    const after = this.peek()
    if (after.kind !== 'newline' && after.kind !== 'eof') this.unexpected(after)
    this.take()
    return { list, end: after.kind === 'eof' ? this.src.length : this.lexer.pos }
  }

  /** `$( … )`: a program up to the matching `)`; returns the position after it. */
  parseSubstitution(): { list: List; end: number } {
    const items: ListItem[] = []
    for (;;) {
      this.skipNewlines()
      const t = this.peek()
      if (t.kind === 'eof') throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", true)
      if (this.isOp(t, ')')) {
        this.take()
        return { list: { items }, end: this.lexer.pos }
      }
      items.push(...this.parseList(false).items)
      const after = this.peek()
      if (after.kind !== 'newline' && !this.isOp(after, ')')) {
        if (after.kind === 'eof') throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", true)
        this.unexpected(after)
      }
    }
  }

  /**
   * and_or ((';' | '&') and_or)* on one line; with `compound`, newlines also separate and the
   * list ends before a terminating reserved word or `)`.
   */
  private parseList(compound: boolean): List {
    const items: ListItem[] = []
    for (;;) {
      if (compound) this.skipNewlines()
      const t = this.peek()
      if (compound && (this.isTerminator(t) || this.isOp(t, ')'))) break
      if (!compound && items.length > 0 && (t.kind === 'eof' || t.kind === 'newline' || this.isOp(t, ')'))) break
      const andOr = this.parseAndOr()
      const sep = this.peek()
      if (this.isOp(sep, ';') || this.isOp(sep, '&')) {
        this.take()
        items.push({ andOr, background: sep.kind === 'op' && sep.op === '&' })
        continue
      }
      items.push({ andOr, background: false })
      if (compound && sep.kind === 'newline') continue
      break
    }
    return { items }
  }

  private isTerminator(t: Token): boolean {
    const r = this.reserved(t)
    return r !== null && TERMINATORS.has(r)
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline()
    const rest: AndOr['rest'] = []
    for (;;) {
      const t = this.peek()
      if (!this.isOp(t, '&&') && !this.isOp(t, '||')) break
      this.take()
      this.skipNewlines()
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipeline: this.parsePipeline() })
    }
    return { first, rest }
  }

  private parsePipeline(): Pipeline {
    let negate = false
    if (this.reserved(this.peek()) === '!') {
      this.take()
      negate = true
    }
    const commands: Command[] = [this.parseCommand()]
    while (this.isOp(this.peek(), '|')) {
      this.take()
      this.skipNewlines()
      commands.push(this.parseCommand())
    }
    return { negate, commands }
  }

  private parseCommand(): Command {
    const t = this.peek()
    if (this.isOp(t, '(')) {
      this.take()
      const body = this.parseList(true)
      this.expectOp(')')
      if (body.items.length === 0) this.unexpected({ kind: 'op', op: ')', raw: ')' })
      return { kind: 'subshell', body, redirects: this.parseRedirects() }
    }
    const r = this.reserved(t)
    switch (r) {
      case '{': {
        this.take()
        const body = this.parseNonEmpty()
        this.expectWord('}')
        return { kind: 'group', body, redirects: this.parseRedirects() }
      }
      case 'if':
        return this.parseIf()
      case 'while':
      case 'until': {
        this.take()
        const cond = this.parseNonEmpty()
        this.expectWord('do')
        const body = this.parseNonEmpty()
        this.expectWord('done')
        return { kind: 'while', until: r === 'until', cond, body, redirects: this.parseRedirects() }
      }
      case 'for':
        return this.parseFor()
      case 'case':
      case 'function':
      case '[[':
        this.take()
        throw new ShellSyntaxError(`${r}: not supported by this shell`, false)
      case null:
      case '!':
        break
      default:
        this.unexpected(t)
    }
    return this.parseSimple()
  }

  /** A compound list that must not be empty (`then fi` is a syntax error, as in bash). */
  private parseNonEmpty(): List {
    const list = this.parseList(true)
    if (list.items.length === 0) this.unexpected(this.peek())
    return list
  }

  private expectWord(word: string): void {
    const t = this.peek()
    if (this.reserved(t) !== word) this.unexpected(t)
    this.take()
  }

  private expectOp(op: string): void {
    const t = this.peek()
    if (!this.isOp(t, op)) this.unexpected(t)
    this.take()
  }

  private parseIf(): Command {
    this.take()
    const clauses: Array<{ cond: List; body: List }> = []
    let elseBody: List | null = null
    for (;;) {
      const cond = this.parseNonEmpty()
      this.expectWord('then')
      const body = this.parseNonEmpty()
      clauses.push({ cond, body })
      const r = this.reserved(this.peek())
      if (r === 'elif') {
        this.take()
        continue
      }
      if (r === 'else') {
        this.take()
        elseBody = this.parseNonEmpty()
      }
      this.expectWord('fi')
      return { kind: 'if', clauses, elseBody, redirects: this.parseRedirects() }
    }
  }

  private parseFor(): Command {
    this.take()
    const nameTok = this.take()
    const name = nameTok.kind === 'word' ? plainText(nameTok.word) : null
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      if (nameTok.kind === 'word') throw new ShellSyntaxError(`\`${nameTok.raw}': not a valid identifier`, false, 1)
      this.unexpected(nameTok)
    }
    let items: Word[] | null = null
    this.skipNewlines()
    if (this.reserved(this.peek()) === 'in') {
      this.take()
      items = []
      for (;;) {
        const t = this.peek()
        if (t.kind !== 'word') break
        this.take()
        items.push(finishWord(t.word))
      }
      const sep = this.peek()
      if (this.isOp(sep, ';') || sep.kind === 'newline') this.take()
      else this.unexpected(sep)
    } else if (this.isOp(this.peek(), ';')) {
      this.take()
    }
    this.skipNewlines()
    this.expectWord('do')
    const body = this.parseNonEmpty()
    this.expectWord('done')
    return { kind: 'for', name, items, body, redirects: this.parseRedirects() }
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = []
    for (;;) {
      const r = this.tryRedirect()
      if (r === null) return redirects
      redirects.push(r)
    }
  }

  private tryRedirect(): Redirect | null {
    let t = this.peek()
    let fd: number | null = null
    if (t.kind === 'io') {
      this.take()
      fd = t.fd
      t = this.peek()
    }
    if (t.kind !== 'op' || !isRedirOp(t.op)) {
      if (fd !== null) this.unexpected(t)
      return null
    }
    this.take()
    if (t.op === '<<') throw new ShellSyntaxError('here-documents are not supported by this shell', false)
    const target = this.take()
    // A line that ends after the operator: bash sees the newline that ends it.
    if (target.kind === 'eof') throw this.located(new ShellSyntaxError("syntax error near unexpected token `newline'", false), this.takenStart)
    if (target.kind !== 'word') this.unexpected(target)
    return { fd, op: t.op as RedirOp, target: finishWord(target.word) }
  }

  private parseSimple(): SimpleCommand {
    this.peek()
    const start = this.peekedStart
    const cmd: SimpleCommand = { kind: 'simple', assigns: [], words: [], redirects: [], line: lineAt(this.src, start), text: '' }
    for (;;) {
      const r = this.tryRedirect()
      if (r !== null) {
        cmd.redirects.push(r)
        continue
      }
      const t = this.peek()
      if (t.kind !== 'word') break
      if (cmd.words.length > 0 && this.isOp(t, '(')) break
      this.take()
      if (cmd.words.length === 0) {
        const assign = asAssignment(t.word)
        if (assign !== null) {
          cmd.assigns.push(assign)
          continue
        }
      }
      cmd.words.push(finishWord(t.word))
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) this.unexpected(this.peek())
    if (this.isOp(this.peek(), '(')) this.unexpected(this.peek())
    cmd.text = this.src.slice(start, this.takenEnd)
    return cmd
  }
}

const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<'])
function isRedirOp(op: string): boolean {
  return REDIR_OPS.has(op)
}

/** `NAME=value` with an unquoted NAME: an assignment (with tilde expansion after `=` and `:`). */
function asAssignment(word: Word): Assignment | null {
  const first = word.parts[0]
  if (first?.kind !== 'lit') return null
  const eq = first.text.indexOf('=')
  if (eq <= 0) return null
  const name = first.text.slice(0, eq)
  if (!isNameStart(name[0]) || ![...name].every((c) => isNameChar(c))) return null
  const rest = first.text.slice(eq + 1)
  const parts: WordPart[] = rest === '' ? [] : [{ kind: 'lit', text: rest }]
  parts.push(...word.parts.slice(1))
  return { name, value: { parts: tildeInAssignment(parts) } }
}

/** Tilde prefixes in a command word: `~` or `~user` up to the first `/`, unquoted. */
export function finishWord(word: Word): Word {
  const first = word.parts[0]
  if (first?.kind !== 'lit' || !first.text.startsWith('~')) return word
  const slash = first.text.indexOf('/')
  const prefixEnd = slash < 0 ? first.text.length : slash
  // `~user` only counts when the whole prefix is unquoted literal text.
  if (slash < 0 && word.parts.length > 1) return word
  const user = first.text.slice(1, prefixEnd)
  if (!/^[A-Za-z0-9_.-]*$/.test(user)) return word
  const rest = first.text.slice(prefixEnd)
  const parts: WordPart[] = [{ kind: 'tilde', user }]
  if (rest !== '') parts.push({ kind: 'lit', text: rest })
  parts.push(...word.parts.slice(1))
  return { parts }
}

function tildeInAssignment(parts: WordPart[]): WordPart[] {
  const first = parts[0]
  if (first?.kind !== 'lit') return parts
  // Split the leading literal at ':' and expand a tilde at the start of each piece (PATH=~/bin:~/x).
  const pieces = first.text.split(':')
  const out: WordPart[] = []
  pieces.forEach((piece, i) => {
    if (i > 0) out.push({ kind: 'lit', text: ':' })
    const isLastPiece = i === pieces.length - 1
    // the parts after the leading literal belong to the last piece (PATH=~/bin:$PATH)
    const w = finishWord({ parts: [{ kind: 'lit', text: piece }, ...(isLastPiece ? parts.slice(1) : [])] })
    out.push(...w.parts)
  })
  if (pieces.length === 1) return finishWord({ parts }).parts
  return out
}
