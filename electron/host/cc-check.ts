import type { CCheckDiagnostic } from '../../shared/protocol'
import type { Diagnostic } from '../userland/cc'
import { compileInMachine } from '../userland/os/cc-driver'
import type { Machine } from '../userland/os/machine'

/** Diagnostics one check returns at most (the compiler itself stops after ~500). */
export const MAX_CHECK_DIAGNOSTICS = 200

/**
 * The editor's lint pass (`cc.check`): compiles `source` as if it were the file at `path` —
 * as user `uid`, in directory `cwd`, headers from the machine's /usr/include and quoted
 * includes next to `path` — and returns the compiler's diagnostics, structured, for that file.
 *
 * Compile only: nothing runs, nothing is written, the machine is unchanged (the compiler reads
 * files through the page-cache overlay, which neither allocates nor emits trace events).
 * The compiler never throws (a crash inside it is an "internal compiler error" diagnostic).
 *
 * The editor shows one file, so a diagnostic in another file (a header, a quoted include) is
 * placed on the `#include` line of `path` that brought that file in (line 1 when none can be
 * told), its message saying where it really is. Linker messages without a place go to line 1.
 */
export function checkCSource(
  machine: Machine,
  opts: { path: string; source: string; uid: number; cwd: string }
): CCheckDiagnostic[] {
  const path = absolutePath(opts.path, opts.cwd)
  const result = compileInMachine(machine, path, { uid: opts.uid, cwd: opts.cwd, source: opts.source })
  const sourceLines = opts.source.split('\n')
  const out: CCheckDiagnostic[] = []
  for (const d of result.diagnostics) {
    if (out.length >= MAX_CHECK_DIAGNOSTICS) break
    const converted = toEditorDiagnostic(d, path, sourceLines)
    if (converted) out.push(converted)
  }
  return out
}

function toEditorDiagnostic(d: Diagnostic, path: string, lines: readonly string[]): CCheckDiagnostic | null {
  const severity = d.severity === 'fatal error' ? 'error' : d.severity
  // "compilation terminated." and similar trailers say nothing about the source.
  if (d.file === '' && d.line <= 0 && severity === 'note') return null
  if (d.file === path && d.line > 0) {
    const line = Math.min(d.line, Math.max(1, lines.length))
    const text = lines[line - 1] ?? ''
    const column = Math.max(1, Math.min(d.col, text.length + 1))
    const out: CCheckDiagnostic = { line, column, severity, message: d.message }
    if (d.len >= 1) {
      out.endLine = line
      out.endColumn = Math.min(column + d.len, text.length + 1)
    }
    return out
  }
  if (d.line > 0 && d.file !== '') {
    const line = includeLineFor(d.file, lines)
    return { line, column: 1, severity, message: `${d.file}:${d.line}:${d.col}: ${d.message}` }
  }
  // No place at all: the linker (undefined reference), a missing main file.
  return { line: 1, column: 1, severity, message: d.file && d.file !== path ? `${d.file}: ${d.message}` : d.message }
}

/**
 * The 1-based line of the first `#include` in `lines` naming a file whose last path component
 * is that of `file`; the first #include at all when none does; 1 when there is none.
 */
export function includeLineFor(file: string, lines: readonly string[]): number {
  const base = file.slice(file.lastIndexOf('/') + 1)
  let firstInclude = 0
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#\s*include(?:_next)?\s*[<"]([^>"]*)[>"]/.exec(lines[i]!)
    if (!m) continue
    if (firstInclude === 0) firstInclude = i + 1
    const named = m[1]!
    if (named.slice(named.lastIndexOf('/') + 1) === base) return i + 1
  }
  return firstInclude || 1
}

/** `path` made absolute against `cwd`, with `.` and `..` resolved (never above /). */
export function absolutePath(path: string, cwd: string): string {
  const joined = path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '')}/${path}`
  const parts: string[] = []
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return `/${parts.join('/')}`
}
