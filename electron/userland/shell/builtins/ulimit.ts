/**
 * `ulimit [-SH] [-a | -RESOURCE] [LIMIT|unlimited]`, with bash's table, units and messages.
 * Setting a limit without -S/-H sets both, as bash does; values are in the option's unit
 * (KiB for -l, so `ulimit -l 64` is 65536 bytes of RLIMIT_MEMLOCK).
 */
import * as os from '../os'
import { builtinError, type Builtin } from './types'

interface LimitDef {
  opt: string
  resource: number
  description: string
  unit: string
  /** bytes per unit (1 for counts) */
  scale: number
}

/** In `ulimit -a` order (bash 5.2). Resources the OS does not know are skipped. */
const LIMITS: LimitDef[] = [
  { opt: 'R', resource: os.RLIMIT_RTTIME, description: 'real-time non-blocking time', unit: 'microseconds', scale: 1 },
  { opt: 'c', resource: os.RLIMIT_CORE, description: 'core file size', unit: 'blocks', scale: 512 },
  { opt: 'd', resource: os.RLIMIT_DATA, description: 'data seg size', unit: 'kbytes', scale: 1024 },
  { opt: 'e', resource: os.RLIMIT_NICE, description: 'scheduling priority', unit: '', scale: 1 },
  { opt: 'f', resource: os.RLIMIT_FSIZE, description: 'file size', unit: 'blocks', scale: 512 },
  { opt: 'i', resource: os.RLIMIT_SIGPENDING, description: 'pending signals', unit: '', scale: 1 },
  { opt: 'l', resource: os.RLIMIT_MEMLOCK, description: 'max locked memory', unit: 'kbytes', scale: 1024 },
  { opt: 'm', resource: 5, description: 'max memory size', unit: 'kbytes', scale: 1024 },
  { opt: 'n', resource: os.RLIMIT_NOFILE, description: 'open files', unit: '', scale: 1 },
  { opt: 'p', resource: -1, description: 'pipe size', unit: '512 bytes', scale: 512 },
  { opt: 'q', resource: os.RLIMIT_MSGQUEUE, description: 'POSIX message queues', unit: 'bytes', scale: 1 },
  { opt: 'r', resource: os.RLIMIT_RTPRIO, description: 'real-time priority', unit: '', scale: 1 },
  { opt: 's', resource: os.RLIMIT_STACK, description: 'stack size', unit: 'kbytes', scale: 1024 },
  { opt: 't', resource: os.RLIMIT_CPU, description: 'cpu time', unit: 'seconds', scale: 1 },
  { opt: 'u', resource: os.RLIMIT_NPROC, description: 'max user processes', unit: '', scale: 1 },
  { opt: 'v', resource: os.RLIMIT_AS, description: 'virtual memory', unit: 'kbytes', scale: 1024 },
  { opt: 'x', resource: 10, description: 'file locks', unit: '', scale: 1 }
]

const USAGE = 'ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n'

function show(v: number, def: LimitDef): string {
  return v === Infinity ? 'unlimited' : String(Math.floor(v / def.scale))
}

export const ulimit: Builtin = async (call) => {
  const { argv, shell, io } = call
  let soft = false
  let hard = false
  let all = false
  let def: LimitDef | undefined
  let value: string | undefined
  for (const a of argv.slice(1)) {
    if (value === undefined && /^-[A-Za-z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'S') soft = true
        else if (c === 'H') hard = true
        else if (c === 'a') all = true
        else {
          const d = LIMITS.find((l) => l.opt === c)
          if (d === undefined) {
            await builtinError(call, `ulimit: -${c}: invalid option`)
            await io.write(2, USAGE)
            return 2
          }
          def = d
        }
      }
    } else value = a
  }
  const get = (d: LimitDef): number => {
    if (d.resource === -1) return 4096
    if (d.resource === 5 || d.resource === 10) return Infinity
    const r = shell.ctx.getrlimit(d.resource)
    if (typeof r === 'number') return Infinity
    return hard && !soft ? r[1] : r[0]
  }
  if (all) {
    await io.write(1, formatAll(LIMITS.map((d) => [d, show(get(d), d)])))
    return 0
  }
  def ??= LIMITS.find((l) => l.opt === 'f')!
  if (value === undefined) {
    await io.write(1, show(get(def), def) + '\n')
    return 0
  }
  let bytes: number
  if (value === 'unlimited') bytes = Infinity
  else if (value === 'hard' || value === 'soft') {
    const r = shell.ctx.getrlimit(def.resource)
    bytes = typeof r === 'number' ? Infinity : value === 'hard' ? r[1] : r[0]
  } else if (/^[0-9]+$/.test(value)) bytes = Number(value) * def.scale
  else {
    await builtinError(call, `ulimit: ${value}: invalid number`)
    return 1
  }
  const cur = shell.ctx.getrlimit(def.resource)
  if (typeof cur === 'number' || def.resource < 0 || def.resource === 5 || def.resource === 10) {
    await builtinError(call, `ulimit: ${def.description}: cannot modify limit: Invalid argument`)
    return 1
  }
  const both = !soft && !hard
  const newSoft = soft || both ? bytes : cur[0]
  const newHard = hard || both ? bytes : cur[1]
  const r = shell.ctx.setrlimit(def.resource, newSoft, newHard)
  if (r < 0) {
    await builtinError(call, `ulimit: ${def.description}: cannot modify limit: ${os.strerror(r)}`)
    return 1
  }
  return 0
}

/** bash's `ulimit -a` layout: printf("%-20s %20s", description, "(unit, -x) ") then the value. */
function formatAll(rows: Array<[LimitDef, string]>): string {
  let out = ''
  for (const [d, v] of rows) {
    const label = d.unit === '' ? `(-${d.opt}) ` : `(${d.unit}, -${d.opt}) `
    out += d.description.padEnd(20) + ' ' + label.padStart(20) + v + '\n'
  }
  return out
}
