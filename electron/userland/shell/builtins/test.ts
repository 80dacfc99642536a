/**
 * `test EXPR` and `[ EXPR ]`: -e -f -d -r -w -x -s -L -n -z, = == !=, -eq -ne -lt -le -gt -ge,
 * ! and the one/two/three-argument rules of POSIX; -a/-o are not supported.
 */
import { resolve } from '../glob'
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, isErr } from '../os'
import { builtinError, type BuiltinCall, type Builtin } from './types'

class TestError {
  constructor(readonly message: string) {}
}

export const test: Builtin = async (call) => {
  let args = call.argv.slice(1)
  if (call.argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      await builtinError(call, "[: missing `]'")
      return 2
    }
    args = args.slice(0, -1)
  }
  try {
    return (await evaluate(args, call)) ? 0 : 1
  } catch (e) {
    if (e instanceof TestError) {
      await builtinError(call, `${call.argv[0]}: ${e.message}`)
      return 2
    }
    throw e
  }
}

async function evaluate(args: string[], call: BuiltinCall): Promise<boolean> {
  switch (args.length) {
    case 0:
      return false
    case 1:
      return args[0] !== ''
    case 2:
      if (args[0] === '!') return !(await evaluate(args.slice(1), call))
      return unary(args[0]!, args[1]!, call)
    case 3:
      if (BINARY.has(args[1]!)) return binary(args[0]!, args[1]!, args[2]!)
      if (args[0] === '!') return !(await evaluate(args.slice(1), call))
      throw new TestError(`${args[1]}: binary operator expected`)
    default:
      if (args[0] === '!') return !(await evaluate(args.slice(1), call))
      throw new TestError('too many arguments')
  }
}

const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>'])

async function unary(op: string, arg: string, call: BuiltinCall): Promise<boolean> {
  if (op === '-n') return arg !== ''
  if (op === '-z') return arg === ''
  const path = resolve(call.shell.state.cwd, arg)
  const ctx = call.shell.ctx
  const st = op === '-L' || op === '-h' ? await ctx.lstat(path) : await ctx.stat(path)
  if (!/^-[efdrwxsLh]$/.test(op)) throw new TestError(`${op}: unary operator expected`)
  if (isErr(st)) return false
  const type = st.mode & S_IFMT
  const uid = ctx.getuid()
  const bits = uid === 0 ? 7 : st.uid === uid ? (st.mode >> 6) & 7 : st.mode & 7
  switch (op) {
    case '-e': return true
    case '-f': return type === S_IFREG
    case '-d': return type === S_IFDIR
    case '-L':
    case '-h': return type === S_IFLNK
    case '-s': return st.size > 0
    case '-r': return (bits & 4) !== 0
    case '-w': return (bits & 2) !== 0
    case '-x': return uid === 0 ? (st.mode & 0o111) !== 0 || type === S_IFDIR : (bits & 1) !== 0
  }
  return false
}

function integer(s: string): bigint {
  if (!/^\s*[+-]?[0-9]+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`)
  return BigInt(s.trim())
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
    case '==': return a === b
    case '!=': return a !== b
    case '<': return a < b
    case '>': return a > b
    case '-eq': return integer(a) === integer(b)
    case '-ne': return integer(a) !== integer(b)
    case '-lt': return integer(a) < integer(b)
    case '-le': return integer(a) <= integer(b)
    case '-gt': return integer(a) > integer(b)
    case '-ge': return integer(a) >= integer(b)
  }
  return false
}
