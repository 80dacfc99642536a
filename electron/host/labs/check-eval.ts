import { compareKernelVersions } from '../../../shared/kernel-versions'
import type { CompiledCheck, Expr } from '../../../shared/labpack'
import { frameAt, pteAt, runPages, type FrameFacts, type MemoryView } from '../../../shared/view'
import { S_ISREG } from '../../kernel/fs/inode'
import type { Machine } from '../../userland/os/machine'
import { USERS } from '../../userland/os/rootfs'
import { buildMemoryView, frameFactsOf } from '../memory-view'
import type { CommandResult } from './session-port'

/**
 * The evaluator of the check language over a live machine. It walks the type-checked tree of
 * shared/labpack/check — no JavaScript from a pack is ever run, no `eval`, no `Function`. Memory
 * facts come from the memory picture (buildMemoryView + pteAt/frameAt), so a check and the picture
 * the learner sees agree by construction.
 *
 * A check that cannot be evaluated (a process that does not exist, a missing `key=` in the
 * output, division by zero) is not an exception: it is a failed check with the reason.
 */

export interface CheckContext {
  machine: Machine
  user: 'root' | 'student'
  /** The last command completed at the prompt, or null when none ran yet. */
  lastCommand: CommandResult | null
  /** Trace events of `type` since the step started. */
  traceCount(type: string): number
}

export type CheckOutcome = { ok: true; value: boolean } | { ok: false; error: string }

/** Longest text a regular expression is run against (its tail is used). */
export const MAX_MATCH_INPUT = 64 * 1024
/** Largest file `file(path)` reads. */
export const MAX_FILE_READ = 1024 * 1024

const PAGE = 4096

type Value = number | string | boolean | RegExp | Record<string, number | string | boolean>

class CheckEvalError extends Error {}

export function evaluateCheck(check: CompiledCheck, ctx: CheckContext): CheckOutcome {
  let view: MemoryView | null = null
  const memory = (): MemoryView => (view ??= buildMemoryView(ctx.machine, { maxRuns: 20_000 }))
  const fail = (message: string): never => {
    throw new CheckEvalError(message)
  }
  const hex = (n: number) => `0x${n.toString(16)}`

  const needProcess = (pid: number) => {
    const p = memory().processes.find((q) => q.pid === pid)
    if (!p) fail(`there is no process ${pid} with an address space`)
    return p!
  }

  const frameRecord = (f: FrameFacts) => ({
    allocated: f.allocated,
    refcount: f.refcount,
    mapcount: f.mapcount,
    pincount: f.pincount,
    anon: f.anon,
    anon_exclusive: f.anonExclusive,
    dirty: f.dirty,
    zero: f.zero,
    maybe_dma_pinned: f.maybeDmaPinned,
    orphan: f.orphan
  })

  const call = (name: string, args: Value[]): Value => {
    const s = (i: number) => args[i] as string
    const n = (i: number) => args[i] as number
    switch (name) {
      case 'contains':
        return s(0).includes(s(1))
      case 'count': {
        if (s(1) === '') fail('count(s, sub) needs a non-empty sub')
        return s(0).split(s(1)).length - 1
      }
      case 'matches': {
        const text = s(0)
        return (args[1] as RegExp).test(text.length > MAX_MATCH_INPUT ? text.slice(-MAX_MATCH_INPUT) : text)
      }
      case 'value_of': {
        const key = s(1)
        const text = s(0)
        let from = 0
        for (;;) {
          const at = text.indexOf(key + '=', from)
          if (at < 0) return fail(`the text has no "${key}=" followed by a number`)
          from = at + 1
          if (at > 0 && /[A-Za-z0-9_]/.test(text[at - 1]!)) continue
          const m = /^(-?0x[0-9a-fA-F]+|-?[0-9]+)/.exec(text.slice(at + key.length + 1))
          if (!m) return fail(`"${key}=" is not followed by a number`)
          const negative = m[1]!.startsWith('-')
          const digits = negative ? m[1]!.slice(1) : m[1]!
          const value = Number(digits)
          if (!Number.isSafeInteger(value)) return fail(`the number after "${key}=" is too large`)
          return negative ? -value : value
        }
      }
      case 'file_exists':
        return lookupFile(ctx, s(0)) !== null
      case 'file': {
        const data = lookupFile(ctx, s(0))
        if (data === null) return fail(`there is no regular file ${s(0)}`)
        return data
      }
      case 'process': {
        const name0 = s(0)
        const base = (c: string) => c.slice(c.lastIndexOf('/') + 1)
        const live = [...ctx.machine.procs.values()].filter((p) => !p.zombie && (p.comm === name0 || base(p.comm) === base(name0)))
        return live.length ? Math.min(...live.map((p) => p.pid)) : -1
      }
      case 'vma': {
        const p = needProcess(n(0))
        const v = p.vmas.find((x) => n(1) >= x.start && n(1) < x.end)
        if (!v) return { exists: false, start: 0, end: 0, perms: '', flags: '' }
        return { exists: true, start: v.start, end: v.end, perms: v.perms, flags: v.flags.join(' ') }
      }
      case 'pte': {
        needProcess(n(0))
        const p = pteAt(memory(), n(0), Math.floor(n(1) / PAGE))
        if (!p) return { present: false, writable: false, dirty: false, special: false, pfn: -1 }
        return { present: p.present, writable: p.writable, dirty: p.dirty, special: p.special, pfn: p.present ? p.pfn : -1 }
      }
      case 'frame': {
        const pfn = n(0)
        if (pfn < 0) fail(`frame(${pfn}): a frame number is not negative`)
        const shown = frameAt(memory(), pfn)
        if (shown) return frameRecord(shown)
        const [run] = frameFactsOf(ctx.machine, [pfn], memory())
        if (!run) return fail(`there is no frame ${hex(pfn)} in this machine's memory`)
        return frameRecord(run)
      }
      case 'mr_count':
        return mrs(memory()).length
      case 'mr': {
        const list = mrs(memory())
        const h = list[n(0)]
        if (!h) return fail(`mr(${n(0)}): ${list.length} memory region${list.length === 1 ? ' is' : 's are'} registered`)
        return { lkey: h.lkey ?? -1, pages: runPages(h.pages), agrees: h.pages.every((r) => r.agrees === true) }
      }
      case 'trace_count':
        return ctx.traceCount(s(0))
      case 'dmesg_contains':
        return ctx.machine.systemInfo().dmesg().some((line) => line.text.includes(s(0)))
      case 'version_at_least':
        return compareKernelVersions(ctx.machine.version, s(0)) >= 0
      default:
        return fail(`unknown function ${name}`)
    }
  }

  const evaluate = (e: Expr): Value => {
    switch (e.kind) {
      case 'int':
      case 'string':
      case 'bool':
        return e.value
      case 'regex':
        return new RegExp(e.pattern, e.flags)
      case 'name':
        switch (e.name) {
          case 'output':
            return ctx.lastCommand?.output ?? ''
          case 'exit':
            return ctx.lastCommand?.exitStatus ?? -1
          case 'kernel':
            return ctx.machine.version
          default:
            return fail(`unknown name ${e.name}`)
        }
      case 'call':
        return call(e.callee, e.args.map(evaluate))
      case 'member': {
        const record = evaluate(e.object) as Record<string, number | string | boolean>
        return record[e.field]!
      }
      case 'unary': {
        const v = evaluate(e.operand)
        return e.op === '!' ? !v : -(v as number)
      }
      case 'binary': {
        if (e.op === '&&') return (evaluate(e.left) as boolean) && (evaluate(e.right) as boolean)
        if (e.op === '||') return (evaluate(e.left) as boolean) || (evaluate(e.right) as boolean)
        const l = evaluate(e.left)
        const r = evaluate(e.right)
        switch (e.op) {
          case '==':
            return l === r
          case '!=':
            return l !== r
          case '<':
            return (l as number) < (r as number)
          case '<=':
            return (l as number) <= (r as number)
          case '>':
            return (l as number) > (r as number)
          case '>=':
            return (l as number) >= (r as number)
          case '+':
            if (typeof l === 'string') {
              const joined = l + (r as string)
              if (joined.length > MAX_FILE_READ) fail('a joined string is longer than 1 MiB')
              return joined
            }
            return safe((l as number) + (r as number))
          case '-':
            return safe((l as number) - (r as number))
          case '*':
            return safe((l as number) * (r as number))
          case '/':
            if (r === 0) fail('division by zero')
            return Math.trunc((l as number) / (r as number))
          case '%':
            if (r === 0) fail('division by zero')
            return (l as number) % (r as number)
        }
      }
    }
  }

  const safe = (v: number): number => (Number.isSafeInteger(v) ? v : fail('an integer result is too large'))

  try {
    return { ok: true, value: evaluate(check.expr) as boolean }
  } catch (error) {
    if (error instanceof CheckEvalError) return { ok: false, error: error.message }
    throw error
  }
}

function mrs(view: MemoryView) {
  return view.holders.filter((h) => h.kind === 'rdma-mr')
}

/** The text of a regular file on the machine (relative paths: the user's home), or null. */
function lookupFile(ctx: CheckContext, path: string): string | null {
  const vfs = ctx.machine.vfs
  const home = vfs.lookup(USERS[ctx.user].home, vfs.root, { uid: 0, gid: 0 })
  if (typeof home === 'number') return null
  const inode = vfs.lookup(path, home, { uid: 0, gid: 0 })
  if (typeof inode === 'number' || !S_ISREG(inode.mode)) return null
  const data = vfs.contentsOf(inode)
  return new TextDecoder().decode(data.length > MAX_FILE_READ ? data.subarray(0, MAX_FILE_READ) : data)
}
