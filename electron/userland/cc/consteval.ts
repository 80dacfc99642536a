/** Integer constant expressions (C99 6.6), evaluated with the VM's exact arithmetic. */
import type { Expr, Value } from './ast'
import { binFn, cmpFn, convert, kindOf, negFn, notFn, SignalFault } from './ops'
import { isInt } from './types'

/** Value of an arithmetic constant expression, or null when it is not constant. */
export function evalArith(e: Expr): Value | null {
  try {
    return ev(e)
  } catch (x) {
    if (x instanceof SignalFault) return null
    throw x
  }
}

/** Value of an integer constant expression, or null. */
export function evalConst(e: Expr): Value | null {
  if (!isInt(e.ty)) return null
  return evalArith(e)
}

function ev(e: Expr): Value | null {
  switch (e.k) {
    case 'num':
      return e.v
    case 'fnum':
      return e.v
    case 'cast': {
      if (e.ty.k !== 'int' && e.ty.k !== 'float') return null
      if (e.e.ty.k !== 'int' && e.e.ty.k !== 'float') return null
      const v = ev(e.e)
      return v === null ? null : convert(v, e.e.ty, e.ty)
    }
    case 'unary': {
      const v = ev(e.e)
      if (v === null) return null
      if (e.op === '!') return v === 0 ? 1 : 0
      return e.op === '-' ? negFn(kindOf(e.ty))(v) : notFn(kindOf(e.ty))(v)
    }
    case 'bin': {
      const a = ev(e.l)
      if (a === null) return null
      const b = ev(e.r)
      if (b === null) return null
      if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) return cmpFn(e.op)(a, b) ? 1 : 0
      return binFn(e.op, kindOf(e.opTy))(a, b)
    }
    case 'logand': {
      const a = ev(e.l)
      if (a === null) return null
      if (a === 0) return 0
      const b = ev(e.r)
      return b === null ? null : b !== 0 ? 1 : 0
    }
    case 'logor': {
      const a = ev(e.l)
      if (a === null) return null
      if (a !== 0) return 1
      const b = ev(e.r)
      return b === null ? null : b !== 0 ? 1 : 0
    }
    case 'cond': {
      const c = ev(e.c)
      if (c === null) return null
      return c !== 0 ? ev(e.a) : ev(e.b)
    }
    case 'comma':
      return null
    default:
      return null
  }
}
