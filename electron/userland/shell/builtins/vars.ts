/** `export`, `unset`, `set` (positional parameters only), `shift`. */
import { builtinError, type Builtin } from './types'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** bash's `declare -x` quoting of a value. */
function quoteValue(v: string): string {
  return '"' + v.replace(/(["\\$`])/g, '\\$1') + '"'
}

export const exportBuiltin: Builtin = async (call) => {
  const { argv, shell, io } = call
  let args = argv.slice(1)
  let unexport = false
  let list = false
  while (args[0]?.startsWith('-') && args[0] !== '-' ) {
    const a = args.shift()!
    if (a === '--') break
    for (const c of a.slice(1)) {
      if (c === 'n') unexport = true
      else if (c === 'p') list = true
      else if (c === 'f') {
        /* functions are not supported: nothing to export */
      } else {
        await builtinError(call, `export: -${c}: invalid option`)
        await io.write(2, 'export: usage: export [-fn] [name[=value] ...] or export -p\n')
        return 2
      }
    }
  }
  if (args.length === 0 || list) {
    const names = [...shell.state.vars.keys()].filter((k) => shell.state.vars.get(k)!.exported).sort()
    let out = ''
    for (const k of names) {
      const v = shell.state.vars.get(k)!.value
      out += `declare -x ${k}${v === undefined ? '' : '=' + quoteValue(v)}\n`
    }
    await io.write(1, out)
    return 0
  }
  let status = 0
  for (const a of args) {
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq)
    if (!NAME.test(name)) {
      await builtinError(call, `export: \`${a}': not a valid identifier`)
      status = 1
      continue
    }
    if (unexport) {
      const v = shell.state.vars.get(name)
      if (v !== undefined) v.exported = false
    } else shell.state.export(name, eq < 0 ? undefined : a.slice(eq + 1))
  }
  return status
}

/**
 * `unset [-v|-f] NAME…`. Like bash, a name that is not an identifier is an error only with -v
 * (without an option bash falls back to functions and says nothing).
 */
export const unset: Builtin = async (call) => {
  let status = 0
  let onlyVars = false
  for (const a of call.argv.slice(1)) {
    if (a === '-v') {
      onlyVars = true
      continue
    }
    if (a === '-f') continue
    if (!NAME.test(a)) {
      if (onlyVars) {
        await builtinError(call, `unset: \`${a}': not a valid identifier`)
        status = 1
      }
      continue
    }
    call.shell.state.unset(a)
  }
  return status
}

export const set: Builtin = async (call) => {
  const args = call.argv.slice(1)
  if (args.length === 0) {
    const names = [...call.shell.state.vars.keys()].sort()
    let out = ''
    for (const k of names) {
      const v = call.shell.state.vars.get(k)!.value
      if (v !== undefined) out += `${k}=${/^[A-Za-z0-9_./:@%+,=-]*$/.test(v) ? v : "'" + v.replace(/'/g, "'\\''") + "'"}\n`
    }
    await call.io.write(1, out)
    return 0
  }
  if (args[0] === '--') {
    call.shell.state.positional = args.slice(1)
    return 0
  }
  if (args[0]!.startsWith('-') || args[0]!.startsWith('+')) {
    await builtinError(call, `set: ${args[0]}: options are not supported by this shell`)
    return 2
  }
  call.shell.state.positional = args
  return 0
}

export const shift: Builtin = async (call) => {
  const n = call.argv[1] === undefined ? 1 : Number(call.argv[1])
  if (!Number.isInteger(n) || n < 0) {
    await builtinError(call, `shift: ${call.argv[1]}: numeric argument required`)
    return 1
  }
  const ps = call.shell.state.positional
  if (n > ps.length) return 1
  call.shell.state.positional = ps.slice(n)
  return 0
}
