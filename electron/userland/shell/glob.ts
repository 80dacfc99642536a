/**
 * Shell pattern matching (`*`, `?`, `[…]` with `!`/`^`, ranges and `[:class:]`) and pathname
 * expansion over an injected directory reader, in the C.UTF-8 locale (byte order, as the
 * simulated machine's LANG).
 *
 * A pattern is a string in which a backslash quotes the next character: expansion escapes
 * every quoted character that way, so `"*"` never globs.
 */

import { POSIX_CLASSES } from '../common/posix-classes'

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|\/-]/.test(c) ? '\\' + c : c
}

/** Does the pattern contain an unquoted `*`, `?` or `[`? */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') i++
    else if (c === '*' || c === '?' || c === '[') return true
  }
  return false
}

/** Removes the backslash quoting of a pattern (for a word that matched nothing). */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gsu, '$1')
}

/**
 * Translates a shell pattern into a regular-expression source (no anchors).
 * An unterminated `[` is a literal `[`, as in bash.
 */
export function patternSource(pattern: string, opts: { slashes?: boolean } = {}): string {
  const any = opts.slashes === false ? '[^/]' : '[\\s\\S]'
  let re = ''
  const chars = Array.from(pattern)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (c === '\\' && i + 1 < chars.length) {
      re += escapeRe(chars[++i]!)
    } else if (c === '*') {
      re += any + '*'
    } else if (c === '?') {
      re += any
    } else if (c === '[') {
      const cls = bracket(chars, i)
      if (cls === null) re += '\\['
      else {
        re += cls.source
        i = cls.end
      }
    } else re += escapeRe(c)
  }
  return re
}

function bracket(chars: string[], start: number): { source: string; end: number } | null {
  let i = start + 1
  let negate = false
  if (chars[i] === '!' || chars[i] === '^') {
    negate = true
    i++
  }
  let body = ''
  let first = true
  for (; i < chars.length; i++) {
    const c = chars[i]!
    if (c === ']' && !first) return { source: (negate ? '[^' : '[') + body + ']', end: i }
    first = false
    if (c === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2)
      if (close > 0 && chars[close + 1] === ']') {
        const name = chars.slice(i + 2, close).join('')
        const cls = POSIX_CLASSES[name]
        if (cls !== undefined) {
          body += cls
          i = close + 1
          continue
        }
      }
    }
    if (c === '\\' && i + 1 < chars.length) {
      body += escapeRe(chars[++i]!)
      continue
    }
    if (c === '-' && body !== '' && chars[i + 1] !== ']' && chars[i + 1] !== undefined) {
      body += '-'
      continue
    }
    body += escapeRe(c)
  }
  return null
}

/** Compiles a whole-string matcher; returns null for a pattern that is not a valid class. */
export function compilePattern(pattern: string, opts: { slashes?: boolean } = {}): RegExp | null {
  try {
    return new RegExp('^' + patternSource(pattern, opts) + '$', 'u')
  } catch {
    return null
  }
}

export function matchPattern(pattern: string, text: string): boolean {
  return compilePattern(pattern)?.test(text) ?? false
}

/** Reads a directory: its entry names (without . and ..), or null when it cannot be read. */
export type ReadDir = (path: string) => Promise<string[] | null>

const MAX_MATCHES = 10_000

/**
 * Pathname expansion of one pattern relative to `cwd`. Returns the sorted matches, or an empty
 * array when nothing matches (the caller then keeps the word as written). A component that
 * starts with `.` is matched only by a pattern that starts with a literal `.`.
 */
export async function expandPathname(pattern: string, cwd: string, readdir: ReadDir): Promise<string[]> {
  const absolute = pattern.startsWith('/')
  const components = splitComponents(pattern)
  let prefixes: string[] = [absolute ? '/' : '']
  for (let ci = 0; ci < components.length; ci++) {
    const comp = components[ci]!
    const last = ci === components.length - 1
    const next: string[] = []
    if (!hasGlobChars(comp)) {
      const lit = unescapePattern(comp)
      for (const p of prefixes) next.push(join(p, lit, last))
      prefixes = next
      continue
    }
    const re = compilePattern(comp, { slashes: false })
    if (re === null) return []
    const dotOk = comp.startsWith('.') || comp.startsWith('\\.')
    for (const p of prefixes) {
      const dir = p === '' ? cwd : resolve(cwd, p)
      const entries = await readdir(dir)
      if (entries === null) continue
      for (const name of entries.slice().sort(byteOrder)) {
        if (name.startsWith('.') && !dotOk) continue
        if (re.test(name)) next.push(join(p, name, last))
        if (next.length > MAX_MATCHES) return []
      }
    }
    prefixes = next
    if (prefixes.length === 0) return []
  }
  // Components without glob characters were not checked for existence; check the directories
  // through readdir of their parents (only when some component did glob).
  const checked: string[] = []
  const dirsOnly = pattern.endsWith('/')
  for (const p of prefixes) {
    if (!(await exists(p, cwd, readdir))) continue
    // `*/` matches directories only, and keeps the slash
    if (dirsOnly) {
      if ((await readdir(resolve(cwd, p))) !== null) checked.push(p + '/')
    } else checked.push(p)
  }
  return checked.sort(byteOrder)
}

async function exists(path: string, cwd: string, readdir: ReadDir): Promise<boolean> {
  const full = resolve(cwd, path.replace(/\/+$/, '') || '/')
  if (full === '/') return true
  const slash = full.lastIndexOf('/')
  const parent = slash === 0 ? '/' : full.slice(0, slash)
  const entries = await readdir(parent)
  return entries !== null && entries.includes(full.slice(slash + 1))
}

function splitComponents(pattern: string): string[] {
  return pattern.split('/').filter((c, i, all) => c !== '' || i === all.length - 1).filter((c) => c !== '')
}

function join(prefix: string, name: string, _last: boolean): string {
  if (prefix === '') return name
  if (prefix.endsWith('/')) return prefix + name
  return prefix + '/' + name
}

/** Byte order of UTF-8 strings, as the C.UTF-8 collation. */
export function byteOrder(a: string, b: string): number {
  // For strings without surrogates, UTF-16 code unit order equals code point order; compare by
  // code points to be exact for astral characters too.
  const ca = Array.from(a)
  const cb = Array.from(b)
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return ca.length - cb.length
}

/** Joins and normalises a path against a working directory (`.` and `..` resolved lexically). */
export function resolve(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : cwd + '/' + path).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '' || p === '.') continue
    if (p === '..') out.pop()
    else out.push(p)
  }
  return '/' + out.join('/')
}
