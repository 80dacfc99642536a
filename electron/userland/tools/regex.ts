/**
 * POSIX basic and extended regular expressions (with the GNU extensions grep users rely on:
 * `\+ \? \|` in BRE, `\< \> \b \B \w \W \s \S`, back-references) translated to JavaScript
 * RegExp source. Returns the source or GNU grep's error message.
 */

import { POSIX_CLASSES } from '../common/posix-classes'

export type RegexResult = { ok: true; source: string } | { ok: false; error: string }

function lit(c: string): string {
  return /[\\^$.*+?()[\]{}|\/]/.test(c) ? '\\' + c : c
}

/** A bracket expression starting at `i` (the `[`): [source, index of the closing `]`]. */
function bracket(p: string, i: number): [string, number] | null {
  let j = i + 1
  let out = '['
  if (p[j] === '^') {
    out += '^'
    j++
  }
  let first = true
  for (; j < p.length; j++) {
    const c = p[j]!
    if (c === ']' && !first) return [out + ']', j]
    first = false
    if (c === '[' && (p[j + 1] === ':' || p[j + 1] === '.' || p[j + 1] === '=')) {
      const kind = p[j + 1]!
      const close = p.indexOf(kind + ']', j + 2)
      if (close < 0) return null
      const name = p.slice(j + 2, close)
      if (kind === ':') {
        const cls = POSIX_CLASSES[name]
        if (cls === undefined) return null
        out += cls
      } else out += name.split('').map((x) => '\\' + x).join('')
      j = close + 1
      continue
    }
    if (c === '\\' || c === '[' || c === ']' || c === '^') out += '\\' + c
    else out += c
  }
  return null
}

export function translateRegex(pattern: string, extended: boolean): RegexResult {
  let out = ''
  let depth = 0
  let atStart = true
  const p = pattern
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!
    const wasStart = atStart
    atStart = false
    if (c === '\\') {
      const n = p[++i]
      if (n === undefined) return { ok: false, error: 'Trailing backslash' }
      if (!extended && n === '(') {
        out += '('
        depth++
        atStart = true
      } else if (!extended && n === ')') {
        if (depth === 0) return { ok: false, error: 'Unmatched ) or \\)' }
        depth--
        out += ')'
      } else if (!extended && n === '|') {
        out += '|'
        atStart = true
      } else if (!extended && (n === '+' || n === '?')) {
        out += wasStart ? '\\' + n : n
      } else if (!extended && n === '{') {
        const m = /^([0-9]*)(,([0-9]*))?\\\}/.exec(p.slice(i + 1))
        if (m === null) return { ok: false, error: 'Unmatched \\{' }
        out += `{${m[1] === '' ? '0' : m[1]}${m[2] ?? ''}}`
        i += m[0].length
      } else if (n === '<') out += '\\b(?=\\w)'
      else if (n === '>') out += '\\b(?<=\\w)'
      else if ('bBwWsS'.includes(n)) out += '\\' + n
      else if (/[1-9]/.test(n)) out += '\\' + n
      else out += lit(n)
      continue
    }
    if (c === '[') {
      const b = bracket(p, i)
      if (b === null) return { ok: false, error: 'Unmatched [, [^, [:, [., or [=' }
      out += b[0]
      i = b[1]
      continue
    }
    if (c === '*') {
      out += wasStart ? '\\*' : '*'
      continue
    }
    if (c === '^') {
      if (extended || wasStart) {
        out += '^'
        atStart = true
      } else out += '\\^'
      continue
    }
    if (c === '$') {
      const rest = p.slice(i + 1)
      const atEnd = extended || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')
      out += atEnd ? '$' : '\\$'
      continue
    }
    if (extended) {
      if (c === '(') {
        depth++
        out += '('
        atStart = true
        continue
      }
      if (c === ')') {
        if (depth === 0) {
          out += '\\)'
          continue
        }
        depth--
        out += ')'
        continue
      }
      if (c === '|') {
        out += '|'
        atStart = true
        continue
      }
      if (c === '+' || c === '?') {
        out += wasStart ? '\\' + c : c
        continue
      }
      if (c === '{') {
        const m = /^([0-9]*)(,([0-9]*))?\}/.exec(p.slice(i + 1))
        if (m === null || wasStart) out += '\\{'
        else {
          out += `{${m[1] === '' ? '0' : m[1]}${m[2] ?? ''}}`
          i += m[0].length
        }
        continue
      }
    }
    out += c === '.' ? '.' : lit(c)
  }
  if (depth > 0) return { ok: false, error: 'Unmatched ( or \\(' }
  return { ok: true, source: out }
}

export function escapeFixed(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|\/]/g, '\\$&')
}
