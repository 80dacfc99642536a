import type { BinaryOp, Expr } from './ast'
import { CheckSyntaxError } from './errors'
import { tokenize, type Token } from './lexer'

/** Deepest nesting of parentheses, calls and unary operators a check may use. */
export const MAX_DEPTH = 64

/**
 * Parses one check expression (precedence from loose to tight: `||`, `&&`, `== !=`,
 * `< <= > >=`, `+ -`, `* / %`, unary `! -`, member access and calls). Throws CheckSyntaxError
 * with the place and what was expected.
 */
export function parseCheck(source: string): Expr {
  const tokens = tokenize(source)
  let pos = 0
  let depth = 0
  const peek = (): Token => tokens[pos]!
  const next = (): Token => tokens[pos++]!
  const describe = (t: Token): string => (t.kind === 'eof' ? 'the end of the expression' : t.kind === 'string' ? 'a string' : `'${source.slice(t.start, t.end)}'`)
  const fail = (expected: string, t: Token = peek()): never => {
    throw new CheckSyntaxError(`expected ${expected} but found ${describe(t)}`, source, t.start, Math.max(t.end, t.start + 1))
  }
  const isOp = (text: string): boolean => peek().kind === 'op' && peek().text === text

  const binaryLevel = (ops: BinaryOp[], operand: () => Expr) => (): Expr => {
    let left = operand()
    while (peek().kind === 'op' && (ops as string[]).includes(peek().text)) {
      const opToken = next()
      const right = operand()
      left = { kind: 'binary', op: opToken.text as BinaryOp, left, right, start: left.start, end: right.end, opStart: opToken.start }
    }
    return left
  }

  const primary = (): Expr => {
    const t = peek()
    switch (t.kind) {
      case 'int':
        next()
        return { kind: 'int', value: t.value!, start: t.start, end: t.end }
      case 'string':
        next()
        return { kind: 'string', value: t.text, start: t.start, end: t.end }
      case 'regex':
        next()
        return { kind: 'regex', pattern: t.text, flags: t.flags ?? '', start: t.start, end: t.end }
      case 'ident': {
        next()
        if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', start: t.start, end: t.end }
        if (!isOp('(')) return { kind: 'name', name: t.text, start: t.start, end: t.end }
        next()
        const args: Expr[] = []
        if (!isOp(')')) {
          for (;;) {
            args.push(expression())
            if (isOp(',')) {
              next()
              continue
            }
            if (!isOp(')')) fail(`',' or ')' after an argument of ${t.text}(…)`)
            break
          }
        }
        const close = next()
        return { kind: 'call', callee: t.text, args, start: t.start, end: close.end, calleeEnd: t.end }
      }
      case 'op':
        if (t.text === '(') {
          next()
          const inner = nested(expression)
          if (!isOp(')')) fail("')'")
          next()
          return { ...inner, start: t.start, end: tokens[pos - 1]!.end } as Expr
        }
        return fail('a value (a number, a string, a name or a call)')
      default:
        return fail('a value (a number, a string, a name or a call)')
    }
  }

  const nested = (f: () => Expr): Expr => {
    if (++depth > MAX_DEPTH) {
      const t = peek()
      throw new CheckSyntaxError(`the expression nests deeper than ${MAX_DEPTH} levels`, source, t.start, t.end)
    }
    try {
      return f()
    } finally {
      depth--
    }
  }

  const postfix = (): Expr => {
    let e = primary()
    while (isOp('.')) {
      next()
      const field = peek()
      if (field.kind !== 'ident') fail('a field name after .')
      next()
      e = { kind: 'member', object: e, field: field.text, start: e.start, end: field.end, fieldStart: field.start }
    }
    return e
  }

  const unary = (): Expr => {
    if (isOp('!') || isOp('-')) {
      const t = next()
      const operand = nested(unary)
      return { kind: 'unary', op: t.text as '!' | '-', operand, start: t.start, end: operand.end }
    }
    return postfix()
  }

  const multiplicative = binaryLevel(['*', '/', '%'], unary)
  const additive = binaryLevel(['+', '-'], multiplicative)
  const comparison = binaryLevel(['<', '<=', '>', '>='], additive)
  const equality = binaryLevel(['==', '!='], comparison)
  const and = binaryLevel(['&&'], equality)
  const or = binaryLevel(['||'], and)
  function expression(): Expr {
    return nested(or)
  }

  const result = expression()
  if (peek().kind !== 'eof') fail('an operator or the end of the expression')
  return result
}
