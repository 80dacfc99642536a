/**
 * `$(( … ))` arithmetic: 64-bit signed integers with wrap-around, as bash's intmax_t.
 * Operators: unary + - ! ~, ** * / % + - << >> < <= > >= == != & ^ | && || ?:, parentheses,
 * assignment (= += -= *= /= %=), variables (an unset or empty variable is 0), decimal, 0x hex
 * and 0 octal constants. Errors are returned as bash words them, never thrown.
 */

export interface ArithVars {
  get(name: string): string | undefined
  set(name: string, value: string): void
}

export type ArithResult = { ok: true; value: bigint } | { ok: false; error: string }

class ArithError extends Error {}

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v)

const BINARY: Array<[string[], number]> = [
  [['||'], 1],
  [['&&'], 2],
  [['|'], 3],
  [['^'], 4],
  [['&'], 5],
  [['==', '!='], 6],
  [['<=', '>=', '<', '>'], 7],
  [['<<', '>>'], 8],
  [['+', '-'], 9],
  [['*', '/', '%'], 10],
  [['**'], 11]
]
const PREC = new Map<string, number>()
for (const [ops, p] of BINARY) for (const op of ops) PREC.set(op, p)
const TOKEN_RE = /\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*\/%&|^]=|[-+*\/%<>=!~&|^?:()])/y

export function evaluateArith(text: string, vars: ArithVars, depth = 0): ArithResult {
  const tokens: string[] = []
  TOKEN_RE.lastIndex = 0
  let pos = 0
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break
    TOKEN_RE.lastIndex = pos
    const m = TOKEN_RE.exec(text)
    if (m === null) {
      const rest = text.slice(pos).trim()
      return { ok: false, error: `${text.trim()}: syntax error: invalid arithmetic operator (error token is "${rest}")` }
    }
    tokens.push(m[1]!)
    pos = TOKEN_RE.lastIndex
  }
  if (tokens.length === 0) return { ok: true, value: 0n }
  let i = 0
  const peek = (): string | undefined => tokens[i]
  const fail = (): never => {
    const rest = tokens.slice(i).join(' ')
    throw new ArithError(`${text.trim()}: syntax error: operand expected (error token is "${rest}")`)
  }
  const varValue = (name: string): bigint => {
    const raw = vars.get(name) ?? ''
    if (raw.trim() === '') return 0n
    if (depth > 20) throw new ArithError(`${name}: expression recursion level exceeded`)
    const r = evaluateArith(raw, vars, depth + 1)
    if (!r.ok) throw new ArithError(r.error)
    return r.value
  }
  const constant = (t: string): bigint => {
    try {
      if (/^0[xX]/.test(t)) return wrap(BigInt(t))
      if (/^0[0-7]+$/.test(t)) return wrap(BigInt('0o' + t.slice(1)))
      if (/^[0-9]+$/.test(t)) {
        if (/^0[0-9]+$/.test(t)) throw new ArithError(`${t}: value too great for base (error token is "${t}")`)
        return wrap(BigInt(t))
      }
    } catch (e) {
      if (e instanceof ArithError) throw e
    }
    return fail()
  }
  const primary = (): bigint => {
    const t = tokens[i]
    if (t === undefined) return fail()
    if (t === '(') {
      i++
      const v = assignment()
      if (tokens[i] !== ')') fail()
      i++
      return v
    }
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      i++
      const v = primary()
      if (t === '-') return wrap(-v)
      if (t === '+') return v
      if (t === '!') return v === 0n ? 1n : 0n
      return wrap(~v)
    }
    if (/^[A-Za-z_]/.test(t)) {
      i++
      return varValue(t)
    }
    if (/^[0-9]/.test(t)) {
      i++
      return constant(t)
    }
    return fail()
  }
  const binary = (minPrec: number): bigint => {
    let left = primary()
    for (;;) {
      const op = peek()
      const p = op === undefined ? undefined : PREC.get(op)
      if (p === undefined || p < minPrec) return left
      i++
      // ** is right-associative
      const right = binary(op === '**' ? p : p + 1)
      left = apply(op!, left, right)
    }
  }
  const apply = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '+': return wrap(a + b)
      case '-': return wrap(a - b)
      case '*': return wrap(a * b)
      case '/':
      case '%':
        if (b === 0n) throw new ArithError(`${text.trim()}: division by 0 (error token is "${tokens.slice(i - 1).join('')}")`)
        return wrap(op === '/' ? a / b : a % b)
      case '**':
        if (b < 0n) throw new ArithError(`${text.trim()}: exponent less than 0 (error token is "${tokens.slice(i - 1).join('')}")`)
        return BigInt.asIntN(64, a ** (b > 64n ? 64n : b))
      case '<<': return wrap(a << (b & 63n))
      case '>>': return a >> (b & 63n)
      case '<': return a < b ? 1n : 0n
      case '<=': return a <= b ? 1n : 0n
      case '>': return a > b ? 1n : 0n
      case '>=': return a >= b ? 1n : 0n
      case '==': return a === b ? 1n : 0n
      case '!=': return a !== b ? 1n : 0n
      case '&': return a & b
      case '|': return a | b
      case '^': return a ^ b
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n
      case '||': return a !== 0n || b !== 0n ? 1n : 0n
    }
    return fail()
  }
  const ternary = (): bigint => {
    const c = binary(1)
    if (peek() !== '?') return c
    i++
    const a = assignment()
    if (peek() !== ':') fail()
    i++
    const b = ternary()
    return c !== 0n ? a : b
  }
  const assignment = (): bigint => {
    const t = tokens[i]
    const op = tokens[i + 1]
    if (t !== undefined && /^[A-Za-z_]/.test(t) && op !== undefined && /^([-+*\/%&|^]|<<|>>)?=$/.test(op)) {
      i += 2
      const rhs = assignment()
      const v = op === '=' ? rhs : apply(op.slice(0, -1), varValue(t), rhs)
      vars.set(t, v.toString())
      return v
    }
    return ternary()
  }
  try {
    const v = assignment()
    if (i < tokens.length) {
      const rest = tokens.slice(i).join(' ')
      return { ok: false, error: `${text.trim()}: syntax error in expression (error token is "${rest}")` }
    }
    return { ok: true, value: v }
  } catch (e) {
    if (e instanceof ArithError) return { ok: false, error: e.message }
    throw e
  }
}
