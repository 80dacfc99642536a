import type { CheckType, Expr } from './ast'
import { CheckSyntaxError } from './errors'
import { CHECK_FUNCTIONS, CHECK_VALUES, RECORD_FIELDS, TRACE_EVENT_TYPES } from './library'
import { parseCheck } from './parser'

/** A parsed, type-checked check expression, ready for the host's evaluator. */
export interface CompiledCheck {
  source: string
  expr: Expr
}

/**
 * Regular expressions a check may use: no backreferences, no lookaround, and no quantified group
 * that itself holds a quantifier (`(a+)+`, `(a*)*`, `(x|y+){2,}`) — the patterns that can take
 * exponential time. Returns why a pattern is refused, or null.
 */
export function unsafeRegexReason(pattern: string): string | null {
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed'
  if (/\(\?[=!<]/.test(pattern)) return 'lookaround is not allowed'
  // Walk groups: a group whose body has a quantifier may not be followed by a quantifier.
  const stack: boolean[] = []
  let quantifiedInside = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\') {
      i++
      continue
    }
    if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      continue
    }
    if (c === '(') {
      stack.push(quantifiedInside)
      quantifiedInside = false
      continue
    }
    const isQuantifier = c === '*' || c === '+' || c === '?' || c === '{'
    if (c === ')') {
      const inner: boolean = quantifiedInside
      quantifiedInside = (stack.pop() ?? false) || inner
      const after = pattern[i + 1]
      if (inner && (after === '*' || after === '+' || after === '{')) return 'a quantified group may not hold a quantifier (nested quantifiers can take exponential time)'
      continue
    }
    if (isQuantifier) quantifiedInside = true
  }
  try {
    new RegExp(pattern)
  } catch (error) {
    return `it is not a valid regular expression (${(error as Error).message})`
  }
  return null
}

/**
 * Parses and type-checks `source`; the whole expression must be a bool. Throws CheckSyntaxError
 * (position, caret, "expected …") for syntax and type errors alike.
 */
export function compileCheck(source: string): CompiledCheck {
  const expr = parseCheck(source)
  const type = typeOf(expr, source)
  if (type !== 'bool') throw new CheckSyntaxError(`expected a true/false expression, but this is ${article(type)}`, source, expr.start, expr.end)
  return { source, expr }
}

/** The type of an expression; throws CheckSyntaxError on the first type error. */
export function typeOf(e: Expr, source: string): CheckType {
  const err = (message: string, at: { start: number; end: number }): never => {
    throw new CheckSyntaxError(message, source, at.start, at.end)
  }
  switch (e.kind) {
    case 'int':
      return 'int'
    case 'string':
      return 'string'
    case 'bool':
      return 'bool'
    case 'regex': {
      const why = unsafeRegexReason(e.pattern)
      if (why) err(`this regular expression is refused: ${why}`, e)
      return 'regex'
    }
    case 'name': {
      const value = CHECK_VALUES[e.name]
      if (value) return value.type
      if (CHECK_FUNCTIONS[e.name]) return err(`${e.name} is a function; expected a call like ${e.name}(…)`, e)
      return err(`unknown name '${e.name}'; expected one of ${Object.keys(CHECK_VALUES).join(', ')} or a call`, e)
    }
    case 'call': {
      if (!Object.hasOwn(CHECK_FUNCTIONS, e.callee)) {
        return err(`unknown function '${e.callee}'; expected one of ${Object.keys(CHECK_FUNCTIONS).join(', ')}`, { start: e.start, end: e.calleeEnd })
      }
      const sig = CHECK_FUNCTIONS[e.callee]!
      const shape = `${e.callee}(${sig.params.map((p) => `${p.name}: ${p.type}`).join(', ')})`
      if (e.args.length !== sig.params.length) {
        err(`${e.callee} takes ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}: expected ${shape}`, e)
      }
      e.args.forEach((arg, i) => {
        const t = typeOf(arg, source)
        const want = sig.params[i]!.type
        if (t !== want) err(`expected ${article(want)} for ${sig.params[i]!.name} of ${shape}, but this is ${article(t)}`, arg)
      })
      if (e.callee === 'trace_count') {
        const arg = e.args[0]!
        if (arg.kind !== 'string') err('expected a string literal naming a trace event type', arg)
        else if (!(TRACE_EVENT_TYPES as readonly string[]).includes(arg.value)) {
          err(`unknown trace event type "${arg.value}"; expected one of ${TRACE_EVENT_TYPES.join(', ')}`, arg)
        }
      }
      if (e.callee === 'version_at_least') {
        const arg = e.args[0]!
        if (arg.kind !== 'string' || !/^\d{1,2}(\.\d{1,3}){0,2}$/.test(arg.value)) err('expected a version string literal like "5.9"', arg)
      }
      return sig.result
    }
    case 'member': {
      const t = typeOf(e.object, source)
      if (t === 'int' || t === 'string' || t === 'bool' || t === 'regex') return err(`${article(t)} has no fields; expected a vma, pte, frame or mr before .${e.field}`, e)
      const fields = RECORD_FIELDS[t]
      const ft = Object.hasOwn(fields, e.field) ? fields[e.field] : undefined
      if (!ft) return err(`a ${t} has no field '${e.field}'; expected one of ${Object.keys(fields).join(', ')}`, { start: e.fieldStart, end: e.end })
      return ft
    }
    case 'unary': {
      const t = typeOf(e.operand, source)
      const want = e.op === '!' ? 'bool' : 'int'
      if (t !== want) err(`expected ${article(want)} after ${e.op}, but this is ${article(t)}`, e.operand)
      return want
    }
    case 'binary': {
      const l = typeOf(e.left, source)
      const r = typeOf(e.right, source)
      const opAt = { start: e.opStart, end: e.opStart + e.op.length }
      switch (e.op) {
        case '&&':
        case '||':
          if (l !== 'bool') err(`expected a true/false value on the left of ${e.op}, but this is ${article(l)}`, e.left)
          if (r !== 'bool') err(`expected a true/false value on the right of ${e.op}, but this is ${article(r)}`, e.right)
          return 'bool'
        case '==':
        case '!=':
          if (l !== r) err(`cannot compare ${article(l)} with ${article(r)}; expected the same type on both sides of ${e.op}`, opAt)
          if (l !== 'int' && l !== 'string' && l !== 'bool') err(`${article(l)} cannot be compared; expected ints, strings or bools on both sides of ${e.op}`, opAt)
          return 'bool'
        case '<':
        case '<=':
        case '>':
        case '>=':
          if (l !== 'int' || r !== 'int') err(`expected ints on both sides of ${e.op}, but found ${article(l)} and ${article(r)}`, opAt)
          return 'bool'
        case '+':
          if (l === 'string' && r === 'string') return 'string'
          if (l !== 'int' || r !== 'int') err(`expected two ints or two strings around +, but found ${article(l)} and ${article(r)}`, opAt)
          return 'int'
        default:
          if (l !== 'int' || r !== 'int') err(`expected ints on both sides of ${e.op}, but found ${article(l)} and ${article(r)}`, opAt)
          return 'int'
      }
    }
  }
}

function article(t: CheckType): string {
  return t === 'int' ? 'an int' : t === 'mr' ? 'an mr' : `a ${t}`
}
