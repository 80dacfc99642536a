/**
 * `kill [-s SIG | -n NUM | -SIG] PID…` and `kill -l [SIG]`, bash's builtin (what learners get
 * when they type kill), with its messages and its `kill -l` table.
 */
import { ESRCH, strerror } from '../os'
import { SIGNAL_NAMES, parseSignal } from '../signals'
import { builtinError, type Builtin } from './types'

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n'

/** SIGRTMIN..SIGRTMAX (34..64) as bash names them. */
function rtName(n: number): string {
  if (n === 34) return 'RTMIN'
  if (n === 64) return 'RTMAX'
  return n <= 49 ? `RTMIN+${n - 34}` : `RTMAX-${64 - n}`
}

export function signalName(n: number): string | undefined {
  if (n >= 1 && n < SIGNAL_NAMES.length) return SIGNAL_NAMES[n]
  if (n >= 34 && n <= 64) return rtName(n)
  return undefined
}

export function killList(): string {
  const numbers = [...Array.from({ length: 31 }, (_, i) => i + 1), ...Array.from({ length: 31 }, (_, i) => i + 34)]
  let out = ''
  numbers.forEach((n, i) => {
    out += `${String(n).padStart(2)}) SIG${signalName(n)}`
    if (i === numbers.length - 1) out += '\t\n'
    else out += (i + 1) % 5 === 0 ? '\n' : '\t'
  })
  return out
}

function lookup(spec: string): number | null {
  const n = parseSignal(spec)
  if (n !== null) return n
  const m = /^(?:SIG)?RT(MIN|MAX)([+-][0-9]+)?$/i.exec(spec)
  if (m === null) return null
  const base = m[1]!.toUpperCase() === 'MIN' ? 34 : 64
  const v = base + Number(m[2] ?? 0)
  return v >= 34 && v <= 64 ? v : null
}

export const kill: Builtin = async (call) => {
  const { argv, shell, io } = call
  const args = argv.slice(1)
  if (args[0] === '-l' || args[0] === '-L') {
    if (args.length === 1) {
      await io.write(1, killList())
      return 0
    }
    let status = 0
    for (const a of args.slice(1)) {
      if (/^[0-9]+$/.test(a)) {
        const name = signalName(Number(a) > 128 ? Number(a) - 128 : Number(a))
        if (name === undefined) {
          await builtinError(call, `kill: ${a}: invalid signal specification`)
          status = 1
        } else await io.write(1, name + '\n')
      } else {
        const n = lookup(a)
        if (n === null) {
          await builtinError(call, `kill: ${a}: invalid signal specification`)
          status = 1
        } else await io.write(1, n + '\n')
      }
    }
    return status
  }
  let signal = 15
  let i = 0
  if (args[0] === '-s' || args[0] === '-n') {
    const spec = args[1]
    const n = spec === undefined ? null : lookup(spec)
    if (n === null) {
      await builtinError(call, `kill: ${spec ?? ''}: invalid signal specification`)
      return 1
    }
    signal = n
    i = 2
  } else if (args[0] !== undefined && args[0].startsWith('-') && args[0] !== '--') {
    const n = lookup(args[0].slice(1))
    if (n === null) {
      await builtinError(call, `kill: ${args[0].slice(1)}: invalid signal specification`)
      return 1
    }
    signal = n
    i = 1
  }
  if (args[i] === '--') i++
  const pids = args.slice(i)
  if (pids.length === 0) {
    await io.write(2, USAGE)
    return 2
  }
  let status = 0
  for (const p of pids) {
    if (!/^-?[0-9]+$/.test(p)) {
      await builtinError(call, `kill: ${p}: arguments must be process or job IDs`)
      status = 1
      continue
    }
    const r = shell.ctx.kill(Number(p), signal)
    if (r < 0) {
      await builtinError(call, `kill: (${p}) - ${r === -ESRCH ? 'No such process' : strerror(r)}`)
      status = 1
    }
  }
  return status
}
