/**
 * Word expansion in POSIX order: tilde, parameter, command substitution and arithmetic
 * (left to right), then field splitting on IFS, pathname expansion, and quote removal.
 *
 * Contract: `expandWords` returns the fields, or throws `ExpansionError` (a message in bash's
 * wording and a status) which the executor turns into an error line; nothing else is thrown.
 * The environment is injected (`ExpandContext`) so expansion is testable without a shell.
 */
import type { List, ParamPart, Word, WordPart } from './ast'
import { evaluateArith } from './arith'
import { expandPathname, hasGlobChars, patternSource, type ReadDir } from './glob'

export class ExpansionError extends Error {
  constructor(
    message: string,
    readonly status = 1,
    /** `${x:?}`: a non-interactive shell exits (POSIX 2.8.1). */
    readonly fatal = false
  ) {
    super(message)
    this.name = 'ExpansionError'
  }
}

export interface ExpandContext {
  getVar(name: string): string | undefined
  setVar(name: string, value: string): void
  /** `$1 …`; `$0` is a special. */
  positional: readonly string[]
  /** `$?`, `$$`, `$!`, `$0`, `$-` */
  special(name: '?' | '$' | '!' | '0' | '-'): string
  /** The home directory of `user` ('' = the current user's $HOME), or undefined if unknown. */
  home(user: string): string | undefined
  /** Runs a command substitution and returns its standard output. */
  commandSubst(body: List, text: string): Promise<string>
  readdir: ReadDir
  cwd: string
  /** `set -f`: no pathname expansion. */
  noglob?: boolean
}

/** One character of an expanded word with its quoting state. */
interface Ch {
  c: string
  /** Came from quoted text: not split, not a glob character. */
  quoted: boolean
  /** Came from an unquoted expansion: subject to field splitting. */
  split: boolean
}

/** A field break forced by "$@". */
const BREAK: Ch = { c: '', quoted: true, split: false }
/** Zero width: a quoted part was here, so the field exists even if it is empty (`""`). */
const QUOTE_MARK: Ch = { c: '', quoted: true, split: false }

interface Expanded {
  chars: Ch[]
  /** A quoted $@ with no positionals: "$@" alone vanishes. */
  atEmpty: boolean
}

const MAX_EXPANSION = 1 << 20

export function ifsOf(ctx: ExpandContext): string {
  const v = ctx.getVar('IFS')
  return v === undefined ? ' \t\n' : v
}

/** Expands command words into fields (with splitting and globbing). */
export async function expandWords(words: readonly Word[], ctx: ExpandContext): Promise<string[]> {
  const out: string[] = []
  for (const w of words) out.push(...(await expandWord(w, ctx)))
  return out
}

export async function expandWord(word: Word, ctx: ExpandContext): Promise<string[]> {
  const e = await expandParts(word.parts, ctx, false)
  const fields = splitFields(e, ifsOf(ctx))
  const result: string[] = []
  for (const f of fields) {
    const pattern = toPattern(f)
    if (!ctx.noglob && hasGlobChars(pattern)) {
      const matches = await expandPathname(pattern, ctx.cwd, ctx.readdir)
      if (matches.length > 0) {
        result.push(...matches)
        continue
      }
    }
    result.push(f.map((ch) => ch.c).join(''))
  }
  return result
}

/** Expands a word without splitting or globbing (assignments, redirection targets, `case`). */
export async function expandString(word: Word, ctx: ExpandContext): Promise<string> {
  const e = await expandParts(word.parts, ctx, true)
  return e.chars.map((ch) => (ch === BREAK ? ' ' : ch.c)).join('')
}

/** Expands a word into a shell pattern (quoted characters escaped), for ${x#pat} and friends. */
export async function expandPattern(word: Word, ctx: ExpandContext): Promise<string> {
  const e = await expandParts(word.parts, ctx, false)
  return toPattern(e.chars.filter((c) => c !== BREAK))
}

function toPattern(chars: Ch[]): string {
  let s = ''
  for (const ch of chars) s += ch.quoted && /[*?[\]\\]/.test(ch.c) ? '\\' + ch.c : ch.c === '\\' && !ch.quoted ? '\\\\' : ch.c
  return s
}

function literal(text: string, quoted: boolean, split: boolean): Ch[] {
  return Array.from(text, (c) => ({ c, quoted, split }))
}

async function expandParts(parts: readonly WordPart[], ctx: ExpandContext, inQuotes: boolean): Promise<Expanded> {
  const out: Expanded = { chars: [], atEmpty: false }
  for (const part of parts) {
    switch (part.kind) {
      case 'lit':
        out.chars.push(...literal(part.text, inQuotes, false))
        break
      case 'quoted':
        out.chars.push(QUOTE_MARK, ...literal(part.text, true, false))
        break
      case 'dquote': {
        const inner = await expandParts(part.parts, ctx, true)
        // "$@" with no positional parameters is no field at all, not an empty one.
        if (inner.atEmpty && part.parts.length === 1) break
        out.chars.push(QUOTE_MARK, ...inner.chars)
        break
      }
      case 'tilde': {
        const home = ctx.home(part.user)
        out.chars.push(...literal(home ?? '~' + part.user, true, false))
        break
      }
      case 'param':
        await expandParam(part, ctx, inQuotes, out)
        break
      case 'cmdsub': {
        const text = (await ctx.commandSubst(part.body, part.text)).replace(/\n+$/, '')
        out.chars.push(...literal(text, inQuotes, !inQuotes))
        break
      }
      case 'bad':
        throw new ExpansionError(`${part.text}: bad substitution`)
      case 'arith': {
        const expr = await expandString(part.expr, ctx)
        const r = evaluateArith(expr, { get: (n) => ctx.getVar(n), set: (n, v) => ctx.setVar(n, v) })
        if (!r.ok) throw new ExpansionError(r.error)
        out.chars.push(...literal(r.value.toString(), inQuotes, !inQuotes))
        break
      }
    }
    if (out.chars.length > MAX_EXPANSION) throw new ExpansionError('expansion too large')
  }
  return out
}

function lookup(name: string, ctx: ExpandContext): string | undefined {
  if (name === '?' || name === '$' || name === '!' || name === '0' || name === '-') {
    const v = ctx.special(name)
    return name === '!' && v === '' ? undefined : v
  }
  if (name === '#') return String(ctx.positional.length)
  if (name === '@' || name === '*') return ctx.positional.length === 0 ? undefined : ctx.positional.join(' ')
  if (/^[0-9]+$/.test(name)) return ctx.positional[Number(name) - 1]
  return ctx.getVar(name)
}

async function expandParam(part: ParamPart, ctx: ExpandContext, inQuotes: boolean, out: Expanded): Promise<void> {
  const name = part.name
  if (part.length) {
    const v = name === '@' || name === '*' ? String(ctx.positional.length) : String(Array.from(lookup(name, ctx) ?? '').length)
    out.chars.push(...literal(v, inQuotes, !inQuotes))
    return
  }
  if ((name === '@' || name === '*') && part.op === undefined) {
    const ps = ctx.positional
    if (name === '@' && inQuotes) {
      if (ps.length === 0) {
        out.atEmpty = true
        return
      }
      ps.forEach((p, i) => {
        if (i > 0) out.chars.push(BREAK)
        out.chars.push(...literal(p, true, false))
      })
      return
    }
    if (inQuotes) {
      const sep = ifsOf(ctx).slice(0, 1)
      out.chars.push(...literal(ps.join(sep), true, false))
      return
    }
    ps.forEach((p, i) => {
      if (i > 0) out.chars.push(BREAK)
      out.chars.push(...literal(p, false, true))
    })
    return
  }
  let value = lookup(name, ctx)
  const op = part.op
  if (op !== undefined) {
    const colon = op.startsWith(':')
    const unsetOrNull = value === undefined || (colon && value === '')
    const base = colon ? op.slice(1) : op
    switch (base) {
      case '-':
        if (unsetOrNull) {
          const e = await expandParts(part.arg!.parts, ctx, inQuotes)
          out.chars.push(...e.chars)
          return
        }
        break
      case '=':
        if (unsetOrNull) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpansionError(`$${name}: cannot assign in this way`)
          value = await expandString(part.arg!, ctx)
          ctx.setVar(name, value)
        }
        break
      case '+':
        if (!unsetOrNull) {
          const e = await expandParts(part.arg!.parts, ctx, inQuotes)
          out.chars.push(...e.chars)
        }
        return
      case '?':
        if (unsetOrNull) {
          const msg = await expandString(part.arg!, ctx)
          throw new ExpansionError(`${name}: ${msg === '' ? (colon ? 'parameter null or not set' : 'parameter not set') : msg}`, 1, true)
        }
        break
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pattern = await expandPattern(part.arg!, ctx)
        value = trimPattern(value ?? '', pattern, op as '#' | '##' | '%' | '%%')
        break
      }
    }
  }
  if (value === undefined) return
  out.chars.push(...literal(value, inQuotes, !inQuotes))
}

function trimPattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  let re: RegExp
  try {
    re = new RegExp('^' + patternSource(pattern) + '$', 'su')
  } catch {
    return value
  }
  const chars = Array.from(value)
  const n = chars.length
  if (op === '#' || op === '##') {
    const order = op === '#' ? range(0, n) : range(0, n).reverse()
    for (const k of order) if (re.test(chars.slice(0, k).join(''))) return chars.slice(k).join('')
  } else {
    const order = op === '%' ? range(0, n).reverse() : range(0, n)
    for (const k of order) if (re.test(chars.slice(k).join(''))) return chars.slice(0, k).join('')
  }
  return value
}

function range(from: number, toInclusive: number): number[] {
  const r: number[] = []
  for (let i = from; i <= toInclusive; i++) r.push(i)
  return r
}

/**
 * Field splitting (POSIX 2.6.5): unquoted-expansion characters that are in IFS delimit fields;
 * IFS whitespace runs count once and are trimmed at the ends, a non-whitespace IFS character
 * delimits exactly once (with the whitespace around it); a word that leaves nothing and had no
 * quotes vanishes. Zero-width markers (quoted parts) make a field exist even when empty.
 */
function splitFields(e: Expanded, ifs: string): Ch[][] {
  const fields: Ch[][] = []
  let cur: Ch[] = []
  let started = false
  let wsDelimited = false
  const isWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\n'
  for (const ch of e.chars) {
    if (ch === BREAK) {
      fields.push(cur)
      cur = []
      started = true
      wsDelimited = false
      continue
    }
    if (ch.split && ch.c !== '' && ifs.includes(ch.c)) {
      if (isWs(ch.c)) {
        if (started) {
          fields.push(cur)
          cur = []
          started = false
          wsDelimited = true
        }
        continue
      }
      if (started) fields.push(cur)
      else if (!wsDelimited) fields.push([])
      cur = []
      started = false
      wsDelimited = false
      continue
    }
    cur.push(ch)
    started = true
    wsDelimited = false
  }
  if (started) fields.push(cur)
  return fields
}
